"""Document tree → DOCX, with python-docx and the styles of a reference .docx.

The writer applies named styles only (see docx_reference.py), so a user restyles compacts in
Word. What python-docx has no API for (page fields, the document language, cell borders) is
written as WordprocessingML here and nowhere else.

Output is deterministic: fixed core-property dates and zip timestamps from `date_epoch`, so the
same inputs give the same bytes and a signatory can verify what was reviewed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import cast

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_COLOR_INDEX
from docx.opc.packuri import PackURI
from docx.opc.phys_pkg import PhysPkgWriter
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from cpc_docs.document import (
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
)
from cpc_docs.errors import OutputError, WriterError
from cpc_docs.writers import WriteOptions, unknown_node
from cpc_docs.writers.docx_changes import TrackedChanges
from cpc_docs.writers.docx_reference import ALIGN, build, paragraph_style, reference
from cpc_docs.writers.house_style import (
    ASCENDER,
    DESCENDER,
    DRAFT_MARK_STYLE,
    HEADING_STYLES,
    LINE_GAP,
    LINE_SPACING,
    PARAGRAPH_STYLES,
    SIGNATORY_STYLE,
    SIGNATURE_LINE_STYLE,
    UNITS_PER_EM,
    RoleStyle,
    draft_mark,
    list_keeps,
)

Container = DocxDocument | _Cell
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PAPER = {"a4": (Cm(21.0), Cm(29.7)), "letter": (Mm(215.9), Mm(279.4))}


def write(doc: Document, options: WriteOptions) -> bytes:
    target = _open_reference(options.reference_docx)
    writer = _Writer(target, doc.meta)
    _set_language(target, doc.meta.language)
    _set_page(target, doc)
    for block in doc.blocks:
        writer.block(block, target)
    _footer(target, doc)
    mark = draft_mark(doc.meta)
    if mark is not None:
        writer.draft_mark(mark)
    _core_properties(target, doc)
    return _package(target, doc.meta.date_epoch)


def _open_reference(path: Path | None) -> DocxDocument:
    if path is None:
        return reference()  # the default styles, built in memory
    if not path.exists():
        # A missing reference file is rebuilt from the defaults rather than failing a render.
        build(path)
    try:
        styles = open_docx(str(path))
    except Exception as exc:  # python-docx raises several types for a damaged package
        raise OutputError(f"cannot open the reference DOCX {path}: {exc}") from None
    body = styles.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return styles


class _Writer:
    def __init__(self, target: DocxDocument, meta: Metadata | None = None) -> None:
        self.target = target
        self.paper = meta.paper if meta is not None else "a4"
        self.changes = TrackedChanges(meta)  # a redline's (document.Run.change)
        self.pending_break = False
        self.style_ids = {s.name: s.style_id for s in target.styles}
        self.style_names = set(self.style_ids)
        self.last_paragraph: DocxParagraph | None = None  # the latest paragraph written

    def style(self, name: str, default: RoleStyle | None = None) -> str:
        """A style of the reference DOCX, by name. A style the house style has added since
        (`default`) is added to a reference made before it, instead of failing."""
        if name not in self.style_names and default is not None:
            paragraph_style(self.target.styles, default)
            self.style_ids[name] = self.target.styles[name].style_id
            self.style_names.add(name)
        if name not in self.style_names:
            raise WriterError(
                f"the reference DOCX has no style {name!r}",
                hint="add it in Word or rebuild: python -m cpc_docs.writers.docx_reference",
            )
        return name

    def block(self, block: Block, container: Container, list_level: int = 0) -> None:
        match block:
            case Heading():
                style = self.style(HEADING_STYLES[min(max(block.level, 1), 3)].name)
                para = self.paragraph(container, style)
                self.runs(para, block.runs)
                self.changes.paragraph(para, block)
                if block.anchor:
                    _bookmark(para, block.anchor)
            case Paragraph():
                para = self.paragraph(container, self.style(PARAGRAPH_STYLES[block.role].name))
                if block.label:
                    para.add_run(block.label + "\t")
                self.runs(para, block.runs)
                self.changes.paragraph(para, block)
                if block.keep_with_next:
                    para.paragraph_format.keep_with_next = True
            case ListBlock():
                self.list(block, container, list_level)
            case PageBreak():
                self.pending_break = True
            case Table():
                self.table(block, container)
            case Image():
                self.image(block, container)
            case SignatureBlock():
                self.signatures(block, container)
            case _:
                raise unknown_node(block, "the DOCX writer")

    def image(self, block: Image, container: Container) -> None:
        para = self.paragraph(container, self.style("CPC Centered"))
        para.add_run().add_picture(io.BytesIO(block.data), width=Mm(block.width_mm))
        # A picture stays on the page of what follows it: its caption (as in the PDF).
        para.paragraph_format.keep_with_next = True
        # The description screen readers announce (Word: Alt Text).
        doc_pr = para._p.xpath(".//wp:docPr")
        if doc_pr:
            doc_pr[-1].set("descr", block.alt)

    def paragraph(self, container: Container, style: str) -> DocxParagraph:
        # python-docx looks a style name up by scanning every style on each call, which
        # was most of the writer's time; the ids are resolved once per document instead.
        para = _add_paragraph(container, self.style_ids[style])
        self.last_paragraph = para
        if self.pending_break:
            para.paragraph_format.page_break_before = True
            self.pending_break = False
        return para

    def runs(self, para: DocxParagraph, runs: list[Run]) -> None:
        for run in runs:
            if run.line_break:
                brk = para.add_run()
                brk.add_break(WD_BREAK.LINE)
                self.changes.run(brk._r, run.change)
                continue
            out = _add_run(para, _XML_ILLEGAL.sub("", run.text))
            if run.bold:
                out.bold = True
            if run.italic:
                out.italic = True
            if run.superscript:
                out.font.superscript = True
            if run.gap:
                out.bold = True
                out.font.highlight_color = WD_COLOR_INDEX.YELLOW
            self.changes.run(out._r, run.change)

    def list(self, block: ListBlock, container: Container, level: int) -> None:
        """Each item a paragraph of the list style; an item stays on the page of the next
        one where house_style.list_keeps says so (a short list whole, a longer one by its
        first two and last two items), as in the PDF."""
        base = "List Number" if block.ordered else "List Bullet"
        style = self.style(base if level == 0 else f"{base} 2")
        for item, keep in zip(block.items, list_keeps(block.items), strict=True):
            first = True
            for child in item:
                if isinstance(child, Paragraph) and first:
                    para = self.paragraph(container, style)
                    self.runs(para, child.runs)
                    self.changes.paragraph(para, child)
                    first = False
                else:
                    self.block(child, container, level + 1)
            if keep and self.last_paragraph is not None:
                self.last_paragraph.paragraph_format.keep_with_next = True

    def break_before_table(self, container: Container) -> None:
        """A page break before a table: Word cannot start a table on a new page by itself,
        so an empty paragraph does, at the top of the new page."""
        if self.pending_break:
            para = self.paragraph(container, self.style("CPC Centered"))
            para.paragraph_format.space_after = Pt(0)

    def table(self, block: Table, container: Container) -> None:
        self.break_before_table(container)
        columns = max(len(row) for row in block.rows)
        table = container.add_table(rows=len(block.rows), cols=columns)
        if block.borders:
            table.style = self.target.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        if block.widths:
            _column_widths(table, block.widths)
        for r, (row, cells) in enumerate(zip(block.rows, table.rows, strict=True)):
            # row.cells once per row: table.cell(r, c) rebuilds every cell of the table.
            for cell, target in zip(row, cells.cells, strict=False):
                target.paragraphs[0]._element.getparent().remove(target.paragraphs[0]._element)
                for child in cell.blocks:
                    self.block(child, target)
                for para in target.paragraphs:
                    para.alignment = ALIGN[cell.align]
                    if r < block.header_rows:
                        for run in para.runs:
                            run.bold = True
                    if cell.lang:  # the side-by-side edition's other column
                        for run in para.runs:
                            _set_run_language(run, cell.lang)
                if not target.paragraphs:
                    target.add_paragraph()
        for r in range(block.header_rows):
            _repeat_header(table.rows[r])
        if block.caption:
            self.runs(self.paragraph(container, self.style("Caption")), block.caption)

    def signatures(self, block: SignatureBlock, container: Container) -> None:
        # Two table rows per row of signatories: "on behalf of" side by side, then the
        # signing line, name and titles. A row is as tall as its tallest cell, so the lines
        # are level even when one "Pour le Gouvernement de …" wraps and its neighbour does
        # not (the PDF writer lays out the same grid, in the same reading order).
        self.break_before_table(container)
        columns = max(1, min(block.columns, len(block.signatories)))
        chunks = [
            block.signatories[i : i + columns] for i in range(0, len(block.signatories), columns)
        ]
        table = container.add_table(rows=2 * len(chunks), cols=columns)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        style = self.style("CPC Signatory")
        line_style = self.style("CPC Signature Line")
        for number, chunk in enumerate(chunks):
            top = table.rows[2 * number].cells
            bottom = table.rows[2 * number + 1].cells
            for signatory, head, body in zip(chunk, top, bottom, strict=False):
                for cell in (head, body):
                    cell._element.remove(cell.paragraphs[0]._element)
                # In the signatory style, plain, as in the signed text and in the PDF.
                self.runs(self.paragraph(head, style), signatory.on_behalf)
                _bottom_border(self.paragraph(body, line_style))
                self.runs(self.paragraph(body, style), signatory.name)
                for title in signatory.titles:
                    self.runs(self.paragraph(body, style), title)
                self.paragraph(body, style)
        for cell in table._cells:
            if not cell.paragraphs:
                cell.add_paragraph()
        _no_split(table)
        # "On behalf of" stays with its signing lines; the whole block stays together when
        # it fits on a page (a last row alone on a page of its own reads as signatures of
        # nothing), else the last two rows of signatories share the last page.
        if _signatures_fit(chunks, columns, PAPER[self.paper][1].pt):
            kept = table.rows[:-1]
        else:
            kept = [*table.rows[::2], *table.rows[-4:-2]]
        for row in kept:
            for cell in row.cells:
                for para in cell.paragraphs:
                    para.paragraph_format.keep_with_next = True
        # A row of signatories is never split, and the first stays with the paragraph before
        # it ("Signé à …"), which links the signatures to the text they sign. Taller than a
        # page, a further row may begin the next page rather than push the first one, and
        # "Signé à", away from the end of the text (a page left mostly blank). The PDF
        # breaks the same way.
        previous = table._tbl.getprevious()
        if previous is not None and previous.tag == qn("w:p"):
            DocxParagraph(previous, container).paragraph_format.keep_with_next = True

    def draft_mark(self, word: str) -> None:
        """The draft mark (PROJET, DRAFT…) at the head of every page of a draft, as the PDF
        marks it across each page."""
        style = self.style(DRAFT_MARK_STYLE.name, default=DRAFT_MARK_STYLE)
        header = self.target.sections[0].header
        header.is_linked_to_previous = False
        para = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        para._p.style = self.style_ids[style]
        para.add_run(word)


def _add_paragraph(container: Container, style_id: str) -> DocxParagraph:
    """`container.add_paragraph()` with its style: the same XML, built directly. python-docx
    finds the place of a body paragraph by searching the whole body for its `w:sectPr`
    (a cost that grows with the square of the document's length) and adds the style
    element by element."""
    p = OxmlElement("w:p")
    p_pr = OxmlElement("w:pPr")
    p_style = OxmlElement("w:pStyle")
    p_style.set(qn("w:val"), style_id)
    p_pr.append(p_style)
    p.append(p_pr)
    if isinstance(container, _Cell):
        container._tc.append(p)
        return DocxParagraph(p, container)
    body = container.element.body
    last = body[-1] if len(body) else None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(p)  # the body's own sectPr is always its last child
    else:
        body.append(p)
    return DocxParagraph(p, container._body)


def _add_run(para: DocxParagraph, text: str) -> DocxRun:
    """`para.add_run(text)`, the same XML, without python-docx's character-by-character
    scan for tabs and line breaks (a third of the writer's time): text without them is one
    `w:t`, as python-docx writes it."""
    if "\t" in text or "\n" in text or "\r" in text:
        return para.add_run(text)
    r = para._p.add_r()
    if text:
        r.add_t(text)
    return DocxRun(r, para)


TEXT_WIDTH_CM = 16.0  # A4 less 2.5 cm margins


def _column_widths(table: DocxTable, widths: list[float]) -> None:
    """Relative widths → fixed column widths that Word and LibreOffice both honour."""
    total = sum(widths) or 1.0
    table.autofit = False
    for column, share in zip(table.columns, widths, strict=False):
        width = Cm(TEXT_WIDTH_CM * share / total)
        column.width = width
        for cell in column.cells:
            cell.width = width


def _signatures_fit(chunks: list[list[Signatory]], columns: int, page_height: float) -> bool:
    """Whether the signature block and "Signé à …" before it fit on one page, as far as a
    writer that does not lay out pages can tell: its lines counted at the signatory
    style's size (a line of "on behalf of" wrapped at the characters a column holds), with
    the signing space of each row, against the page's text height (in points)."""
    line = SIGNATORY_STYLE.size * LINE_SPACING * (ASCENDER + DESCENDER + LINE_GAP) / UNITS_PER_EM
    per_line = int(TEXT_WIDTH_CM / columns / 2.54 * 72 / (SIGNATORY_STYLE.size * 0.45))
    height = 24 + 4 * line  # "Signé à …": its space before and up to three lines
    for chunk in chunks:
        wrapped = max(
            -(-len("".join(run.text for run in s.on_behalf)) // max(per_line, 1)) or 1
            for s in chunk
        )
        details = max(1 + len(s.titles) + 1 for s in chunk)  # name, titles, a blank line
        space = SIGNATURE_LINE_STYLE.before + SIGNATURE_LINE_STYLE.after + line
        height += (wrapped + details) * line + space
    return height <= page_height - 2 * Cm(2.5).pt


def _bookmark(para: DocxParagraph, name: str) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(_bookmark_id(name)))
    start.set(qn("w:name"), "_" + re.sub(r"[^A-Za-z0-9_]", "_", name)[:38])
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), start.get(qn("w:id")))
    # After the paragraph's properties: CT_P wants w:pPr first, and Word calls a file
    # with anything before it unreadable.
    p_pr = para._p.pPr
    if p_pr is None:
        para._p.insert(0, start)
    else:
        p_pr.addnext(start)
    para._p.append(end)


