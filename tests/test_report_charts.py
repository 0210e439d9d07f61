"""Charts: deterministic bytes, words and numbers in the document's language, round ticks.

What a chart says is read back from the same layout typeset as PDF (`charts.pdf_of`): the
PNG's pixels cannot be read, its text can."""

from __future__ import annotations

import hashlib
import io
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from cpc_docs.present import charts
from cpc_docs.present.charts import ChartWords
from cpc_docs.present.report import chart_words, format_measured, format_number, format_percent

NBSP = "\u00a0"
SERIES = charts.IndicatorSeries(
    years=[2023, 2024, 2025],
    targets={2023: 10, 2024: 12.5, 2025: None},
    values={2023: 8, 2024: None},
    baseline=3,
    baseline_year=2022,
    unit="percentage",
    current_year=2024,
    alt="Indicateur 3.1 : valeurs et cibles annuelles",
)
COUNTS = [("completed", "Achevée", 3), ("delayed", "Retardée", 1), (None, "Non renseignée", 2)]


@pytest.fixture(scope="module")
def fr_words() -> ChartWords:
    return chart_words("fr")


def series(**changes: object) -> charts.IndicatorSeries:
    return charts.IndicatorSeries(**{**vars(SERIES), **changes})


def text_of(*pages: charts.Page) -> list[str]:
    """What each page says, as a PDF reader extracts it."""
    reader = PdfReader(io.BytesIO(charts.pdf_of(pages)))
    return [page.extract_text() for page in reader.pages]


def png_chunks(data: bytes) -> list[bytes]:
    """The type of each chunk of a PNG, in order."""
    chunks: list[bytes] = []
    at = 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        chunks.append(data[at + 4 : at + 8])
        at += 12 + length
    return chunks


def test_a_chart_is_the_same_bytes_every_time(fr_words: ChartWords) -> None:
    first = charts.indicator_chart(SERIES, fr_words, vector=True)
    second = charts.indicator_chart(SERIES, fr_words, vector=True)
    assert first.data == second.data and first.svg == second.svg
    assert first.data.startswith(b"\x89PNG")
    # No date, software or text chunk: nothing of the clock or of a version in the bytes.
    assert set(png_chunks(first.data)) <= {b"IHDR", b"IDAT", b"IEND", b"pHYs"}
    assert first.svg is not None and first.svg.lstrip().startswith(b"<svg")
    assert b"<dc:date>" not in first.svg and b"typst" not in first.svg.lower()
    assert first.alt == SERIES.alt and first.width_mm == 150
    # 160 × 58 mm at 200 pixels an inch.
    assert struct.unpack(">II", first.data[16:24]) == (1260, 457)


def test_status_charts_are_deterministic_too(fr_words: ChartWords) -> None:
    first = charts.status_chart(COUNTS, fr_words, "Objectif 1")
    assert first.data == charts.status_chart(COUNTS, fr_words, "Objectif 1").data
    assert first.svg is None  # PNG only unless asked: PDF readers can find the image
    assert first.alt == "Objectif 1" and first.width_mm == 150
    # 160 × (16 + 7 × 3) mm at 200 pixels an inch.
    assert struct.unpack(">II", first.data[16:24]) == (1260, 291)


# In a fresh process (which can fork), many charts are drawn by two children, half each.
SPLIT_SCRIPT = """
import hashlib, os, sys
from cpc_docs.present import charts
from cpc_docs.present.report import chart_words

real_typeset = charts._typeset

def typeset(pages, vector):  # each compile says where it ran, in a file of its own
    with open(os.path.join(sys.argv[2], f"compile-{os.getpid()}-{len(pages)}"), "w"):
        pass
    return real_typeset(pages, vector)

charts._typeset = typeset
words = chart_words("fr")
pages = [charts.indicator_page(charts.IndicatorSeries(
    years=[2023, 2024, 2025], targets={2023: 10, 2024: 12.5, 2025: None},
    values={2023: 8 + i, 2024: None}, baseline=3, baseline_year=2022, unit="percentage",
    current_year=2024, alt=""), words) for i in range(int(sys.argv[1]))]
for png, _svg in charts.draw_pages(pages):
    print("png", hashlib.sha256(png).hexdigest())
print("parent", os.getpid(), "typst" in sys.modules)
"""


