"""The command line (click): one module per command group; each parses options and prints, the
pipeline does the work.
"""
