"""The document tree as plain data for the fixed Typst template (`instrument.typ`).

Why data and not generated Typst source: text in a Typst *string* shown as content is never
parsed as markup, so nothing in a compact (`#read(…)`, `*`, `$`, `<label>`, `//`, `]`…) can run
code or change the layout. There is nothing to escape and no escaping to get wrong; the
template is constant, so Typst's caches can reuse its parse and layout functions between
documents. This module and `pdf.py` are the only ones that know the template's data shape.

Every node type and paragraph role is checked here: one that the template cannot render is an
error naming it, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cpc_docs.document import (
    ROLES,
    Block,
    Document,
    Heading,
    Image,
    ListBlock,
    Metadata,
    PageBreak,
    Paragraph,
    Run,
    Signatory,
    SignatureBlock,
    Table,
    TableCell,
)
from cpc_docs.errors import Location, UnsupportedNode
from cpc_docs.writers import house_style, unknown_node
from cpc_docs.writers.house_style import RoleStyle, draft_mark, list_keeps

Json = dict[str, Any]

# Characters that would break the data or mislead a reader of the PDF:
# - C0/C1 control characters (except tab and newlines, handled below) have no glyph and some
#   are invalid in PDF text strings;
# - lone surrogates cannot be encoded as UTF-8 at all;
# - bidirectional embedding/override/isolate controls can make the displayed order differ
#   from the text that was reviewed ("Trojan Source"); French and English never need them.
_DROPPED = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)
# Tabs and newlines inside a run would be shown as breaks or odd spaces: a hard line break is
# a `Run(line_break=True)`, so inside text they become ordinary spaces.
_SPACES = re.compile(r"\r\n|[\t\n\r\u2028\u2029]")

# Typst sets a line's box from the font's ascender to its descender (given here as lengths,
# so that they are the same ones a word processor reads), and `leading` apart: together a
# line of the house style's spacing (house_style.LINE_SPACING times the single line).
ASCENT_EM = house_style.ASCENDER / house_style.UNITS_PER_EM
DESCENT_EM = house_style.DESCENDER / house_style.UNITS_PER_EM
SINGLE_EM = (house_style.ASCENDER + house_style.DESCENDER + house_style.LINE_GAP) / (
    house_style.UNITS_PER_EM
)
LEADING_EM = house_style.LINE_SPACING * SINGLE_EM - ASCENT_EM - DESCENT_EM

PAPERS = {"a4": "a4", "letter": "us-letter"}
ALIGNS = ("left", "center", "right", "justify")


def clean_text(text: str) -> str:
    """Text safe to hand to the typesetter.

    Control characters, lone surrogates and bidi overrides are dropped; tabs, newlines and
    line/paragraph separators become spaces (hard breaks are `Run.line_break`). Everything
    else, including every markup-looking character, is kept as is.
    """
    return _DROPPED.sub("", _SPACES.sub(" ", text))


@dataclass
class TypstInput:
    """What the template reads: `data.json` and the image files it names."""

    data: Json
    files: dict[str, bytes] = field(default_factory=dict)


def to_typst_input(doc: Document) -> TypstInput:
    """The template's input for a document."""
    out = TypstInput(data={})
    out.data = {
        "meta": meta_data(doc.meta),
        "style": style_data(),
        "blocks": _blocks(doc.blocks, out),
    }
    return out


def style_data() -> Json:
    """The house style (house_style.py) as the template reads it: what the DOCX writer's
    named styles say, so that the PDF prints the same sizes, emphasis and spaces."""

    def role(s: RoleStyle) -> Json:
        return {"align": s.align, "size": s.size, "bold": s.bold, "italic": s.italic,
                "before": s.before, "after": s.after, "indent": s.indent}  # fmt: skip

    return {
        "font": house_style.PDF_FONT,
        "size": house_style.BODY_SIZE,
        "ascent": ASCENT_EM,
        "descent": DESCENT_EM,
        "leading": LEADING_EM,
        "footer_size": house_style.FOOTER_SIZE,
        "list_item_after": house_style.LIST_ITEM_AFTER,
        "list_indent": house_style.LIST_TEXT_INDENT,
        "roles": {name: role(s) for name, s in house_style.PARAGRAPH_STYLES.items()},
        "headings": {str(level): role(s) for level, s in house_style.HEADING_STYLES.items()},
        "signatory": role(house_style.SIGNATORY_STYLE),
    }


def split_language(language: str) -> tuple[str, str | None]:
    """'fr-FR' -> ('fr', 'FR'); 'en' -> ('en', None). Typst wants them apart."""
    parts = re.split(r"[-_]", language.strip())
    lang = parts[0].lower() or "en"
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    return lang, region


def page_label_pieces(label: str) -> list[Json]:
    """'Page {page} of {pages}' -> text and counter pieces, in order."""
    pieces: list[Json] = []
    for token in re.split(r"(\{page\}|\{pages\})", clean_text(label)):
        if token in ("{page}", "{pages}"):
            pieces.append({"kind": token[1:-1]})
        elif token:
            pieces.append({"kind": "text", "text": token})
    return pieces


