"""Report charts: an indicator's values against its targets, activity statuses; drawn by Typst.

Why Typst, and why it is written this way:
- An annual report has a chart per indicator and per objective, in each language. matplotlib
  took 75–85 ms of CPU a chart, and half a second or more to import: the worked example
  (38 charts) rendered in 3.0 s and a ten-year report of 200 indicators (420 charts) in 21.8 s,
  against targets of 2 s and 10 s. Typst, our typesetter already, draws the same chart from
  its own primitives (place, rect, curve, polygon, text) in ~6 ms, and all the charts a
  document needs in one compile: a document of one chart a page, exported as one PNG a page.
- Python computes everything, the template only places it (as writers/instrument.typ does):
  the axis ranges and their round ticks (`nice_ticks`), every label already formatted in the
  document's language, where each label goes, the gap mark, the legend. The pages are plain
  JSON read by the fixed `charts.typ`, so no text from a report ever becomes Typst source.
- The fonts are the shipped Liberation ones (the document's serif), never the machine's, and
  Typst's PNG and SVG export carries no date or version: the same inputs give the same bytes
  on every machine.
- Typst is loaded in a child process forked for the drawing (`parallel.in_child`): the
  report's main process forks a child per PDF later, which it can no longer do safely once
  Typst runs in it. Many charts are split over two children, so that both cores draw (not
  two threads, which Typst's PNG export does not let overlap, see `SPLIT_FROM`).
- Charts are PNG, for DOCX and PDF alike. An SVG twin can be asked for (`vector=True`,
  exported from the same layout), but Typst inlines SVG as drawing operators, so the PDF then
  holds no image a reader (or a test, or an accessibility checker) can find.
- This module knows no report model: it takes plain series and the words to print, in the
  document's language, and a number formatter (French commas and spaces come from Babel).
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cpc_docs import parallel
from cpc_docs.document import Image
from cpc_docs.present import chart_cache
from cpc_docs.shipped import typst_fonts

if TYPE_CHECKING:
    import typst

WIDTH_MM = 150.0  # as placed in the document
PPI = 200
TEMPLATE = Path(__file__).with_name("charts.typ")
COLORS = {
    "value": "#1f4e79",
    "target": "#c55a11",
    "baseline": "#7f7f7f",
    "gap": "#ffe699",
    "not_started": "#a6a6a6",
    "in_progress": "#2e75b6",
    "completed": "#548235",
    "delayed": "#c55a11",
    "dropped": "#c00000",
    None: "#ffd966",
}
VALUE, TARGET, BASELINE = COLORS["value"], COLORS["target"], COLORS["baseline"]
INK, WHITE, TICK_INK, SPINE_INK, GRID_INK = "#000000", "#ffffff", "#333333", "#555555", "#e0e0e0"
PT = 25.4 / 72  # millimetres in a point
FONT_SIZE, LABEL_SIZE = 9.0, 8.5  # points: axes' words; values, legend (a serif's 9 pt reads
# as matplotlib's DejaVu Sans 8 did: the same height of capitals)
TICK = 3.5 * PT  # a tick mark's length, and the gap between it and its label
MARKER = 1.0  # mm from a target's diamond centre to its corners
Page = dict[str, Any]  # one chart: its size (mm) and its shapes (see charts.typ)
Shape = dict[str, Any]
Number = float | int | bool
Formatter = Callable[[Number], str]


@dataclass(frozen=True)
class IndicatorSeries:
    """One indicator over the term's report years; None where a value is not known."""

    years: Sequence[int]  # every report year of the term, in order
    targets: Mapping[int, Number | None]
    values: Mapping[int, Number | None]
    baseline: Number | None
    baseline_year: int | None
    unit: str  # count, percentage, yes_no
    current_year: int  # the report's year: a missing value there is marked as a gap
    alt: str


