"""Annual reports (compact Section V): load and check against the compact, list what is left to
complete, write a draft skeleton, and build the document tree for the templates.

A report is read next to its compact because the compact is what gives its ids, years and units
a meaning: an activity id must be one of Annex A's, a target year one of the term's. Every
`null` in a report is a *gap*, not an error: drafts are rendered, gaps highlighted and listed, so
that editors see what is left. The three things a 2023 audit (GAO-23-105390) found missing from
annual dialogues — indicator data with annual targets, the partner government's contributions,
its sustainability measures — each have their own gaps, so none can be left out quietly.

Outputs never depend on the clock: a report's "year" is the year its period ends, and the term
years are counted from the compact's entry into force.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.numbers import format_decimal, get_currency_name
from markupsafe import Markup

from cpc_docs.authoring.yamltext import scalar
from cpc_docs.document import NBSP, Document, Image
from cpc_docs.errors import CpcError, InputError, Location, ValidationFailed
from cpc_docs.findings import Finding
from cpc_docs.load.compact import load_compact, looks_like, validate
from cpc_docs.load.yamlsource import PathKey, Source, parse_file, parse_text
from cpc_docs.model.compact import (
    LANGUAGES,
    Activity,
    BiText,
    Compact,
    Indicator,
    Objective,
    walk_texts,
)
from cpc_docs.model.report import STATUSES, IndicatorReport, Measured, Report
from cpc_docs.present import charts, locale
from cpc_docs.present.charts import ChartWords, IndicatorSeries
from cpc_docs.present.prose import Resolver, escape_markdown
from cpc_docs.shipped import ByLanguage, language_data

if TYPE_CHECKING:
    from cpc_docs.tree.markup import MarkupSource

TEMPLATE = "report.md.j2"

# ---------------------------------------------------------------- words


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
SHORT_GAP_LABEL = "[…]"
# Statuses by their key; None, a status not reported yet, is `not_reported` in the data.
STATUS_LABELS = _words("statuses", lambda t: {**t, None: t["not_reported"]})
YES_NO = _words("yes_no", tuple)
UNIT_LABELS = _words("units")
KIND_LABELS = _words("kinds")
CHART_WORDS = _words("chart")
NEEDS_NOTE = ("delayed", "dropped")


def format_number(value: float, lang: str) -> str:
    """12 → "12"; 1250 → "1 250" / "1,250"; 12.5 → "12,5" / "12.5" (no-break spaces)."""
    text = format_decimal(value, locale=locale.LOCALES[lang], decimal_quantization=False)
    return text.replace("\u202f", NBSP)


def format_percent(value: float, lang: str) -> str:
    return str(report_words(lang)["percent"]).format(number=format_number(value, lang))


def format_measured(value: Measured, unit: str, lang: str) -> str | None:
    """A value as its unit reads: "12", "12,5 %", "Oui"; None when not known."""
    if value is None:
        return None
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


# ---------------------------------------------------------------- the term


@dataclass(frozen=True)
class TermYear:
    """One year of the compact's term: year 1 starts on entry into force."""

    number: int
    start: dt.date
    end: dt.date  # last day, included

    @property
    def label(self) -> int:
        """The calendar year it ends in: names the report, its targets and values."""
        return self.end.year


def term_years(compact: Compact) -> list[TermYear]:
    years: list[TermYear] = []
    start = compact.entry_into_force
    while start <= compact.end_date:
        following = _add_years(compact.entry_into_force, len(years) + 1)
        end = min(following - dt.timedelta(days=1), compact.end_date)
        years.append(TermYear(len(years) + 1, start, end))
        start = following
    return years


def _add_years(date: dt.date, years: int) -> dt.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


def term_year_for(compact: Compact, label: int) -> TermYear | None:
    """The term year ending in calendar year `label` (what `--year` names)."""
    return next((y for y in term_years(compact) if y.label == label), None)


def term_year_of(compact: Compact, start: dt.date, end: dt.date) -> TermYear | None:
    """The term year a period mostly falls in (its midpoint), for periods not on anniversaries."""
    middle = start + (end - start) / 2
    return next((y for y in term_years(compact) if y.start <= middle <= y.end), None)


