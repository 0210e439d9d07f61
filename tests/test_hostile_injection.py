"""Injection: no field of a compact can run Typst code, read a file, add Word XML, or change the
document's structure.

Every text field of tests/fixtures/mini.yaml is given a payload: Typst code that reads files or
panics, Markdown that would open headings, lists, tables, code blocks or our own containers,
WordprocessingML that would close the run and open a paragraph, an XML entity that reads a
file, Jinja, YAML front matter, PDF actions. The same compact with a plain word in each field is
the control. The two must render to documents of exactly the same shape: the same document
tree, the same DOCX skeleton (paragraphs, tables, fields, links), the same Typst data, the same
PDF form and no active content; and every payload must be printed, literally, as text.
"""

from __future__ import annotations

import copy
import io
import re
import tempfile
import zipfile
from dataclasses import replace
from itertools import cycle
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import need_program
from pypdf import PdfReader
from strategies import docx_text, flat, mini_data, missing_in_pdf, read_pdf, shown

from cpc_docs.document import Document, Heading, ListBlock, Paragraph, SignatureBlock, Table
from cpc_docs.load.compact import load_compact
from cpc_docs.pipeline import compact_document
from cpc_docs.settings import RenderSettings
from cpc_docs.writers import write
from cpc_docs.writers.typst_data import to_typst_input

SETTINGS = RenderSettings(date_epoch=1669896000)

PAYLOADS = [
    # Typst: code, file access, markup, and breaking out of a string or content block
    '#read("/etc/passwd")',
    '#image("/etc/passwd")',
    '#include "/etc/hostname"',
    '#panic("injected")',
    '#eval("1 + 1")',
    "] #set page(fill: red) [",
    '")#panic("x',
    "$ x^2 $ <lbl> @lbl = Heading",
    "#{ let x = 1 } // comment /* block",
    # Markdown and our own extensions
    "# Injected heading",
    "---",
    "- injected item",
    "1. injected item",
    "> quote",
    "```python\nfence\n```",
    "| a | b |\n|---|---|\n| c | d |",
    "<div>html</div> <script>alert(1)</script>",
    "[link](javascript:alert(1)) ![image](/etc/passwd)",
    "::: signatory us evil-field\nx\n\ny\n\nz\n:::",
    '{.state}\n{#anchor}\n{.item label="Z."}',
    "line\\\nbreak **bold** _em_ `code`",
    # WordprocessingML and XML
    "</w:t></w:r></w:p><w:p><w:r><w:t>injected paragraph",
    "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>",
    "]]><w:br/><w:fldSimple w:instr='INCLUDETEXT \"/etc/passwd\"'/>",
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e; &amp; &#x41;',
    # Jinja, YAML front matter, PDF
    "{{ compact.__class__ }} {% include '/etc/passwd' %} {# comment #}",
    "---\ntitle: injected\n---",
    "%PDF-1.7 /JavaScript (app.alert(1)) /Launch /URI /OpenAction endobj trailer",
]
FILE_CONTENT = ("root:", "daemon:")  # what /etc/passwd would bring in


def fill(data: dict[str, Any], words: Any) -> dict[str, Any]:
    """`data` with every text (both languages) and every signatory's name from `words`."""
    data = copy.deepcopy(data)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if (
                node
                and set(node) <= {"fr", "en"}
                and all(isinstance(v, str) for v in node.values())
            ):
                for lang in node:
                    # keep the placeholders definitions need to show their terms
                    terms = " ".join(re.findall(r"\{term:\d\}", node[lang]))
                    node[lang] = f"{terms} {next(words)}".strip()
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    for signatory in data["signature"]["signatories"]:
        signatory["name"] = next(words)
    return data


def load(data: dict[str, Any]):  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "compact.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return load_compact(path)[0]


def shape(blocks: list[Any]) -> list[Any]:
    """The document tree without its text: block types, roles, levels, lists, tables."""
    out: list[Any] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(("heading", block.level, block.anchor))
        elif isinstance(block, Paragraph):
            out.append(("paragraph", block.role, block.label))
        elif isinstance(block, ListBlock):
            out.append(("list", block.ordered, [shape(item) for item in block.items]))
        elif isinstance(block, Table):
            out.append(("table", [[shape(c.blocks) for c in row] for row in block.rows]))
        elif isinstance(block, SignatureBlock):
            fields = [
                (s.party, s.field_name.split("-")[0], len(s.titles)) for s in block.signatories
            ]
            out.append(("signatures", fields))
        else:
            out.append((type(block).__name__,))
    return out


def typst_shape(node: Any) -> Any:
    """The Typst data without its strings: every key and every non-text value."""
    if isinstance(node, dict):
        return {k: typst_shape(v) for k, v in node.items() if k not in ("t", "label", "field")}
    if isinstance(node, list):
        return [typst_shape(v) for v in node]
    return node if not isinstance(node, str) else "str"


ELEMENT = re.compile(r"<([\w:]+)")