def test_many_charts_are_drawn_by_two_children_with_the_same_bytes(
    fr_words: ChartWords, tmp_path: Path
) -> None:
    count = charts.SPLIT_FROM + 1
    done = subprocess.run([sys.executable, "-c", SPLIT_SCRIPT, str(count), str(tmp_path)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = [line.split() for line in done.stdout.splitlines()]
    marks = [path.name.split("-") for path in tmp_path.glob("compile-*")]
    compiles = [(pid, int(n)) for _compile, pid, n in marks]
    (parent,) = [x[1:] for x in lines if x[0] == "parent"]
    assert sorted(n for _pid, n in compiles) == [count // 2, count - count // 2]
    assert len({pid for pid, _n in compiles} | {parent[0]}) == 3 and parent[1] == "False"
    many = [series(values={2023: 8 + i, 2024: None}) for i in range(count)]
    here = charts.draw_pages([charts.indicator_page(s, fr_words) for s in many])  # one compile
    assert [x[1] for x in lines if x[0] == "png"] == [
        hashlib.sha256(p).hexdigest() for p, _ in here
    ]


def test_a_chart_is_the_same_drawn_alone_or_with_many(fr_words: ChartWords) -> None:
    """One compile for every chart of a document (here: Typst is loaded, so no child): a
    chart's bytes do not depend on its neighbours."""
    many = [series(values={2023: 8 + i, 2024: None}) for i in range(charts.SPLIT_FROM)]
    drawn = charts.draw_pages([charts.indicator_page(s, fr_words) for s in many])
    assert len(drawn) == len(many) and len({png for png, _svg in drawn}) == len(many)
    for index in (0, len(many) // 2, len(many) - 1):
        assert drawn[index][0] == charts.indicator_chart(many[index], fr_words).data


def test_words_and_numbers_follow_the_language() -> None:
    fr, en = chart_words("fr"), chart_words("en")
    assert (fr.value, fr.target, fr.baseline, fr.gap) == (
        "Valeur", "Cible", "Référence", "[À COMPLÉTER]",
    )  # fmt: skip
    assert (en.value, en.target, en.baseline, en.gap) == (
        "Value", "Target", "Baseline", "[TO BE COMPLETED]",
    )  # fmt: skip
    assert fr.format_value(1250.5) == f"1{NBSP}250,5" and en.format_value(1250.5) == "1,250.5"
    assert fr.format_percent(12.5) == f"12,5{NBSP}%" and en.format_percent(12.5) == "12.5%"
    assert (fr.yes, fr.no, en.yes, en.no) == ("Oui", "Non", "Yes", "No")


def test_the_chart_prints_the_words_and_numbers_of_its_language() -> None:
    counted = series(unit="count", values={2023: 1250.5, 2024: None},
                     targets={2023: 1000, 2024: 1500, 2025: None})  # fmt: skip
    fr, en = text_of(
        charts.indicator_page(counted, chart_words("fr")),
        charts.indicator_page(counted, chart_words("en")),
    )
    assert f"1{NBSP}250,5" in fr and "1,250.5" in en  # the value, on its bar
    assert f"1{NBSP}500" in fr and "1,500" in en  # a tick: 0, 500, … 1 500
    for words in (["Valeur", "Cible", "Référence (2022)", "[À COMPLÉTER]"], ["2023", "2025"]):
        assert all(word in fr for word in words), (words, fr)
    assert "Target" in en and "Baseline (2022)" in en and "[TO BE COMPLETED]" in en
    (percent,) = text_of(charts.indicator_page(SERIES, chart_words("fr")))
    assert f"8{NBSP}%" in percent and f"10{NBSP}%" in percent  # the value; a tick


def test_a_missing_value_of_the_year_changes_the_picture(fr_words: ChartWords) -> None:
    """The current year's gap is drawn (highlighted), so a draft's chart differs."""
    complete = series(values={2023: 8, 2024: 11})
    assert charts.indicator_chart(complete, fr_words).data != (
        charts.indicator_chart(SERIES, fr_words).data
    )
    gap, done = text_of(charts.indicator_page(SERIES, fr_words),
                        charts.indicator_page(complete, fr_words))  # fmt: skip
    assert "[À COMPLÉTER]" in gap and "[À COMPLÉTER]" not in done and f"11{NBSP}%" in done
    # Only the report's year is a gap: a later year's value is not due yet.
    (later,) = text_of(charts.indicator_page(series(current_year=2023), fr_words))
    assert "[À COMPLÉTER]" not in later


def test_a_yes_no_chart_says_yes_and_no(fr_words: ChartWords) -> None:
    yes_no = series(unit="yes_no", values={2023: False, 2024: True},
                    targets={2023: True, 2024: True, 2025: True}, baseline=False)  # fmt: skip
    page = charts.indicator_page(yes_no, fr_words)
    (text,) = text_of(page)
    assert text.count("Oui") == 2 and text.count("Non") == 2  # the axis; a bar's label each
    assert "%" not in text
    bars = [s for s in page["shapes"] if s["k"] == "rect" and s["fill"] == charts.VALUE]
    assert 0 < bars[0]["h"] < bars[1]["h"] / 10  # "no" is a sliver, "yes" the full height


def test_a_status_chart_names_each_status_and_its_count(fr_words: ChartWords) -> None:
    page = charts.status_page(COUNTS, fr_words)
    (text,) = text_of(page)
    for word in ("Achevée", "Retardée", "Non renseignée", "activités", "3", "1", "2"):
        assert word in text
    bars = [s for s in page["shapes"] if s["k"] == "rect"]
    assert [b["fill"] for b in bars] == [charts.COLORS["completed"], charts.COLORS["delayed"],
                                        charts.COLORS[None]]  # fmt: skip
    assert bars[0]["w"] == pytest.approx(3 * bars[1]["w"])  # widths in proportion
    ticks = [s["t"] for s in page["shapes"] if s["k"] == "text" and s["va"] == "top"]
    assert ticks == ["0", "1", "2", "3", "activités"]  # whole activities only


def test_a_value_label_sits_inside_a_tall_bar_else_above_it_and_its_target(
    fr_words: ChartWords,
) -> None:
    page = charts.indicator_page(
        series(unit="count", years=[2023, 2024, 2025], values={2023: 90, 2024: 5, 2025: 10},
               targets={2023: None, 2024: None, 2025: 12}),
        fr_words,
    )  # fmt: skip
    texts = [s for s in page["shapes"] if s["k"] == "text"]
    labels = {s["t"]: s for s in texts if s["t"] in {"90", "5", "10"}}  # none is a tick
    bars = [s for s in page["shapes"] if s["k"] == "rect" and s["fill"] == charts.VALUE]
    tall, short, under_target = labels["90"], labels["5"], labels["10"]
    assert tall["fill"] == "#ffffff" and tall["bold"] and tall["va"] == "horizon"
    assert bars[0]["y"] < tall["y"] < bars[0]["y"] + bars[0]["h"]  # within the bar
    assert short["fill"] == "#000000" and short["va"] == "bottom" and short["y"] < bars[1]["y"]
    marker = next(s for s in page["shapes"] if s["k"] == "polygon")  # the 2025 target
    assert under_target["y"] < min(y for _x, y in marker["pts"])  # above the diamond
    assert under_target["bg"] == "#ffffff"  # the target's line never crosses a number


@pytest.mark.parametrize(
    ("top", "integer", "ticks"),
    [
        (150.06, False, [0, 50, 100, 150]),  # 123 × 1.22: steps of 50, not 40
        (123, False, [0, 25, 50, 75, 100]),
        (24.4, True, [0, 5, 10, 15, 20]),
        (12.2, False, [0, 2.5, 5, 7.5, 10]),
        (12.2, True, [0, 5, 10]),  # never 2.5 activities or people
        (1.22, True, [0, 1]),  # counts: no 0.25 either
        (1.22, False, [0, 0.25, 0.5, 0.75, 1]),
        (0.305, False, [0, 0.1, 0.2, 0.3]),  # not 0.30000000000000004
        (8.96, True, [0, 1, 2, 3, 4, 5, 6, 7, 8]),
        (732, True, [0, 200, 400, 600]),
    ],
)
def test_ticks_are_round_numbers(top: float, integer: bool, ticks: list[float]) -> None:
    bins = 10 if top == 8.96 else 5  # the status chart's axis has up to ten steps
    assert charts.nice_ticks(top, integer=integer, bins=bins) == ticks


def test_values_read_as_their_unit() -> None:
    assert format_measured(36500, "count", "fr") == f"36{NBSP}500"
    assert format_measured(4.2, "percentage", "en") == "4.2%"
    assert format_measured(True, "yes_no", "fr") == "Oui"
    assert format_measured(None, "count", "en") is None
    assert format_number(2023, "fr") == f"2{NBSP}023"  # why years are printed with str()
    assert format_percent(108, "fr") == f"108{NBSP}%"


def test_a_negative_value_takes_the_axis_below_zero(fr_words):
    """A percentage that fell: its bar hangs from 0 inside the plot, labelled, the axis has
    ticks below 0 (matplotlib clipped such a bar away with its label)."""
    fell = series(values={2023: -5, 2024: 3})
    page = charts.indicator_page(fell, fr_words)
    (text,) = text_of(page)
    assert f"-5{NBSP}%" in text and f"3{NBSP}%" in text
    bars = [s for s in page["shapes"] if s["k"] == "rect" and s["fill"] == charts.VALUE]
    assert all(s["y"] > 0 and s["y"] + s["h"] < page["height"] - 7 for s in bars)
    assert charts.nice_ticks(15.25, integer=False, bottom=-6.1) == [-5.0, 0.0, 5.0, 10.0, 15.0]


def test_a_measured_value_too_large_to_chart_is_refused():
    """YAML's .inf, or a value whose axis would overflow: said where it is, never a traceback
    from the chart."""
    from pydantic import TypeAdapter, ValidationError

    from cpc_docs.model.report import Measured

    adapter = TypeAdapter(Measured)
    assert adapter.validate_python(36500) == 36500 and adapter.validate_python(True) is True
    for value in (float("inf"), -float("inf"), 1e308):
        with pytest.raises(ValidationError, match="at most 1e\\+15 either way"):
            adapter.validate_python(value)