# ---------------------------------------------------------------- loading and checking


@dataclass
class LoadedReport:
    report: Report
    source: Source
    compact: Compact
    compact_path: Path
    term_year: TermYear

    @property
    def file(self) -> str:
        return self.source.file


def find_compact(report_path: Path, compact_id: str, explicit: Path | None = None) -> Path:
    """The compact's file: `--compact` if given, else `<id>.yaml` in the usual places."""
    if explicit is not None:
        return explicit
    here = report_path.resolve().parent
    candidates = [
        here.parent / "compacts" / f"{compact_id}.yaml",
        here / f"{compact_id}.yaml",
        Path("compacts") / f"{compact_id}.yaml",
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(c) for c in dict.fromkeys(candidates))
    raise CpcError(
        f"the compact {compact_id!r} was not found (looked for {looked})",
        Location(str(report_path)),
        "give its file with --compact",
    )


def load_report(
    path: str | Path, compact_path: Path | None = None, *, given_as: str = "--compact"
) -> LoadedReport:
    """Read a report, find and read its compact, check one against the other.

    Raises ValidationFailed listing every error (schema, ids, years, units, languages), or,
    for a report on another compact than the one given, one error that says so: every id
    and year of the report would be an error against that compact, and the hundred lines
    would hide the one mistake. `given_as` names how the user paired them (`--compact`: the
    compact was given; `--previous`: the report was), for the hint.
    """
    path = Path(path)
    source = parse_file(path)
    if looks_like(source.data) == "compact":
        raise InputError(
            "this file is a compact, not an annual report",
            Location(source.file),
            f"start a report from it with: cpc report draft {source.file} --year YEAR -o FILE",
        )
    report = validate(source, Report)
    compact_file = find_compact(path, report.compact, compact_path)
    compact, _ = load_compact(compact_file)
    if report.compact != compact.id:
        raise _other_compact(source, report.compact, compact.id, compact_file,
                             given_as if compact_path is not None else None)  # fmt: skip
    return checked(report, source, compact, compact_file)


def _other_compact(
    source: Source, reported: str, compact_id: str, compact_file: Path, given_as: str | None
) -> InputError:
    """The one error for a report paired with another compact, with what to give instead."""
    if given_as is None:  # found by its file name, <id>.yaml, but its id is another
        hint = f"{compact_file} has the id {compact_id}; give the compact's file with --compact"
    elif given_as == "--compact":
        hint = f"give the file of the compact {reported} to --compact"
    else:
        hint = f"give a report of {compact_id} to {given_as}"
    return InputError(
        f"this report is on {reported}; the compact is {compact_id}",
        source.locate(("compact",)),
        hint,
    )


def load_report_text(text: str, file: str, compact: Compact, compact_file: Path) -> LoadedReport:
    """A report from text (a draft just written), against a compact already loaded."""
    source = parse_text(text, file)
    return checked(validate(source, Report), source, compact, compact_file)


def checked(report: Report, source: Source, compact: Compact, compact_file: Path) -> LoadedReport:
    findings = check_report(report, source, compact)
    if findings:
        raise ValidationFailed(findings, source.file)
    term_year = term_year_of(compact, report.period.start, report.period.end)
    assert term_year is not None  # check_report refused a period outside the term
    return LoadedReport(report, source, compact, compact_file, term_year)


class _Checker:
    def __init__(self, report: Report, source: Source, compact: Compact) -> None:
        self.report = report
        self.source = source
        self.compact = compact
        self.findings: list[Finding] = []
        self.labels = [y.label for y in term_years(compact)]

    def error(self, path: PathKey, message: str, *, key: bool = False) -> None:
        location = self.source.locate(path, key=key)
        self.findings.append(Finding("report", "error", message, location))


