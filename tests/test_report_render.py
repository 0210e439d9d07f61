"""Rendered annual reports, read back: the indicator table, the charts, the gaps of a draft.

The worked example (reports/civ-2022-2024.yaml) is rendered once for the module in both
languages and both formats through `cpc report render`; the draft of 2023 once, in French, as
DOCX. Rendering costs about two seconds a language (19 charts), so fixtures are shared.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REFERENCE, ROOT
from docx import Document as open_docx
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Mm
from pypdf import PdfReader

from cpc_docs.cli.main import Ui
from cpc_docs.cli.report import report_group

# Typesets whole reports (19 charts a language) and starts child processes: seconds each.
pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "reports" / "civ-2022-2024.yaml"
INDICATORS, OBJECTIVES = 15, 4
HEADERS = {
    "fr": ["Indicateur", "Référence", "Cible {}", "Valeur {}", "% de la cible", "Tendance"],
    "en": ["Indicator", "Baseline", "Target {}", "Value {}", "% of target", "Trend"],
}
NBSP = "\u00a0"


def invoke(*args: str):
    return CliRunner().invoke(report_group, list(args), obj=Ui())


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> dict[str, bytes]:
    """The worked example in fr and en, DOCX and PDF, by file name."""
    out = tmp_path_factory.mktemp("example")
    result = invoke("render", str(EXAMPLE), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "to complete" not in result.output  # the example is complete
    return {path.name: path.read_bytes() for path in out.iterdir()}


def render_draft(folder: Path) -> tuple[bytes, str]:
    """`cpc report draft … --year 2023`, then `cpc report render` to a French DOCX."""
    report = folder / "r.yaml"
    assert invoke("draft", str(REFERENCE), "--year", "2023", "-o", str(report)).exit_code == 0
    result = invoke("render", str(report), "--compact", str(REFERENCE), "--lang", "fr",
                    "--format", "docx", "-o", str(folder))  # fmt: skip
    assert result.exit_code == 0, result.output
    return (folder / "civ-2022-2023.fr.docx").read_bytes(), result.output


@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> tuple[bytes, str]:
    return render_draft(tmp_path_factory.mktemp("draft"))


def tables(data: bytes):
    return open_docx(io.BytesIO(data)).tables


def indicator_table(data: bytes, lang: str, year: int = 2024) -> list[list[str]]:
    """The table found by its header cells, as text."""
    header = [cell.format(year) for cell in HEADERS[lang]]
    for table in tables(data):
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows[0] == header:
            return rows
    raise AssertionError(f"no table with the header {header}")


# ---------------------------------------------------------------- the worked example


def test_every_language_and_format_is_written_with_a_manifest(example):
    names = {f"civ-2022-2024.{lang}.{fmt}" for lang in ("fr", "en") for fmt in ("docx", "pdf")}
    assert names | {"civ-2022-2024.manifest.json"} == set(example)
    manifest = json.loads(example["civ-2022-2024.manifest.json"])
    recorded = {o["path"]: o["sha256"] for o in manifest["outputs"]}
    assert recorded == {name: hashlib.sha256(example[name]).hexdigest() for name in names}
    inputs = {Path(i["path"]).name for i in manifest["inputs"]}
    assert {"civ-2022-2024.yaml", "civ-2022.yaml", "report.md.j2"} <= inputs


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_docx_has_the_indicator_table(example, lang):
    rows = indicator_table(example[f"civ-2022-2024.{lang}.docx"], lang)
    assert len(rows) == 1 + INDICATORS
    first = rows[1]
    expected = {
        "fr": ["1.1 Nombre de campagnes de prévention réalisées", "4 (2022)", "12", "13",
               f"108{NBSP}%", "4 → 7 → 13"],
        "en": ["1.1 Number of prevention campaigns conducted", "4 (2022)", "12", "13", "108%",
               "4 → 7 → 13"],
    }  # fmt: skip
    assert first == expected[lang]
    labels = [row[0].split()[0] for row in rows[1:]]
    assert labels == [f"{o}.{i}" for o, n in ((1, 4), (3, 7), (4, 4)) for i in range(1, n + 1)]


def test_numbers_are_written_the_way_each_language_writes_them(example):
    fr = {row[0][:3]: row for row in indicator_table(example["civ-2022-2024.fr.docx"], "fr")}
    en = {row[0][:3]: row for row in indicator_table(example["civ-2022-2024.en.docx"], "en")}
    assert fr["1.2"][1:5] == [f"15{NBSP}000 (2022)", f"60{NBSP}000", f"64{NBSP}200", f"107{NBSP}%"]
    assert en["1.2"][1:5] == ["15,000 (2022)", "60,000", "64,200", "107%"]
    assert fr["3.1"][5] == f"0{NBSP}% → 12,5{NBSP}% → 18{NBSP}%"
    assert en["3.1"][5] == "0% → 12.5% → 18%"
    assert fr["4.2"][1:5] == ["Non (2022)", "Oui", "Non", "—"]
    assert en["4.2"][1:5] == ["No (2022)", "Yes", "No", "—"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_docx_has_one_chart_per_indicator_and_one_per_objective(example, lang):
    document = open_docx(io.BytesIO(example[f"civ-2022-2024.{lang}.docx"]))
    shapes = list(document.inline_shapes)
    assert len(shapes) == INDICATORS + OBJECTIVES
    assert all(abs(shape.width - Mm(150)) < Mm(0.1) for shape in shapes)
    blobs = {
        rel.target_part.blob
        for rel in document.part.rels.values()
        if rel.reltype.endswith("/image")
    }
    assert len(blobs) == INDICATORS + OBJECTIVES  # all different
    assert all(blob.startswith(b"\x89PNG\r\n\x1a\n") for blob in blobs)


def image_xobjects(page) -> list:
    """The image XObjects a page draws (read from its resources, nothing decoded)."""
    resources = page["/Resources"].get_object()
    xobjects = resources["/XObject"].get_object() if "/XObject" in resources else {}
    found = [x.get_object() for x in xobjects.values()]
    return [x for x in found if x.get("/Subtype") == "/Image"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_pdf_has_the_chart_images_next_to_their_captions(example, lang):
    reader = PdfReader(io.BytesIO(example[f"civ-2022-2024.{lang}.pdf"]))
    per_page = [image_xobjects(page) for page in reader.pages]
    assert sum(len(images) for images in per_page) == INDICATORS + OBJECTIVES
    # 160 mm at 200 dpi (1259.8 pixels, rounded): the PNG itself, not a thumbnail.
    assert {int(x["/Width"]) for images in per_page for x in images} == {1260}
    caption = {"fr": "Indicateur 1.1", "en": "Indicator 1.1"}[lang]
    with_caption = next(
        n for n, page in enumerate(reader.pages) if per_page[n] and caption in page.extract_text()
    )
    assert per_page[with_caption]
    assert reader.metadata.title.startswith(
        {"fr": "Rapport annuel 2024", "en": "Annual Report 2024"}[lang]
    )


def test_the_cover_says_the_data_is_illustrative(example):
    fr = "\n".join(
        p.text for p in open_docx(io.BytesIO(example["civ-2022-2024.fr.docx"])).paragraphs
    )
    en = "\n".join(
        p.text for p in open_docx(io.BytesIO(example["civ-2022-2024.en.docx"])).paragraphs
    )
    assert "RAPPORT ANNUEL 2024" in fr and "ANNUAL REPORT 2024" in en
    assert "Données fictives" in fr and "Fictitious data" in en
    assert "Année 2 du Partenariat : du 7 décembre 2023 au 6 décembre 2024" in fr.replace(NBSP, " ")
    assert "Year 2 of the Partnership: December 7, 2023 to December 6, 2024" in en


def test_rendering_twice_gives_the_same_bytes(draft, tmp_path):
    """Draft and render again, in another folder: the same DOCX, charts included (the
    chart tests check the indicator charts' bytes)."""
    assert render_draft(tmp_path)[0] == draft[0]


# ---------------------------------------------------------------- a draft


def test_the_draft_docx_highlights_every_gap(draft):
    data, output = draft
    document = open_docx(io.BytesIO(data))
    runs = [
        run
        for paragraph in _all_paragraphs(document)
        for run in paragraph.runs
        if run.text in ("[À COMPLÉTER]", "[…]")  # "[…]": in the indicator table's cells
    ]
    assert all(run.font.highlight_color == WD_COLOR_INDEX.YELLOW and run.bold for run in runs)
    listed = int(output.split(" values to complete:")[0].rsplit(" ", 1)[1])
    assert listed == 177
    assert len(runs) >= listed
    # Where editors will look: every activity's status, every indicator's figures.
    rows = indicator_table(data, "fr", year=2023)
    assert len(rows) == 1 + INDICATORS
    for row in rows[1:]:
        assert row[1:4] == ["[…]"] * 3  # baseline, target, value: the mark fits the cell
    legend = [p.text for p in document.paragraphs if p.text.startswith("[…]")]
    assert legend == [f"[…]{NBSP}: valeur à compléter."]
    statuses = [
        row.cells[2].text
        for t in document.tables
        if [c.text for c in t.rows[0].cells][:3] == ["N°", "Activité", "État"]
        for row in t.rows[1:]
    ]
    assert statuses == ["[À COMPLÉTER]"] * 54
    text = "\n".join(p.text for p in document.paragraphs)
    assert "177 valeurs restent à compléter" in text.replace(NBSP, " ")


def test_a_draft_charts_what_it_knows(draft):
    """Activity statuses are charted (all "not reported" yet); an indicator without baseline,
    target or value has no chart yet, only its caption with the gaps."""
    document = open_docx(io.BytesIO(draft[0]))
    assert len(document.inline_shapes) == OBJECTIVES
    captions = [p.text for p in document.paragraphs if p.text.startswith("Indicateur 1.1")]
    assert captions and captions[0].count("[À COMPLÉTER]") == 4  # value, target, source, date


def _all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


# In a fresh process `cpc report render` draws each language's charts in a forked child (one
# Typst compile for them all), and typesets each PDF in a forked child, which exits and gives
# Typst's caches back (a 200-indicator report otherwise holds ~200 MB per language): the
# main process never loads Typst, so that it can still fork safely for the PDFs.
# This script records which process typeset each PDF; in the test process (Typst already ran,
# so forking is unsafe) the same function typesets them on a thread instead.
CHILD_SCRIPT = """
import os, sys
from pathlib import Path
import cpc_docs.writers as settings
from cpc_docs.cli.main import Ui
from cpc_docs.cli.report import report_group

real_write = settings.write

def write(doc, fmt, lang, settings):
    if fmt == "pdf":
        Path(sys.argv[2], f"pid-{lang}").write_text(str(os.getpid()))
    return real_write(doc, fmt, lang, settings)

settings.write = write

import cpc_docs.present.charts as charts

real_typeset = charts._typeset

def typeset(pages, vector):
    with open(Path(sys.argv[2], "chart-pids"), "a") as pids:
        pids.write(f"{os.getpid()} {len(pages)}\\n")
    return real_typeset(pages, vector)

charts._typeset = typeset
try:
    report_group.main(["render", sys.argv[1], "-o", sys.argv[2]], obj=Ui(quiet=True))
except SystemExit as exit:
    assert not exit.code, exit.code
print("typst loaded" if "typst" in sys.modules else "no typst")
print(os.getpid())
"""


def run_script(script: str, out: Path):  # -> subprocess.CompletedProcess[str]
    """`script` in a fresh Python process, rendering the worked example into `out`."""
    import subprocess
    import sys

    # No chart cache: the charts are drawn, so the script sees who draws them.
    done = subprocess.run(
        [sys.executable, "-c", script, str(EXAMPLE), str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "CPC_CACHE_DIR": ""},
    )
    assert done.returncode == 0, done.stderr
    return done


def test_report_pdfs_typeset_in_a_child_process_are_the_same(
    example: dict[str, bytes], tmp_path: Path
) -> None:
    done = run_script(CHILD_SCRIPT, tmp_path)
    parent = int(done.stdout.split()[-1])
    for lang in ("fr", "en"):
        child = int((tmp_path / f"pid-{lang}").read_text())
        assert child != parent, f"the {lang} PDF was typeset in the main process"
        for fmt in ("pdf", "docx"):
            name = f"civ-2022-2024.{lang}.{fmt}"
            assert (tmp_path / name).read_bytes() == example[name], name
    # The charts too were drawn in child processes, a compile each for a language's 19 charts
    # (two children, half each, from charts.SPLIT_FROM on), with the same bytes as drawn in
    # one process; this one never loaded Typst.
    compiles = [line.split() for line in (tmp_path / "chart-pids").read_text().splitlines()]
    assert sorted(int(count) for _pid, count in compiles) == [19, 19]
    assert len({pid for pid, _count in compiles}) == 2 and str(parent) not in dict(compiles)
    assert "no typst" in done.stdout.splitlines()


def test_a_typesetter_that_dies_is_a_clear_error(tmp_path: Path) -> None:
    """A child killed mid-typesetting (the out-of-memory killer, a crash) is reported, not a
    traceback, and nothing is written."""
    script = CHILD_SCRIPT.replace(
        "    return real_write(doc, fmt, lang, settings)",
        "    if fmt == 'pdf':\n        os.kill(os.getpid(), 9)\n"
        "    return real_write(doc, fmt, lang, settings)",
    ).replace("    assert not exit.code, exit.code", "    assert exit.code == 1, exit.code")
    done = run_script(script, tmp_path)
    assert "the PDF typesetter stopped unexpectedly" in done.stderr
    assert "Traceback" not in done.stderr
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.docx"))


def test_the_amount_header_names_the_currency_once_known(
    draft: tuple[bytes, str], example: dict[str, bytes]
) -> None:
    """A draft's missing currency is shown in the sentence above the table, not squeezed
    into the column header."""

    def header(data: bytes, first: str) -> list[str]:
        return next(
            [cell.text for cell in t.rows[0].cells] for t in tables(data)
            if t.rows[0].cells[0].text == first
        )  # fmt: skip

    assert header(draft[0], "Nature")[-1] == "Montant"
    assert header(example["civ-2022-2024.fr.docx"], "Nature")[-1] == "Montant (XOF)"
    assert header(example["civ-2022-2024.en.docx"], "Kind")[-1] == "Amount (XOF)"


def test_key_figures_of_a_draft_show_gaps_not_zeros(draft: tuple[bytes, str]) -> None:
    """Nothing reported yet, an in-kind contribution still to describe: the summary says
    "to complete", never a 0 that reads as a fact."""
    rows = {
        row.cells[0].text: row.cells[-1].text
        for table in tables(draft[0])
        for row in table.rows
        if len(row.cells) >= 2
    }
    assert rows["Indicateurs ayant atteint leur cible annuelle"] == "[À COMPLÉTER]"
    assert rows["Contributions en nature"] == "[À COMPLÉTER]"
