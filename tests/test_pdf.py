"""The PDF writer: what a reader of the PDF sees, read back with pypdf.

Documents are built by hand so these tests depend on nothing but the document tree. The
sample instrument is rendered once per module (rendering is the slow part).
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from dataclasses import dataclass, replace

import pytest
from pypdf import PdfReader

from cpc_docs.document import (
    ROLES,
    Document,
    Heading,
    Image,
    InitialsBox,
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
from cpc_docs.errors import FinishingError, PdfRenderError, UnsupportedNode, WriterError
from cpc_docs.tree.markup import MarkupSource
from cpc_docs.writers import WriteOptions, get_writer
from cpc_docs.writers.pdf import forget_layouts, render, write
from cpc_docs.writers.typst_data import clean_text

EPOCH = 1670371200  # 2022-12-07 00:00:00 UTC
SIGNATORIES = [
    ("sig_us", "Jessica Davis Ba"),
    ("sig_ci", "Nassénéba Touré"),
    ("sig_mj", "Jean Kambilé"),
]


def runs(text: str, **flags: bool) -> list[Run]:
    return [Run(text, **flags)]


def para(text: str, role: str = "body", **kw: object) -> Paragraph:
    return Paragraph(runs(text), role=role, **kw)  # type: ignore[arg-type]


def tiny_png(width: int = 8, height: int = 4) -> bytes:
    """A valid red PNG, built by hand to keep the tests free of image libraries."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">'
    b'<rect width="40" height="20" fill="#1f77b4"/></svg>'
)


