"""Load: YAML files read with the line and column of every value, into the model (a compact, a
report).

The only stage that knows YAML; an error here names the file, the line and the field.
"""
