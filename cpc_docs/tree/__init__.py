"""The tree: markup parsed into the one document tree (cpc_docs.document), typographic rules
applied, editions composed.
"""