def check_report(report: Report, source: Source, compact: Compact) -> list[Finding]:
    """What the schema cannot know: the report against its compact."""
    check = _Checker(report, source, compact)
    if report.compact != compact.id:
        check.error(("compact",), f"the report is on {report.compact!r}, the compact is "
                    f"{compact.id!r}")  # fmt: skip
    _check_period(check)
    objectives = {o.id: o for o in compact.objectives}
    owners = {a.id: o.id for o in compact.objectives for a in o.activities}
    owners.update({i.id: o.id for o in compact.objectives for i in o.indicators})
    seen: set[str] = set()
    for index, entry in enumerate(report.objectives):
        path: PathKey = ("objectives", index)
        objective = objectives.get(entry.id)
        if objective is None:
            check.error((*path, "id"), _unknown("objective", entry.id, list(objectives)))
            continue
        if entry.id in seen:
            check.error((*path, "id"), f"objective {entry.id!r} is listed twice")
        seen.add(entry.id)
        _check_items(check, path, "activities", entry.activities, objective, owners)
        _check_items(check, path, "indicators", entry.indicators, objective, owners)
        units = {i.id: i.unit for i in objective.indicators}
        for i, indicator in enumerate(entry.indicators):
            if indicator.id in units:
                unit = indicator.unit or units[indicator.id]
                _check_indicator(check, (*path, "indicators", i), indicator, unit)
    activities = {a.id for a in compact.activities()}
    for index, item in enumerate(report.next_year):
        if item.activity is not None and item.activity not in activities:
            check.error(("next_year", index, "activity"),
                        _unknown("activity", item.activity, sorted(activities)))  # fmt: skip
    check.findings.extend(_languages(report, source, compact))
    return sorted(check.findings, key=lambda f: (f.location.line or 0, f.location.column or 0))


def _check_period(check: _Checker) -> None:
    period, compact = check.report.period, check.compact
    if period.start < compact.entry_into_force:
        check.error(("period", "start"), f"the period starts before the compact entered into "
                    f"force ({compact.entry_into_force})")  # fmt: skip
    if period.end > compact.end_date:
        check.error(("period", "end"),
                    f"the period ends after the compact's term ({compact.end_date})")  # fmt: skip
    elif term_year_of(compact, period.start, period.end) is None:
        check.error(("period",), "the period is outside the compact's term")
    meeting = check.report.meeting.date
    if meeting is not None and meeting < period.start:
        check.error(("meeting", "date"), f"the annual meeting ({meeting}) is before the period "
                    f"it reviews begins ({period.start})")  # fmt: skip
    elif meeting is not None and meeting > _add_years(period.end, 1):
        check.error(("meeting", "date"), f"the annual meeting ({meeting}) is more than a "
                    f"year after the period it reviews ended ({period.end}); is the year "
                    "right?")  # fmt: skip


def _check_items(
    check: _Checker,
    path: PathKey,
    kind: str,
    items: list[Any],
    objective: Objective,
    owners: dict[str, str],
) -> None:
    known = [x.id for x in getattr(objective, kind)]
    noun = kind[:-3] + "y" if kind == "activities" else kind[:-1]
    seen: set[str] = set()
    for index, item in enumerate(items):
        where = (*path, kind, index, "id")
        if item.id in seen:
            check.error(where, f"{noun} {item.id!r} is listed twice")
        seen.add(item.id)
        if item.id in known:
            continue
        owner = owners.get(item.id)
        if owner is not None and item.id in _ids(check.compact, owner, kind):
            check.error(where, f"{noun} {item.id!r} belongs to objective {owner!r}, not "
                        f"{objective.id!r}")  # fmt: skip
        else:
            check.error(where, _unknown(noun, item.id, known, f" of objective {objective.id!r}"))


def _ids(compact: Compact, objective_id: str, kind: str) -> list[str]:
    objective = next(o for o in compact.objectives if o.id == objective_id)
    return [x.id for x in getattr(objective, kind)]


def _unknown(noun: str, value: str, known: list[str], where: str = "") -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.7)
    if close:
        return f"unknown {noun} {value!r}; did you mean {close[0]!r}?"
    shown = ", ".join(known[:20]) + (", …" if len(known) > 20 else "")
    return f"unknown {noun} {value!r} (the {noun} ids{where}: {shown or 'none'})"


