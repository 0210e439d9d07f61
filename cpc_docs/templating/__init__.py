"""Templating: a language's Jinja template and the presented context give the markup of one
document.
"""