def meta(**kw: object) -> Metadata:
    base = Metadata(
        title="Pacte de partenariat pour la protection de l'enfance",
        subject="Protection de l'enfance",
        language="fr-FR",
        author="Département d'État",
        keywords=["CPC", "Côte d'Ivoire"],
        page_label="Page {page} / {pages}",
        initials_label="Paraphes",
        initials=[InitialsBox("us", "É.-U."), InitialsBox("ci", "CI")],
        fingerprint="sha256:0123456789abcdef",
        date_epoch=EPOCH,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def signature_block() -> SignatureBlock:
    on_behalf = {
        "sig_us": "Pour le Gouvernement des États-Unis d'Amérique",
        "sig_ci": "Pour le Gouvernement de la République de Côte d'Ivoire",
        "sig_mj": "Pour le Ministère de la Justice",
    }
    return SignatureBlock(
        [
            Signatory(field, field[4:], runs(on_behalf[field]), runs(name), [runs("Ministre")])
            for field, name in SIGNATORIES
        ],
        columns=2,
    )


def instrument(**meta_kw: object) -> Document:
    """A short compact: title page, preamble, items, a list, a table, an image, signatures."""
    filler = "Les Parties coopèrent dans le respect des lois et règlements en vigueur. " * 6
    blocks = [
        para("République de Côte d'Ivoire", "state"),
        para("Union – Discipline – Travail", "motto"),
        para("PACTE DE PARTENARIAT", "doc-title"),
        para("ENTRE", "title-connector"),
        para("LE GOUVERNEMENT DES ÉTATS-UNIS D'AMÉRIQUE", "title-party"),
        PageBreak(),
        Paragraph(
            [Run("RAPPELANT", bold=True), Run(" la Convention relative aux droits de l'enfant ;")],
            "preamble",
        ),
        para("Sont convenus de ce qui suit :", "agreed"),
        Heading(1, runs("I. Objet"), anchor="objet"),
        para(filler),
        Paragraph(runs("Prévenir la traite des enfants."), "item", label="A."),
        para("Suite du premier objectif.", "item-continued"),
        Paragraph(runs("Protéger les victimes."), "item", label="B."),
        Heading(2, runs("Activités")),
        para("Activités illustratives :", "list-heading", keep_with_next=True),
        ListBlock(
            [
                [para("former les juges")],
                [para("ouvrir des centres"), ListBlock([[para("à Abidjan")]], ordered=True)],
            ]
        ),
        Paragraph(
            [
                Run("Le 1"),
                Run("er", superscript=True),
                Run(" décembre à "),
                Run("[lieu]", gap=True),
                Run(" ; "),
                Run("vu", italic=True),
            ]
        ),
        Table(
            [
                [TableCell([para("Indicateur")]), TableCell([para("Cible")], align="right")],
                [TableCell([para("Enfants protégés")]), TableCell([para("100")], align="right")],
                [TableCell([para("Juges formés")])],
            ],
            header_rows=1,
            widths=[3, 1],
            caption=runs("Tableau 1 – Indicateurs"),
        ),
        Image(tiny_png(), alt="Un graphique", width_mm=60),
        Heading(1, runs("II. Signatures"), page_break_before=True),
        para("SIGNÉ à Abidjan, le 7 décembre 2022.", "signed-at"),
        signature_block(),
    ]
    return Document(meta(**meta_kw), blocks)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text with runs of whitespace as one space: line breaking is the typesetter's business."""
    return re.sub(r"\s+", " ", text)


def assert_in_order(text: str, parts: list[str]) -> None:
    pos = 0
    for part in parts:
        found = text.find(part, pos)
        assert found >= 0, f"{part!r} not found after position {pos} in {text!r}"
        pos = found + len(part)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return write(instrument(), WriteOptions())


@pytest.fixture(scope="module")
def texts(pdf: bytes) -> list[str]:
    return pages_text(pdf)


def test_layouts_forgotten_between_documents_change_no_byte(pdf: bytes) -> None:
    """A batch's worker lets go of Typst's memoised layouts after each compact (memory): the
    next PDF is typeset from scratch, and must be the same bytes as one typeset warm. (What
    it saves, memory, is measured in benchmarks/README.md, not asserted here.)"""
    forget_layouts()
    again = write(instrument(), WriteOptions())
    assert again == pdf
    assert "Jessica Davis Ba" in " ".join(pages_text(again))


def test_registered_as_the_pdf_writer() -> None:
    assert get_writer("pdf-typst") is write


def test_an_unknown_format_is_a_writer_error_naming_the_known_ones() -> None:
    with pytest.raises(WriterError, match="'pdf' is not one of 'docx', 'pdf-typst'"):
        get_writer("pdf")


def test_is_a_pdf_with_title_page_then_body_then_signature_page(texts: list[str]) -> None:
    assert len(texts) == 3
    assert "PACTE DE PARTENARIAT" in texts[0] and "RAPPELANT" not in texts[0]
    assert "I. Objet" in texts[1]
    assert texts[2].lstrip().startswith("II. Signatures")


def test_text_reads_back_in_document_order(texts: list[str]) -> None:
    assert_in_order(
        flat(" ".join(texts)),
        [
            "République de Côte d'Ivoire",
            "Union – Discipline – Travail",
            "PACTE DE PARTENARIAT",
            "ENTRE",
            "LE GOUVERNEMENT DES ÉTATS-UNIS D'AMÉRIQUE",
            "RAPPELANT la Convention relative aux droits de l'enfant ;",
            "Sont convenus de ce qui suit :",
            "I. Objet",
            "A. Prévenir la traite des enfants.",
            "Suite du premier objectif.",
            "B. Protéger les victimes.",
            "Activités",
            "Activités illustratives :",
            "• former les juges",
            "• ouvrir des centres",
            "1. à Abidjan",
            "Le 1er décembre à [lieu] ; vu",
            "Tableau 1 – Indicateurs",
            "Indicateur Cible",
            "Enfants protégés 100",
            "Juges formés",
            "II. Signatures",
            "SIGNÉ à Abidjan",
        ],
    )


def test_signature_block_shows_each_signatory(texts: list[str]) -> None:
    page = flat(texts[2])
    for field, name in SIGNATORIES:
        assert name in page, field
    assert_in_order(page, ["Pour le Gouvernement des États-Unis", "Jessica Davis Ba", "Ministre"])
    assert page.count("Ministre") == 3


def test_footer_on_every_page(texts: list[str]) -> None:
    for number, text in enumerate(texts, start=1):
        footer = flat(text)
        assert f"Page {number} / {len(texts)}" in footer
        assert_in_order(footer, ["Paraphes", "É.-U.", "CI"])
        assert "sha256:0123456789abcdef" in footer


def test_page_label_is_the_documents_own_wording() -> None:
    doc = Document(
        meta(page_label="{page} sur {pages} pages", initials=[], fingerprint=""), [para("x")]
    )
    (text,) = pages_text(write(doc, WriteOptions()))
    assert "1 sur 1 pages" in text
    assert "Paraphes" not in text and "sha256" not in text


def test_every_paragraph_role_renders() -> None:
    blocks: list = [
        Paragraph(runs(f"texte-{role}"), role, label="Z." if role == "item" else None)
        for role in sorted(ROLES)
    ]
    text = flat(" ".join(pages_text(write(Document(meta(), blocks), WriteOptions()))))
    assert_in_order(text, [f"texte-{role}" for role in sorted(ROLES)])


def test_unknown_role_is_an_error_naming_it() -> None:
    doc = Document(meta(), [Paragraph(runs("x"), role="sidebar", line=12)])
    with pytest.raises(UnsupportedNode, match="'sidebar'") as err:
        write(doc, WriteOptions())
    assert err.value.location is not None and err.value.location.line == 12


@dataclass
class Sidebar:
    text: str
    line: int | None = 7


def test_unknown_node_is_an_error_naming_it() -> None:
    doc = Document(meta(), [para("x"), ListBlock([[Sidebar("y")]])])  # type: ignore[list-item]
    with pytest.raises(UnsupportedNode, match="Sidebar"):
        write(doc, WriteOptions())


def test_png_is_embedded_as_an_image_and_svg_twin_as_vectors(pdf: bytes) -> None:
    assert b"/Subtype/Image" in pdf.replace(b" ", b"")
    with_svg = Document(meta(), [Image(tiny_png(), alt="vector", width_mm=40, svg=SVG)])
    vector = write(with_svg, WriteOptions())
    assert b"/Subtype/Image" not in vector.replace(b" ", b"")


def test_same_input_gives_identical_bytes(pdf: bytes) -> None:
    assert write(instrument(), WriteOptions()) == pdf


def test_date_epoch_sets_every_date(pdf: bytes) -> None:
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info is not None
    assert info["/CreationDate"] == info["/ModDate"] == "D:20221207000000Z"
    typeset, _ = render(instrument(date_epoch=0))
    assert b"1970-01-01" in typeset and b"2022-12-07" not in typeset  # the XMP packet


def test_language_and_paper() -> None:
    doc = Document(meta(language="en-US", paper="letter"), [para("Hello")])
    reader = PdfReader(io.BytesIO(write(doc, WriteOptions())))
    assert reader.trailer["/Root"]["/Lang"] == "en-US"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    a4 = PdfReader(io.BytesIO(write(Document(meta(), [para("x")]), WriteOptions()))).pages[0]
    assert (round(float(a4.mediabox.width)), round(float(a4.mediabox.height))) == (595, 842)


def draft_meta(lang: str, language: str) -> Metadata:
    """A draft's metadata as a template's front matter gives it: the draft word is the
    language's (its locale.yaml), set where the metadata is built."""
    front = f"---\ntitle: Titre\nsubject: Sujet\nlanguage: {language}\ndraft: true\n---\n"
    return MarkupSource(front, f"{lang}/report.md.j2", lang, EPOCH, "", "a4").document().meta


@pytest.mark.parametrize(
    ("lang", "language", "word"),
    [("fr", "fr-FR", "PROJET"), ("en", "en-US", "DRAFT"), ("es", "es-ES", "BORRADOR")],
)
def test_draft_mark_in_the_documents_language(lang: str, language: str, word: str) -> None:
    draft = draft_meta(lang, language)
    doc = Document(draft, [para("texte"), PageBreak(), para("suite")])
    texts = pages_text(write(doc, WriteOptions()))
    assert all(word in text for text in texts)
    final = Document(meta(language=language), [para("texte")])
    assert word not in pages_text(write(final, WriteOptions()))[0]


def test_a_draft_without_its_word_is_an_error() -> None:
    doc = Document(meta(draft=True), [para("texte")])
    with pytest.raises(WriterError, match="no draft_word"):
        write(doc, WriteOptions())


def test_heading_page_break_and_page_break_start_new_pages() -> None:
    doc = Document(
        meta(),
        [para("un"), PageBreak(), para("deux"), Heading(1, runs("trois"), page_break_before=True)],
    )
    texts = pages_text(write(doc, WriteOptions()))
    assert [t.split("\n")[0] for t in texts] == ["un", "deux", "trois"]


# Text that would be code or markup if it were ever pasted into Typst source.
DANGEROUS = {
    "hash": "#let x = 1",
    "read": '#read("/etc/passwd")',
    "import": '#import "@preview/cetz:0.3.0": *',
    "eval": '#eval("1 + 1")',
    "strong": "*gras*",
    "emph": "_souligné_",
    "math": "$x^2$",
    "label": "<label>",
    "ref": "@ref",
    "heading": "= Titre",
    "bullet": "- point",
    "enum": "+ point",
    "term": "/ terme: définition",
    "tilde": "a~b",
    "raw": "`code` ```py x```",
    "backslash": "a\\b \\ c\\",
    "brackets": "[crochet] {accolade}",
    "quotes": "\"double\" 'simple'",
    "line-comment": "// commentaire",
    "block-comment": "/* commentaire */",
    "json-ish": '{"meta": null}',
    "string-end": '")#panic("x',
}


@pytest.mark.parametrize("text", DANGEROUS.values(), ids=DANGEROUS.keys())
def test_text_is_data_never_markup(text: str) -> None:
    """Every place text enters the layout shows it literally: prose, heading, table, names,
    labels and footer."""
    doc = Document(
        meta(title=text, page_label=f"{text} {{page}}", initials=[InitialsBox("us", text)]),
        [
            Heading(1, runs(text), anchor=text),
            Paragraph([Run(text), Run("", line_break=True), Run(text, bold=True)]),
            Paragraph(runs(text), "item", label=text),
            Table([[TableCell([para(text)])]], caption=runs(text)),
            SignatureBlock([Signatory("sig", "us", runs(text), runs(text), [runs(text)])]),
        ],
    )
    (page,) = pages_text(write(doc, WriteOptions()))
    lines = [line.strip() for line in page.split("\n")]
    assert lines.count(text) >= 6, page
    assert f"{text} 1" in page
    assert "root:" not in page


def test_control_characters_are_dropped_not_fatal() -> None:
    text = "a\x00b\x07c\x1bd\x7fe\u202ef\ud800g\th\ni"
    assert clean_text(text) == "abcdefg h i"
    doc = Document(meta(title=text), [para(text), Heading(1, runs(text))])
    page = pages_text(write(doc, WriteOptions()))[0]
    assert "abcdefg h i" in page


def test_empty_content_renders() -> None:
    doc = Document(
        meta(),
        [
            Paragraph([]),
            Heading(1, []),
            ListBlock([[]]),
            Table([[TableCell([])]], borders=False),
            SignatureBlock([Signatory("sig", "us", [], [], [])], columns=3),
            para("fin"),
        ],
    )
    reader = PdfReader(io.BytesIO(write(doc, WriteOptions())))
    assert "fin" in reader.pages[0].extract_text()
    assert list(reader.get_fields() or {}) == ["sig"]


def test_broken_image_is_a_render_error() -> None:
    doc = Document(meta(), [Image(b"not a png", alt="broken")])
    with pytest.raises(PdfRenderError, match="Typst failed"):
        write(doc, WriteOptions())


def test_bad_field_names_fail_before_typesetting() -> None:
    block = signature_block()
    block.signatories[1].field_name = block.signatories[0].field_name
    with pytest.raises(FinishingError, match="used twice"):
        render(Document(meta(), [block]))


def test_table_widths_must_match_columns() -> None:
    table = Table([[TableCell([para("a")]), TableCell([para("b")])]], widths=[1.0], line=40)
    with pytest.raises(UnsupportedNode, match="2 positive widths"):
        write(Document(meta(), [table]), WriteOptions())