def _check_indicator(check: _Checker, path: PathKey, indicator: IndicatorReport, unit: str) -> None:
    year = check.report.year
    first, last = check.labels[0], check.labels[-1]
    if indicator.baseline is not None:
        _check_value(check, (*path, "baseline", "value"), indicator.baseline.value, unit)
        if indicator.baseline.year is not None and indicator.baseline.year > year:
            check.error((*path, "baseline", "year"),
                        f"the baseline is from {indicator.baseline.year}, after the report's "
                        f"year {year}")  # fmt: skip
    for target_year, target in indicator.targets.items():
        if target_year not in check.labels:
            check.error((*path, "targets", target_year),
                        f"{target_year} is not a year of the compact's term (its report years "
                        f"are {first} to {last})", key=True)  # fmt: skip
        _check_value(check, (*path, "targets", target_year), target, unit)
    for index, observation in enumerate(indicator.values):
        where = (*path, "values", index)
        if observation.date is not None:
            _check_measured_on(check, (*where, "date"), observation.year, observation.date)
        if observation.year not in check.labels:
            check.error((*where, "year"), f"{observation.year} is not a year of the compact's "
                        f"term (its report years are {first} to {last})")  # fmt: skip
        elif observation.year > year:
            check.error(
                (*where, "year"), f"a value for {observation.year}, after the report's year {year}"
            )
        _check_value(check, (*where, "value"), observation.value, unit)


def _check_measured_on(check: _Checker, path: PathKey, year: int, measured: dt.date) -> None:
    """A value's date must fall where a value for that year can be measured: not before that
    year of the term began, not after the annual meeting that presents it, and not more than
    a year after that year ended (it would then be the next report's)."""
    term_year = next((y for y in term_years(check.compact) if y.label == year), None)
    if term_year is None:
        return  # the year itself is reported as outside the term
    meeting = check.report.meeting.date
    if measured < term_year.start:
        check.error(path, f"a value for {year} measured on {measured}, before that year of the "
                    f"term began ({term_year.start})")  # fmt: skip
    elif year == check.report.year and meeting is not None and measured > meeting:
        check.error(path, f"a value for {year} measured on {measured}, after the annual meeting "
                    f"that presents it ({meeting})")  # fmt: skip
    elif measured > _add_years(term_year.end, 1):
        check.error(path, f"a value for {year} measured on {measured}, more than a year after "
                    f"that year of the term ended ({term_year.end})")  # fmt: skip


def _check_value(check: _Checker, path: PathKey, value: Measured, unit: str) -> None:
    if value is None:
        return
    if unit == "yes_no":
        if not isinstance(value, bool):
            check.error(path, f"a yes/no indicator takes true or false (got {value!r})")
    elif isinstance(value, bool):
        check.error(path, f"a {UNIT_LABELS['en'][unit]} indicator takes a number (got {value})")
    elif unit == "count" and (value < 0 or value != int(value)):
        check.error(path, f"a count is a whole number, zero or more (got {value!r})")


def _languages(report: Report, source: Source, compact: Compact) -> list[Finding]:
    """Every text in every language of the compact, and no other (as for compacts)."""
    wanted = set(compact.languages)
    findings: list[Finding] = []
    for path, text, _scopes in walk_texts(report):
        for lang in sorted(wanted - set(text.languages), key=LANGUAGES.index):
            message = f"the {lang!r} text is missing (the compact is in {', '.join(wanted)})"
            findings.append(Finding("schema", "error", message, source.locate(path)))
        for lang in sorted(set(text.languages) - wanted):
            message = f"a {lang!r} text is given but the compact is not in {lang!r}"
            findings.append(Finding("schema", "error", message, source.locate((*path, lang))))
    return findings


# ---------------------------------------------------------------- gaps


@dataclass(frozen=True)
class Gap:
    """A value still to complete: where it goes in the file, and what it is (for people)."""

    path: PathKey
    what: str
    location: Location

    def __str__(self) -> str:
        field = ".".join(str(p) for p in self.path)
        return f"{self.location}: to complete: {field}: {self.what}"


