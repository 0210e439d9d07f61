"""Reports that look finished: objectives that flow, a draft mark in the DOCX too, table
cells whose words fit, and a draft in the words of its language. (A list's last items alone
on a last page: tests/test_house_style.py, where lists are kept together.)

Read back from the files: the DOCX's paragraphs, headers and tables (widths and words
measured with the font the PDF embeds, Times New Roman's metric twin), the PDF's pages.
"""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI, REFERENCE, ROOT
from docx import Document as open_docx
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from cpc_docs.authoring.report_draft import draft_text
from cpc_docs.cli.main import Ui
from cpc_docs.cli.report import report_group
from cpc_docs.document import Document, Metadata, Paragraph, Run
from cpc_docs.load.compact import load_compact
from cpc_docs.shipped import TEMPLATE_ROOT
from cpc_docs.writers import WriteOptions
from cpc_docs.writers.docx import write as write_docx
from cpc_docs.writers.pdf import FONTS

# Its module fixtures typeset the worked report: seconds before the first test runs.
pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "reports" / "civ-2022-2024.yaml"


def invoke(*args: str):  # -> click.testing.Result
    return CliRunner().invoke(report_group, list(args), obj=Ui())


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> dict[str, bytes]:
    """The worked example (2024) in fr and en, DOCX and PDF, by file name."""
    out = tmp_path_factory.mktemp("example")
    result = invoke("render", str(EXAMPLE), "-o", str(out))
    assert result.exit_code == 0, result.output
    return {path.name: path.read_bytes() for path in out.iterdir()}


@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> dict[str, bytes]:
    """A fresh draft for 2023, rendered: DOCX in fr and en."""
    folder = tmp_path_factory.mktemp("draft")
    report = folder / "civ-2022-2023.yaml"
    assert invoke("draft", str(REFERENCE), "--year", "2023", "-o", str(report)).exit_code == 0
    result = invoke("render", str(report), "--compact", str(REFERENCE), "--format", "docx",
                    "-o", str(folder))  # fmt: skip
    assert result.exit_code == 0, result.output
    return {path.name: path.read_bytes() for path in folder.glob("*.docx")}


# ---------------------------------------------------------------- objectives flow


def test_objectives_flow_instead_of_each_starting_a_page(example) -> None:
    """Each objective began a new page, most of the page before it white. Its heading
    still stays with what follows it."""
    for lang, word in (("fr", "Objectif"), ("en", "Objective")):
        document = open_docx(io.BytesIO(example[f"civ-2022-2024.{lang}.docx"]))
        headings = [p for p in document.paragraphs if re.match(rf"\d+\. {word} \d", p.text)]
        assert len(headings) == 4
        assert not any(p.paragraph_format.page_break_before for p in headings)
        assert all(p.style.paragraph_format.keep_with_next for p in headings)
        pages = [
            p.extract_text()
            for p in PdfReader(io.BytesIO(example[f"civ-2022-2024.{lang}.pdf"])).pages
        ]
        below_text = 0
        for n in range(2, 6):
            page = next(t for t in pages if re.search(rf"^{n}\. {word} \d", t, re.M))
            first_line = page.strip().splitlines()[0]
            below_text += not first_line.startswith(f"{n}. {word}")
        assert below_text >= 2  # most objectives start below the end of the one before


# ---------------------------------------------------------------- the draft mark


def test_a_draft_docx_is_marked_on_every_page_in_its_language(draft, example) -> None:
    """The PDF of a draft carries PROJET / DRAFT across each page; the DOCX had nothing."""
    for lang, word in (("fr", "PROJET"), ("en", "DRAFT")):
        document = open_docx(io.BytesIO(draft[f"civ-2022-2023.{lang}.docx"]))
        header = document.sections[0].header
        assert not header.is_linked_to_previous
        assert [p.text for p in header.paragraphs] == [word]
        assert header.paragraphs[0].style.name == "CPC Draft Mark"
        assert header.paragraphs[0].style.font.bold
        finished = open_docx(io.BytesIO(example[f"civ-2022-2024.{lang}.docx"]))
        assert not "".join(p.text for p in finished.sections[0].header.paragraphs)


