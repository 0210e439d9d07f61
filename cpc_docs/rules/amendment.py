"""Rules of a compact's amendments: dates in order, the amended term, the compact as amended.

An amendment is checked as the compact is: its texts are the compact's (the schema asks each
in every language, the other rules read them, `cpc check` compares them); this adds what only
an amendment has. Its dates: signed after the compact, in effect once signed, in the order of
the list, while the compact is still in effect. The term: the TIP Office's fact sheets plan a
partnership of at most five years, extensions included, so a longer amended term is a warning
(the amendment may be meant: Peru's 2017 compact was extended twice). And the compact as
amended: every rule of a compact again, on the text as amended; what it finds that the
compact as signed does not have (an element of the statute removed, a placeholder that names
nothing in its new place, a US amount no longer a ceiling) is the amendment's, reported at it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cpc_docs.findings import Finding, Severity
from cpc_docs.model.amendment import ChangeError, amend

if TYPE_CHECKING:
    from cpc_docs.model.compact import Compact
    from cpc_docs.rules.compact import Context, Rule

MAX_MONTHS = 5 * 12
# Rules this module says better for an amendment (dates, the term), or that are about the
# file rather than the text (its id).
_NOT_AGAIN = frozenset({"dates", "duration", "file-id"})


def amendment_dates(compact: Compact, ctx: Context) -> Iterator[Finding]:
    previous = compact.signature.date
    for index, amendment in enumerate(compact.amendments):
        path = ("amendments", index, "date")
        if amendment.date <= compact.signature.date:
            yield ctx.at("amendment", "error",
                         f"amendment {index + 1} is signed on {amendment.date}, not after the "
                         f"compact ({compact.signature.date})", path)  # fmt: skip
        elif amendment.date < previous:
            yield ctx.at("amendment", "error",
                         f"amendment {index + 1} is signed on {amendment.date}, before "
                         f"amendment {index} ({previous}): list them in the order they were "
                         "signed", path)  # fmt: skip
        if amendment.in_effect < amendment.date:
            yield ctx.at("amendment", "error",
                         f"amendment {index + 1} comes into effect on {amendment.in_effect}, "
                         f"before it is signed ({amendment.date})",
                         ("amendments", index, "effective"))  # fmt: skip
        previous = max(previous, amendment.date)
    try:
        steps = amend(compact)
    except ChangeError:
        return  # the loader reports it
    for step in steps:
        end = step.before.end_date
        if step.amendment.date > end:
            message = (
                f"amendment {step.number} is signed on {step.amendment.date}, after the compact "
                f"ended ({end}): an amendment is decided while the compact is in effect"
            )
            yield ctx.at("amendment", "error", message, ("amendments", step.number - 1, "date"))


def amended_term(compact: Compact, ctx: Context) -> Iterator[Finding]:
    """At most five years, extensions included (TIP Office fact sheets): a warning."""
    try:
        steps = amend(compact)
    except ChangeError:
        return
    for step in steps:
        term = step.after.term
        months = term.duration.months + sum(e.duration.months for e in term.extensions)
        before = step.before.term
        had = before.duration.months + sum(e.duration.months for e in before.extensions)
        if months > MAX_MONTHS and months > had:
            years = months / 12
            shown = f"{years:g} years" if years == int(years) else f"{months:g} months"
            yield ctx.at(
                "amendment",
                "warning",
                f"as amended by amendment {step.number}, the compact lasts {shown} (to "
                f"{step.after.end_date}); a CPC partnership lasts at most 5 years, extensions "
                "included (TIP Office fact sheet)",
                ("amendments", step.number - 1, "changes"),
            )


def as_amended(compact: Compact, ctx: Context) -> Iterator[Finding]:
    """The rules of a compact on each text as amended: what an amendment brings, at it."""
    from cpc_docs.rules.compact import RULES

    if not compact.amendments:
        return
    try:
        steps = amend(compact)
    except ChangeError:
        return
    own = [rule for rule in RULES if rule not in _OWN]
    signed = _said(compact.model_copy(update={"amendments": []}), ctx, own)
    for step in steps:
        found = _said(step.after, ctx, own)
        for key in found - signed:
            rule, severity, message = key
            if rule in _NOT_AGAIN:
                continue
            yield ctx.at(rule, severity,
                         f"as amended by amendment {step.number}: {message}",
                         ("amendments", step.number - 1, "changes"))  # fmt: skip
        signed |= found  # said once, at the amendment that brings it


def _said(compact: Compact, ctx: Context, rules: list[Rule]) -> set[tuple[str, Severity, str]]:
    return {
        (finding.rule, finding.severity, finding.message)
        for rule in rules
        for finding in rule(compact, ctx)
    }


_OWN: tuple[Rule, ...] = (amendment_dates, amended_term, as_amended)
RULES: list[Rule] = list(_OWN)
