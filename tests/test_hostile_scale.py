"""Scale: a compact with 500 activities and 200 indicators, and a report with ten years of data.

The compact is rendered at full size, in both languages, to DOCX and PDF: every activity and
indicator must be a list item of Annex A in the DOCX, in order, and be found in the PDF. The
report is rendered at a smaller width (a chart per indicator costs ~0.2 s; the full 200
indicators are measured in benchmarks/bench_scale.py) but over the full ten years: each
indicator's trend must read its baseline and its ten values, in order. CPU times are bounded
generously, to catch a blow-up (something quadratic), not to benchmark; peak memory is
measured by the benchmark.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document as open_docx
from strategies import docx_text, large_compact, large_report, read_pdf

from cpc_docs.load.compact import load_compact
from cpc_docs.pipeline import compact_document
from cpc_docs.settings import RenderSettings
from cpc_docs.writers import write

SETTINGS = RenderSettings(date_epoch=1669896000)
ACTIVITIES, INDICATORS = 500, 200


def written(tmp_path: Path, name: str, data: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def markers(text: str, kind: str) -> list[str]:
    return re.findall(rf"\b{kind}\d{{4}}\b", text)


@pytest.mark.parametrize("lang", ["fr"])  # both, at full size: benchmarks/bench_scale.py
def test_a_compact_with_500_activities_and_200_indicators(tmp_path: Path, lang: str) -> None:
    started = time.process_time()
    compact, _ = load_compact(written(tmp_path, "large.yaml", large_compact()))
    doc = compact_document(compact, lang, SETTINGS)
    docx = write(doc, "docx", lang, SETTINGS)
    pdf = read_pdf(write(doc, "pdf", lang, SETTINGS))
    assert time.process_time() - started < 10

    items = [
        p.text for p in open_docx(io.BytesIO(docx)).paragraphs if p.style.name == "List Bullet"
    ]
    activities = [m for text in items for m in markers(text, "A")]
    indicators = [m for text in items for m in markers(text, "I")]
    # Annex A lists each objective's activities, then its indicators: objective k holds the
    # activities k, k + 10, k + 20… (see large_compact).
    expected = [f"A{n:04d}" for k in range(1, 11) for n in range(k, ACTIVITIES + 1, 10)]
    assert activities == expected
    assert sorted(indicators) == [f"I{n:04d}" for n in range(1, INDICATORS + 1)]
    assert sorted(markers(pdf.text, "A")) == sorted(expected)
    assert sorted(markers(pdf.text, "I")) == sorted(indicators)
    assert pdf.boxes == 0


def test_a_report_with_ten_years_of_data(tmp_path: Path) -> None:
    from cpc_docs.pipeline import report_document
    from cpc_docs.rules.report import load_report

    data = large_compact(activities=4, indicators=3, years=10, objectives=1)
    report = large_report(data, years=10)
    started = time.process_time()
    loaded = load_report(
        written(tmp_path, "large-2032.yaml", report), written(tmp_path, "large.yaml", data)
    )
    doc = report_document(loaded, "en", SETTINGS)
    docx = write(doc, "docx", "en", SETTINGS)
    pdf = read_pdf(write(doc, "pdf", "en", SETTINGS))
    assert time.process_time() - started < 20

    trends = {}
    for table in open_docx(io.BytesIO(docx)).tables:
        for row in table.rows:
            cells = [cell.text for cell in row.cells]
            found = markers(cells[0], "I")
            if found and "→" in cells[-1]:
                trends[found[0]] = cells[-1]
    for objective in report["objectives"]:
        for indicator in objective["indicators"]:
            marker = "I" + indicator["id"].split("-")[1]
            values = [indicator["baseline"]["value"], *(v["value"] for v in indicator["values"])]
            assert len(values) == 11
            trend = " → ".join(map(str, values))
            assert trends[marker] == trend
            assert trend in " ".join(pdf.text.split())
    assert sorted(trends) == [f"I{n:04d}" for n in range(1, 4)]


def test_items_past_z_are_lettered_aa_ab(tmp_path: Path) -> None:
    """Lettered items were labelled chr(ord("A") + n): the 27th was "[", the 33rd "a"."""
    from strategies import mini_data

    data = mini_data()
    paragraph = {"fr": "Les Parties se consultent.", "en": "The Participants consult."}
    items = data["sections"]["monitoring"]["items"]  # A and B are mini.yaml's own
    items += [{"id": f"item-{n:02d}", "paragraphs": [paragraph]} for n in range(3, 31)]
    compact, _ = load_compact(written(tmp_path, "items.yaml", data))
    docx = write(compact_document(compact, "en", SETTINGS), "docx", "en", SETTINGS)
    labels = [
        p.text.split("\t")[0]
        for p in open_docx(io.BytesIO(docx)).paragraphs
        if p.text.endswith("The Participants consult.")
    ]
    letters = [chr(ord("A") + n) for n in range(2, 26)]
    assert labels == [f"{x}." for x in [*letters, "AA", "AB", "AC", "AD"]]


def test_long_party_names_do_not_break_the_docx_properties(tmp_path: Path) -> None:
    """The subject and author join the parties' names; past 255 characters python-docx
    refused them and the render failed with a traceback (found by make fuzz)."""
    from strategies import mini_data

    data = mini_data()
    long_name = "le Gouvernement de la République fédérale de Patria, " + "ministère " * 25
    data["parties"][0]["name"]["fr"] = long_name.strip()
    compact, _ = load_compact(written(tmp_path, "long.yaml", data))
    docx = write(compact_document(compact, "fr", SETTINGS), "docx", "fr", SETTINGS)
    document = open_docx(io.BytesIO(docx))
    for value in (document.core_properties.subject, document.core_properties.author):
        assert len(value) == 255 and value.endswith("…")
    assert f"Pour {long_name.strip()}" in docx_text(docx)  # the signature block: every word