def gaps(loaded: LoadedReport) -> list[Gap]:
    """Every value the report still lacks, in file order."""
    found: list[Gap] = []

    def add(path: PathKey, what: str) -> None:
        found.append(Gap(path, what, loaded.source.locate(path)))

    report, compact = loaded.report, loaded.compact
    if report.summary is None:
        add(("summary",), "the summary of the year")
    entries = {entry.id: (i, entry) for i, entry in enumerate(report.objectives)}
    for objective in compact.objectives:
        if objective.id not in entries:
            add(("objectives",), f"objective {objective.id} is not in the report")
            continue
        index, entry = entries[objective.id]
        path: PathKey = ("objectives", index)
        if entry.narrative is None:
            add((*path, "narrative"), f"narrative of objective {objective.id}")
        _activity_gaps(add, path, objective, entry.activities)
        _indicator_gaps(add, path, objective, entry.indicators, report.year)
    _contribution_gaps(add, report)
    if not report.sustainability:
        add(("sustainability",), "no sustainability measure listed")
    for i, measure in enumerate(report.sustainability):
        if measure.text is None:
            add(("sustainability", i, "text"), "a sustainability measure")
        if measure.status is None:
            add(("sustainability", i, "status"), "status of a sustainability measure")
    for name, noun in (
        ("difficulties", "difficulty"),
        ("recommendations", "recommendation"),
        ("improvements", "area for improvement"),
    ):
        texts = getattr(report, name)
        if not texts:
            add((name,), f"no {noun} listed")
        for i, text in enumerate(texts):
            if text is None:
                add((name, i), f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}")
    if not report.next_year:
        add(("next_year",), "no activity planned for next year")
    for i, item in enumerate(report.next_year):
        if item.text is None:
            add(("next_year", i, "text"), "an activity planned for next year")
    meeting = report.meeting
    if meeting.date is None:
        add(("meeting", "date"), "the date of the annual meeting")
    if meeting.place is None:
        add(("meeting", "place"), "the place of the annual meeting")
    if not meeting.participants:
        add(("meeting", "participants"), "no participant listed")
    for i, participant in enumerate(meeting.participants):
        if participant is None:
            add(("meeting", "participants", i), "a participant in the annual meeting")
    return sorted(found, key=lambda g: (g.location.line or 0, g.location.column or 0))


Add = Callable[[PathKey, str], None]


def _activity_gaps(add: Add, path: PathKey, objective: Objective, entries: list[Any]) -> None:
    listed = {a.id: (i, a) for i, a in enumerate(entries)}
    for activity in objective.activities:
        if activity.id not in listed:
            add((*path, "activities"), f"activity {activity.id} is not in the report")
            continue
        index, entry = listed[activity.id]
        where = (*path, "activities", index)
        if entry.status is None:
            add((*where, "status"), f"status of activity {activity.id}")
        elif entry.status in NEEDS_NOTE and entry.note is None:
            add((*where, "note"), f"why activity {activity.id} is {entry.status}")


def _indicator_gaps(
    add: Add, path: PathKey, objective: Objective, entries: list[IndicatorReport], year: int
) -> None:
    listed = {x.id: (i, x) for i, x in enumerate(entries)}
    for indicator in objective.indicators:
        if indicator.id not in listed:
            add((*path, "indicators"), f"indicator {indicator.id} is not in the report")
            continue
        index, entry = listed[indicator.id]
        where = (*path, "indicators", index)
        baseline = entry.baseline
        if baseline is None:
            add((*where, "baseline"), f"baseline of indicator {indicator.id}")
        else:
            for name in ("value", "year", "source"):
                if getattr(baseline, name) is None:
                    add((*where, "baseline", name), f"baseline {name} of indicator "
                        f"{indicator.id}")  # fmt: skip
        if entry.targets.get(year) is None:
            at = (*where, "targets", year) if year in entry.targets else (*where, "targets")
            add(at, f"{year} target of indicator {indicator.id}")
        observed = [(i, v) for i, v in enumerate(entry.values) if v.year == year]
        if not observed:
            add((*where, "values"), f"{year} value of indicator {indicator.id}")
            continue
        i, observation = observed[0]
        for name, what in (("value", "value"), ("date", "date of the value"),
                           ("source", "source of the value")):  # fmt: skip
            if getattr(observation, name) is None:
                add((*where, "values", i, name), f"{year} {what} of indicator {indicator.id}")


