"""The DOCX and the PDF print one document: one typeface (metric-compatible), the same
emphasis per element, the same pages, and signatures that stay with their sentence.

Read back from the files a reader gets: the fonts the PDF embeds and uses for each word, the
DOCX's styles and runs, and the DOCX's pages as LibreOffice lays them out.
"""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REFERENCE, need_program
from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.text.paragraph import Paragraph as DocxParagraph
from docx_read import paragraphs
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from cpc_docs.document import (
    ROLES,
    Document,
    ListBlock,
    Metadata,
    Paragraph,
    Run,
    Signatory,
    SignatureBlock,
)
from cpc_docs.load.compact import load_compact
from cpc_docs.pipeline import compact_document
from cpc_docs.settings import RenderSettings
from cpc_docs.shipped import TEMPLATE_ROOT, languages_in
from cpc_docs.tree.side_by_side import side_by_side
from cpc_docs.writers import house_style, write
from cpc_docs.writers.pdf import FONTS

SETTINGS = RenderSettings(date_epoch=1670414400, fingerprint="SHA-256 0123456789abcdef")


@pytest.fixture(scope="module")
def compact():
    return load_compact(REFERENCE)[0]


@pytest.fixture(scope="module")
def french(compact) -> tuple[bytes, bytes]:
    """The reference compact in French: DOCX and PDF."""
    doc = compact_document(compact, "fr", SETTINGS)
    return write(doc, "docx", "fr", SETTINGS), write(doc, "pdf", "fr", SETTINGS)


# ---------------------------------------------------------------- reading the files


def pdf_runs(pdf: bytes) -> list[tuple[int, str, str]]:
    """(page, text, font) of every piece of text the PDF shows, in order."""
    found: list[tuple[int, str, str]] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):

        def visit(text, cm, tm, font, size, number=number) -> None:  # type: ignore[no-untyped-def]
            if text.strip() and font is not None:
                found.append((number, text, str(font.get("/BaseFont", "")).split("+")[-1]))

        page.extract_text(visitor_text=visit)
    return found


def pdf_font_of(pdf: bytes, words: str) -> set[str]:
    """The fonts of the text pieces that make up the first occurrence of `words`."""
    pieces = pdf_runs(pdf)
    text = ""
    spans: list[tuple[int, int, str]] = []
    for _page, piece, font in pieces:
        spans.append((len(text), len(text) + len(piece), font))
        text += piece
    at = text.find(words)
    assert at >= 0, f"{words!r} is not in the PDF"
    return {font for start, end, font in spans if start < at + len(words) and end > at}


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def docx_emphasis(data: bytes, words: str) -> tuple[set[bool], set[bool]]:
    """(bold, italic) as Word resolves them (the run's own setting, else its paragraph
    style's and those it is based on) of the runs that make up the first `words`."""
    for para in paragraphs(data):
        at = para.text.find(words)
        if at < 0:
            continue
        bold, italic, start = set(), set(), 0
        for run in para.runs:
            end = start + len(run.text)
            if start < at + len(words) and end > at and run.text.strip():
                bold.add(_resolved(run.bold, para, "bold"))
                italic.add(_resolved(run.italic, para, "italic"))
            start = end
        return bold, italic
    raise AssertionError(f"{words!r} is not in the DOCX")


def _resolved(value: bool | None, para: DocxParagraph, what: str) -> bool:
    style = para.style
    while value is None and style is not None:
        value = getattr(style.font, what)
        style = style.base_style
    return bool(value)


def libreoffice_pages(docx: list[bytes], folder: Path) -> list[int]:
    """Pages of each DOCX as LibreOffice lays it out (what a reader without Word sees)."""
    soffice = need_program("soffice")
    names = []
    for n, data in enumerate(docx):
        (folder / f"d{n}.docx").write_bytes(data)
        names.append(str(folder / f"d{n}.docx"))
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile",
         "--convert-to", "pdf", "--outdir", str(folder), *names],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    return [len(PdfReader(folder / f"d{n}.pdf").pages) for n in range(len(docx))]


# ---------------------------------------------------------------- one typeface


