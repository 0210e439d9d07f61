"""The rules of an annual report: checked against its compact, and what is left to complete.

A report's ids, years and units mean something only against its compact: an activity id must
be one of Annex A's, a target year one of the term's. `check` has the shape of
rules/compact.py's: the findings for one file, in file order. Every `null` in a report is a
*gap*, not an error: drafts are rendered, gaps highlighted and listed (`gaps`), so that editors
see what is left. The three things a 2023 audit (GAO-23-105390) found missing from annual
dialogues — indicator data with annual targets, the partner government's contributions, its
sustainability measures — each have their own gaps, so none can be left out quietly.

A report is only ever used checked, so `load_report` (read, then check) is here, where the
check is; reading alone is load/report.py's.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cpc_docs.errors import Location, ValidationFailed
from cpc_docs.findings import Finding
from cpc_docs.load.report import (
    LoadedReport,
    add_years,
    as_reported,
    read_report,
    read_report_text,
    term_year_of,
    term_years,
)
from cpc_docs.load.yamlsource import PathKey, Source
from cpc_docs.model.compact import LANGUAGES, Compact, Objective, walk_texts
from cpc_docs.model.report import IndicatorReport, Measured, Report
from cpc_docs.present.report import NEEDS_NOTE, UNIT_LABELS


def load_report(
    path: str | Path, compact_path: Path | None = None, *, given_as: str = "--compact"
) -> LoadedReport:
    """Read a report, find and read its compact, check one against the other.

    Raises ValidationFailed listing every error (schema, ids, years, units, languages), or,
    for a report on another compact than the one given, one error that says so (see
    load/report.py `read_report`, and `given_as` there).
    """
    report, source, compact, compact_file = read_report(path, compact_path, given_as=given_as)
    return checked(report, source, compact, compact_file)


def load_report_text(text: str, file: str, compact: Compact, compact_file: Path) -> LoadedReport:
    """A report from text (a draft just written), against a compact already loaded."""
    report, source = read_report_text(text, file)
    return checked(report, source, compact, compact_file)


def checked(report: Report, source: Source, compact: Compact, compact_file: Path) -> LoadedReport:
    # The compact as amended by the amendments in effect when the report's period starts.
    compact = as_reported(compact, report.period.start)
    findings = check(report, source, compact)
    if findings:
        raise ValidationFailed(findings, source.file)
    term_year = term_year_of(compact, report.period.start, report.period.end)
    assert term_year is not None  # check refused a period outside the term
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


def check(report: Report, source: Source, compact: Compact) -> list[Finding]:
    """What the schema cannot know: the report against its compact (as rules/compact.py's
    `check`, the findings in file order)."""
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
    elif meeting is not None and meeting > add_years(period.end, 1):
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
    elif measured > add_years(term_year.end, 1):
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