def _contribution_gaps(add: Add, report: Report) -> None:
    contributions = report.contributions
    if contributions.currency is None:
        add(("contributions", "currency"), "the currency of the contributions")
    if not contributions.items:
        add(("contributions", "items"), "no contribution of the partner government listed")
    for i, item in enumerate(contributions.items):
        if item.description is None:
            add(("contributions", "items", i, "description"), "a contribution's description")
        if item.kind == "financial" and item.amount is None:
            add(("contributions", "items", i, "amount"), "a financial contribution's amount")


# ---------------------------------------------------------------- the draft skeleton

TODO = "# TO DO"
TEXT_HINT = '{fr: "…", en: "…"}'


def draft_text(
    compact: Compact, label: int, compact_file: str, previous: LoadedReport | None = None
) -> str:
    """A report skeleton for the term year ending in `label`, as YAML text with comments.

    Every value to complete is `null` with a `# TO DO` comment; `gaps()` of the loaded
    skeleton finds exactly those. From a previous report, carry over each indicator's unit,
    baseline, targets and earlier values, activities completed or dropped, the currency and the
    sustainability measures (their status to update).
    """
    term_year = term_year_for(compact, label)
    if term_year is None:
        raise CpcError(f"{label} is not a report year of the compact: {years_hint(compact)}")
    w = _Writer()
    w.comments(
        f"Annual report on the compact {compact.id}, year {term_year.number} of its term.",
        f"Draft written by `cpc report draft` from {compact_file}"
        + (f" and {previous.file}." if previous else "."),
        "Fill in every value marked TO DO (null means: not known yet). `cpc report render`",
        "shows each remaining null as a highlighted [À COMPLÉTER] / [TO BE COMPLETED] and",
        "lists them. Texts are written in every language: " + TEXT_HINT + ".",
        "Statuses: " + ", ".join(STATUSES) + ".",
    )
    w.blank()
    w.line(0, f"compact: {compact.id}")
    w.line(0, "period:", f"year {term_year.number} of the term")
    w.line(1, f"start: {term_year.start.isoformat()}")
    w.line(1, f"end: {term_year.end.isoformat()}")
    w.blank()
    w.line(0, "summary: null", f"TO DO: a short summary of the year, {TEXT_HINT}")
    w.blank()
    w.line(0, "objectives:")
    old = _previous_entries(previous)
    for number, objective in enumerate(compact.objectives, start=1):
        _draft_objective(w, compact, number, objective, old, term_year.label)
    w.blank()
    _draft_tail(w, compact, previous)
    return w.text()


def years_hint(compact: Compact) -> str:
    years = term_years(compact)
    return (
        f"its term runs from {compact.entry_into_force} to {compact.end_date}, so its report "
        f"years (the years each year of the term ends in) are {years[0].label} to "
        f"{years[-1].label}"
    )


class _Writer:
    """YAML lines with comments: PyYAML cannot write comments, and a skeleton needs them."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def line(self, indent: int, text: str, comment: str = "") -> None:
        tail = f"  # {comment}" if comment else ""
        self.lines.append("  " * indent + text + tail)

    def comments(self, *texts: str, indent: int = 0) -> None:
        for text in texts:
            self.lines.append("  " * indent + "# " + text)

    def blank(self) -> None:
        self.lines.append("")

    def text(self) -> str:
        return "\n".join(self.lines).rstrip() + "\n"

    def bitext(self, indent: int, key: str, text: BiText | None, comment: str = "") -> None:
        """`key: null` with its comment, or the text as a mapping of its languages.

        `key` may open a list item ("- text"): its languages then go one level deeper.
        """
        if text is None:
            self.line(indent, f"{key}: null", comment)
            return
        self.line(indent, f"{key}:")
        deeper = indent + (2 if key.startswith("- ") else 1)
        for lang in text.languages:
            self.line(deeper, f"{lang}: {scalar(text[lang])}")


def _flow(text: BiText) -> str:
    return "{" + ", ".join(f"{lang}: {scalar(text[lang])}" for lang in text.languages) + "}"


def _glimpse(text: BiText, width: int = 88) -> str:
    """A line of the compact's text as a comment, so editors know what an id is."""
    first = text.root[next(iter(text.root))]
    return first if len(first) <= width else first[: width - 1].rstrip() + "…"


