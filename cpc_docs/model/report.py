"""The annual report as typed data (compact Section V): what happened in one year of the term.

Same conventions as `model.py`: unknown keys are errors, prose is a `BiText`, language-neutral
facts (numbers, dates, statuses, ids) are stored once. One convention is new: **`None` (YAML
`null`) means "not known yet"**. A draft is a report full of nulls; rendering shows each one as a
highlighted gap, and `rules.report.gaps` lists them, so a half-filled report is still a valid file.

Activities and indicators are named by the stable ids of the compact's Annex A; whether those ids
exist is checked against the compact in `rules/report.py` (this module knows no compact).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, PlainValidator, WithJsonSchema, field_validator, model_validator

from cpc_docs.model.compact import BiText, Id, Model

Status = Literal["not_started", "in_progress", "completed", "delayed", "dropped"]
STATUSES: tuple[str, ...] = get_args(Status)
Unit = Literal["count", "percentage", "yes_no"]
ContributionKind = Literal["financial", "in_kind"]
Year = Annotated[int, Field(ge=2000, le=2100)]


# Far beyond any count, percentage or amount an indicator measures, and far from the floats
# whose multiples overflow (YAML's .inf is one): a chart's axis must be drawable.
MEASURED_LIMIT = 1e15


def _measured(value: Any) -> int | float | bool | None:
    """A measured value: a number, true/false (yes/no indicators) or null (not known yet).

    One check with one message instead of pydantic's three union errors; strings are refused
    so that "12" typed in quotes is noticed rather than silently taken as a number.
    """
    if value is None or isinstance(value, (bool, int, float)):
        if isinstance(value, float) and value != value:  # NaN: YAML's .nan
            raise ValueError("expected a number, not .nan")
        if not isinstance(value, bool) and value is not None and abs(value) > MEASURED_LIMIT:
            raise ValueError(
                f"expected a measured value, at most {MEASURED_LIMIT:.0e} either way (got "
                f"{value!r}: a typo, or another unit?)"
            )
        return value
    raise ValueError(
        f"expected a number, true/false for a yes/no indicator, or null (got {value!r})"
    )


Measured = Annotated[
    int | float | bool | None,
    PlainValidator(_measured),
    WithJsonSchema({"type": ["number", "boolean", "null"]}),
]


class Period(Model):
    """The reporting period, first and last day included."""

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end <= self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        if (self.end - self.start).days > 366:
            raise ValueError("a reporting period lasts at most one year")
        return self


class ActivityReport(Model):
    id: Id = Field(description="An activity id of the compact's Annex A, e.g. prev-a01.")
    status: Status | None = None
    note: BiText | None = Field(
        default=None, description="What was done; required when delayed or dropped."
    )


class Baseline(Model):
    value: Measured = None
    year: Year | None = None
    source: BiText | None = None


class Observation(Model):
    """An indicator's value for one year of the term, with where it comes from."""

    year: Year
    value: Measured = None
    date: dt.date | None = Field(default=None, description="When the value was measured.")
    source: BiText | None = None


class IndicatorReport(Model):
    id: Id = Field(description="An indicator id of the compact's Annex A, e.g. prev-i01.")
    unit: Unit | None = Field(default=None, description="Defaults to the compact's unit.")
    baseline: Baseline | None = None
    targets: dict[Year, Measured] = Field(
        default={}, description="The annual target by report year: {2023: 10, 2024: 15}."
    )
    values: list[Observation] = Field(
        default=[], description="The values so far, earlier years included (for the trend)."
    )
    note: BiText | None = None

    @field_validator("values")
    @classmethod
    def _one_per_year(cls, values: list[Observation]) -> list[Observation]:
        years = [v.year for v in values]
        twice = sorted({y for y in years if years.count(y) > 1})
        if twice:
            raise ValueError(f"more than one value for {', '.join(map(str, twice))}")
        return sorted(values, key=lambda v: v.year)


class ObjectiveReport(Model):
    id: Id = Field(description="An objective id of the compact.")
    narrative: BiText | None = None
    activities: list[ActivityReport] = Field(default_factory=list)
    indicators: list[IndicatorReport] = Field(default_factory=list)


class Contribution(Model):
    kind: ContributionKind
    description: BiText | None = None
    amount: Annotated[float, Field(ge=0)] | None = Field(
        default=None,
        description="In the report's currency; required for financial contributions, "
        "an estimated value for in-kind ones.",
    )


class Contributions(Model):
    """The partner government's contributions during the period (GAO-23-105390)."""

    currency: str | None = Field(
        default=None, description="ISO 4217 code of the amounts, e.g. XOF."
    )
    items: list[Contribution] = Field(default_factory=list)

    @field_validator("currency")
    @classmethod
    def _iso_4217(cls, value: str | None) -> str | None:
        from babel.numbers import list_currencies

        known = list_currencies()
        if value is not None and value not in known:
            hint = f"; did you mean {value.upper()!r}?" if value.upper() in known else ""
            raise ValueError(f"not an ISO 4217 currency code (e.g. XOF){hint}")
        return value


class SustainabilityMeasure(Model):
    text: BiText | None = None
    status: Status | None = None


class PlanItem(Model):
    """An activity planned for the next year, optionally tied to an Annex A activity."""

    activity: Id | None = None
    text: BiText | None = None


class Meeting(Model):
    date: dt.date | None = None
    place: BiText | None = None
    participants: list[BiText | None] = Field(default_factory=list)


class Report(Model):
    """An annual report on a compact (Section V), draft or final."""

    compact: Id = Field(description="The id of the compact reported on, e.g. civ-2022.")
    period: Period
    disclaimer: BiText | None = Field(
        default=None, description="A notice on the cover, e.g. that figures are illustrative."
    )
    prepared_by: list[BiText] = Field(default_factory=list)
    summary: BiText | None = None
    objectives: list[ObjectiveReport] = Field(default_factory=list)
    contributions: Contributions = Field(default_factory=Contributions)
    sustainability: list[SustainabilityMeasure] = Field(default_factory=list)
    difficulties: list[BiText | None] = Field(default_factory=list)
    recommendations: list[BiText | None] = Field(default_factory=list)
    improvements: list[BiText | None] = Field(default_factory=list)
    next_year: list[PlanItem] = Field(default_factory=list)
    meeting: Meeting = Field(default_factory=Meeting)

    @property
    def year(self) -> int:
        """The report's year: the year its period ends, which names targets and values."""
        return self.period.end.year
