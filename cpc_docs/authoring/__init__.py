"""Authoring: YAML written for people to fill in (`cpc new`, report drafts) and the schema's
documentation.
"""
