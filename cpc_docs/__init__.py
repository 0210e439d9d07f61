"""cpc-docs: signature-ready bilingual Child Protection Compact instruments and annual reports."""

__version__ = "0.1.0"