@dataclass(frozen=True)
class ChartWords:
    """Everything a chart prints, in the document's language."""

    value: str
    target: str
    baseline: str
    gap: str
    yes: str
    no: str
    count_label: str  # x axis of the status chart ("activités")
    format_value: Callable[[float], str]  # 12.5 → "12,5" / "12.5"
    format_percent: Callable[[float], str]  # 12.5 → "12,5 %" / "12.5%"


@dataclass(frozen=True)
class ChartJob:
    """A chart to draw: its page, laid out only when it is not in the cache (`indicator_page`,
    `status_page`), and what its bytes depend on (chart_cache.py `key`)."""

    layout: Callable[[], Page]
    key: str
    alt: str


def draw_cached(jobs: Sequence[ChartJob]) -> list[Image]:
    """Each job's image, in order: read back from the chart cache when the same inputs were
    drawn before, else drawn (all of them in one go, `draw_pages`) and kept there."""
    images: list[Image | None] = []
    for job in jobs:
        data = chart_cache.get(job.key)
        images.append(None if data is None else Image(data=data, alt=job.alt, width_mm=WIDTH_MM))
    missing = [index for index, image in enumerate(images) if image is None]
    drawn = draw_pages([jobs[index].layout() for index in missing]) if missing else []
    for index, (png, _svg) in zip(missing, drawn, strict=True):
        images[index] = Image(data=png, alt=jobs[index].alt, width_mm=WIDTH_MM)
        chart_cache.put(jobs[index].key, png)
    return [image for image in images if image is not None]


def indicator_chart(series: IndicatorSeries, words: ChartWords, vector: bool = False) -> Image:
    """Bars for the values so far, a dashed line for the targets, a dotted baseline."""
    ((png, svg),) = draw_pages([indicator_page(series, words)], vector)
    return Image(data=png, alt=series.alt, width_mm=WIDTH_MM, svg=svg)


def status_chart(
    counts: Sequence[tuple[str | None, str, int]],
    words: ChartWords,
    alt: str,
    vector: bool = False,
) -> Image:
    """Horizontal bars: how many activities are in each status (key, label, count)."""
    ((png, svg),) = draw_pages([status_page(counts, words)], vector)
    return Image(data=png, alt=alt, width_mm=WIDTH_MM, svg=svg)


# ---------------------------------------------------------------- drawing (Typst)

# Charts drawn by two children, half each, from this many on. Not two threads of one: two
# compiles on two threads barely overlap (typst-py holds the GIL, or a lock of its own, for
# most of the PNG export, nine tenths of a chart's ~5 ms): 0.91 s for 210 charts against 1.13 s
# one after the other, and 0.62 s in two processes. Below this, a second child and compile
# cost more than they save.
SPLIT_FROM = 24
_MEMORY = "if the machine is short of memory, render one --lang or --format at a time"
_DIED = "the chart drawer stopped unexpectedly; nothing was written"


def draw_pages(pages: Sequence[Page], vector: bool = False) -> list[tuple[bytes, bytes | None]]:
    """Each page's PNG (and SVG when `vector`), in order, drawn in a child process forked for
    it, or two children for many pages, so that this process never loads Typst (here when it
    cannot fork safely)."""
    pages = list(pages)
    if len(pages) >= SPLIT_FROM:
        half = (len(pages) + 1) // 2
        spans = [(0, half), (half, len(pages))]
        with parallel.processes(2, share=(pages, vector), fork_only=True) as pool:
            if pool is not None:
                drawn = dict(parallel.unordered(pool, _draw_span, spans, died=_DIED, hint=_MEMORY))
                return [*drawn[spans[0]], *drawn[spans[1]]]
    return parallel.in_child(_typeset, pages, vector, died=_DIED, hint=_MEMORY)


def _draw_span(span: tuple[int, int]) -> list[tuple[bytes, bytes | None]]:
    """In a child of `draw_pages`: the pages of that span, of those its pool shares."""
    pages, vector = parallel.shared()
    return _typeset(pages[span[0] : span[1]], vector)