def meta_data(meta: Metadata) -> Json:
    lang, region = split_language(meta.language)
    if meta.paper not in PAPERS:
        raise UnsupportedNode(f"paper {meta.paper!r} is not one of {', '.join(map(repr, PAPERS))}")
    return {
        "title": clean_text(meta.title),
        "subject": clean_text(meta.subject),
        "author": [clean_text(meta.author)] if meta.author else [],
        "keywords": [clean_text(k) for k in meta.keywords],
        "lang": lang,
        "region": region,
        "paper": PAPERS[meta.paper],
        "page_label": page_label_pieces(meta.page_label),
        "initials_label": clean_text(meta.initials_label),
        "initials": [{"label": clean_text(b.label)} for b in meta.initials],
        "fingerprint": clean_text(meta.fingerprint),
        "draft_word": draft_mark(meta),
    }


def runs_data(runs: list[Run]) -> list[Json]:
    return [
        _changed(
            {
                "t": "" if r.line_break else clean_text(r.text),
                "b": r.bold,
                "i": r.italic,
                "sup": r.superscript,
                "gap": r.gap,
                "br": r.line_break,
            },
            "ch",
            r.change,
        )
        for r in runs
    ]


def _changed(data: Json, key: str, change: str | None) -> Json:
    """A redline's mark (document.RunChange, BlockChange) under `key`, only when there is
    one: every other document's data, and so its PDF, stays as it was."""
    if change is not None:
        data[key] = change
    return data


def _blocks(blocks: list[Block], out: TypstInput) -> list[Json]:
    return [_block(b, out) for b in blocks]


def _block(block: Block, out: TypstInput) -> Json:
    """One node as data; dispatch on its exact type so a new node type cannot slip through."""
    match block:
        case Heading():
            return _heading(block)
        case Paragraph():
            return _paragraph(block)
        case ListBlock():
            items = [_blocks(item, out) for item in block.items]
            keeps = list_keeps(block.items)
            return {"kind": "list", "ordered": block.ordered, "items": items, "keeps": keeps}
        case Table():
            return _table(block, out)
        case Image():
            return _image(block, out)
        case PageBreak():
            return {"kind": "pagebreak"}
        case SignatureBlock():
            return _signature_block(block)
        case _:
            raise unknown_node(block, "the PDF writer")


def _heading(h: Heading) -> Json:
    data = {
        "kind": "heading",
        "level": max(1, h.level),
        "runs": runs_data(h.runs),
        "anchor": clean_text(h.anchor or "") or None,
        "page_break_before": h.page_break_before,
    }
    return _changed(data, "changed", h.changed)


def _paragraph(p: Paragraph) -> Json:
    if p.role not in ROLES:
        raise UnsupportedNode(
            f"paragraph role {p.role!r} is not one of {', '.join(sorted(ROLES))}", _where(p.line)
        )
    data = {
        "kind": "paragraph",
        "role": p.role,
        "label": clean_text(p.label or ""),
        "keep": p.keep_with_next,
        "runs": runs_data(p.runs),
    }
    return _changed(data, "changed", p.changed)


def _table(t: Table, out: TypstInput) -> Json:
    """Rows padded to the widest one, so a short row never pulls the next row's cells up."""
    ncols = max((len(row) for row in t.rows), default=0)
    if ncols == 0:
        raise UnsupportedNode("a table has no cells", _where(t.line))
    widths = t.widths if t.widths is not None else [1.0] * ncols
    if len(widths) != ncols or any(w <= 0 for w in widths):
        raise UnsupportedNode(
            f"table widths {widths!r} do not give {ncols} positive widths", _where(t.line)
        )
    rows = [[*row, *[TableCell(blocks=[])] * (ncols - len(row))] for row in t.rows]
    return {
        "kind": "table",
        "rows": [[_cell(c, out) for c in row] for row in rows],
        "header_rows": min(max(t.header_rows, 0), len(rows)),
        "widths": [float(w) for w in widths],
        "borders": t.borders,
        "caption": runs_data(t.caption) if t.caption else None,
    }


def _cell(cell: TableCell, out: TypstInput) -> Json:
    if cell.align not in ALIGNS:
        raise UnsupportedNode(f"cell alignment {cell.align!r} is not one of {', '.join(ALIGNS)}")
    lang, _, region = (cell.lang or "").partition("-")
    return {
        "align": cell.align,
        "blocks": _blocks(cell.blocks, out),
        "lang": lang.lower() or None,
        "region": region.upper() or None,
    }


def _image(im: Image, out: TypstInput) -> Json:
    """The SVG twin when there is one (sharp at any zoom), else the PNG, as a file of its own."""
    fmt, payload = ("svg", im.svg) if im.svg else ("png", im.data)
    name = f"image-{len(out.files)}.{fmt}"
    out.files[name] = payload
    return {
        "kind": "image",
        "src": name,
        "format": fmt,
        "alt": clean_text(im.alt),
        "width_mm": float(im.width_mm),
    }


def _signature_block(sb: SignatureBlock) -> Json:
    data = {
        "kind": "signatures",
        "columns": max(1, sb.columns),
        "signatories": [_signatory(s) for s in sb.signatories],
    }
    return _changed(data, "changed", sb.changed)


def _signatory(s: Signatory) -> Json:
    return {
        "field": s.field_name,
        "on_behalf": runs_data(s.on_behalf),
        "name": runs_data(s.name),
        "titles": [runs_data(t) for t in s.titles],
    }


def _where(line: int | None) -> Location | None:
    return Location("<document>", line) if line is not None else None
