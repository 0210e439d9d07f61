"""The house style that the DOCX and the PDF writers share, so they print one document.

Why one table: the DOCX takes its look from the named styles of `reference.docx` (built from
this table by `docx_reference`) and the PDF from `instrument.typ` (which reads this table from
its data). Written twice, the two drifted apart: Times New Roman at 12 pt beside Libertinus
at 11 pt, "Sont convenus…" bold in one and not in the other, 14 pages beside 12. Now a size,
a weight or a space is written once, here, and both writers apply it by role.

Emphasis follows the signed French text of the Côte d'Ivoire compact where it tells: the
title and the parties on the title page are bold, "ENTRE"/"ET" are not; "Sont convenus de ce
qui suit :", "Activités illustratives :" and "Points focaux pour …" are plain text; in
Annex A only the domain's name ("PRÉVENTION") is bold, which the template writes as a bold
run, so the role itself is regular; the signatories' lines are plain.

The typefaces are metric-compatible, so a line breaks at the same word in both: the DOCX
names Times New Roman, which Word has everywhere and for which LibreOffice substitutes
Liberation Serif (same widths, same heights); the PDF embeds Liberation Serif itself, from
the copy shipped in `writers/fonts/` (SIL Open Font License), so a PDF's bytes do not depend
on which fonts a machine has.

This module imports nothing heavy: the PDF writer reads it without loading python-docx.
"""

from __future__ import annotations

from typing import NamedTuple

from cpc_docs.document import (
    Block,
    Heading,
    Image,
    ListBlock,
    Metadata,
    PageBreak,
    Paragraph,
    SignatureBlock,
    Table,
    plain_text,
)
from cpc_docs.errors import WriterError
from cpc_docs.writers import unknown_node

DOCX_FONT = "Times New Roman"
PDF_FONT = "Liberation Serif"
BODY_SIZE = 12.0  # pt
FOOTER_SIZE = 9.0  # pt
# Lines 1.15 times as far apart as "single" spacing, where single is what a word processor
# takes from the font: ascender, descender and line gap. Liberation Serif's are Times New
# Roman's, in font units (tests/test_house_style.py reads them from the shipped font).
LINE_SPACING = 1.15
UNITS_PER_EM = 2048
ASCENDER, DESCENDER, LINE_GAP = 1825, 443, 87


class RoleStyle(NamedTuple):
    """How a paragraph of one role looks: its DOCX style and what the PDF copies of it."""

    name: str  # the DOCX style's name
    based_on: str
    align: str  # left, center, right or justify
    size: float  # pt
    bold: bool
    italic: bool
    before: float  # space before, pt
    after: float  # space after, pt
    indent: float = 0.0  # left indent, pt (a lettered item's label stands in it)