def _typeset(pages: Sequence[Page], vector: bool) -> list[tuple[bytes, bytes | None]]:
    """One Typst compile of the pages: their PNG, and their SVG from the same layout."""
    with tempfile.TemporaryDirectory(prefix="cpc-charts-") as tmp:
        compiler = _compiler(Path(tmp), pages)
        pngs = _pages(_compile(compiler, "png"))
        svgs = _pages(_compile(compiler, "svg")) if vector else [None] * len(pngs)
    if len(pngs) != len(pages):
        raise RuntimeError(f"Typst drew {len(pngs)} charts of {len(pages)}")
    return list(zip(pngs, svgs, strict=True))


def pdf_of(pages: Sequence[Page]) -> bytes:
    """The pages as one PDF, in this process: its text says what a reader of the charts
    reads (the tests), its vectors can be zoomed (to debug a layout)."""
    with tempfile.TemporaryDirectory(prefix="cpc-charts-") as tmp:
        pdf = _compile(_compiler(Path(tmp), pages), "pdf")
    assert isinstance(pdf, bytes)
    return pdf


def _compiler(root: Path, pages: Sequence[Page]) -> typst.Compiler:
    import typst

    main = root / TEMPLATE.name
    main.write_bytes(TEMPLATE.read_bytes())
    payload = json.dumps(list(pages), ensure_ascii=False, separators=(",", ":"))
    (root / "charts.json").write_text(payload, encoding="utf-8")
    return typst.Compiler(
        str(main), root=str(root), font_paths=typst_fonts(), ignore_system_fonts=True
    )


def _compile(compiler: typst.Compiler, fmt: Literal["png", "svg", "pdf"]) -> Any:
    import typst

    try:
        return compiler.compile(format=fmt, ppi=PPI if fmt == "png" else None)
    except typst.TypstError as err:  # a bug of the layout, never of a report's text
        raise RuntimeError(f"Typst could not draw the charts: {err.message}") from None


def _pages(output: Any) -> list[bytes]:
    """Typst gives one page's image as bytes, several as a list."""
    return [output] if isinstance(output, bytes) else list(output)


# ---------------------------------------------------------------- layout (Python)


@dataclass(frozen=True)
class _Frame:
    """A plot's box on its page (mm from the top left) and the data ranges it shows."""

    left: float
    top: float
    width: float
    height: float
    xs: tuple[float, float]
    ys: tuple[float, float]

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def x(self, value: float) -> float:
        low, high = self.xs
        return self.left + (value - low) / (high - low) * self.width

    def y(self, value: float) -> float:
        low, high = self.ys
        return self.bottom - (value - low) / (high - low) * self.height


# Round steps (1, 2, 2.5, 5, 10), with the one below and above each decade (MaxNLocator's way).
_STEPS = (0.5, 1.0, 2.0, 2.5, 5.0, 10.0, 20.0)


def nice_ticks(top: float, *, integer: bool, bins: int = 5, bottom: float = 0.0) -> list[float]:
    """The ticks of an axis from `bottom` (0, or below for negative values) to `top`:
    multiples of 1, 2, 2.5 or 5 × 10^k, at most `bins` steps, the smallest such step
    (matplotlib's MaxNLocator with those steps gives the same). `integer` (counts): whole
    steps only, never 2.5 or 0.5."""
    if top - bottom <= 0:
        return [0.0]
    raw = (top - bottom) / bins
    scale = 10.0 ** math.floor(math.log10(raw))
    steps = [step * scale for step in _STEPS]
    if integer:
        steps = [step for step in steps if step < 1 or abs(step - round(step)) < 0.001]
    step = next((step for step in steps if step >= raw), steps[-1])
    if integer:
        step = max(1.0, step)
    first = math.ceil(bottom / step * (1 - 1e-9)) if bottom < 0 else 0
    last = math.floor(top / step * (1 + 1e-9))
    return [round(k * step, 10) + 0.0 for k in range(first, last + 1)]