def test_the_pdf_embeds_the_metric_twin_of_the_docx_typeface(french) -> None:
    """The DOCX names Times New Roman everywhere (Word has it; LibreOffice substitutes
    Liberation Serif, same widths); the PDF embeds Liberation Serif, not Libertinus."""
    docx, pdf = french
    fonts = {font for _page, _text, font in pdf_runs(pdf)}
    body = fonts - {"DejaVuSansMono"}  # the fingerprint's
    assert body == {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"}
    reader = PdfReader(io.BytesIO(pdf))
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor  # embedded
    styles = re.findall(r'w:ascii="([^"]+)"', _part(docx, "word/styles.xml"))
    assert styles and set(styles) == {house_style.DOCX_FONT}


def test_the_shipped_font_has_the_metrics_the_line_spacing_is_computed_from() -> None:
    """The PDF's line spacing is computed from Liberation Serif's vertical metrics (those of
    Times New Roman, which the DOCX names): they must be those of the font shipped."""
    for name in ("Regular", "Bold", "Italic", "BoldItalic"):
        font = TTFont(FONTS / f"LiberationSerif-{name}.ttf")
        hhea, os2 = font["hhea"], font["OS/2"]
        assert font["head"].unitsPerEm == house_style.UNITS_PER_EM
        assert (hhea.ascent, -hhea.descent, hhea.lineGap) == (
            house_style.ASCENDER, house_style.DESCENDER, house_style.LINE_GAP,
        )  # fmt: skip
        assert (os2.usWinAscent, os2.usWinDescent) == (house_style.ASCENDER, house_style.DESCENDER)
        assert 0x202F in font.getBestCmap()  # the narrow no-break space of French typography
    assert (FONTS / "LICENSE.txt").read_text().count("SIL OPEN FONT LICENSE Version 1.1") == 1


def test_every_role_has_its_style_in_the_shipped_reference_docx() -> None:
    """The reference DOCX files are built from the house style the PDF reads: each role's
    style there has the table's size, weight and slant (rebuilt after a change to it)."""
    assert set(house_style.PARAGRAPH_STYLES) == ROLES
    for lang in languages_in(TEMPLATE_ROOT):
        styles = open_docx(str(TEMPLATE_ROOT / lang / "reference.docx")).styles
        for spec in (*house_style.PARAGRAPH_STYLES.values(), *house_style.HEADING_STYLES.values()):
            style = styles[spec.name]
            assert style.font.name == house_style.DOCX_FONT, spec.name
            assert style.font.size.pt == spec.size, spec.name
            assert (style.font.bold, style.font.italic) == (spec.bold, spec.italic), spec.name


# ---------------------------------------------------------------- the same emphasis


# (words, bold, italic): as the signed French text prints them.
EMPHASIS = [
    ("PARTENARIAT RELATIF AU PACTE", True, False),  # the title
    ("ENTRE", False, False),
    ("LE GOUVERNEMENT DE LA RÉPUBLIQUE", True, False),  # a party on the title page
    ("Sont convenus de ce qui suit", False, False),
    ("Activités illustratives", False, False),
    ("Points focaux pour la Côte", False, False),
    ("PRÉVENTION", True, False),  # Annex A: the domain's name is bold…
    ("Les efforts de prévention de la traite des enfants sont", False, False),  # …not its text
    ("Pour le Gouvernement des États-Unis", False, False),  # the signatures
    ("Joann M. Lockard", False, False),
]


@pytest.mark.parametrize(("words", "bold", "italic"), EMPHASIS)
@pytest.mark.slow
def test_each_element_has_the_same_emphasis_in_the_docx_and_the_pdf(
    french, words: str, bold: bool, italic: bool
) -> None:
    docx, pdf = french
    fonts = pdf_font_of(pdf, words)
    expected = "LiberationSerif" + ("-Bold" if bold else "") + ("-Italic" if italic else "")
    expected = expected.replace("-Bold-Italic", "-BoldItalic")
    assert fonts == {expected}, words
    assert docx_emphasis(docx, words) == ({bold}, {italic}), words


# ---------------------------------------------------------------- the same pages


@pytest.mark.slow
def test_docx_and_pdf_have_the_same_pages_within_one(compact, tmp_path: Path) -> None:
    """The reference compact in both languages, on A4 and on letter: LibreOffice's pages of
    the DOCX and Typst's pages of the PDF (14 and 12 before: two typefaces, two sizes)."""
    pdf_pages_: list[int] = []
    docx_files: list[bytes] = []
    for paper in ("a4", "letter"):
        settings = replace(SETTINGS, paper=paper)
        for lang in ("fr", "en"):
            doc = compact_document(compact, lang, settings)
            docx_files.append(write(doc, "docx", lang, settings))
            pdf_pages_.append(len(PdfReader(io.BytesIO(write(doc, "pdf", lang, settings))).pages))
    office = libreoffice_pages(docx_files, tmp_path)
    assert all(abs(a - b) <= 1 for a, b in zip(office, pdf_pages_, strict=True)), (
        office,
        pdf_pages_,
    )
    assert min(pdf_pages_) >= 12  # the whole compact, at the DOCX's size


# ---------------------------------------------------------------- around the signatures


def signatory(n: int) -> Signatory:
    return Signatory(
        f"party-{n}-person-{n}", "us" if n % 2 else "pa", [Run(f"Pour la Partie {n}")],
        [Run(f"Signataire Numéro{n}")], [[Run("Ministre des Affaires de l’État")]],
    )  # fmt: skip


FILLER = (
    "Les Parties entendent préserver la confidentialité des informations non publiques "
    "reçues dans le cadre du présent Partenariat, à moins que cela ne soit déterminé "
    "conjointement ou autrement requis par la loi applicable. "
)


def signing_document(filler_lines: int) -> Document:
    """Text of about `filler_lines` lines, "Signé à …", then two rows of two signatories."""
    paragraphs_ = [Paragraph([Run(FILLER * 2)]) for _ in range(filler_lines // 5)]
    signed = Paragraph([Run("SIGNÉ à Abidjan, le 7 décembre 2022, en deux exemplaires.")],
                       "signed-at")  # fmt: skip
    block = SignatureBlock([signatory(n) for n in range(1, 5)], columns=2)
    meta = Metadata("Titre", "Sujet", "fr-FR", page_label="Page {page} sur {pages}")
    return Document(meta, [*paragraphs_, Paragraph([Run("FIN DU TEXTE.")]), signed, block])


@pytest.mark.slow
def test_signatures_stay_with_their_sentence_without_emptying_the_page_before(
    tmp_path: Path,
) -> None:
    """Room on the page for "Signé à" and one row of signatories, not two: the sentence and
    the whole block, which fits on a page, begin the next page together (its last row
    alone on a page of its own read as signatures of nothing); the text ends the page
    before. LibreOffice's layout of the DOCX breaks the same way."""
    doc = signing_document(filler_lines=25)
    pdf = write(doc, "pdf", "fr", SETTINGS)
    pages = [re.sub(r"\s+", " ", text) for text in pdf_pages(pdf)]
    assert len(pages) == 2
    assert "FIN DU TEXTE" in pages[0] and "SIGNÉ à Abidjan" in pages[1]
    assert all(f"Numéro{n}" in pages[1] for n in range(1, 5))  # the block with "Signé à"
    need_program("soffice")
    (tmp_path / "s.docx").write_bytes(write(doc, "docx", "fr", SETTINGS))
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "s.docx")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    office = [re.sub(r"\s+", " ", t) for t in pdf_pages((tmp_path / "s.pdf").read_bytes())]
    assert [("SIGNÉ" in t, "Numéro1" in t, "Numéro3" in t) for t in office] == [
        (False, False, False), (True, True, True),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def bilingual(compact) -> tuple[bytes, bytes, bytes]:
    """The side-by-side edition (DOCX, PDF) and the French PDF, to compare with."""
    doc = side_by_side(
        compact_document(compact, "fr", SETTINGS), compact_document(compact, "en", SETTINGS)
    )
    single = write(compact_document(compact, "fr", SETTINGS), "pdf", "fr", SETTINGS)
    return write(doc, "docx", "fr", SETTINGS), write(doc, "pdf", "fr", SETTINGS), single


def test_side_by_side_signed_at_stays_with_the_signatures(bilingual) -> None:
    """ "SIGNÉ à … / DONE at …" ended a page, the signatures alone on the next."""
    docx, pdf, _single = bilingual
    pages = [re.sub(r"\s+", " ", text) for text in pdf_pages(pdf)]
    signed = next(n for n, text in enumerate(pages) if "SIGNÉ à Abidjan" in text)
    assert "SIGNED at Abidjan" in pages[signed]
    assert "Pour le Gouvernement des États-Unis" in pages[signed] and "Lockard" in pages[signed]
    both = next(p for p in paragraphs(docx) if p.text.startswith("SIGNÉ à"))
    assert "SIGNED at Abidjan" in both.text  # one paragraph, outside the columns
    assert both._p.getnext().tag.endswith("}tbl")  # right before the signatures
    assert both.style.paragraph_format.keep_with_next


def test_side_by_side_title_page_is_laid_out_like_the_single_one(bilingual) -> None:
    """Each language's title page in its column, with its spaces: the title as far down
    the page as in the French edition (it was crammed at the top)."""
    docx, pdf, single = bilingual

    def title_top(data: bytes) -> float:
        page = PdfReader(io.BytesIO(data)).pages[0]
        tops: list[float] = []

        def visit(text, cm, tm, font, size) -> None:  # type: ignore[no-untyped-def]
            if "PARTENARIAT" in text:
                tops.append(float(page.mediabox.top) - (tm[5] * cm[3] + cm[5]))

        page.extract_text(visitor_text=visit)
        return tops[0]

    assert abs(title_top(pdf) - title_top(single)) < 30
    assert title_top(single) > 200  # a third of the way down, not at the top
    table = open_docx(io.BytesIO(docx)).tables[0]
    assert len(table.rows) == 1  # one row: a language's whole title page per cell
    french, english = (cell.paragraphs for cell in table.rows[0].cells)
    assert [p.style.name for p in french] == [p.style.name for p in english]
    assert french[0].style.name == "CPC State" and english[0].text == "Republic of Côte d’Ivoire"
    assert "CPC Document Title" in [p.style.name for p in french]


def test_side_by_side_columns_are_ragged_right(bilingual) -> None:
    """Half a page wide, justified and not hyphenated, the DOCX's lines gaped."""
    docx = bilingual[0]
    texts = [p for p in paragraphs(docx) if p.text.startswith(("RAPPELANT", "RECALLING"))]
    assert len(texts) == 2
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.LEFT for p in texts)


# ---------------------------------------------------------------- lists across pages


def listing(filler_lines: int, items: int, words: int = 4) -> Document:
    """About `filler_lines` lines of text, then a list of `items` items."""
    filler = [Paragraph([Run(FILLER * 2)]) for _ in range(filler_lines // 5)]
    filler += [Paragraph([Run("Ligne.")]) for _ in range(filler_lines % 5)]
    entries = [[Paragraph([Run(f"Élément{n} " + "mot " * words)])] for n in range(1, items + 1)]
    meta = Metadata("Titre", "Sujet", "fr-FR", page_label="Page {page} sur {pages}")
    return Document(meta, [*filler, ListBlock(entries)])


def item_pages(pdf: bytes, items: int) -> list[int]:
    pages = pdf_pages(pdf)
    return [
        next(n for n, t in enumerate(pages) if f"Élément{i} " in t) for i in range(1, items + 1)
    ]


@pytest.mark.parametrize("filler", [32, 35, 37])
def test_a_short_list_is_never_split(filler: int) -> None:
    """Six one-line items where the page ends (split 1+5 to 5+1 before): all on one page,
    none left alone on the document's last page."""
    pdf = write(listing(filler, 6), "pdf", "fr", SETTINGS)
    assert len(set(item_pages(pdf, 6))) == 1
    assert len(pdf_pages(pdf)) == 2  # it did reach the page's end


@pytest.mark.parametrize("filler", [23, 37])
def test_a_long_list_keeps_two_items_at_either_end_of_a_page(filler: int) -> None:
    """Fourteen items of two lines: with 23 lines before it, the last item was alone at the
    top of the next page; with 37, the first one alone at the bottom of the first."""
    pages = item_pages(write(listing(filler, 14, words=12), "pdf", "fr", SETTINGS), 14)
    assert pages[0] == pages[1] and pages[-1] == pages[-2]
    for page in set(pages):  # no page holds a single item of the list
        assert pages.count(page) >= 2


def test_the_docx_keeps_list_items_as_the_pdf_does(tmp_path: Path) -> None:
    """Word and LibreOffice keep a paragraph with the next one where the PDF keeps items
    together: every item of a short list, the first and the next-to-last of a long one."""
    docx = write(listing(0, 6), "docx", "fr", SETTINGS)
    keeps = [p.paragraph_format.keep_with_next for p in paragraphs(docx) if "Élément" in p.text]
    assert keeps == [True] * 5 + [None]
    docx = write(listing(0, 12, words=12), "docx", "fr", SETTINGS)
    keeps = [p.paragraph_format.keep_with_next for p in paragraphs(docx) if "Élément" in p.text]
    assert keeps == [True] + [None] * 9 + [True, None]


def _part(data: bytes, name: str) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")