_ = RoleStyle  # the table below in one line per role
INDENT = 28.35  # pt (1 cm): a lettered item's text, and what continues it
# role -> style (name, based on, align, size, bold, italic, before, after[, indent]). Every
# role of document.ROLES has one (tests/test_house_style.py).
# fmt: off
PARAGRAPH_STYLES: dict[str, RoleStyle] = {
    "state": _("CPC State", "Normal", "center", 14, True, False, 36, 6),
    "motto": _("CPC Motto", "Normal", "center", 11, False, True, 0, 72),
    "doc-title": _("CPC Document Title", "Normal", "center", 18, True, False, 24, 36),
    "title-connector": _("CPC Title Connector", "Normal", "center", 12, False, False, 18, 18),
    "title-party": _("CPC Title Party", "Normal", "center", 15, True, False, 6, 6),
    "parties": _("CPC Parties", "Normal", "left", 12, False, False, 0, 12),
    "preamble": _("CPC Preamble", "Body Text", "justify", 12, False, False, 0, 10),
    "agreed": _("CPC Agreed", "Normal", "left", 12, False, False, 6, 18),
    "body": _("Body Text", "Normal", "justify", 12, False, False, 0, 10),
    "item": _("CPC Item", "Body Text", "justify", 12, False, False, 0, 10, INDENT),
    "item-continued": _("CPC Item Continued", "Body Text", "justify", 12, False, False, 0, 10,
                        INDENT),
    "definition": _("CPC Definition", "Body Text", "justify", 12, False, False, 0, 10),
    "objective": _("CPC Objective", "Body Text", "justify", 12, False, False, 0, 10),
    "annex-domain": _("CPC Annex Domain", "Body Text", "justify", 12, False, False, 12, 8),
    "list-heading": _("CPC List Heading", "Normal", "left", 12, False, False, 8, 4),
    "focal-point": _("CPC Focal Point", "Normal", "left", 12, False, False, 0, 6, INDENT),
    "signed-at": _("CPC Signed At", "Body Text", "justify", 12, False, False, 24, 12),
    "caption": _("Caption", "Normal", "center", 10, False, True, 4, 12),
    "note": _("CPC Note", "Normal", "left", 10, False, True, 0, 8),
    "centered": _("CPC Centered", "Normal", "center", 12, False, False, 0, 10),
}
# fmt: on
# Section headings by level (1: "I. Objet"; 2: a report's sub-heading; 3: below that).
HEADING_STYLES: dict[int, RoleStyle] = {
    1: _("Heading 1", "Normal", "left", 13, True, False, 18, 8),
    2: _("Heading 2", "Normal", "left", 12, True, False, 12, 6),
    3: _("Heading 3", "Normal", "left", 12, True, True, 10, 4),
}
SIGNATORY_STYLE = RoleStyle("CPC Signatory", "Normal", "left", 11, False, False, 0, 0)
SIGNATURE_LINE_STYLE = RoleStyle("CPC Signature Line", "Normal", "left", 11, False, False, 42, 4)
# A list item: the space after it, and where its text starts (its bullet or number at the
# margin before it), as in python-docx's list styles.
LIST_ITEM_AFTER = 4.0  # pt
LIST_TEXT_INDENT = 18.0  # pt (0.25 inch)
# The draft mark of a report still to complete, on every page.
DRAFT_MARK_STYLE = RoleStyle("CPC Draft Mark", "Normal", "center", 14, True, False, 0, 0)


def draft_mark(meta: Metadata) -> str | None:
    """The word across every page of a draft (None for a final document). It is the
    document's, in its language (`Metadata.draft_word`, from the language's locale.yaml), so
    that a language folder brings its own and no writer knows languages."""
    if not meta.draft:
        return None
    if not meta.draft_word:
        raise WriterError(
            "the document is a draft but its metadata has no draft_word to mark it with",
            hint="each language's locale.yaml names it (draft_word)",
        )
    return meta.draft_word


# A list is kept on one page when it is short (at most SHORT_LIST_LINES lines, estimated):
# read across a page break, its last items alone on the document's last page, a short list
# looked unfinished. A longer list keeps its first two and its last two items together, the
# way a paragraph keeps two lines at either end of a page: a page never starts or ends on a
# single item.
SHORT_LIST_LINES = 8
LINE_CHARACTERS = 85  # characters in a line of body text (12 pt over 16 cm)


def item_lines(blocks: list[Block]) -> int:
    """About how many lines a list item takes: its text by the line, and its hard breaks."""
    lines = 0
    for block in blocks:
        match block:
            case Paragraph():
                for line in plain_text(block.runs).split("\n"):
                    lines += max(1, -(-len(line) // LINE_CHARACTERS))
            case ListBlock():
                lines += sum(item_lines(item) for item in block.items)
            case Heading() | Table() | Image() | PageBreak() | SignatureBlock():
                lines += SHORT_LIST_LINES  # a table or a picture in a list: never short
            case _:
                raise unknown_node(block, "the house style")
    return lines


def list_keeps(items: list[list[Block]]) -> list[bool]:
    """For each item of a list: does it stay on the page of the item after it?"""
    count = len(items)
    if sum(item_lines(item) for item in items) <= SHORT_LIST_LINES:
        return [i < count - 1 for i in range(count)]
    return [i == 0 or i == count - 2 for i in range(count)]
