"""Signing: form fields of a rendered PDF, signatures, time stamps and the verification of a signed
set.
"""
