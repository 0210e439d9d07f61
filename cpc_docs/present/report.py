"""What the annual report's template sees: its words, its numbers, its views and its charts.

Every value the template prints is markup built here: data escaped, and a highlighted gap
where a value is still `null`, so that a draft renders and editors see what is left. The
words the program writes (statuses, units, kinds, "yes"/"no", the gap mark, the charts' words)
are each language's data (templates/<lang>/report.yaml), beside the report's template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from babel.numbers import format_decimal, get_currency_name
from markupsafe import Markup

from cpc_docs.document import NBSP, Image
from cpc_docs.load.report import LoadedReport, term_years
from cpc_docs.model.compact import Activity, BiText, Indicator, Objective
from cpc_docs.model.report import STATUSES, Measured
from cpc_docs.present import chart_cache, charts, locale
from cpc_docs.present.charts import ChartWords, IndicatorSeries
from cpc_docs.present.prose import Resolver, escape_markdown
from cpc_docs.shipped import ByLanguage, language_data

TEMPLATE = "report.md.j2"

# Statuses after which an activity needs a note saying why: without one, the report shows a
# gap there and rules/report.py lists it.
NEEDS_NOTE = ("delayed", "dropped")


def report_words(lang: str) -> dict[str, Any]:
    """The words of a report in `lang` that the program writes (statuses, units, kinds,
    "yes"/"no", the gap mark, the charts' words): its folder's `report.yaml`, beside the
    report's template, so that a language folder brings its report's words with it."""
    return language_data(lang, "report.yaml")


def _words(key: str, convert: Callable[[Any], Any] = lambda x: x) -> ByLanguage:
    return ByLanguage("report.yaml", key, convert)


GAP_LABEL = _words("gap")
# The gap in the narrow cells of a table of figures (the indicator table), where the label
# would overflow its column: the table has a legend saying what it means.
SHORT_GAP_LABEL = _words("short_gap")
# Statuses by their key; None, a status not reported yet, is `not_reported` in the data.
STATUS_LABELS = _words("statuses", lambda t: {**t, None: t["not_reported"]})
YES_NO = _words("yes_no", tuple)
UNIT_LABELS = _words("units")
KIND_LABELS = _words("kinds")
CHART_WORDS = _words("chart")


def format_number(value: float, lang: str) -> str:
    """12 → "12"; 1250 → "1 250" / "1,250"; 12.5 → "12,5" / "12.5" (no-break spaces)."""
    text = format_decimal(value, locale=locale.LOCALES[lang], decimal_quantization=False)
    return text.replace("\u202f", NBSP)


def format_percent(value: float, lang: str) -> str:
    return str(report_words(lang)["percent"]).format(number=format_number(value, lang))


def format_measured(value: Measured, unit: str, lang: str) -> str | None:
    """A value as its unit reads: "12", "12,5 %", "Oui"; None when not known."""
    return None if value is None else format_known(value, unit, lang)


def format_known(value: float | bool, unit: str, lang: str) -> str:
    """A known value as its unit reads: "12", "12,5 %", "Oui"."""
    if unit == "yes_no" or isinstance(value, bool):
        return YES_NO[lang][bool(value)]
    return format_percent(value, lang) if unit == "percentage" else format_number(value, lang)


def format_amount(value: float, currency: str | None, lang: str) -> str:
    """Amounts in full digits, as a table of contributions shows them."""
    number = format_number(value, lang)
    if currency is None:
        return number
    if report_words(lang)["amounts"] == "name":  # "1 250 000 francs CFA (BCEAO)"
        name = get_currency_name(currency, count=value, locale=locale.LOCALES[lang])
        return f"{number}{NBSP}{name}"
    return f"{currency}{NBSP}{number}"  # "XOF 1,250,000"


# ---------------------------------------------------------------- the template's view


def gap_markup(lang: str, short: bool = False) -> Markup:
    """The highlighted mark of a missing value, as markup; `short`: the mark for narrow table
    cells, "[…]", which needs a legend."""
    label = SHORT_GAP_LABEL[lang] if short else GAP_LABEL[lang]
    return Markup(f"[{escape_markdown(label)}]{{.gap}}")


class Formatter:
    """What templates call to print report values: data escaped, a gap where a value is None.

    Every method returns markup, so the template prints it as is.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.gap = gap_markup(lang)
        self.short_gap = gap_markup(lang, short=True)

    def cell(self, value: Markup) -> Markup:
        """A value for a narrow table cell: its gaps shortened to "[…]" (see `short_gap`)."""
        return Markup(str(value).replace(str(self.gap), str(self.short_gap)))

    def plain(self, text: str | None) -> Markup:
        """Text from the data, escaped; a gap for None."""
        return self.gap if text is None else Markup(escape_markdown(text))

    def text(self, value: BiText | None) -> Markup:
        return self.plain(None if value is None else value.get(self.lang))

    def date(self, value: dt.date | None) -> Markup:
        return self.plain(None if value is None else locale.format_date(value, self.lang))

    def number(self, value: float | None) -> Markup:
        return self.plain(None if value is None else format_number(value, self.lang))

    def status(self, value: str | None) -> Markup:
        return self.plain(None if value is None else STATUS_LABELS[self.lang][value])

    def kind(self, value: str) -> Markup:
        return self.plain(KIND_LABELS[self.lang][value])

    def amount(self, value: float | None, currency: str | None) -> Markup:
        return self.plain(None if value is None else format_amount(value, currency, self.lang))


@dataclass(frozen=True)
class ActivityView:
    label: str  # "1.3": objective 1, third activity of Annex A
    activity: Activity
    status: Markup
    note: Markup | None  # None: nothing to print


@dataclass(frozen=True)
class IndicatorView:
    label: str  # "1.2"
    indicator: Indicator
    unit: str
    baseline: Markup
    target: Markup
    value: Markup
    percent: Markup  # of the annual target; "—" when it cannot be computed
    trend: Markup  # baseline → values so far
    date: Markup
    source: Markup
    baseline_source: Markup
    note: Markup | None
    chart: str | None  # the chart's id for `::: chart`; None: nothing to draw yet
    reported: bool  # value and target known for the year
    met: bool


@dataclass(frozen=True)
class ObjectiveView:
    number: int
    objective: Objective
    narrative: Markup
    activities: list[ActivityView]
    indicators: list[IndicatorView]
    status_chart: str | None


def report_context(
    loaded: LoadedReport, lang: str, found: Sequence[object]
) -> tuple[dict[str, Any], dict[str, Image]]:
    """What the report template sees, and the charts it may place, for one language.

    `found`: the report's gaps (rules/report.py `gaps`), which the template counts and which
    make the document a draft."""
    report, compact = loaded.report, loaded.compact
    f = Formatter(lang)
    words = chart_words(lang)
    jobs: dict[str, charts.ChartJob] = {}  # chart id: how to lay it out
    entries = {entry.id: entry for entry in report.objectives}
    objectives: list[ObjectiveView] = []
    for number, objective in enumerate(compact.objectives, start=1):
        entry = entries.get(objective.id)
        listed = {a.id: a for a in entry.activities} if entry else {}
        activities = [
            _activity_view(f, f"{number}.{i}", activity, listed.get(activity.id))
            for i, activity in enumerate(objective.activities, start=1)
        ]
        indicator_entries = {x.id: x for x in entry.indicators} if entry else {}
        indicators = []
        for i, indicator in enumerate(objective.indicators, start=1):
            view, series = _indicator_view(
                loaded, f, f"{number}.{i}", indicator, indicator_entries.get(indicator.id)
            )
            if view.chart is not None:
                layout = partial(charts.indicator_page, series, words)
                key = chart_cache.key("indicator", lang, series, _plain(words))
                jobs[view.chart] = charts.ChartJob(layout, key, series.alt)
            indicators.append(view)
        status_chart = None
        # A chart of the statuses tells something only of two activities or more: of one,
        # the table row under it says the same.
        if len(activities) >= 2:
            status_chart = f"status-{objective.id}"
            counts = _status_counts(lang, [listed.get(a.id) for a in objective.activities])
            alt = CHART_WORDS[lang]["status_alt"].format(number=number)
            layout = partial(charts.status_page, counts, words)
            key = chart_cache.key("status", lang, counts, _plain(words), alt)
            jobs[status_chart] = charts.ChartJob(layout, key, alt)
        narrative = f.text(entry.narrative if entry else None)
        objectives.append(
            ObjectiveView(number, objective, narrative, activities, indicators, status_chart)
        )
    images = dict(zip(jobs, charts.draw_cached(list(jobs.values())), strict=True))
    labels = {a.activity.id: a.label for o in objectives for a in o.activities}
    indicators = [v for o in objectives for v in o.indicators]
    context = {
        "lang": lang,
        "compact": compact,
        "report": report,
        "partner": compact.partner,
        "resolver": Resolver(compact, lang),
        "f": f,
        "gap": f.gap,
        "short_gap": f.short_gap,
        "cell": f.cell,
        "year": report.year,
        "term_year": loaded.term_year.number,
        "objectives": objectives,
        "indicators": indicators,
        # The indicator table shows its gaps as "[…]": its legend is printed when it has one.
        "indicator_gaps": any(
            f.gap in str(x) for v in indicators for x in (v.baseline, v.target, v.value)
        ),
        "key": _key_figures(loaded, lang, objectives),
        "currency": _currency(f, report.contributions.currency),
        "currency_code": f.plain(report.contributions.currency),
        # The amount column names its currency once known; until then the sentence above the
        # table shows the gap, and the header is not squeezed onto two lines by it.
        "currency_known": report.contributions.currency is not None,
        "contributions": [
            {
                "kind": f.kind(c.kind),
                "description": f.text(c.description),
                "amount": f.number(c.amount)
                if c.amount is not None or c.kind == "financial"
                else Markup("—"),
            }
            for c in report.contributions.items
        ],
        "next_year": [
            {"activity": labels.get(item.activity or ""), "text": f.text(item.text)}
            for item in report.next_year
        ],
        "num": _numbering(len(objectives)),
        "gaps": len(found),
        "draft": bool(found),
    }
    return context, images


def _currency(f: Formatter, code: str | None) -> Markup:
    """The currency's name in the plural ("francs CFA (BCEAO)"), or a gap."""
    if code is None:
        return f.gap
    name = get_currency_name(code, count=2, locale=locale.LOCALES[f.lang])
    return Markup(escape_markdown(name))


def _numbering(objectives: int) -> dict[str, Any]:
    """Section numbers follow from the number of objectives (one section each)."""
    names = ["indicators", "contributions", "sustainability", "difficulties",
             "recommendations", "improvements", "next_year", "meeting"]  # fmt: skip
    numbers: dict[str, Any] = {"summary": 1, "objectives": list(range(2, objectives + 2))}
    numbers.update({name: objectives + 2 + i for i, name in enumerate(names)})
    return numbers


def _plain(words: ChartWords) -> tuple[str, ...]:
    """A chart's words without its formatters (functions of the language, in the key too)."""
    return tuple(value for value in vars(words).values() if isinstance(value, str))


def chart_words(lang: str) -> ChartWords:
    """What charts print, in `lang`: their words, and numbers formatted by Babel."""
    words = CHART_WORDS[lang]
    no, yes = YES_NO[lang]
    return ChartWords(
        value=words["value"],
        target=words["target"],
        baseline=words["baseline"],
        gap=GAP_LABEL[lang],
        yes=yes,
        no=no,
        count_label=words["activities"],
        format_value=lambda v: format_number(v, lang),
        format_percent=lambda v: format_percent(v, lang),
    )


def _activity_view(f: Formatter, label: str, activity: Activity, entry: Any) -> ActivityView:
    status = entry.status if entry else None
    note: Markup | None = None
    if entry is not None and entry.note is not None:
        note = f.text(entry.note)
    elif status in NEEDS_NOTE:
        note = f.gap
    return ActivityView(label, activity, f.status(status), note)


def _indicator_view(
    loaded: LoadedReport, f: Formatter, label: str, indicator: Indicator, entry: Any
) -> tuple[IndicatorView, IndicatorSeries]:
    lang, year = f.lang, loaded.report.year
    unit = (entry.unit if entry else None) or indicator.unit
    baseline = entry.baseline if entry else None
    targets = dict(entry.targets) if entry else {}
    values = {v.year: v for v in (entry.values if entry else [])}
    current = values.get(year)
    value, target = (current.value if current else None), targets.get(year)
    base_value = baseline.value if baseline else None
    any_data = any(t is not None for t in targets.values()) or any(
        v.value is not None for v in values.values()
    )

    def shown(x: Measured) -> Markup:
        return f.plain(format_measured(x, unit, lang))

    percent, met = Markup("—"), False
    if value is not None and target is not None:
        if unit == "yes_no":
            met = bool(value) == bool(target)
        elif float(target) > 0:
            percent = Markup(escape_markdown(format_percent(round(value / target * 100), lang)))
            met = value >= target
    points = [base_value] + [v.value for _y, v in sorted(values.items())]
    known = [format_known(p, unit, lang) for p in points if p is not None]
    trend = Markup(escape_markdown(" → ".join(known))) if len(known) > 1 else Markup("—")
    baseline_text = shown(base_value)
    if baseline is not None and base_value is not None:
        when = f.gap if baseline.year is None else escape_markdown(str(baseline.year))
        baseline_text = Markup(f"{baseline_text} ({when})")
    view = IndicatorView(
        label=label,
        indicator=indicator,
        unit=UNIT_LABELS[lang][unit],
        baseline=baseline_text,
        target=shown(target),
        value=shown(value),
        percent=percent,
        trend=trend,
        date=f.date(current.date if current else None),
        source=f.text(current.source if current else None),
        baseline_source=f.text(baseline.source if baseline else None),
        note=f.text(entry.note) if entry and entry.note else None,
        # An empty frame tells editors nothing the caption's gaps do not: draw a chart once
        # there is something to draw (a baseline, a target or a value).
        chart=f"indicator-{indicator.id}" if base_value is not None or any_data else None,
        reported=value is not None and target is not None,
        met=met,
    )
    series = IndicatorSeries(
        years=[y.label for y in term_years(loaded.compact)],
        targets=targets,
        values={y: v.value for y, v in values.items()},
        baseline=base_value,
        baseline_year=baseline.year if baseline else None,
        unit=unit,
        current_year=year,
        alt=CHART_WORDS[lang]["indicator_alt"].format(label=label),
    )
    return view, series


def _status_counts(lang: str, entries: list[Any]) -> list[tuple[str | None, str, int]]:
    """(status, label, count) for every status, and "not reported" when some lack one."""
    statuses = [entry.status if entry else None for entry in entries]
    keys: list[str | None] = list(STATUSES)
    if None in statuses:
        keys.append(None)
    return [(key, STATUS_LABELS[lang][key], statuses.count(key)) for key in keys]


def _key_figures(loaded: LoadedReport, lang: str, objectives: list[ObjectiveView]) -> Any:
    """The figures the audit found missing, on the summary page: data, contributions,
    sustainability. Counts are of what is filled in: a draft's empty placeholders (an in-kind
    contribution or a measure with every field null) are gaps, not items."""
    report = loaded.report
    indicators = [v for o in objectives for v in o.indicators]
    entries = {e.id: e for e in report.objectives}
    statuses: list[str | None] = []
    for objective in loaded.compact.objectives:
        entry = entries.get(objective.id)
        listed = {a.id: a.status for a in entry.activities} if entry else {}
        statuses.extend(listed.get(a.id) for a in objective.activities)
    contributions = report.contributions
    financial = [c.amount for c in contributions.items if c.kind == "financial"]
    total = None if not financial or None in financial else sum(financial)  # type: ignore[arg-type]
    measures = [m.status for m in report.sustainability if m.text is not None or m.status]
    # An in-kind contribution with neither description nor amount is a draft's placeholder.
    in_kind = [c.description is not None or c.amount is not None
               for c in contributions.items if c.kind == "in_kind"]  # fmt: skip
    return {
        "indicators": len(indicators),
        "reported": sum(v.reported for v in indicators),
        "met": sum(v.met for v in indicators),
        "activities": len(statuses),
        "statuses": [
            {"label": STATUS_LABELS[lang][key], "count": statuses.count(key)}
            for key in [*STATUSES, None]
            if statuses.count(key)
        ],
        "financial": Formatter(lang).amount(total, contributions.currency),
        "financial_total": Formatter(lang).number(total),
        # An in-kind contribution still to describe makes the count unknown, not zero.
        "in_kind": len(in_kind) if all(in_kind) else Formatter(lang).gap,
        "measures": len(measures),
        "measures_completed": measures.count("completed"),
    }
