"""Reading an annual report (compact Section V) and pairing it with its compact.

A report is read next to its compact because the compact is what gives its ids, years and units
a meaning. This module reads both files, checks the report against the schema, and refuses a
report paired with another compact than its own; checking the report against the compact is
the rules' job (rules/report.py, which also makes the `LoadedReport` the later stages take).

Outputs never depend on the clock: a report's "year" is the year its period ends, and the term
years are counted from the compact's entry into force.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cpc_docs.errors import CpcError, InputError, Location
from cpc_docs.load.compact import load_compact, looks_like, validate
from cpc_docs.load.yamlsource import Source, parse_file, parse_text
from cpc_docs.model.amendment import consolidate
from cpc_docs.model.compact import Compact
from cpc_docs.model.report import Report

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
    """The years of the term; of a compact with amendments, of its term as amended by them
    all (an extension adds years: the report years after it)."""
    if compact.amendments:
        compact = consolidate(compact)
    years: list[TermYear] = []
    start = compact.entry_into_force
    while start <= compact.end_date:
        following = add_years(compact.entry_into_force, len(years) + 1)
        end = min(following - dt.timedelta(days=1), compact.end_date)
        years.append(TermYear(len(years) + 1, start, end))
        start = following
    return years


def add_years(date: dt.date, years: int) -> dt.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


def as_reported(compact: Compact, start: dt.date) -> Compact:
    """The compact a report whose period starts on `start` is on: as amended by the
    amendments in effect on that day (an amendment signed later changes the years after it,
    not those before)."""
    return consolidate(compact, start)


def term_year_for(compact: Compact, label: int) -> TermYear | None:
    """The term year ending in calendar year `label` (what `--year` names)."""
    return next((y for y in term_years(compact) if y.label == label), None)


def term_year_of(compact: Compact, start: dt.date, end: dt.date) -> TermYear | None:
    """The term year a period mostly falls in (its midpoint), for periods not on anniversaries."""
    middle = start + (end - start) / 2
    return next((y for y in term_years(compact) if y.start <= middle <= y.end), None)


def years_hint(compact: Compact) -> str:
    """The report years a compact has, for an error about a year that is not one of them."""
    if compact.amendments:
        compact = consolidate(compact)
    years = term_years(compact)
    return (
        f"its term runs from {compact.entry_into_force} to {compact.end_date}, so its report "
        f"years (the years each year of the term ends in) are {years[0].label} to "
        f"{years[-1].label}"
    )


# ---------------------------------------------------------------- reading


@dataclass
class LoadedReport:
    """A report checked against its compact (made by rules/report.py), and where it sits in
    the compact's term."""

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


def read_report(
    path: str | Path, compact_path: Path | None = None, *, given_as: str = "--compact"
) -> tuple[Report, Source, Compact, Path]:
    """A report and its compact (and the compact's file), each valid against its schema.

    Raises ValidationFailed for schema errors, or, for a report on another compact than the
    one given, one error that says so: every id and year of the report would be an error
    against that compact, and the hundred lines would hide the one mistake. `given_as` names
    how the user paired them (`--compact`: the compact was given; `--previous`: the report
    was), for the hint.
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
    return report, source, compact, compact_file


def read_report_text(text: str, file: str) -> tuple[Report, Source]:
    """A report from text (a draft just written), valid against its schema."""
    source = parse_text(text, file)
    return validate(source, Report), source


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
