"""Typographic conventions applied to the finished tree, per language.

Applied once, after parsing, so template text and data follow the same rules: French gets its
no-break spaces before ; : ! ? » and after «, and raised ordinal suffixes (1er, 2e, 8ème).
The YAML and the templates are written with ordinary spaces; nobody has to type U+202F.
"""

from __future__ import annotations

from dataclasses import replace

from .document import Block, Document, Heading, ListBlock, Paragraph, Run, SignatureBlock, Table
from .locale import french_spacing, split_french_ordinals


def apply(doc: Document, lang: str) -> Document:
    if lang == "fr":
        for block in doc.blocks:
            _block(block)
    return doc


def _block(block: Block) -> None:
    if isinstance(block, (Heading, Paragraph)):
        block.runs = french_runs(block.runs)
    elif isinstance(block, ListBlock):
        for item in block.items:
            for child in item:
                _block(child)
    elif isinstance(block, Table):
        for row in block.rows:
            for cell in row:
                for child in cell.blocks:
                    _block(child)
    elif isinstance(block, SignatureBlock):
        for signatory in block.signatories:
            signatory.on_behalf = french_runs(signatory.on_behalf)
            signatory.name = french_runs(signatory.name)
            signatory.titles = [french_runs(line) for line in signatory.titles]


def french_runs(runs: list[Run]) -> list[Run]:
    """French spacing and raised ordinals, run by run (a rule never spans two runs)."""
    out: list[Run] = []
    for run in runs:
        if run.line_break or run.superscript:
            out.append(run)
            continue
        for piece, raised in split_french_ordinals(french_spacing(run.text)):
            out.append(replace(run, text=piece, superscript=raised))
    return out
