"""Report charts with matplotlib: an indicator's values against its targets, activity statuses.

Why it is written this way:
- matplotlib is imported lazily (half a second), only when a report is rendered, and only the
  object API is used (`Figure`, no pyplot): no global state, no GUI backend, no threads issue.
- Output is deterministic, byte for byte: the SVG id salt is fixed, dates and the creator are
  left out of the metadata, text is drawn as paths with DejaVu Sans (shipped with matplotlib),
  so neither the clock, the machine's fonts nor the matplotlib version leaks into a document.
- Charts are PNG, for DOCX and PDF alike. An SVG twin can be asked for (`vector=True`), but
  Typst inlines SVG as drawing operators, so the PDF then holds no image a reader (or a test,
  or an accessibility checker) can find, and drawing twice doubles the time (~0.1 s a chart).
- A report with many indicators has its charts drawn by forked workers, one per core
  (`draw_all`); the bytes are the same as drawn in one process.
- This module knows no report model: it takes plain series and the words to print, in the
  document's language, and a number formatter (French commas and spaces come from Babel).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from cpc_docs import parallel
from cpc_docs.document import Image
from cpc_docs.present import chart_cache

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH_MM = 150.0
DPI = 200
PNG_LEVEL = 3
MM = 1 / 25.4
RC = {
    "svg.hashsalt": "cpc-docs",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 8.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#555555",
    "axes.titlesize": 9.0,
    "legend.frameon": False,
    "legend.fontsize": 7.5,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "path.simplify": False,
}
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

Number = float | int | bool
# Axes placed by hand (left, bottom, width, height in figure fractions): a layout engine would
# measure every text twice per chart, and these charts always have the same parts.
_AXES = (0.1, 0.13, 0.88, 0.74)


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


# Drawing is CPU-bound Python (matplotlib lays out every tick label, ~0.13 s a chart): a report
# with many indicators draws them in forked workers, one per core. The jobs are closures (the
# words of the document's language hold its number formatters), which cannot be pickled:
# the workers inherit them as their pool's share and are sent only their indexes.
PARALLEL_FROM = 8  # charts; below this, starting the workers costs more than it saves


def draw_all(jobs: Sequence[Callable[[], Image]]) -> list[Image]:
    """Each job's image, in order: in forked workers when there are enough charts and this
    process can fork safely (no threads, no Typst run yet), else here one after the other."""
    workers = min(os.cpu_count() or 1, len(jobs))
    if len(jobs) < PARALLEL_FROM or workers < 2 or not parallel.fork_is_safe():
        return [job() for job in jobs]
    # The first chart here: matplotlib, its fonts and caches are then loaded once, before
    # the fork, instead of once in each worker (half a second each).
    first = jobs[0]()
    with parallel.processes(workers, share=jobs, fork_only=True) as pool:
        if pool is None:
            return [first, *(job() for job in jobs[1:])]
        died = "a chart drawer stopped unexpectedly; nothing was written"
        done = parallel.unordered(pool, _draw, range(1, len(jobs)), died=died, hint=_MEMORY)
        drawn = dict(done)
    return [first, *(drawn[index] for index in range(1, len(jobs)))]


@dataclass(frozen=True)
class ChartJob:
    """A chart to draw, and what its bytes depend on (chart_cache.py `key`)."""

    draw: Callable[[], Image]
    key: str
    alt: str


def draw_cached(jobs: Sequence[ChartJob]) -> list[Image]:
    """Each job's image, in order: read back from the chart cache when the same inputs were
    drawn before, else drawn (`draw_all`) and kept there."""
    images: list[Image | None] = []
    for job in jobs:
        data = chart_cache.get(job.key)
        images.append(None if data is None else Image(data=data, alt=job.alt, width_mm=WIDTH_MM))
    missing = [index for index, image in enumerate(images) if image is None]
    for index, image in zip(missing, draw_all([jobs[i].draw for i in missing]), strict=True):
        images[index] = image
        if image.svg is None:
            chart_cache.put(jobs[index].key, image.data)
    return [image for image in images if image is not None]


_MEMORY = "if the machine is short of memory, render one --lang or --format at a time"


def _draw(index: int) -> Image:
    """In a worker: the chart of that index among the jobs its pool shares."""
    jobs: Sequence[Callable[[], Image]] = parallel.shared()
    return jobs[index]()


@cache
def _matplotlib() -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    def figure(**kwargs: Any) -> Figure:
        fig = Figure(**kwargs)
        FigureCanvasAgg(fig)  # the Agg backend, for this figure only: no global switch
        return fig

    return figure, FuncFormatter, MaxNLocator


@contextmanager
def _style() -> Any:
    import matplotlib

    rc: Any = RC  # matplotlib types its keys as the literal names of every setting
    with matplotlib.rc_context(rc):
        yield


def indicator_chart(series: IndicatorSeries, words: ChartWords, vector: bool = False) -> Image:
    """Bars for the values so far, a dashed line for the targets, a dotted baseline."""
    figure_cls, formatter, locator = _matplotlib()
    with _style():
        fig = figure_cls(figsize=(160 * MM, 58 * MM))
        ax = fig.add_axes(_AXES)
        xs = list(range(len(series.years)))
        yes_no = series.unit == "yes_no"
        fmt = _value_format(series.unit, words)
        numeric = [float(v) for v in _known(series.values) + _known(series.targets)]
        if series.baseline is not None:
            numeric.append(float(series.baseline))
        top = 1.0 if yes_no else max([*numeric, 1.0])
        bars: list[tuple[int, float]] = []
        for x, year in zip(xs, series.years, strict=True):
            value = series.values.get(year)
            if value is not None:
                height = float(value) if not yes_no else (1.0 if value else 0.04)
                bars.append((x, height))
                target = series.targets.get(year)
                clear = None if target is None or yes_no else float(target)
                xy, style = _label_place(x, height, top, clear)
                ax.annotate(fmt(value), xy, fontsize=7.5, **style)
            elif year == series.current_year:
                ax.annotate(words.gap, (x, top * 0.12), ha="center", va="bottom", fontsize=7,
                            fontweight="bold", bbox={"boxstyle": "square,pad=0.25",
                            "facecolor": COLORS["gap"], "edgecolor": "none"})  # fmt: skip
        if bars:  # one call for every bar: each call makes a container and a legend entry
            ax.bar([x for x, _ in bars], [h for _, h in bars], width=0.55, color=COLORS["value"],
                   zorder=2, label=words.value)  # fmt: skip
        targets = [(x, series.targets.get(y)) for x, y in zip(xs, series.years, strict=True)]
        known = [(x, float(t)) for x, t in targets if t is not None]
        if known:
            ax.plot([x for x, _ in known], [t for _, t in known], color=COLORS["target"],
                    linestyle="--", marker="D", markersize=4, linewidth=1.2, zorder=3,
                    label=words.target)  # fmt: skip
        if series.baseline is not None:
            base = float(series.baseline)
            label = words.baseline
            if series.baseline_year is not None:
                label += f" ({series.baseline_year})"
            ax.axhline(base, color=COLORS["baseline"], linestyle=":", linewidth=1.2, zorder=1,
                       label=label)  # fmt: skip
        ax.set_xticks(xs, [str(y) for y in series.years])
        ax.set_xlim(-0.6, len(xs) - 0.4)
        if yes_no:
            ax.set_ylim(0, 1.3)
            ax.set_yticks([0, 1], [words.no, words.yes])
        else:
            ax.set_ylim(0, top * 1.22)
            ax.yaxis.set_major_locator(locator(nbins=5, integer=series.unit == "count"))
            ax.yaxis.set_major_formatter(formatter(lambda v, _pos: fmt(v)))
        ax.grid(axis="y", color="#e0e0e0", linewidth=0.6, zorder=0)
        ax.set_axisbelow(True)
        handles, labels = ax.get_legend_handles_labels()
        if handles:
            order = sorted(range(len(labels)), key=lambda i: labels[i] != words.value)
            ax.legend([handles[i] for i in order], [labels[i] for i in order], loc="lower left",
                      bbox_to_anchor=(0, 1.0), ncols=3, borderaxespad=0.3)  # fmt: skip
        return _image(fig, series.alt, vector)


def status_chart(
    counts: Sequence[tuple[str | None, str, int]],
    words: ChartWords,
    alt: str,
    vector: bool = False,
) -> Image:
    """Horizontal bars: how many activities are in each status (key, label, count)."""
    figure_cls, _formatter, locator = _matplotlib()
    with _style():
        height = 16 + 7 * len(counts)
        fig = figure_cls(
            figsize=(160 * MM, height * MM),
        )
        ax = fig.add_axes((0.17, 12 / height, 0.78, 1 - 15 / height))
        ys = list(range(len(counts)))[::-1]
        values = [count for _key, _label, count in counts]
        colors = [COLORS.get(key, COLORS[None]) for key, _label, _count in counts]
        ax.barh(ys, values, height=0.6, color=colors, zorder=2)
        for y, value in zip(ys, values, strict=True):
            ax.annotate(str(value), (value, y), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=7.5)  # fmt: skip
        ax.set_yticks(ys, [label for _key, label, _count in counts])
        ax.set_xlim(0, max([*values, 1]) * 1.12)
        ax.xaxis.set_major_locator(locator(integer=True))
        ax.set_xlabel(words.count_label)
        ax.grid(axis="x", color="#e0e0e0", linewidth=0.6, zorder=0)
        ax.set_axisbelow(True)
        return _image(fig, alt, vector)


def _value_format(unit: str, words: ChartWords) -> Callable[[Number], str]:
    if unit == "yes_no":
        return lambda v: words.yes if v else words.no
    return words.format_percent if unit == "percentage" else words.format_value


def _label_place(
    x: float, height: float, top: float, target: float | None
) -> tuple[tuple[float, float], dict[str, Any]]:
    """A value's label: inside a tall bar (white), else above it, and above the target's
    marker when that sits just over the bar, so the two never overlap."""
    if height >= top * 0.2:
        inside = {"ha": "center", "va": "center", "color": "white", "fontweight": "bold"}
        return (x, height / 2), inside
    above = {"xytext": (0, 4), "textcoords": "offset points", "ha": "center", "va": "bottom"}
    if target is not None and height <= target <= height + top * 0.15:
        return (x, target), above
    return (x, height), above


def _known(values: Mapping[int, Number | None]) -> list[Number]:
    return [v for v in values.values() if v is not None]


def _image(fig: Figure, alt: str, vector: bool) -> Image:
    png = io.BytesIO()
    # zlib level 3 instead of PIL's 6: the same pixels, ~15 % larger, encoded in ~60 % of the
    # time (a tenth of a chart's cost).
    fig.savefig(png, format="png", dpi=DPI, metadata={"Software": None},
                pil_kwargs={"compress_level": PNG_LEVEL})  # fmt: skip
    svg = None
    if vector:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        svg = buffer.getvalue()
    return Image(data=png.getvalue(), alt=alt, width_mm=WIDTH_MM, svg=svg)