def indicator_page(series: IndicatorSeries, words: ChartWords) -> Page:
    """An indicator's chart, 160 × 58 mm: bars for the values so far (each labelled), a dashed
    line with diamonds for the targets, a dotted baseline, the gap of the year's missing value,
    the legend above."""
    yes_no = series.unit == "yes_no"
    fmt = _value_format(series.unit, words)
    numeric = [float(v) for v in _known(series.values) + _known(series.targets)]
    if series.baseline is not None:
        numeric.append(float(series.baseline))
    top = 1.0 if yes_no else max([*numeric, 1.0])
    axis_top = 1.3 if yes_no else top * 1.22
    # A negative value (a percentage that fell) takes the axis below 0, as far again.
    axis_bottom = 0.0 if yes_no else min([*numeric, 0.0]) * 1.22
    years = (-0.6, len(series.years) - 0.4)
    frame = _Frame(16.0, 7.54, 140.8, 42.92, years, (axis_bottom, axis_top))
    if yes_no:
        ticks = [(0.0, words.no), (1.0, words.yes)]
    else:
        steps = nice_ticks(axis_top, integer=series.unit == "count", bottom=axis_bottom)
        ticks = [(t, fmt(t)) for t in steps]

    shapes = [_hline(frame, frame.y(at), GRID_INK, 0.6) for at, _label in ticks]
    if series.baseline is not None:  # behind the bars
        shapes.append(_hline(frame, frame.y(float(series.baseline)), BASELINE, 1.2, ":"))
    bars, labels = _bars(frame, series, words, top, fmt)
    shapes += bars + _spines(frame)
    points = [(frame.x(x), frame.y(float(t))) for x, t in _targets(series) if t is not None]
    if points:  # over the bars
        shapes.append(_line(points, TARGET, 1.2, "--"))
        shapes += [_diamond(x, y, MARKER, TARGET) for x, y in points]
    shapes += labels
    shapes += _x_axis(frame, [(frame.x(x), str(year)) for x, year in enumerate(series.years)])
    shapes += _y_axis(frame, [(frame.y(at), label) for at, label in ticks])
    legend = _indicator_legend(series, words, bool(bars), bool(points))
    if legend:
        shapes.append(_legend(frame.left + 1.0, frame.top - 1.0, legend))
    return {"width": 160.0, "height": 58.0, "shapes": shapes}


def _bars(
    frame: _Frame, series: IndicatorSeries, words: ChartWords, top: float, fmt: Formatter
) -> tuple[list[Shape], list[Shape]]:
    """A bar and its label for each known value (a sliver for "no"), the gap mark where the
    report's year has none."""
    yes_no = series.unit == "yes_no"
    width = 0.55 / (frame.xs[1] - frame.xs[0]) * frame.width
    bars: list[Shape] = []
    labels: list[Shape] = []
    for (x, target), year in zip(_targets(series), series.years, strict=True):
        value = series.values.get(year)
        if value is not None:
            height = float(value) if not yes_no else (1.0 if value else 0.04)
            end, zero = frame.y(height), frame.y(0.0)  # a negative bar hangs below 0
            bar_top, bar_bottom = min(end, zero), max(end, zero)
            bars.append(_rect(frame.x(x) - width / 2, bar_top, width, bar_bottom - bar_top, VALUE))
            clear = None if target is None or yes_no else float(target)
            labels.append(_value_label(frame, x, height, top, clear, fmt(value)))
        elif year == series.current_year:
            gap = _text(frame.x(x), frame.y(top * 0.12), words.gap, "center", "bottom",
                        size=LABEL_SIZE - 0.5, bold=True, bg=COLORS["gap"])  # fmt: skip
            labels.append(gap)
    return bars, labels


def _targets(series: IndicatorSeries) -> list[tuple[int, Number | None]]:
    return [(x, series.targets.get(year)) for x, year in enumerate(series.years)]


