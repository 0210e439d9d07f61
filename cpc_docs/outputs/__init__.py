"""Outputs: the written files, whole or not at all; the manifest that fingerprints them; the guard
of signed files.
"""
