"""The draft of an annual report that `cpc report draft` writes: a skeleton to fill in.

Every objective, Annex A activity and indicator of the compact is listed by id, with a line of
the compact's text as a comment so that editors know what an id is; every value to complete is
`null` with a `# TO DO` comment, and `rules.report.gaps` of the loaded skeleton finds exactly
those. From the previous year's report, what stays true is carried over. The data is built as
plain values with its comments, and authoring/yamltext.py writes it, as it writes `cpc new`'s
compacts. The comments are in English, the language of the file's keys.
"""

from __future__ import annotations

from typing import Any

from cpc_docs.authoring.yamltext import Comment, Draft, write_yaml
from cpc_docs.errors import CpcError
from cpc_docs.load.report import (
    LoadedReport,
    TermYear,
    as_reported,
    term_year_for,
    term_years,
    years_hint,
)
from cpc_docs.load.yamlsource import PathKey
from cpc_docs.model.compact import BiText, Compact, Objective
from cpc_docs.model.report import STATUSES, ActivityReport, IndicatorReport
from cpc_docs.present.report import GAP_LABEL

TODO = "TO DO"
TEXT_HINT = '{fr: "…", en: "…"}'


def draft_text(
    compact: Compact, label: int, compact_file: str, previous: LoadedReport | None = None
) -> str:
    """A report skeleton for the term year ending in `label`, as YAML text with comments.

    From a previous report, carry over each indicator's unit, baseline, targets and earlier
    values, activities completed or dropped, the currency and the sustainability measures
    (their status to update).
    """
    draft = build_draft(compact, label, previous)
    return write_yaml(draft, [header(compact, label, compact_file, previous)])


def build_draft(compact: Compact, label: int, previous: LoadedReport | None = None) -> Draft:
    """The skeleton as data with its comments: what `draft_text` writes."""
    term_year = _term_year(compact, label)
    # The compact as amended by the amendments in effect when the year starts.
    compact = as_reported(compact, term_year.start)
    skeleton = _Skeleton(compact, term_year.label, previous)
    draft = skeleton.draft
    draft.data["compact"] = compact.id
    draft.data["period"] = {"start": term_year.start, "end": term_year.end}
    draft.note_inline(("period",), f"year {term_year.number} of the term")
    draft.joined.add(("period",))
    draft.data["summary"] = skeleton.todo(("summary",), f"a short summary of the year, {TEXT_HINT}")
    draft.data["objectives"] = [
        skeleton.objective(("objectives", index), number, objective)
        for index, (number, objective) in enumerate(enumerate(compact.objectives, start=1))
    ]
    skeleton.tail()
    return draft


def header(
    compact: Compact, label: int, compact_file: str, previous: LoadedReport | None = None
) -> Comment:
    """What the file is, where it comes from, and how to fill it in."""
    term_year = _term_year(compact, label)
    gaps = " / ".join(GAP_LABEL[lang] for lang in ("fr", "en"))
    return Comment(
        example=(
            f"Annual report on the compact {compact.id}, year {term_year.number} of its term.",
            f"Draft written by `cpc report draft` from {compact_file}"
            + (f" and {previous.file}." if previous else "."),
            "Fill in every value marked TO DO (null means: not known yet). `cpc report render`",
            f"shows each remaining null as a highlighted {gaps} and",
            "lists them. Texts are written in every language: " + TEXT_HINT + ".",
            "Statuses: " + ", ".join(STATUSES) + ".",
        )
    )


def _term_year(compact: Compact, label: int) -> TermYear:
    term_year = term_year_for(compact, label)
    if term_year is None:
        raise CpcError(f"{label} is not a report year of the compact: {years_hint(compact)}")
    return term_year