def _indicator_legend(
    series: IndicatorSeries, words: ChartWords, bars: bool, targets: bool
) -> list[tuple[list[Shape], str]]:
    """What is drawn, named: the values' bar, the targets' line, the baseline and its year."""
    line = [(0.0, 1.3), (5.3, 1.3)]  # across the swatch's 5.3 × 2.6 mm
    legend: list[tuple[list[Shape], str]] = []
    if bars:
        legend.append(([_rect(0, 0, 5.3, 2.6, VALUE)], words.value))
    if targets:
        swatch = [_line(line, TARGET, 1.2, "--"), _diamond(2.65, 1.3, MARKER, TARGET)]
        legend.append((swatch, words.target))
    if series.baseline is not None:
        label = words.baseline
        if series.baseline_year is not None:
            label += f" ({series.baseline_year})"
        legend.append(([_line(line, BASELINE, 1.2, ":")], label))
    return legend


def status_page(counts: Sequence[tuple[str | None, str, int]], words: ChartWords) -> Page:
    """Horizontal bars, 160 × (16 + 7 per status) mm: how many activities are in each status
    (key, label, count), the count at the end of each bar, the statuses on the left."""
    height = 16.0 + 7.0 * len(counts)
    values = [count for _key, _label, count in counts]
    rows = len(counts)
    # The rows' range as matplotlib's margins gave it: 5 % of the bars' extent on each side.
    extent = rows - 1 + 0.6
    span = (-0.3 - 0.05 * extent, rows - 1 + 0.3 + 0.05 * extent)
    axis_right = max([*values, 1]) * 1.12
    frame = _Frame(27.2, 3.0, 124.8, height - 15.0, (0.0, axis_right), span)
    ticks = nice_ticks(axis_right, integer=True, bins=10)

    shapes = [_vline(frame, frame.x(at), GRID_INK, 0.6) for at in ticks]
    bar = 0.6 / (span[1] - span[0]) * frame.height
    labels: list[Shape] = []
    for row, (key, _label, count) in enumerate(counts):
        y = frame.y(rows - 1 - row)
        color = COLORS.get(key, COLORS[None])
        shapes.append(_rect(frame.left, y - bar / 2, frame.x(count) - frame.left, bar, color))
        labels.append(_text(frame.x(count) + 3 * PT, y, str(count), "left", "horizon"))
    shapes += _spines(frame)
    shapes += labels
    shapes += _x_axis(frame, [(frame.x(at), words.format_value(at)) for at in ticks])
    room = frame.left - 2 * TICK - 1.0  # a long status wraps within the left margin
    names = [(frame.y(rows - 1 - row), label) for row, (_key, label, _count) in enumerate(counts)]
    shapes += _y_axis(frame, names, width=room)
    below = frame.bottom + 2 * TICK + 4.0  # under the ticks' numbers
    center = frame.left + frame.width / 2
    shapes.append(_text(center, below, words.count_label, "center", "top", size=FONT_SIZE))
    return {"width": 160.0, "height": height, "shapes": shapes}


def _value_format(unit: str, words: ChartWords) -> Formatter:
    if unit == "yes_no":
        return lambda v: words.yes if v else words.no
    return words.format_percent if unit == "percentage" else words.format_value


def _label_place(height: float, top: float, target: float | None) -> tuple[float, bool]:
    """Where a value's label goes: (the data height it is placed at, inside the bar?).
    Inside a tall bar (white), else above it, and above the target's marker when that sits
    just over the bar, so the two never overlap."""
    if height >= top * 0.2:
        return height / 2, True
    if target is not None and height <= target <= height + top * 0.15:
        return target, False
    return height, False


def _value_label(
    frame: _Frame, x: int, height: float, top: float, target: float | None, text: str
) -> Shape:
    """Inside a bar in white; else above it (or above the target's marker) on white, so that
    the target's line, which may rise through it, never crosses the number."""
    if height < 0:  # a bar below 0: inside when it is long enough, else over the 0 line
        if -height >= top * 0.2:
            middle = frame.y(height / 2)
            return _text(frame.x(x), middle, text, "center", "horizon", fill=WHITE, bold=True)
        return _text(frame.x(x), frame.y(0.0) - 4 * PT, text, "center", "bottom", bg=WHITE)
    at, inside = _label_place(height, top, target)
    if inside:
        return _text(frame.x(x), frame.y(at), text, "center", "horizon", fill=WHITE, bold=True)
    clear = 4 * PT if at == height else 4 * PT + MARKER
    return _text(frame.x(x), frame.y(at) - clear, text, "center", "bottom", bg=WHITE)


