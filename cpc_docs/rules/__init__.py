"""Rules: what a valid model may still get wrong (dates, amounts, treaty words), as findings.

They read the model and ask the presentation stage whether each value can be said in each language.
"""