class _Skeleton:
    """Builds the skeleton's data and comments, part by part in the file's order."""

    def __init__(self, compact: Compact, year: int, previous: LoadedReport | None) -> None:
        self.draft = Draft({}, width=None)  # texts carried over stay on their line, as given
        self.note = self.draft.note
        self.note_inline = self.draft.note_inline
        self.compact = compact
        self.year = year
        self.previous = previous
        # The previous report's entries by id: what of them stays true is carried over.
        self.old_indicators: dict[str, IndicatorReport] = {}
        self.old_activities: dict[str, ActivityReport] = {}
        for entry in previous.report.objectives if previous else []:
            self.old_indicators.update({i.id: i for i in entry.indicators})
            self.old_activities.update({a.id: a for a in entry.activities})

    def todo(self, path: PathKey, what: str) -> Any:
        """A value to complete: null (returned), with its `# TO DO` comment."""
        self.note_inline(path, f"{TODO}: {what}")
        return None

    def text(self, path: PathKey, text: BiText | None, comment: str) -> dict[str, str] | None:
        """A text carried over, one language a line; else null with its comment."""
        if text is None:
            self.note_inline(path, comment)
            return None
        self.draft.block.add(path)
        return _languages(text)

    def objective(self, path: PathKey, number: int, objective: Objective) -> dict[str, Any]:
        self.note_inline((*path, "id"), f"{number}. {_glimpse(objective.text, 80)}")
        narrative = self.todo((*path, "narrative"), f"progress toward the objective, {TEXT_HINT}")
        activities = []
        for index, activity in enumerate(objective.activities):
            where = (*path, "activities", index)
            self.note(where, "", _glimpse(activity.text))
            item: dict[str, Any] = {"id": activity.id}
            done = self.old_activities.get(activity.id)
            if done is not None and done.status in ("completed", "dropped"):
                item["status"] = done.status
                self.note_inline((*where, "status"), "from the previous report")
                item["note"] = self.text((*where, "note"), done.note, "optional")
            else:
                item["status"] = self.todo((*where, "status"), ", ".join(STATUSES))
                self.note_inline((*where, "note"), "optional; required when delayed or dropped")
                item["note"] = None
            activities.append(item)
        indicators = []
        for index, indicator in enumerate(objective.indicators):
            where = (*path, "indicators", index)
            self.note(where, "", _glimpse(indicator.text))
            before = self.old_indicators.get(indicator.id)
            unit = (before.unit if before else None) or indicator.unit
            self.note_inline((*where, "unit"), "count, percentage or yes_no")
            indicators.append(
                {"id": indicator.id, "unit": unit, **self.indicator(where, before, unit)}
            )
        return {
            "id": objective.id,
            "narrative": narrative,
            "activities": activities,
            "indicators": indicators,
        }

    def indicator(self, path: PathKey, before: IndicatorReport | None, unit: str) -> dict[str, Any]:
        example = "true or false" if unit == "yes_no" else "a number"
        baseline = before.baseline if before else None
        base: dict[str, Any] = {}
        for name, hint in (("value", example), ("year", "YYYY"), ("source", TEXT_HINT)):
            value = getattr(baseline, name) if baseline else None
            if value is None:
                value = self.todo((*path, "baseline", name), hint)
            base[name] = _languages(value) if isinstance(value, BiText) else value
        self.note_inline((*path, "targets"), "the annual target for each report year of the term")
        old_targets = before.targets if before else {}
        targets: dict[int, Any] = {}
        for term_year in term_years(self.compact):
            value = targets[term_year.label] = old_targets.get(term_year.label)
            if value is None and term_year.label == self.year:
                self.todo((*path, "targets", term_year.label), example)
            elif value is None:
                self.note_inline((*path, "targets", term_year.label), "when known")
        self.note_inline((*path, "values"), "one per report year so far, with its date and source")
        values: list[dict[str, Any]] = [
            {
                "year": observation.year,
                "value": observation.value,
                "date": observation.date,
                "source": _languages(observation.source) if observation.source else None,
            }
            for observation in (before.values if before else [])
            if observation.year < self.year
        ]
        where = (*path, "values", len(values))
        values.append(
            {
                "year": self.year,
                "value": self.todo((*where, "value"), example),
                "date": self.todo((*where, "date"), "when it was measured, YYYY-MM-DD"),
                "source": self.todo((*where, "source"), TEXT_HINT),
            }
        )
        return {"baseline": base, "targets": targets, "values": values}

    def tail(self) -> None:
        """What follows the objectives: contributions, sustainability, the lists, the meeting."""
        data, previous = self.draft.data, self.previous
        # The skeleton's comments are in English: the partner's English name ("Senegal", not
        # the first language's "Sénégal"), or its only one when the compact has no English.
        short = self.compact.partner.short
        partner = short.get("en") or short[short.languages[0]]
        currency = previous.report.contributions.currency if previous else None
        self.note_inline(
            ("contributions",), f"what the Government of {partner} contributed in the period"
        )
        if not currency:
            currency = self.todo(
                ("contributions", "currency"), "the ISO 4217 code of the amounts, e.g. XOF"
            )
        items = []
        for index, (kind, comment) in enumerate(
            (
                ("financial", "TO DO: in the currency above"),
                ("in_kind", "optional: its estimated value"),
            )
        ):
            where = ("contributions", "items", index)
            self.note_inline((*where, "kind"), "financial or in_kind")
            self.note_inline((*where, "amount"), comment)
            description = self.todo((*where, "description"), TEXT_HINT)
            items.append({"kind": kind, "description": description, "amount": None})
        data["contributions"] = {"currency": currency, "items": items}
        self.note_inline(("sustainability",), "how progress will last after the compact")
        measures = previous.report.sustainability if previous else []
        data["sustainability"] = []
        for index, measure in enumerate(measures or [None]):
            item: PathKey = ("sustainability", index)
            text = self.text(
                (*item, "text"), measure.text if measure else None, f"{TODO}: {TEXT_HINT}"
            )
            status = self.todo((*item, "status"), ", ".join(STATUSES))
            data["sustainability"].append({"text": text, "status": status})
        for name, what in (
            ("difficulties", "a difficulty met"),
            ("recommendations", "a recommendation for further assistance"),
            ("improvements", "an area for improvement"),
        ):
            self.note_inline((name,), "one item per line; add as many as needed")
            data[name] = [self.todo((name, 0), f"{what}, {TEXT_HINT}")]
        self.note_inline(("next_year",), "the activities planned for the next year")
        self.note_inline(
            ("next_year", 0, "activity"), "optional: the Annex A activity id, e.g. prev-a02"
        )
        data["next_year"] = [
            {"activity": None, "text": self.todo(("next_year", 0, "text"), TEXT_HINT)}
        ]
        self.note_inline(("meeting",), "the annual meeting where the report is presented")
        data["meeting"] = {
            "date": self.todo(("meeting", "date"), "YYYY-MM-DD"),
            "place": self.todo(("meeting", "place"), TEXT_HINT),
            "participants": [
                self.todo(
                    ("meeting", "participants", 0), f"a participant (body or person), {TEXT_HINT}"
                )
            ],
        }


def _languages(text: BiText) -> dict[str, str]:
    return {lang: text[lang] for lang in text.languages}


def _glimpse(text: BiText, width: int = 88) -> str:
    """A line of the compact's text as a comment, so editors know what an id is."""
    first = text.root[next(iter(text.root))]
    return first if len(first) <= width else first[: width - 1].rstrip() + "…"