def _known(values: Mapping[int, Number | None]) -> list[Number]:
    return [v for v in values.values() if v is not None]


# ---------------------------------------------------------------- shapes (see charts.typ)


def _mm(value: float) -> float:
    return round(value, 3)


def _rect(x: float, y: float, w: float, h: float, fill: str) -> Shape:
    return {"k": "rect", "x": _mm(x), "y": _mm(y), "w": _mm(w), "h": _mm(h), "fill": fill}


# Dash patterns in points, for a line 1.2 pt wide: matplotlib's "--" and ":".
_DASHES = {"--": [4.44, 1.92], ":": [1.2, 1.98]}


def _line(
    points: Sequence[tuple[float, float]], stroke: str, width: float, dash: str | None = None
) -> Shape:
    pts = [[_mm(x), _mm(y)] for x, y in points]
    return {
        "k": "line",
        "pts": pts,
        "stroke": stroke,
        "width": width,
        "dash": None if dash is None else _DASHES[dash],
    }


def _hline(frame: _Frame, y: float, stroke: str, width: float, dash: str | None = None) -> Shape:
    return _line([(frame.left, y), (frame.right, y)], stroke, width, dash)


def _vline(frame: _Frame, x: float, stroke: str, width: float) -> Shape:
    return _line([(x, frame.top), (x, frame.bottom)], stroke, width)


def _diamond(x: float, y: float, radius: float, fill: str) -> Shape:
    pts = [(x, y - radius), (x + radius, y), (x, y + radius), (x - radius, y)]
    return {"k": "polygon", "pts": [[_mm(px), _mm(py)] for px, py in pts], "fill": fill}


def _text(
    x: float,
    y: float,
    text: str,
    ha: str,
    va: str,
    *,
    size: float = LABEL_SIZE,
    fill: str = INK,
    bold: bool = False,
    bg: str | None = None,
    width: float | None = None,
) -> Shape:
    return {
        "k": "text",
        "x": _mm(x),
        "y": _mm(y),
        "ha": ha,
        "va": va,
        "t": text,
        "size": size,
        "fill": fill,
        "bold": bold,
        "bg": bg,
        "width": None if width is None else _mm(width),
    }


def _legend(x: float, y: float, entries: Sequence[tuple[list[Shape], str]]) -> Shape:
    items = [{"swatch": swatch, "t": text} for swatch, text in entries]
    return {"k": "legend", "x": _mm(x), "y": _mm(y), "size": LABEL_SIZE, "entries": items}


def _spines(frame: _Frame) -> list[Shape]:
    corner = (frame.left, frame.bottom)
    return [_line([(frame.left, frame.top), corner, (frame.right, frame.bottom)], SPINE_INK, 0.8)]


def _x_axis(frame: _Frame, ticks: Sequence[tuple[float, str]]) -> list[Shape]:
    """Tick marks under the plot, their labels below them."""
    shapes = [_line([(x, frame.bottom), (x, frame.bottom + TICK)], TICK_INK, 0.8) for x, _ in ticks]
    shapes += [
        _text(x, frame.bottom + 2 * TICK, label, "center", "top", size=FONT_SIZE, fill=TICK_INK)
        for x, label in ticks
    ]
    return shapes


def _y_axis(
    frame: _Frame, ticks: Sequence[tuple[float, str]], width: float | None = None
) -> list[Shape]:
    """Tick marks left of the plot, their labels left of them (wrapped within `width`)."""
    shapes = [_line([(frame.left - TICK, y), (frame.left, y)], TICK_INK, 0.8) for y, _ in ticks]
    shapes += [
        _text(
            frame.left - 2 * TICK,
            y,
            label,
            "right",
            "horizon",
            size=FONT_SIZE,
            fill=TICK_INK,
            width=width,
        )
        for y, label in ticks
    ]
    return shapes