def docx_skeleton(data: bytes) -> list[str]:
    """Every element of document.xml and the footers, in order, without text or attributes.

    The two compacts differ only in their words, so any element a payload managed to add (a
    paragraph, a break, a tab, a field, a link) shows here.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = sorted(n for n in package.namelist() if re.match(r"word/(document|footer)", n))
        return [m[1] for n in names for m in ELEMENT.finditer(package.read(n).decode())]


def active_content(reader: PdfReader) -> list[str]:
    """Anything in the PDF that acts rather than shows: actions, scripts, links, files."""
    found = []
    root = reader.trailer["/Root"]
    for key in ("/AA", "/URI"):
        if key in root:
            found.append(f"catalog {key}")
    opening = root.get("/OpenAction")  # a destination ([page /XYZ …], LibreOffice's) only shows
    if opening is not None and not isinstance(opening.get_object(), list):
        found.append(f"catalog /OpenAction {opening.get_object().get('/S')}")
    names = root.get("/Names")
    if names is not None:
        found += [
            f"names {k}" for k in names.get_object() if k in ("/JavaScript", "/EmbeddedFiles")
        ]
    for number, page in enumerate(reader.pages):
        if "/AA" in page:
            found.append(f"page {number} /AA")
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Widget" or "/A" in annot or "/AA" in annot:
                found.append(f"page {number} {annot.get('/Subtype')}")
    return found


@pytest.fixture(scope="module")
def rendered() -> dict[str, dict[str, Any]]:
    """Both compacts, both languages: document tree, DOCX and PDF."""
    plain = fill(mini_data(), (f"word{n}" for n in range(10_000)))
    hostile = fill(mini_data(), cycle(PAYLOADS))
    out: dict[str, dict[str, Any]] = {}
    for name, data in (("plain", plain), ("hostile", hostile)):
        compact = load(data)
        for lang in ("fr", "en"):
            doc = compact_document(compact, lang, SETTINGS)
            out[f"{name}.{lang}"] = {
                "data": data,
                "doc": doc,
                "docx": write(doc, "docx", lang, SETTINGS),
                "pdf": write(doc, "pdf", lang, SETTINGS),
            }
    return out


LANGS = ["fr", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_document_tree_has_the_same_shape(rendered: dict, lang: str) -> None:
    plain: Document = rendered[f"plain.{lang}"]["doc"]
    hostile: Document = rendered[f"hostile.{lang}"]["doc"]
    assert shape(hostile.blocks) == shape(plain.blocks)
    assert typst_shape(to_typst_input(hostile).data) == typst_shape(to_typst_input(plain).data)


@pytest.mark.parametrize("lang", LANGS)
def test_no_word_xml_is_added(rendered: dict, lang: str) -> None:
    hostile = rendered[f"hostile.{lang}"]["docx"]
    assert docx_skeleton(hostile) == docx_skeleton(rendered[f"plain.{lang}"]["docx"])
    with zipfile.ZipFile(io.BytesIO(hostile)) as package:
        assert not [n for n in package.namelist() if "embeddings" in n or "altChunk" in n]


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_has_no_active_content_and_the_same_form(rendered: dict, lang: str) -> None:
    hostile = PdfReader(io.BytesIO(rendered[f"hostile.{lang}"]["pdf"]))
    plain = PdfReader(io.BytesIO(rendered[f"plain.{lang}"]["pdf"]))
    assert active_content(hostile) == []
    # One signature field per signatory, named after the signatory: the names differ.
    fields = [(n.split("-")[0], f["/FT"]) for n, f in (hostile.get_fields() or {}).items()]
    assert sorted(fields) == sorted(
        (n.split("-")[0], f["/FT"]) for n, f in (plain.get_fields() or {}).items()
    )
    assert hostile.xmp_metadata is not None
    assert hostile.xmp_metadata.dc_title == {"x-default": hostile.metadata.title}


@pytest.mark.parametrize("lang", LANGS)
def test_every_payload_is_printed_as_text(rendered: dict, lang: str) -> None:
    """Nothing was run, read or interpreted: each payload shows literally, and the files
    that the payloads name were never read."""
    hostile = rendered[f"hostile.{lang}"]
    docx = flat(docx_text(hostile["docx"]))
    pdf = read_pdf(hostile["pdf"])
    for seen in (s for s in shown(hostile["data"]) if s.lang == lang):
        expected = flat(seen.expected())
        assert expected in docx, f"DOCX: {seen.path}: {expected!r}"
        missing = missing_in_pdf(expected.split(), pdf.text)
        assert not missing, f"PDF: {seen.path}: {missing!r}"
    for text in (docx, pdf.text):
        assert not any(content in text for content in FILE_CONTENT)
    assert "injected paragraph" not in {p.strip() for p in docx_text(hostile["docx"]).split("\n")}


@pytest.mark.slow
def test_the_libreoffice_engine_prints_every_payload_as_text() -> None:
    """The other PDF engine converts our DOCX with LibreOffice: the same payloads, the same
    verdict. Signatories keep plain names: this engine finds where each one signs by looking
    for the name on one line of LibreOffice's PDF, and a name that wraps is not found (a
    clear error, "use --pdf-engine typst"; reported separately)."""
    need_program("soffice")
    data = fill(mini_data(), cycle(PAYLOADS))
    for number, signatory in enumerate(data["signature"]["signatories"]):
        signatory["name"] = f"Signatory {number}"
        signatory.pop("honorific", None)
    doc = compact_document(load(data), "fr", SETTINGS)
    raw = write(doc, "pdf", "fr", replace(SETTINGS, pdf_engine="libreoffice"))
    pdf = read_pdf(raw)
    for seen in (s for s in shown(data) if s.lang == "fr"):
        missing = missing_in_pdf(flat(seen.expected()).split(), pdf.text)
        assert not missing, f"PDF: {seen.path}: {missing!r}"
    assert not any(content in pdf.text for content in FILE_CONTENT)
    assert active_content(PdfReader(io.BytesIO(raw))) == []
    assert pdf.boxes == 0