# ---------------------------------------------------------------- table cells


@cache
def _font(bold: bool) -> tuple[dict[int, str], object]:
    font = TTFont(FONTS / f"LiberationSerif-{'Bold' if bold else 'Regular'}.ttf")
    return font.getBestCmap(), font["hmtx"]


def text_width(text: str, bold: bool, size: float) -> float:
    """Width in twips of `text` in the DOCX's typeface (Times New Roman's metrics)."""
    cmap, hmtx = _font(bold)
    units = sum(hmtx[cmap[ord(c)]][0] for c in text if ord(c) in cmap)  # type: ignore[index]
    return units / 2048 * size * 20


def overflowing_words(data: bytes) -> list[str]:
    """Every word of a table cell wider than its column (less the cells' margins), which
    Word and LibreOffice then break inside ("Valeu|r 2027")."""
    document = open_docx(io.BytesIO(data))
    found = []
    for table in document.tables:
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        for row in table.rows:
            for width, cell in zip(grid, row.cells, strict=True):
                room = width - 2 * 108  # the reference's cell margins, left and right
                for para in cell.paragraphs:
                    size = para.style.font.size.pt
                    for run in para.runs:
                        bold = bool(run.bold if run.bold is not None else para.style.font.bold)
                        for word in re.split(r"[ \t]+|(?<=-)", run.text):
                            if word and text_width(word, bold, size) > room:
                                found.append(f"{word!r} in a column of {width / 567:.2f} cm")
    return found


def test_every_word_of_the_report_tables_fits_its_column(example, draft) -> None:
    """The indicator table's "Valeur 2027" broke as "Valeu|r 2027"; in the activities
    table, "1.12" and "[À COMPLÉTER]" broke too."""
    for name in ("civ-2022-2024.fr.docx", "civ-2022-2024.en.docx"):
        assert overflowing_words(example[name]) == [], name
    for name in ("civ-2022-2023.fr.docx", "civ-2022-2023.en.docx"):
        assert overflowing_words(draft[name]) == [], name


# ---------------------------------------------------------------- the draft's words


def test_the_drafts_english_comments_name_the_partner_in_english(tmp_path: Path) -> None:
    """The skeleton's comments are English: "the Government of Senegal", not "Sénégal"."""
    text = MINI.read_text(encoding="utf-8").replace(
        "short: {fr: Patria, en: Patria}", "short: {fr: Sénégal, en: Senegal}"
    )
    assert "Sénégal" in text
    compact_file = tmp_path / "mini.yaml"
    compact_file.write_text(text, encoding="utf-8")
    compact = load_compact(compact_file)[0]
    skeleton = draft_text(compact, 2023, "mini.yaml")
    assert "# what the Government of Senegal contributed in the period" in skeleton
    assert "Sénégal" not in skeleton


def test_a_reference_docx_made_before_the_draft_mark_still_marks_drafts(tmp_path: Path) -> None:
    """A project's own reference.docx, restyled before the draft mark's style existed, gets
    the house style's instead of failing the render."""
    reference = tmp_path / "reference.docx"
    styles = open_docx(str(TEMPLATE_ROOT / "en" / "reference.docx"))
    mark = styles.styles["CPC Draft Mark"].element
    mark.getparent().remove(mark)
    styles.save(str(reference))
    meta = Metadata("Report", "Report", "en-US", draft=True, draft_word="DRAFT")
    data = write_docx(Document(meta, [Paragraph([Run("Text.")])]), WriteOptions(reference))
    header = open_docx(io.BytesIO(data)).sections[0].header.paragraphs
    assert [(p.text, p.style.name, p.style.font.bold) for p in header] == [
        ("DRAFT", "CPC Draft Mark", True)
    ]
