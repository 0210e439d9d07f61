"""The side-by-side edition: French and English in two aligned columns, one signature block.

Instruments in two equally authentic languages are often printed this way so a reader sees
each provision next to its translation. The two language documents come from parallel
templates (the checks keep them parallel), so their blocks correspond one to one: we pair
them in order and refuse, naming both lines, if they do not.

Not every pair becomes a row of its own. The title page's lines make one row, each cell a
language's whole title page: the lines keep the spaces between them that make a title page
(a row per line has none, and the page was crammed at its top), and each column keeps its
own order of the parties. "Signé à … / Done at …" is one paragraph of its role holding both
languages, the second in italics, as the merged signature block shows them: it stays on the
page of the signatures, as a paragraph of its role does (a table row ended the page before
them). Columns of text are set ragged right: justified in half a page's width without
hyphenation (a word processor's default), their lines were full of gaps.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cpc_docs.document import (
    Align,
    Block,
    Document,
    DocumentSource,
    InitialsBox,
    Metadata,
    PageBreak,
    Paragraph,
    Run,
    Signatory,
    SignatureBlock,
    Table,
    TableCell,
    plain_text,
)
from cpc_docs.errors import Location, TemplateFailure

SEPARATOR = " / "


@dataclass(frozen=True)
class SideBySide:
    """The side-by-side edition of two language versions, built where it is written."""

    left: DocumentSource
    right: DocumentSource

    def document(self) -> Document:
        return side_by_side(self.left.document(), self.right.document())


def side_by_side(left: Document, right: Document) -> Document:
    """One document whose body pairs `left` and `right` block by block."""
    if len(left.blocks) != len(right.blocks):
        raise TemplateFailure(
            f"the two language versions have {len(left.blocks)} and {len(right.blocks)} "
            "blocks; the templates are not parallel (run 'cpc check templates')",
            Location(left.meta.language),
        )
    blocks: list[Block] = []
    rows: list[list[TableCell]] = []
    title: tuple[list[Block], list[Block]] = ([], [])  # the title page's lines, per language

    def end_title() -> None:
        if title[0]:
            rows.append([
                TableCell(list(title[0]), "center", left.meta.language),
                TableCell(list(title[1]), "center", right.meta.language),
            ])  # fmt: skip
            title[0].clear()
            title[1].clear()

    def flush() -> None:
        end_title()
        if rows:
            # The table's location: its first row's, on the left.
            where = next((x.location for x in rows[0][0].blocks), None)
            blocks.append(Table(list(rows), widths=[1.0, 1.0], borders=False, location=where))
            rows.clear()

    for a, b in zip(left.blocks, right.blocks, strict=True):
        if type(a) is not type(b):
            # Named by their template lines and the compact's fields when known (the error's
            # location is the left block's), else by their lines in the rendered markup.
            this = "" if a.location else f" (line {a.line})"
            raise TemplateFailure(
                f"block {type(a).__name__}{this} faces {type(b).__name__} ({_where(b)}); "
                "the templates are not parallel",
                a.location or Location(left.meta.language, a.line),
            )
        if isinstance(a, PageBreak):
            flush()
            blocks.append(a)
        elif isinstance(a, SignatureBlock) and isinstance(b, SignatureBlock):
            flush()
            blocks.append(_signatures(a, b))
        elif isinstance(a, Paragraph) and a.role in TITLE_ROLES:
            title[0].append(a)
            title[1].append(b)
        elif isinstance(a, Paragraph) and isinstance(b, Paragraph) and a.role == "signed-at":
            flush()
            blocks.append(replace(a, runs=_both(a.runs, b.runs)))
        else:
            end_title()
            align = _align(a)
            rows.append([
                TableCell([a], align=align, lang=left.meta.language),
                TableCell([b], align=align, lang=right.meta.language),
            ])  # fmt: skip
    flush()
    return Document(_metadata(left.meta, right.meta), blocks)


# The title page's lines: one row whose two cells each hold a language's whole title page.
TITLE_ROLES = {"state", "motto", "doc-title", "title-connector", "title-party"}
CENTERED_ROLES = {"caption", "centered"}


def _where(block: Block) -> str:
    return str(block.location) if block.location else f"line {block.line}"


def _align(block: Block) -> Align:
    """A cell's alignment: centered for a centered role, otherwise ragged right, which
    narrow columns need when lines are not hyphenated."""
    if isinstance(block, Paragraph) and block.role in CENTERED_ROLES:
        return "center"
    return "left"


def _both(a: list[Run], b: list[Run]) -> list[Run]:
    if plain_text(a) == plain_text(b):
        return a
    return [*a, Run("", line_break=True), *(replace(r, italic=True) for r in b)]


def _signatures(a: SignatureBlock, b: SignatureBlock) -> SignatureBlock:
    if len(a.signatories) != len(b.signatories):
        raise TemplateFailure("the two language versions list different signatories", a.location)
    merged: list[Signatory] = []
    for x, y in zip(a.signatories, b.signatories, strict=True):
        titles = [*x.titles, *([replace(r, italic=True) for r in t] for t in y.titles)]
        merged.append(replace(x, on_behalf=_both(x.on_behalf, y.on_behalf),
                              name=_both(x.name, y.name), titles=titles))  # fmt: skip
    return SignatureBlock(merged, columns=a.columns, line=a.line, location=a.location)


def _metadata(a: Metadata, b: Metadata) -> Metadata:
    def pair(x: str, y: str) -> str:
        return x if x == y else f"{x}{SEPARATOR}{y}"

    labels = {box.party: box.label for box in b.initials}
    return replace(
        a,
        title=pair(a.title, b.title),
        subject=pair(a.subject, b.subject),
        keywords=[*a.keywords, *(k for k in b.keywords if k not in a.keywords)],
        page_label=pair(a.page_label, b.page_label),
        initials_label=pair(a.initials_label, b.initials_label),
        # A draft's mark in both its languages: "PROJET / DRAFT".
        draft_word=pair(a.draft_word, b.draft_word),
        initials=[
            InitialsBox(box.party, pair(box.label, labels.get(box.party, box.label)))
            for box in a.initials
        ],
    )