def _bookmark_id(name: str) -> int:
    # Stable across runs (str hash is salted per process): sum of code points is enough here.
    return sum(ord(ch) * (i + 1) for i, ch in enumerate(name)) % 1_000_000


def _bottom_border(para: DocxParagraph) -> None:
    p_pr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    p_pr.append(borders)
    para.paragraph_format.right_indent = Cm(1)


def _repeat_header(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def _no_split(table: DocxTable) -> None:
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))


def _set_language(target: DocxDocument, language: str) -> None:
    """Tag the whole document with its language, so Word spell-checks it correctly."""
    styles = target.styles.element
    doc_defaults = styles.find(qn("w:docDefaults"))
    if doc_defaults is None:
        doc_defaults = OxmlElement("w:docDefaults")
        styles.insert(0, doc_defaults)
    for path in (("w:rPrDefault", "w:rPr"),):
        parent = doc_defaults
        for tag in path:
            child = parent.find(qn(tag))
            if child is None:
                child = OxmlElement(tag)
                parent.append(child)
            parent = child
        lang = parent.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            parent.append(lang)
        lang.set(qn("w:val"), language)
        lang.set(qn("w:eastAsia"), language)
        lang.set(qn("w:bidi"), language)
    for style in target.styles:
        r_pr = style.element.find(qn("w:rPr"))
        if r_pr is not None and r_pr.find(qn("w:lang")) is not None:
            r_pr.find(qn("w:lang")).set(qn("w:val"), language)


