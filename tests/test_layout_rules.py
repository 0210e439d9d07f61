"""Layout rules found while writing real compacts: a lead-in ending in ":" stays with what it
announces, the signature block stays whole with the signing sentence when it fits on a page
(else its last two rows share the last page), every placeholder form the resolver accepts is
documented, and a DOCX paragraph's properties come first (OOXML's CT_P)."""

from __future__ import annotations

import io
import re
import zipfile
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from conftest import REFERENCE, ROOT, mini_variant
from docx import Document as open_docx
from lxml import etree
from pypdf import PdfReader

from cpc_docs.authoring import schema as schema_doc
from cpc_docs.document import (
    NBSP,
    Document,
    Heading,
    ListBlock,
    Metadata,
    Paragraph,
    Run,
    SignatureBlock,
    Table,
    TableCell,
)
from cpc_docs.load.compact import load_compact
from cpc_docs.model.compact import BiText, Compact
from cpc_docs.pipeline import compact_document
from cpc_docs.present.locale import DURATION_STYLES
from cpc_docs.present.partynames import CAPITAL
from cpc_docs.present.prose import PLACEHOLDER_NAMES, PlaceholderError, Resolver
from cpc_docs.settings import RenderSettings
from cpc_docs.shipped import language_data
from cpc_docs.tree.typography import keep_lead_ins
from cpc_docs.writers import write
from cpc_docs.writers.typst_data import to_typst_input

SETTINGS = RenderSettings()
COLOMBIA = ROOT / "compacts" / "col-2022.yaml"
PHILIPPINES = ROOT / "compacts" / "phl-2017.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def text_of(runs: list[Run]) -> str:
    return "".join(run.text for run in runs)


def tree(path: Path, lang: str) -> Document:
    compact, _ = load_compact(path)
    return compact_document(compact, lang, SETTINGS)


def para(text: str) -> Paragraph:
    return Paragraph([Run(text)])


# ------------------------------------------------------------------ lead-ins ending in ":"


def lead_ins(doc: Document) -> list[Paragraph]:
    """The top-level paragraphs ending in ":" followed by a paragraph, list or table."""
    blocks = doc.blocks
    return [
        block
        for block, following in pairwise(blocks)
        if isinstance(block, Paragraph)
        and isinstance(following, (Paragraph, ListBlock, Table))
        and text_of(block.runs).rstrip().endswith(":")
    ]


@pytest.mark.parametrize(("path", "lang"), [(PHILIPPINES, "en"), (REFERENCE, "fr")])
def test_a_lead_in_keeps_with_what_it_announces_in_the_tree(path: Path, lang: str) -> None:
    doc = tree(path, lang)
    found = lead_ins(doc)
    assert found and all(p.keep_with_next for p in found)
    texts = [text_of(p.runs) for p in found]
    if path == PHILIPPINES:
        assert "The Participants intend to work toward the following goal:" in texts
    else:  # French: the colon after its no-break space still counts
        bodies = [text for text, p in zip(texts, found, strict=True) if p.role == "body"]
        assert any(text.endswith(NBSP + ":") for text in bodies)
    # A paragraph that does not end in ":" is not held.
    plain = [b for b in doc.blocks if isinstance(b, Paragraph) and b.role == "body"]
    assert any(not p.keep_with_next for p in plain if not text_of(p.runs).endswith(":"))


def test_the_rule_reaches_lists_and_cells_and_not_headings() -> None:
    nested = para("Items:")
    in_cell = para("Dans la cellule\u00a0:")
    before_heading = para("Suivent les sections :")
    last = para("Nothing follows:")
    colons = para("x :::")  # no sentence ends so
    blocks = [
        ListBlock(items=[[nested, ListBlock(items=[[para("a")]])]]),
        Table(rows=[[TableCell(blocks=[in_cell, para("x")])]]),
        before_heading,
        Heading(level=1, runs=[Run("I. Objet")]),
        para("Plain"),
        colons,
        para("y"),
        last,
    ]
    keep_lead_ins(blocks)
    assert nested.keep_with_next and in_cell.keep_with_next
    assert not before_heading.keep_with_next and not last.keep_with_next
    assert not colons.keep_with_next


def test_the_docx_and_the_typst_data_carry_the_lead_ins_keep() -> None:
    doc = tree(REFERENCE, "fr")
    wanted = [text_of(p.runs) for p in lead_ins(doc)]
    assert wanted
    docx = open_docx(io.BytesIO(write(doc, "docx", "fr", SETTINGS)))
    kept = {p.text for p in docx.paragraphs if p.paragraph_format.keep_with_next}
    assert all(text in kept for text in wanted), set(wanted) - kept
    data = to_typst_input(doc).data["blocks"]
    typst = {
        "".join(r["t"] for r in b["runs"]): b["keep"] for b in data if b["kind"] == "paragraph"
    }
    assert all(typst[text] is True for text in wanted)


