"""Build the reference .docx whose styles the DOCX writer uses.

The writer never sets fonts or spacing on text directly: it applies named styles ("CPC Item",
"CPC Motto", "Heading 1"…), so anyone can restyle every compact by editing
`templates/<lang>/reference.docx` in Word (Home → Styles → Modify) and saving it. The styles
we ship are the house style (house_style.py), which the PDF follows too, so that the DOCX and
the PDF of a compact print the same document. This module makes the file we ship; run it
again after changing the house style, or to start over:

    python -m cpc_docs.writers.docx_reference    # every language's, or the files named
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.styles.styles import Styles

from cpc_docs.writers import house_style
from cpc_docs.writers.house_style import (
    HEADING_STYLES,
    PARAGRAPH_STYLES,
    SIGNATORY_STYLE,
    SIGNATURE_LINE_STYLE,
    RoleStyle,
)

FOOTER_STYLE = "Footer"
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
FONT = house_style.DOCX_FONT


def build(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    reference().save(str(path))


def reference() -> DocxDocument:
    """A new document holding every style the writer uses, and nothing else."""
    doc = Document()
    styles = doc.styles
    _document_defaults(doc)
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(house_style.BODY_SIZE)
    # Written out, not left to the defaults: the PDF sets its lines as far apart.
    normal.paragraph_format.line_spacing = house_style.LINE_SPACING
    for spec in (*PARAGRAPH_STYLES.values(), *HEADING_STYLES.values()):
        paragraph_style(styles, spec)
    for spec in (SIGNATORY_STYLE, SIGNATURE_LINE_STYLE, house_style.DRAFT_MARK_STYLE):
        paragraph_style(styles, spec)
    for spec in HEADING_STYLES.values():
        styles[spec.name].paragraph_format.keep_with_next = True
    item = styles[PARAGRAPH_STYLES["item"].name].paragraph_format
    item.first_line_indent = Pt(-PARAGRAPH_STYLES["item"].indent)  # the label, then a tab
    item.tab_stops.add_tab_stop(Pt(PARAGRAPH_STYLES["item"].indent))
    for role in ("list-heading", "annex-domain", "signed-at"):
        styles[PARAGRAPH_STYLES[role].name].paragraph_format.keep_with_next = True
    _note_box(styles[PARAGRAPH_STYLES["note"].name])
    for name in ("List Bullet", "List Bullet 2", "List Number"):
        styles[name].font.name = FONT
        styles[name].paragraph_format.space_after = Pt(house_style.LIST_ITEM_AFTER)
        # Word's "contextual spacing" drops the space between items of one style: the PDF
        # keeps it, so the DOCX does too.
        _drop(styles[name].element.pPr, "w:contextualSpacing")
    footer = styles[FOOTER_STYLE]
    footer.font.name = FONT
    footer.font.size = Pt(house_style.FOOTER_SIZE)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)
    _keep_only_used_styles(doc)
    _drop_unused_parts(doc)
    return doc


def _document_defaults(doc: DocxDocument) -> None:
    """The house typeface for text that no style names (python-docx's template gives the
    theme's Calibri/Cambria)."""
    r_fonts = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    r_fonts = r_fonts.find(qn("w:rPr")).find(qn("w:rFonts"))
    for attribute in ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme"):
        r_fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "cs"):
        r_fonts.set(qn(f"w:{attribute}"), FONT)


def _note_box(style: BaseStyle) -> None:
    """A note for editors on a grey ground with a rule on its left, as the PDF shows it."""
    p_pr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "4"), ("color", "969696")):
        left.set(qn(f"w:{key}"), value)
    borders.append(left)
    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", "EEEEEE")):
        shading.set(qn(f"w:{key}"), value)
    p_pr.append(borders)
    p_pr.append(shading)


def _drop(parent: BaseOxmlElement | None, tag: str) -> None:
    if parent is not None:
        for child in parent.findall(qn(tag)):
            parent.remove(child)


def used_style_names() -> set[str]:
    """The styles the DOCX writer applies by name (it fails, naming one, if it is missing)."""
    specs = (*PARAGRAPH_STYLES.values(), *HEADING_STYLES.values(), SIGNATORY_STYLE,
             SIGNATURE_LINE_STYLE, house_style.DRAFT_MARK_STYLE)  # fmt: skip
    names = {spec.name for spec in specs}
    names |= {"Caption", "Table Grid", FOOTER_STYLE}
    names |= {"List Bullet", "List Bullet 2", "List Number", "List Number 2"}
    return names


def _keep_only_used_styles(doc: DocxDocument) -> None:
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


def _drop_unused_parts(doc: DocxDocument) -> None:
    """Word 2010's duplicate of the styles (stylesWithEffects, 438 KB, ignored by Word 2013
    and later, which no longer write it) and python-docx's stock thumbnail, a picture of
    some other document that file browsers would show for every compact."""
    for rels, kind in ((doc.part.rels, "stylesWithEffects"), (doc.part.package.rels, "thumbnail")):
        for r_id in [r.rId for r in rels.values() if r.reltype.endswith("/" + kind)]:
            rels.pop(r_id)


def _drop_theme_fonts(style: BaseStyle) -> None:
    """Word's built-in headings take their font from the theme, which wins over the font
    name; remove the theme link so every style says plainly which font it uses."""
    r_fonts = style.element.rPr.rFonts if style.element.rPr is not None else None
    if r_fonts is None:
        return
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        r_fonts.attrib.pop(qn(f"w:{attribute}"), None)


def paragraph_style(styles: Styles, spec: RoleStyle) -> None:
    """The named style of a role, as the house style says: typeface, size, emphasis (both
    written out, so "not bold" is said and not inherited), alignment and spaces, in black."""
    if spec.name in styles:
        style = styles[spec.name]
    else:
        style = styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[spec.based_on]
    style.font.name = FONT
    style.font.size = Pt(spec.size)
    style.font.bold = spec.bold
    style.font.italic = spec.italic
    style.font.color.rgb = RGBColor(0, 0, 0)
    style.paragraph_format.alignment = ALIGN[spec.align]
    style.paragraph_format.space_before = Pt(spec.before)
    style.paragraph_format.space_after = Pt(spec.after)
    if spec.indent:
        style.paragraph_format.left_indent = Pt(spec.indent)
    style.quick_style = True
    _drop_theme_fonts(style)
    # python-docx's caption and headings have a line spacing of their own: the house one
    # (Normal's) applies to every style.
    spacing = style.element.pPr.find(qn("w:spacing"))
    for attribute in ("line", "lineRule"):
        spacing.attrib.pop(qn(f"w:{attribute}"), None)


if __name__ == "__main__":
    from cpc_docs.shipped import TEMPLATE_ROOT, languages_in

    every = [TEMPLATE_ROOT / lang / "reference.docx" for lang in languages_in(TEMPLATE_ROOT)]
    for target in [Path(name) for name in sys.argv[1:]] or every:
        build(target)
        print(f"wrote {target}")
