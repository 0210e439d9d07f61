"""The model: typed, validated data of a compact and of a report (pydantic).

The lowest stage but the foundation: it knows no file format, no language's words, no output.
"""