@dataclass
class _Previous:
    indicators: dict[str, IndicatorReport] = field(default_factory=dict)
    activities: dict[str, Any] = field(default_factory=dict)


def _previous_entries(previous: LoadedReport | None) -> _Previous:
    old = _Previous()
    if previous is None:
        return old
    for entry in previous.report.objectives:
        old.indicators.update({i.id: i for i in entry.indicators})
        old.activities.update({a.id: a for a in entry.activities})
    return old


def _draft_objective(
    w: _Writer, compact: Compact, number: int, objective: Objective, old: _Previous, year: int
) -> None:
    w.line(1, f"- id: {objective.id}", f"{number}. {_glimpse(objective.text, 80)}")
    w.line(2, "narrative: null", f"TO DO: progress toward the objective, {TEXT_HINT}")
    w.line(2, "activities:" if objective.activities else "activities: []")
    for activity in objective.activities:
        w.comments(_glimpse(activity.text), indent=3)
        w.line(3, f"- id: {activity.id}")
        before = old.activities.get(activity.id)
        if before is not None and before.status in ("completed", "dropped"):
            w.line(4, f"status: {before.status}", "from the previous report")
            w.bitext(4, "note", before.note, "optional")
        else:
            w.line(4, "status: null", "TO DO: " + ", ".join(STATUSES))
            w.line(4, "note: null", "optional; required when delayed or dropped")
    w.line(2, "indicators:" if objective.indicators else "indicators: []")
    for indicator in objective.indicators:
        w.comments(_glimpse(indicator.text), indent=3)
        w.line(3, f"- id: {indicator.id}")
        before = old.indicators.get(indicator.id)
        unit = (before.unit if before else None) or indicator.unit
        w.line(4, f"unit: {unit}", "count, percentage or yes_no")
        _draft_indicator(w, compact, before, year, unit)


def _draft_indicator(
    w: _Writer, compact: Compact, before: IndicatorReport | None, year: int, unit: str
) -> None:
    example = "true or false" if unit == "yes_no" else "a number"
    baseline = before.baseline if before else None
    w.line(4, "baseline:")
    for name, hint in (("value", example), ("year", "YYYY"), ("source", TEXT_HINT)):
        value = getattr(baseline, name) if baseline else None
        if value is None:
            w.line(5, f"{name}: null", f"TO DO: {hint}")
        elif isinstance(value, BiText):
            w.line(5, f"{name}: {_flow(value)}")
        else:
            w.line(5, f"{name}: {scalar(value)}")
    w.line(4, "targets:", "the annual target for each report year of the term")
    targets = before.targets if before else {}
    for term_year in term_years(compact):
        value = targets.get(term_year.label)
        comment = ""
        if value is None:
            comment = f"TO DO: {example}" if term_year.label == year else "when known"
        w.line(5, f"{term_year.label}: {scalar(value)}", comment)
    w.line(4, "values:", "one per report year so far, with its date and source")
    for observation in before.values if before else []:
        if observation.year < year:
            source = _flow(observation.source) if observation.source else "null"
            w.line(5, f"- year: {observation.year}")
            w.line(6, f"value: {scalar(observation.value)}")
            w.line(6, f"date: {scalar(observation.date)}")
            w.line(6, f"source: {source}")
    w.line(5, f"- year: {year}")
    w.line(6, "value: null", f"TO DO: {example}")
    w.line(6, "date: null", "TO DO: when it was measured, YYYY-MM-DD")
    w.line(6, "source: null", f"TO DO: {TEXT_HINT}")