def _pages_of(pdf: bytes, needles: list[str]) -> list[int]:
    """The page (from 1) where each needle's text starts."""
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    return [next(n for n, text in enumerate(pages, 1) if needle in text) for needle in needles]


@pytest.mark.slow
def test_a_lead_in_never_ends_a_page_of_the_pdf() -> None:
    """With the keep turned off, filler lines are added until the lead-in falls last on a page;
    with it, the same document moves the lead-in to the page of what it announces."""
    lead, goal = "toward the following goal:", "Goal: children protected"

    def document(filler: int, keep: bool) -> Document:
        lines: list[Run] = []
        for n in range(filler):
            lines += [Run(f"Filler line {n}"), Run("", line_break=True)]
        blocks = [Paragraph(lines[:-1]), para("The Participants intend to work " + lead)]
        blocks.append(para(goal + " in every part of the country, a long sentence. " * 3))
        if keep:
            keep_lead_ins(blocks)
        return Document(Metadata(title="t", subject="s", language="en-US"), blocks)

    for filler in range(30, 60):
        loose = write(document(filler, keep=False), "pdf", "en", SETTINGS)
        lead_page, goal_page = _pages_of(loose, [lead, goal])
        if lead_page != goal_page:
            break
    else:
        pytest.fail("no filler length put the lead-in last on a page")
    kept = write(document(filler, keep=True), "pdf", "en", SETTINGS)
    lead_page, goal_page = _pages_of(kept, [lead, goal])
    assert lead_page == goal_page == 2


# ------------------------------------------------------------------ signature block


def signature_fields(pdf: bytes) -> dict[str, int]:
    """Each signature field's name and page (from 1)."""
    reader = PdfReader(io.BytesIO(pdf))
    found = {}
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/FT") == "/Sig" or "/Parent" in annot:
                found[str(annot.get("/T") or annot["/Parent"].get_object()["/T"])] = number
    return found


def docx_signature_rows(data: bytes) -> tuple[Any, list[list[bool]]]:
    """The DOCX's signature table (the last table of the body) and, per row, whether each of
    its paragraphs keeps with the next."""
    docx = open_docx(io.BytesIO(data))
    table = docx.tables[-1]
    keeps = [
        [p.paragraph_format.keep_with_next is True for c in row.cells for p in c.paragraphs]
        for row in table.rows
    ]
    return table, keeps


def many_signatories(tmp_path: Path) -> Path:
    def edit(data: dict[str, Any]) -> None:
        signatories = data["signature"]["signatories"]
        for n in range(10):
            signatories.append(
                {
                    "party": "pa",
                    "name": f"Signataire NUMERO{n}",
                    "titles": [{"fr": f"Ministre {n}", "en": f"Minister {n}"}],
                }
            )

    return mini_variant(tmp_path, edit)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["es", "en"])
def test_colombias_five_signatories_share_the_signing_sentences_page(lang: str) -> None:
    doc = tree(COLOMBIA, lang)
    block = next(b for b in doc.blocks if isinstance(b, SignatureBlock))
    assert len(block.signatories) == 5
    pdf = write(doc, "pdf", lang, SETTINGS)
    fields = signature_fields(pdf)
    assert len(fields) == 5 and len(set(fields.values())) == 1, fields
    signed = "FIRMADO" if lang == "es" else "SIGNED"
    assert _pages_of(pdf, [signed]) == [next(iter(fields.values()))]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_colombias_docx_signature_rows_all_keep_with_the_next(lang: str) -> None:
    data = write(tree(COLOMBIA, lang), "docx", lang, SETTINGS)
    table, keeps = docx_signature_rows(data)
    assert len(keeps) == 6  # three rows of signatories, two table rows each
    assert all(all(row) for row in keeps[:-1]) and not any(keeps[-1])
    previous = table._tbl.getprevious()  # "FIRMADO en Bogotá …" stays with the table
    assert previous.find(f"{W}pPr/{W}keepNext") is not None
    assert all(row._tr.find(f"{W}trPr/{W}cantSplit") is not None for row in table.rows)


