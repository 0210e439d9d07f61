"""Typographic conventions applied to the finished tree, per language.

Applied once, after parsing, so template text and data follow the same rules: French gets its
no-break spaces before ; : ! ? » and after «, and raised ordinal suffixes (1er, 2e, 8ème).
The YAML and the templates are written with ordinary spaces; nobody has to type U+202F.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .document import Block, Document, Heading, ListBlock, Paragraph, Run, SignatureBlock, Table

NBSP = "\u00a0"
NNBSP = "\u202f"


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


_FR_BEFORE = re.compile(r"[ \u00a0]+([;:!?»])")
_FR_AFTER = re.compile(r"(«)[ \u00a0]+")
_FR_ORDINAL = re.compile(r"\b(\d+)(er|re|e|ème|ᵉ)\b")


def french_spacing(text: str) -> str:
    """French typography: narrow no-break space before ; ! ? and no-break spaces for : « »."""

    def before(match: re.Match[str]) -> str:
        mark = match[1]
        space = NBSP if mark in ":»" else NNBSP
        return space + mark

    text = _FR_BEFORE.sub(before, text)
    return _FR_AFTER.sub(lambda m: m[1] + NBSP, text)


def split_french_ordinals(text: str) -> list[tuple[str, bool]]:
    """Split text into (piece, is_superscript) so "1er étage" can raise its "er"."""
    pieces: list[tuple[str, bool]] = []
    last = 0
    for match in _FR_ORDINAL.finditer(text):
        pieces.append((text[last : match.end(1)], False))
        pieces.append((match[2], True))
        last = match.end()
    pieces.append((text[last:], False))
    return [p for p in pieces if p[0]]