def _draft_tail(w: _Writer, compact: Compact, previous: LoadedReport | None) -> None:
    # The skeleton's comments are in English: the partner's English name ("Senegal", not the
    # first language's "Sénégal"), or its only one when the compact has no English.
    short = compact.partner.short
    partner = short.get("en") or short[short.languages[0]]
    currency = previous.report.contributions.currency if previous else None
    w.line(0, "contributions:", f"what the Government of {partner} contributed in the period")
    if currency:
        w.line(1, f"currency: {currency}")
    else:
        w.line(1, "currency: null", "TO DO: the ISO 4217 code of the amounts, e.g. XOF")
    w.line(1, "items:")
    for kind, comment in (("financial", "TO DO: in the currency above"),
                          ("in_kind", "optional: its estimated value")):  # fmt: skip
        w.line(2, f"- kind: {kind}", "financial or in_kind")
        w.line(3, "description: null", f"TO DO: {TEXT_HINT}")
        w.line(3, "amount: null", comment)
    w.blank()
    w.line(0, "sustainability:", "how progress will last after the compact")
    measures = previous.report.sustainability if previous else []
    for measure in measures or [None]:
        w.bitext(1, "- text", measure.text if measure else None, f"TO DO: {TEXT_HINT}")
        w.line(2, "status: null", "TO DO: " + ", ".join(STATUSES))
    for name, what in (
        ("difficulties", "a difficulty met"),
        ("recommendations", "a recommendation for further assistance"),
        ("improvements", "an area for improvement"),
    ):
        w.blank()
        w.line(0, f"{name}:", "one item per line; add as many as needed")
        w.line(1, "- null", f"TO DO: {what}, {TEXT_HINT}")
    w.blank()
    w.line(0, "next_year:", "the activities planned for the next year")
    w.line(1, "- activity: null", "optional: the Annex A activity id, e.g. prev-a02")
    w.line(2, "text: null", f"TO DO: {TEXT_HINT}")
    w.blank()
    w.line(0, "meeting:", "the annual meeting where the report is presented")
    w.line(1, "date: null", "TO DO: YYYY-MM-DD")
    w.line(1, "place: null", f"TO DO: {TEXT_HINT}")
    w.line(1, "participants:")
    w.line(2, "- null", f"TO DO: a participant (body or person), {TEXT_HINT}")


# ---------------------------------------------------------------- the template's view


def gap_markup(lang: str, short: bool = False) -> Markup:
    """The highlighted mark of a missing value, as markup; `short`: the mark for narrow table
    cells, "[…]", which needs a legend."""
    label = SHORT_GAP_LABEL if short else GAP_LABEL[lang]
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
    loaded: LoadedReport, lang: str, found: list[Gap]
) -> tuple[dict[str, Any], dict[str, Image]]:
    """What the report template sees, and the charts it may place, for one language."""
    report, compact = loaded.report, loaded.compact
    f = Formatter(lang)
    words = chart_words(lang)
    jobs: dict[str, Callable[[], Image]] = {}  # chart id: how to draw it
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
                jobs[view.chart] = partial(charts.indicator_chart, series, words)
            indicators.append(view)
        status_chart = None
        # A chart of the statuses tells something only of two activities or more: of one,
        # the table row under it says the same.
        if len(activities) >= 2:
            status_chart = f"status-{objective.id}"
            counts = _status_counts(lang, [listed.get(a.id) for a in objective.activities])
            alt = CHART_WORDS[lang]["status_alt"].format(number=number)
            jobs[status_chart] = partial(charts.status_chart, counts, words, alt)
        narrative = f.text(entry.narrative if entry else None)
        objectives.append(
            ObjectiveView(number, objective, narrative, activities, indicators, status_chart)
        )
    images = dict(zip(jobs, charts.draw_all(list(jobs.values())), strict=True))
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
    known = [format_measured(p, unit, lang) for p in points if p is not None]
    trend = Markup(escape_markdown(" → ".join(known))) if len(known) > 1 else Markup("—")
    baseline_text = shown(base_value)
    if base_value is not None:
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


def report_source(loaded: LoadedReport, lang: str, settings: Any) -> MarkupSource:
    """The report's markup in one language (`settings`: render.RenderSettings)."""
    from cpc_docs.pipeline import markup_source

    context, images = report_context(loaded, lang, gaps(loaded))
    return markup_source(TEMPLATE, lang, context, settings, images)


def report_document(loaded: LoadedReport, lang: str, settings: Any) -> Document:
    """The report's document tree in one language."""
    return report_source(loaded, lang, settings).document()
