"""Build the reference .docx whose styles the DOCX writer uses.

The writer never sets fonts or spacing on text directly: it applies named styles ("CPC Item",
"CPC Motto", "Heading 1"…), so anyone can restyle every compact by editing
`templates/<lang>/reference.docx` in Word (Home → Styles → Modify) and saving it. This module
makes the file we ship; run it again only to start over:

    python -m cpc_docs.writers.docx_reference templates/fr/reference.docx
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

# role -> (style name, based on, alignment, size pt, bold, italic, space before, space after)
PARAGRAPH_STYLES: dict[str, tuple[str, str, str, float, bool, bool, float, float]] = {
    "state": ("CPC State", "Normal", "center", 14, True, False, 0, 6),
    "motto": ("CPC Motto", "Normal", "center", 11, False, True, 0, 72),
    "doc-title": ("CPC Document Title", "Normal", "center", 18, True, False, 24, 36),
    "title-connector": ("CPC Title Connector", "Normal", "center", 13, True, False, 18, 18),
    "title-party": ("CPC Title Party", "Normal", "center", 15, True, False, 6, 6),
    "parties": ("CPC Parties", "Normal", "left", 12, False, False, 0, 12),
    "preamble": ("CPC Preamble", "Body Text", "justify", 12, False, False, 0, 10),
    "agreed": ("CPC Agreed", "Normal", "left", 12, True, False, 6, 18),
    "body": ("Body Text", "Normal", "justify", 12, False, False, 0, 10),
    "item": ("CPC Item", "Body Text", "justify", 12, False, False, 0, 10),
    "item-continued": ("CPC Item Continued", "Body Text", "justify", 12, False, False, 0, 10),
    "definition": ("CPC Definition", "Body Text", "justify", 12, False, False, 0, 10),
    "objective": ("CPC Objective", "Body Text", "justify", 12, False, False, 0, 10),
    "annex-domain": ("CPC Annex Domain", "Body Text", "justify", 12, False, False, 12, 8),
    "list-heading": ("CPC List Heading", "Normal", "left", 12, True, False, 8, 4),
    "focal-point": ("CPC Focal Point", "Normal", "left", 12, False, False, 0, 6),
    "signed-at": ("CPC Signed At", "Body Text", "justify", 12, False, False, 24, 24),
    "caption": ("Caption", "Normal", "center", 10, False, True, 4, 12),
    "note": ("CPC Note", "Normal", "left", 10, False, True, 0, 8),
    "centered": ("CPC Centered", "Normal", "center", 12, False, False, 0, 10),
}
SIGNATORY_STYLE = ("CPC Signatory", "Normal", "left", 11, False, False, 0, 0)
SIGNATURE_LINE_STYLE = ("CPC Signature Line", "Normal", "left", 11, False, False, 42, 4)
FOOTER_STYLE = "Footer"
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
FONT = "Times New Roman"


def build(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    reference().save(str(path))


def reference():  # type: ignore[no-untyped-def]
    """A new document holding every style the writer uses, and nothing else."""
    doc = Document()
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    for name, size, before in (("Heading 1", 13, 18), ("Heading 2", 12, 12)):
        heading = styles[name]
        heading.font.name = FONT
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(8)
        heading.paragraph_format.keep_with_next = True
        _drop_theme_fonts(heading)
    for spec in (*PARAGRAPH_STYLES.values(), SIGNATORY_STYLE, SIGNATURE_LINE_STYLE):
        _paragraph_style(styles, *spec)
    for name in ("CPC Item", "CPC Item Continued"):
        fmt = styles[name].paragraph_format
        fmt.left_indent = Cm(1)
        if name == "CPC Item":
            fmt.first_line_indent = Cm(-1)
            fmt.tab_stops.add_tab_stop(Cm(1))
    styles["CPC List Heading"].paragraph_format.keep_with_next = True
    styles["CPC Annex Domain"].paragraph_format.keep_with_next = True
    for name in ("List Bullet", "List Bullet 2", "List Number"):
        styles[name].font.name = FONT
        styles[name].paragraph_format.space_after = Pt(4)
    footer = styles[FOOTER_STYLE]
    footer.font.name = FONT
    footer.font.size = Pt(9)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)
    _keep_only_used_styles(doc)
    _drop_unused_parts(doc)
    return doc


def used_style_names() -> set[str]:
    """The styles the DOCX writer applies by name (it fails, naming one, if it is missing)."""
    names = {
        spec[0] for spec in (*PARAGRAPH_STYLES.values(), SIGNATORY_STYLE, SIGNATURE_LINE_STYLE)
    }
    names |= {"Heading 1", "Heading 2", "Heading 3", "Caption", "Table Grid", FOOTER_STYLE}
    names |= {"List Bullet", "List Bullet 2", "List Number", "List Number 2"}
    return names


def _keep_only_used_styles(doc) -> None:  # type: ignore[no-untyped-def]
    """Drop the ~150 styles python-docx's template carries that no compact uses (table
    designs, Heading 4–9, Quote…): the styles part shrinks from 357 KB to a few, which every
    render parses, serialises and compresses twice, and Word's style pane shows ours only.
    Kept: the used styles, the defaults, and every style they name (based on, next, linked)."""
    element = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in element.findall(qn("w:style"))}
    wanted = {s.get(qn("w:styleId")) for s in by_id.values() if s.get(qn("w:default")) == "1"}
    wanted |= {s.style_id for s in doc.styles if s.name in used_style_names()}
    pending = list(wanted)
    while pending:
        style = by_id.get(pending.pop())
        if style is None:
            continue
        for tag in ("w:basedOn", "w:next", "w:link"):
            ref = style.find(qn(tag))
            target = ref.get(qn("w:val")) if ref is not None else None
            if target and target not in wanted:
                wanted.add(target)
                pending.append(target)
    for style_id, style in by_id.items():
        if style_id not in wanted:
            element.remove(style)


def _drop_unused_parts(doc) -> None:  # type: ignore[no-untyped-def]
    """Word 2010's duplicate of the styles (stylesWithEffects, 438 KB, ignored by Word 2013
    and later, which no longer write it) and python-docx's stock thumbnail, a picture of
    some other document that file browsers would show for every compact."""
    for rels, kind in ((doc.part.rels, "stylesWithEffects"), (doc.part.package.rels, "thumbnail")):
        for r_id in [r.rId for r in rels.values() if r.reltype.endswith("/" + kind)]:
            rels.pop(r_id)


def _drop_theme_fonts(style) -> None:  # type: ignore[no-untyped-def]
    """Word's built-in headings take their font from the theme, which wins over the font
    name; remove the theme link so every style says plainly which font it uses."""
    r_fonts = style.element.rPr.rFonts if style.element.rPr is not None else None
    if r_fonts is None:
        return
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        r_fonts.attrib.pop(qn(f"w:{attribute}"), None)


def _paragraph_style(styles, name, based_on, align, size, bold, italic, before, after) -> None:  # type: ignore[no-untyped-def]
    style = styles[name] if name in styles else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[based_on]
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.paragraph_format.alignment = ALIGN[align]
    style.paragraph_format.space_before = Pt(before)
    style.paragraph_format.space_after = Pt(after)
    style.quick_style = True


if __name__ == "__main__":
    for target in sys.argv[1:] or ["templates/fr/reference.docx", "templates/en/reference.docx"]:
        build(Path(target))
        print(f"wrote {target}")
