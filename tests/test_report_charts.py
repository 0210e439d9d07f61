"""Charts: deterministic bytes, words and numbers in the document's language."""

from __future__ import annotations

import pytest

from cpc_docs.present import charts
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


@pytest.fixture(scope="module")
def fr_words():
    return chart_words("fr")


def test_a_chart_is_the_same_bytes_every_time(fr_words):
    first = charts.indicator_chart(SERIES, fr_words, vector=True)
    second = charts.indicator_chart(SERIES, fr_words, vector=True)
    assert first.data == second.data and first.svg == second.svg
    assert first.data.startswith(b"\x89PNG") and b"matplotlib" not in first.data  # no Software
    assert first.svg is not None and b"<dc:date>" not in first.svg
    assert b"<dc:creator>" not in first.svg  # no matplotlib version either
    assert first.alt == SERIES.alt and first.width_mm == 150


def test_status_charts_are_deterministic_too(fr_words):
    counts = [("completed", "Achevée", 3), ("delayed", "Retardée", 1), (None, "Non renseignée", 2)]
    first = charts.status_chart(counts, fr_words, "Objectif 1")
    assert first.data == charts.status_chart(counts, fr_words, "Objectif 1").data
    assert first.svg is None  # PNG only unless asked: PDF readers can find the image


def test_words_and_numbers_follow_the_language():
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


def test_values_read_as_their_unit():
    assert format_measured(36500, "count", "fr") == f"36{NBSP}500"
    assert format_measured(4.2, "percentage", "en") == "4.2%"
    assert format_measured(True, "yes_no", "fr") == "Oui"
    assert format_measured(None, "count", "en") is None
    assert format_number(2023, "fr") == f"2{NBSP}023"  # why years are printed with str()
    assert format_percent(108, "fr") == f"108{NBSP}%"


def test_a_missing_value_of_the_year_changes_the_picture(fr_words):
    """The current year's gap is drawn (highlighted), so a draft's chart differs."""
    complete = charts.IndicatorSeries(**{**SERIES.__dict__, "values": {2023: 8, 2024: 11}})
    assert charts.indicator_chart(complete, fr_words).data != (
        charts.indicator_chart(SERIES, fr_words).data
    )
