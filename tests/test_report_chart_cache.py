"""The chart cache: a chart drawn once is read back with the same bytes, never a stale one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cpc_docs.present import chart_cache, charts
from cpc_docs.present.report import chart_words

SERIES = charts.IndicatorSeries(
    years=[2023, 2024, 2025],
    targets={2023: 10, 2024: 20, 2025: 30},
    values={2023: 12, 2024: None},
    baseline=5,
    baseline_year=2022,
    unit="count",
    current_year=2024,
    alt="Indicateur 1.1",
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CPC_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "charts"


def job(series: charts.IndicatorSeries, lang: str = "fr") -> charts.ChartJob:
    words = chart_words(lang)
    key = chart_cache.key("indicator", lang, series, (words.value, words.target))
    return charts.ChartJob(lambda: charts.indicator_page(series, words), key, series.alt)


def test_a_chart_is_drawn_once_then_read_back_with_the_same_bytes(cache: Path) -> None:
    drawn: list[str] = []
    first = job(SERIES)
    counted = charts.ChartJob(lambda: (drawn.append("x"), first.layout())[1], first.key, first.alt)
    (image,) = charts.draw_cached([counted])
    (again,) = charts.draw_cached([counted])
    assert drawn == ["x"]  # the second came from the cache
    assert again.data == image.data == charts.indicator_chart(SERIES, chart_words("fr")).data
    assert again.alt == "Indicateur 1.1" and again.width_mm == image.width_mm
    assert [p.suffix for p in cache.iterdir()] == [".png"]


def test_other_inputs_or_language_give_another_key(cache: Path) -> None:
    changed = charts.IndicatorSeries(**{**vars(SERIES), "values": {2023: 13, 2024: None}})
    keys = {job(SERIES).key, job(changed).key, job(SERIES, "en").key}
    assert len(keys) == 3
    images = charts.draw_cached([job(SERIES), job(changed)])
    assert images[0].data != images[1].data


def test_a_folder_others_can_write_is_not_used(cache: Path) -> None:
    cache.mkdir(parents=True)
    os.chmod(cache, 0o777)
    (image,) = charts.draw_cached([job(SERIES)])
    assert image.data.startswith(b"\x89PNG") and list(cache.iterdir()) == []


def test_a_damaged_entry_is_drawn_again(cache: Path) -> None:
    entry = job(SERIES)
    cache.mkdir(parents=True, mode=0o700)
    (cache / f"{entry.key}.png").write_bytes(b"not a picture")
    (image,) = charts.draw_cached([entry])
    assert image.data.startswith(b"\x89PNG")
    assert (cache / f"{entry.key}.png").read_bytes() == image.data


def test_another_typst_gives_another_key(monkeypatch: pytest.MonkeyPatch) -> None:
    before = chart_cache.key("indicator", "fr", SERIES)
    real = chart_cache.metadata.version
    monkeypatch.setattr(
        chart_cache.metadata, "version", lambda name: "0.0" if name == "typst" else real(name)
    )
    chart_cache._code.cache_clear()
    try:
        assert chart_cache.key("indicator", "fr", SERIES) != before
    finally:
        monkeypatch.undo()
        chart_cache._code.cache_clear()
    assert chart_cache.key("indicator", "fr", SERIES) == before


def test_other_fonts_give_another_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A font changed (a newer Liberation release) changes every chart's pixels."""
    before = chart_cache.key("indicator", "fr", SERIES)
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for font in sorted(chart_cache.FONTS.glob("*.ttf")):
        (fonts / font.name).write_bytes(font.read_bytes())
    monkeypatch.setattr(chart_cache, "FONTS", fonts)
    chart_cache._code.cache_clear()
    try:
        assert chart_cache.key("indicator", "fr", SERIES) == before  # the same files
        (fonts / "LiberationSerif-Bold.ttf").write_bytes(b"another font")
        chart_cache._code.cache_clear()
        assert chart_cache.key("indicator", "fr", SERIES) != before
    finally:
        monkeypatch.undo()
        chart_cache._code.cache_clear()
    assert chart_cache.key("indicator", "fr", SERIES) == before


def test_the_charts_missing_from_the_cache_are_drawn_together(cache: Path) -> None:
    """Of a document's charts, those drawn before are read back; the others are laid out,
    and drawn in one go, each kept under its own key."""
    changed = charts.IndicatorSeries(**{**vars(SERIES), "values": {2023: 13, 2024: None}})
    (known,) = charts.draw_cached([job(SERIES)])
    laid_out: list[str] = []

    def counted(series: charts.IndicatorSeries, name: str) -> charts.ChartJob:
        entry = job(series)
        return charts.ChartJob(
            lambda: (laid_out.append(name), entry.layout())[1], entry.key, entry.alt
        )

    jobs = [counted(changed, "changed"), counted(SERIES, "known"), counted(changed, "again")]
    images = charts.draw_cached(jobs)
    assert laid_out == ["changed", "again"]
    assert images[1].data == known.data and images[0].data == images[2].data != known.data
    assert sorted(p.stem for p in cache.iterdir()) == sorted({j.key for j in jobs})
