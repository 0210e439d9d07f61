"""Presentation: the model turned into what a template shows, in one language (dates, amounts,
numbering, formulas, charts).
"""