def _set_page(target: DocxDocument, doc: Document) -> None:
    width, height = PAPER[doc.meta.paper]
    for section in target.sections:
        section.page_width, section.page_height = width, height


def _field(para: DocxParagraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES): begin, instruction, separate, cached result, end."""

    def char(kind: str) -> None:
        run = para.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    run = para.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    para.add_run(placeholder)
    char("end")


def _footer(target: DocxDocument, doc: Document) -> None:
    """Page X of Y and an initials box per party, on every page."""
    meta = doc.meta
    footer_style = _style_id(target, "Footer")  # looked up once: each lookup scans the styles
    footer = target.sections[0].footer
    footer.is_linked_to_previous = False
    for para in list(footer.paragraphs):
        para._p.getparent().remove(para._p)
    boxes = meta.initials
    table = footer.add_table(rows=2, cols=1 + len(boxes), width=Cm(16))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    page_cell = table.cell(0, 0)
    para = page_cell.paragraphs[0]
    para._p.style = footer_style
    # "Page {page} sur {pages} / Page {page} of {pages}": every {page} and {pages} a field.
    for piece in re.split(r"(\{pages?\})", meta.page_label):
        if piece == "{page}":
            _field(para, "PAGE", "1")
        elif piece == "{pages}":
            _field(para, "NUMPAGES", "1")
        elif piece:
            para.add_run(piece)
    if meta.fingerprint:
        note = table.cell(1, 0).paragraphs[0]
        note._p.style = footer_style
        run = note.add_run(meta.fingerprint)
        run.font.size = Pt(7)
    for index, box in enumerate(boxes, start=1):
        caption = table.cell(0, index).paragraphs[0]
        caption._p.style = footer_style
        caption.alignment = ALIGN["center"]
        caption.add_run(f"{meta.initials_label} — {box.label}")
        cell = table.cell(1, index)
        cell.paragraphs[0]._p.style = footer_style
        _box(cell)
    table.rows[1].height = Cm(0.9)


def _style_id(target: DocxDocument, name: str) -> str | None:
    """The id `paragraph.style = name` writes: none for the default paragraph style."""
    style = target.styles[name]
    return None if style == target.styles.default(style.type) else style.style_id


def _box(cell: _Cell) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "6")
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    tc_pr.append(borders)


def _core_properties(target: DocxDocument, doc: Document) -> None:
    meta = doc.meta
    when = dt.datetime.fromtimestamp(meta.date_epoch, tz=dt.UTC).replace(tzinfo=None)
    props = target.core_properties
    props.title = _property(meta.title)
    # A render `cpc check` found discordant: said first (Metadata.discordance_note).
    props.subject = _property(meta.marked_subject)
    props.author = _property(meta.author)
    props.keywords = _property(", ".join(meta.marked_keywords))
    props.language = meta.language
    props.created = when
    props.modified = when
    props.last_printed = when
    props.last_modified_by = "cpc-docs"
    props.revision = 1
    props.comments = f"fingerprint {meta.fingerprint}" if meta.fingerprint else ""
    note = meta.discordance_note
    if note:
        props.comments = "; ".join(c for c in (note, props.comments) if c)


def _property(value: str) -> str:
    """`value` for a core property: python-docx refuses more than 255 characters (Word's
    limit in its Properties dialog), which made the render fail with a traceback once the
    parties' names, joined into the subject and author, were long (three parties, or a
    ministry named in full). The document's text keeps every word; its properties are
    shortened with an ellipsis."""
    return value if len(value) <= 255 else value[:254] + "…"


class _FixedTimeZip:
    """python-docx's package writer with fixed timestamps (python-docx stamps entries with
    'now'): the parts are compressed once, instead of saved and then re-packed."""

    def __init__(self, epoch: int) -> None:
        when = dt.datetime.fromtimestamp(max(epoch, 315532800), tz=dt.UTC)  # zip: from 1980
        self.stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
        self.buffer = io.BytesIO()
        self.zip = zipfile.ZipFile(self.buffer, "w")

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=self.stamp)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        self.zip.writestr(entry, blob)

    def close(self) -> None:
        self.zip.close()


def _package(target: DocxDocument, epoch: int) -> bytes:
    """The .docx bytes: what `Document.save` writes, in the same order, with fixed times."""
    package = target.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    out = _FixedTimeZip(epoch)
    # python-docx types its package writer as PhysPkgWriter, whose constructor makes a zip
    # of its own, so it cannot be subclassed; of it these functions call only `write`.
    physical = cast(PhysPkgWriter, out)
    PackageWriter._write_content_types_stream(physical, parts)
    PackageWriter._write_pkg_rels(physical, package.rels)
    PackageWriter._write_parts(physical, parts)
    out.close()
    return out.buffer.getvalue()


def _set_run_language(run: DocxRun, lang: str) -> None:
    """The run's language (w:lang), for Word's proofing and hyphenation and for readers."""
    props = run._r.get_or_add_rPr()
    for old in props.findall(qn("w:lang")):
        props.remove(old)
    element = OxmlElement("w:lang")
    element.set(qn("w:val"), lang)
    props.append(element)
