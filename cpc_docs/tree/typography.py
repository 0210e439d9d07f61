"""Typographic conventions applied to the finished tree, per language.

Applied once, after parsing, so template text and data follow the same rules: French gets its
no-break spaces before ; : ! ? » and after «, and raised ordinal suffixes (1er, 2e, 8ème).
The YAML and the templates are written with ordinary spaces; nobody has to type U+202F.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise

from cpc_docs.document import (
    NBSP,
    NNBSP,
    Block,
    Document,
    Heading,
    ListBlock,
    Paragraph,
    Run,
    SignatureBlock,
    Table,
)


def apply(doc: Document, lang: str) -> Document:
    """The language's typography on every text of the tree: typographic apostrophes in
    every language; French spacing and raised ordinals in French."""

    def runs(found: list[Run]) -> list[Run]:
        found = typographic_apostrophes(found)
        return french_runs(found) if lang == "fr" else found

    for block in doc.blocks:
        _block(block, runs)
    keep_lead_ins(doc.blocks)
    return doc


def keep_lead_ins(blocks: list[Block]) -> None:
    """A paragraph that announces what follows it ("… toward the following goal:", French
    "… suivant :") stays on the page of that paragraph, list or table: a page ending on a
    lead-in leaves the reader with a sentence that says nothing. Set on the finished tree
    (its text typeset, so the French no-break space before ":" counts too), in every list
    of blocks, for both writers to honour (`Paragraph.keep_with_next`)."""
    for block, following in pairwise(blocks):
        if (
            isinstance(block, Paragraph)
            and isinstance(following, (Paragraph, ListBlock, Table))
            and ends_with_colon(block.runs)
        ):
            block.keep_with_next = True
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                keep_lead_ins(item)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    keep_lead_ins(cell.blocks)


def ends_with_colon(runs: list[Run]) -> bool:
    """Whether the paragraph ends a sentence with a colon: "goal:", French "suivant :" (its
    no-break space before the colon). A run of colons ("x :::") ends no sentence."""
    spaces = " \t\n" + NBSP + NNBSP
    text = "".join(run.text for run in runs if not run.line_break).rstrip(spaces)
    return text.endswith(":") and not text[:-1].rstrip(spaces).endswith(":")


def _block(block: Block, runs: Callable[[list[Run]], list[Run]]) -> None:
    if isinstance(block, (Heading, Paragraph)):
        block.runs = runs(block.runs)
    elif isinstance(block, ListBlock):
        for item in block.items:
            for child in item:
                _block(child, runs)
    elif isinstance(block, Table):
        for row in block.rows:
            for cell in row:
                for child in cell.blocks:
                    _block(child, runs)
    elif isinstance(block, SignatureBlock):
        for signatory in block.signatories:
            signatory.on_behalf = runs(signatory.on_behalf)
            signatory.name = runs(signatory.name)
            signatory.titles = [runs(line) for line in signatory.titles]


APOSTROPHE = "’"  # ’ (also the closing single quote)
OPENING_SINGLE_QUOTE = "‘"  # ‘


def typographic_apostrophes(runs: list[Run]) -> list[Run]:
    """Straight quotes ' as printed text writes them: ’ after a letter or digit (l’enfant,
    Participants’, Côte d’Ivoire) and wherever nothing opens, ‘ where a quotation opens
    (after a space or an opening bracket, before a letter). The YAML keeps straight ones;
    a run's last character counts for the next run's first quote ("**CPC**'s")."""
    out: list[Run] = []
    before = " "
    for run in runs:
        if run.line_break:
            before = " "
        elif "'" in run.text:
            run = replace(run, text=_curl(run.text, before))
        if run.text:
            before = run.text[-1]
        out.append(run)
    return out


def _curl(text: str, before: str) -> str:
    chars = list(text)
    for i, char in enumerate(chars):
        if char != "'":
            continue
        previous = chars[i - 1] if i else before
        following = chars[i + 1] if i + 1 < len(chars) else ""
        opens = (previous.isspace() or previous in '([{«\u201c"/-\u2014') and following.isalnum()
        chars[i] = OPENING_SINGLE_QUOTE if opens else APOSTROPHE
    return "".join(chars)


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