def test_a_block_taller_than_a_page_keeps_its_last_two_rows_together_in_the_docx(
    tmp_path: Path,
) -> None:
    data = write(tree(many_signatories(tmp_path), "fr"), "docx", "fr", SETTINGS)
    _table, keeps = docx_signature_rows(data)
    assert len(keeps) == 12  # six rows of signatories
    heads, bodies = keeps[::2], keeps[1::2]
    assert all(all(head) for head in heads)  # "on behalf of" with its signing line
    assert not any(any(body) for body in bodies[:-2])  # a row may begin a page
    assert all(bodies[-2]) and not any(bodies[-1])  # the last two rows together


@pytest.mark.slow
def test_a_block_taller_than_a_page_keeps_its_last_two_rows_together_in_the_pdf(
    tmp_path: Path,
) -> None:
    doc = tree(many_signatories(tmp_path), "fr")
    pdf = write(doc, "pdf", "fr", SETTINGS)
    block = next(b for b in doc.blocks if isinstance(b, SignatureBlock))
    fields = signature_fields(pdf)
    assert len(fields) == 12
    pages = [fields[s.field_name] for s in block.signatories]
    assert len(set(pages)) > 1  # it does not fit on one page
    assert pages[-4] == pages[-1]  # the last two rows share the last page
    assert _pages_of(pdf, ["SIGNÉ"]) == [pages[0]]  # the first row with the signing sentence


# ------------------------------------------------------------------ placeholders documented


def placeholder_table() -> str:
    """The Placeholders section of the generated reference (and of docs/yaml-reference.md)."""
    text = schema_doc.markdown(Compact, "Compact YAML reference")
    committed = (ROOT / "docs" / "yaml-reference.md").read_text(encoding="utf-8")
    section = text.split("## Placeholders", 1)[1].split("\n## ", 1)[0]
    assert section in committed
    return section


def supported_forms() -> list[str]:
    """Every form the resolver accepts, derived from its own lists: each placeholder name,
    each duration style on every placeholder that takes them (one of them prints something
    else than the placeholder alone), each form of `{party:ID|…}`."""
    compact, _ = load_compact(REFERENCE)
    resolver = Resolver(compact, "en")
    texts = list(schema_doc.walk_texts(compact))
    forms = [f"{{{name}" for name in sorted(PLACEHOLDER_NAMES)]
    for name in sorted(PLACEHOLDER_NAMES):
        scopes = schema_doc._scopes_of(texts, f"{{{name}}}", name)
        try:
            plain = resolver.markup(BiText({"fr": f"{{{name}}}", "en": f"{{{name}}}"}), *scopes)
        except PlaceholderError:
            continue  # it needs an argument (an ID), not a style
        styled = {}
        for style in DURATION_STYLES:
            token = f"{{{name}:{style}}}"
            try:
                styled[token] = resolver.markup(BiText({"fr": token, "en": token}), *scopes)
            except PlaceholderError:
                continue
        if any(output != plain for output in styled.values()):  # it takes styles
            forms += list(styled)
    forms.append(f"|{CAPITAL}}}")
    for lang in ("fr", "en", "es"):
        forms += [f"|{form}}}" for form in language_data(lang, "locale.yaml")["party_forms"]]
    return forms


def test_every_placeholder_form_the_resolver_accepts_is_documented() -> None:
    forms = supported_forms()
    assert "{duration:words}" in forms and "{notice:words}" in forms  # the probe works
    assert "{tier:words}" not in forms  # a name that ignores a style adds no form
    table = placeholder_table()
    missing = [form for form in forms if form not in table]
    assert not missing, f"undocumented in authoring/schema.py PLACEHOLDERS: {missing}"
    assert re.search(r"^\| `\{duration:words\}` \| .+ \| cinq ans \| five years \|$", table, re.M)


# ------------------------------------------------------------------ OOXML order


def test_no_paragraph_of_the_reference_docx_has_anything_before_its_properties() -> None:
    for lang in ("fr", "en"):
        data = write(tree(REFERENCE, lang), "docx", lang, SETTINGS)
        with zipfile.ZipFile(io.BytesIO(data)) as docx:
            root = etree.fromstring(docx.read("word/document.xml"))
        paragraphs = root.iter(f"{W}p")
        with_props = [p for p in paragraphs if p.find(f"{W}pPr") is not None]
        assert with_props
        misplaced = [p for p in with_props if p[0].tag != f"{W}pPr"]
        assert not misplaced, [etree.tostring(p)[:200] for p in misplaced[:3]]
        # the headings' bookmarks are still there, inside their paragraphs, after pPr
        starts = root.findall(f".//{W}p/{W}bookmarkStart")
        assert starts and all(s.getprevious().tag == f"{W}pPr" for s in starts)
