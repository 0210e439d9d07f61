"""Domain rules: what makes a valid compact beyond its schema (design notes §5).

Each rule is a function `(compact, ctx) -> Iterator[Finding]`, listed in RULES, so a rule is
easy to find, test and document. Rules cite the source of the requirement in their message:
the statute (22 U.S.C. § 7103a(d)(2)), the TIP Office fact sheets, or the 2023 GAO audit.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cpc_docs.findings import Finding, Severity
from cpc_docs.load.yamlsource import PathKey, Source
from cpc_docs.model.compact import (
    PLACEHOLDER,
    US_ID,
    Compact,
    StatuteElement,
    walk_texts,
    walk_values,
)
from cpc_docs.present.formulas import SLOTS, unknown_slots
from cpc_docs.present.locale import UNIT_WORDS, FrenchCountry, french_country_proposal
from cpc_docs.present.locale import rules as rules_of
from cpc_docs.present.prose import (
    Numbering,
    PlaceholderError,
    Resolver,
    back_matter_letters,
    present_sections,
)
from cpc_docs.rules.amendment import RULES as AMENDMENT_RULES
from cpc_docs.rules.nonbinding import vocabulary

MAX_YEARS = 5
US_FLOOR = 100_000  # below this, a US amount is most likely millions written as units
PILLARS = ("prevention", "protection", "prosecution")


@dataclass(frozen=True)
class RuleSettings:
    us_ceiling: float = 5_000_000  # USD; the TIP Office plans up to about US$5 million


# The rules whose findings say that a piece of the compact is still to write (a TODO, a
# party whose focal points have no e-mail, an element of the statute not yet addressed): errors
# for a final compact, which cannot be signed so, and warnings for a draft, which is rendered
# for review with them marked (see `missing_severity`).
MISSING_RULES = frozenset({"todo", "focal-points"})
# The statute rule's findings of an element not yet addressed (its others are errors always).
_UNADDRESSED = "list under statute."


def missing_severity(draft: bool) -> Severity:
    """The one place that decides what a missing piece is: a warning in a draft (`status:
    draft` or `cpc render --draft`), an error in a compact for signature."""
    return "warning" if draft else "error"


def is_missing(finding: Finding) -> bool:
    """Whether `finding` says that a piece is still to write (see MISSING_RULES)."""
    return finding.rule in MISSING_RULES or (
        finding.rule == "statute" and _UNADDRESSED in finding.message
    )


def draft_hint(findings: list[Finding]) -> str | None:
    """What to say when a compact is refused for signature because pieces are still to
    write: that a draft of it renders for review (None when no error is a missing piece)."""
    count = sum(1 for f in findings if f.severity == "error" and is_missing(f))
    if not count:
        return None
    return (
        f"{count} part(s) still to write (above); `cpc render --draft`, or `status: draft` "
        "in the compact, renders it as a draft for review, each of them highlighted"
    )


@dataclass
class Context:
    source: Source
    settings: RuleSettings
    draft: bool = False

    def at(
        self, rule: str, severity: Severity, message: str, path: PathKey, key: bool = False
    ) -> Finding:
        return Finding(rule, severity, message, self.source.locate(path, key=key))

    def missing(self, rule: str, message: str, path: PathKey) -> Finding:
        """A piece still to write: its severity is the draft's or the final's."""
        return self.at(rule, missing_severity(self.draft), message, path)


Rule = Callable[[Compact, Context], Iterator[Finding]]


def duration(compact: Compact, ctx: Context) -> Iterator[Finding]:
    months = compact.term.duration.months
    if months > MAX_YEARS * 12:
        yield ctx.at(
            "duration",
            "error",
            f"a CPC partnership lasts at most {MAX_YEARS} years (TIP Office fact sheet); "
            f"this one is {compact.term.duration.value} {compact.term.duration.unit}",
            ("term", "duration"),
        )


# 22 U.S.C. § 7103a (child protection compacts) was enacted by the William Wilberforce
# Trafficking Victims Protection Reauthorization Act of 2008, signed on 23 December 2008.
STATUTE_ENACTED = dt.date(2008, 12, 23)


def dates(compact: Compact, ctx: Context) -> Iterator[Finding]:
    if compact.signature.date < STATUTE_ENACTED:
        yield ctx.at(
            "dates",
            "error",
            f"signed on {compact.signature.date}, before CPC partnerships existed: "
            f"22 U.S.C. § 7103a was enacted on {STATUTE_ENACTED} (is the year mistyped?)",
            ("signature", "date"),
        )
    eif = compact.entry_into_force
    if eif < compact.signature.date:
        yield ctx.at(
            "dates",
            "error",
            f"entry into force ({eif}) is before the signature ({compact.signature.date})",
            ("term", "entry_into_force"),
        )
    end = compact.term.duration.after(eif)
    for index, extension in enumerate(compact.term.extensions):
        path = ("term", "extensions", index, "decided")
        if extension.decided < eif:
            yield ctx.at("dates", "error", "an extension decided before entry into force", path)
        elif extension.decided >= end:
            yield ctx.at(
                "dates",
                "error",
                f"an extension decided on {extension.decided}, after the compact ended ({end})",
                path,
            )
        end = extension.duration.after(end)


def parties(compact: Compact, ctx: Context) -> Iterator[Finding]:
    ids = [party.id for party in compact.parties]
    for index, (party_id, count) in enumerate(Counter(ids).items()):
        if count > 1:
            yield ctx.at(
                "parties", "error", f"party id {party_id!r} is used twice", ("parties", index, "id")
            )
    for index, signatory in enumerate(compact.signature.signatories):
        if signatory.party not in ids:
            yield ctx.at(
                "parties",
                "error",
                f"signatory of unknown party {signatory.party!r} (parties: {', '.join(ids)})",
                ("signature", "signatories", index, "party"),
            )
    if US_ID not in ids:
        yield ctx.at(
            "parties",
            "error",
            f"no party is the United States: its id is {US_ID!r} (the parties are known by "
            f"role: {US_ID!r} is the United States, any other id the partner)",
            ("parties",),
        )
    for lang, order in compact.party_order.items():
        if sorted(order) != sorted(ids):
            yield ctx.at(
                "parties",
                "error",
                f"party_order.{lang} lists {', '.join(order) or 'nothing'}; it lists each party "
                f"once: {', '.join(ids)}",
                ("party_order", lang),
            )
    for index, item in enumerate(compact.sections.commitments.items):
        if item.party not in ids:
            yield ctx.at(
                "parties",
                "error",
                f"commitment of unknown party {item.party!r} (parties: {', '.join(ids)})",
                ("sections", "commitments", "items", index, "party"),
            )


def focal_points(compact: Compact, ctx: Context) -> Iterator[Finding]:
    for index, party in enumerate(compact.parties):
        if not any(point.emails for point in party.focal_points):
            yield ctx.missing(
                "focal-points",
                f"{party.id}: each party needs at least one focal point with an e-mail address",
                ("parties", index, "focal_points"),
            )


def country_article(compact: Compact, ctx: Context) -> Iterator[Finding]:
    """A French country name with another article than French gives it ("Ghana" for "le
    Ghana"): the text reads « pour Ghana », and anything built on it « de Ghana » for « du
    Ghana ». A warning, not an error: the name is accepted as written, and a country the
    table (cpc_docs/present/countries_fr.yaml) does not know is not judged."""
    for index, party in enumerate(compact.parties):
        name = party.country.get("fr")
        proposal = french_country_proposal(name) if name is not None else None
        if proposal is None:
            continue
        forms = FrenchCountry.parse(proposal)
        yield ctx.at(
            "country-article",
            "warning",
            f"French writes this country « {proposal} » (« pour {forms} », « {forms.of} », "
            f"« {forms.to} »); write fr: {proposal}",
            ("parties", index, "country", "fr"),
        )


def us_commitment(compact: Compact, ctx: Context) -> Iterator[Finding]:
    items = compact.sections.commitments.items
    us = [(i, item) for i, item in enumerate(items) if item.party == "us"]
    base: PathKey = ("sections", "commitments", "items")
    if not us:
        yield ctx.at(
            "us-commitment",
            "error",
            "no commitment of the United States (party 'us') is given",
            base,
        )
        return
    for index, item in us:
        path = (*base, index)
        if item.amount is None:
            yield ctx.at("us-commitment", "error", "the US commitment states no amount", path)
            continue
        if not item.up_to:
            yield ctx.at(
                "us-commitment",
                "error",
                "the US amount must be a ceiling ('up to'): set up_to: true",
                (*path, "amount"),
            )
        if not item.subject_to_funds:
            yield ctx.at(
                "us-commitment",
                "error",
                "US funding is subject to the availability of funds: set subject_to_funds: true "
                "and say so in the text",
                path,
            )
        # Its paragraphs' texts and those of their lists' entries (a list has no text itself).
        texts = (text for _, said, _ in walk_texts(item.paragraphs) for text in said.root.values())
        if not any("{amount}" in text for text in texts):
            yield ctx.at(
                "us-commitment",
                "error",
                "the text of the commitment does not state its amount: write {amount} in it",
                (*path, "paragraphs"),
            )
        if item.amount.currency != "USD":
            yield ctx.at(
                "us-commitment",
                "warning",
                f"the US commitment is in {item.amount.currency}; US foreign assistance is "
                "stated in US dollars (currency: USD)",
                (*path, "amount", "currency"),
            )
        elif item.amount.value < US_FLOOR:
            yield ctx.at(
                "us-commitment",
                "warning",
                f"US${item.amount.value:,.0f} is an unusually small amount for a partnership; "
                f"amounts are written in full (e.g. {item.amount.value * 1_000_000:,.0f} for "
                f"{item.amount.value:,.0f} million)",
                (*path, "amount", "value"),
            )
        if item.amount.currency == "USD" and item.amount.value > ctx.settings.us_ceiling:
            yield ctx.at(
                "us-ceiling",
                "warning",
                f"US${item.amount.value:,.0f} is above the usual ceiling of about "
                f"US${ctx.settings.us_ceiling:,.0f} for one partnership (TIP Office)",
                (*path, "amount", "value"),
            )


def statute(compact: Compact, ctx: Context) -> Iterator[Finding]:
    """22 U.S.C. § 7103a(d)(2)(A)–(G): what a compact 'shall describe'."""
    law = "22 U.S.C. § 7103a(d)(2)"
    party_ids = {p.id for p in compact.parties}
    committed = {item.party for item in compact.sections.commitments.items}
    contributing = {
        item.party
        for item in compact.sections.commitments.items
        if item.amount is not None or item.in_kind
    }
    structural = {
        "A": (bool(compact.objectives), "the specific objectives"),
        "B": (
            party_ids <= committed,
            "the responsibilities of each government (a commitment for every party)",
        ),
        "C": (
            bool(compact.activities())
            and any(i.amount for i in compact.sections.commitments.items),
            "the programs (Annex A activities) and the funding allocated to them",
        ),
        "D": (bool(compact.indicators()), "regular outcome indicators"),
        "E": (
            party_ids <= contributing
            and bool(compact.sections.monitoring.items or compact.sections.monitoring.paragraphs),
            "each government's estimated "
            "contribution (an amount or in kind) and mechanisms for oversight",
        ),
    }
    for element, (present, what) in structural.items():
        if not present:
            yield ctx.at("statute", "error", f"{law}({element}) requires {what}", ())
    known = _ids(compact)
    listed: tuple[tuple[StatuteElement, str], ...] = (
        ("F", "how progress is sustained after the compact expires"),
        ("G", "how child-protection data is collected, tracked and managed"),
    )
    for element, what in listed:
        refs = compact.statute.get(element, [])
        if not refs:
            yield ctx.missing(
                "statute",
                f"{law}({element}) requires {what}; {_UNADDRESSED}{element} the ids of the "
                "activities or items that address it",
                ("statute", element),
            )
    for element, refs in compact.statute.items():
        for index, ref in enumerate(refs):
            if ref not in known:
                yield ctx.at(
                    "statute",
                    "error",
                    f"statute.{element} names {ref!r}, which is no activity, indicator, item "
                    "or appendix id",
                    ("statute", element, index),
                )


def _ids(compact: Compact) -> set[str]:
    ids: set[str] = set()
    for objective in compact.objectives:
        ids.add(objective.id)
        ids.update(a.id for a in objective.activities)
        ids.update(i.id for i in objective.indicators)
    for _key, section in present_sections(compact.sections):
        ids.update(item.id for item in section.items)
    ids.update(a.id for a in compact.appendices)
    return ids


def file_id(compact: Compact, ctx: Context) -> Iterator[Finding]:
    """The id names the outputs and is documented as the file's stem: a copy saved under a
    new name that kept its id would write over the original's outputs."""
    stem = Path(ctx.source.file).stem
    if ctx.source.file and compact.id != stem:
        yield ctx.at(
            "file-id",
            "warning",
            f"the id {compact.id!r} is not the file's name {stem!r}: the outputs are named "
            f"after the id, so another file with the id {compact.id!r} would write over them "
            f"(write id: {stem}, or rename the file)",
            ("id",),
        )


def unique_ids(compact: Compact, ctx: Context) -> Iterator[Finding]:
    seen: dict[str, PathKey] = {}
    places: list[tuple[str, PathKey]] = []
    for o, objective in enumerate(compact.objectives):
        places.append((objective.id, ("objectives", o, "id")))
        for a, activity in enumerate(objective.activities):
            places.append((activity.id, ("objectives", o, "activities", a, "id")))
        for i, indicator in enumerate(objective.indicators):
            places.append((indicator.id, ("objectives", o, "indicators", i, "id")))
    for key, section in present_sections(compact.sections):
        for i, item in enumerate(section.items):
            places.append((item.id, ("sections", key, "items", i, "id")))
    for index, appendix in enumerate(compact.appendices):
        places.append((appendix.id, ("appendices", index, "id")))
    reserved = {key for key, _ in present_sections(compact.sections)} | {"annex"}
    for ident, path in places:
        if ident in seen or ident in reserved:
            yield ctx.at(
                "ids",
                "error",
                f"id {ident!r} is already used"
                + (
                    " by a section"
                    if ident in reserved
                    else f" at {'.'.join(map(str, seen[ident]))}"
                )
                + "; ids must be unique so reports and cross-references find one thing",
                path,
            )
        seen.setdefault(ident, path)


def pillars(compact: Compact, ctx: Context) -> Iterator[Finding]:
    keys = {o.pillar for o in compact.objectives if isinstance(o.pillar, str)}
    if not keys:
        return  # objectives grouped otherwise (by crime type): the 3P check does not apply
    for pillar in PILLARS:
        if pillar not in keys:
            yield ctx.at(
                "pillars",
                "warning",
                f"no objective covers {pillar} (the 3P paradigm: prevention, protection, "
                "prosecution)",
                ("objectives",),
            )


def annex(compact: Compact, ctx: Context) -> Iterator[Finding]:
    for index, objective in enumerate(compact.objectives):
        for kind in ("activities", "indicators"):
            if not getattr(objective, kind):
                yield ctx.at(
                    "annex",
                    "warning",
                    f"objective {objective.id!r} has no {kind} in Annex A",
                    ("objectives", index, kind),
                )


def placeholders(compact: Compact, ctx: Context) -> Iterator[Finding]:
    numbering = Numbering.of(compact)
    resolvers = [Resolver(compact, lang, numbering) for lang in compact.languages]
    for path, text, scopes in walk_texts(compact):
        if path[:1] == ("amendments",):
            continue  # an amendment's text is checked in its place (rules/amendment.py)
        for resolver in resolvers:
            if resolver.lang not in text.root:
                continue
            try:
                resolver.markup(text, *scopes)
            except PlaceholderError as exc:
                yield ctx.at("placeholders", "error", str(exc), (*path, resolver.lang))


_NUMBER_ALONE = re.compile(r"\{(duration|notice):number\}((?:[\s\u00a0]+[^\s{}]+){1,3})")


def duration_units(compact: Compact, ctx: Context) -> Iterator[Finding]:
    """`{duration:number}` prints the number alone, so the text supplies the unit: "{duration:
    number} prochaines années". When the duration is in months, that prints "trente-six
    (36) prochaines années": a wrong word in a legal text. The unit words after the number
    must be the duration's own unit."""
    for path, text, scopes in walk_texts(compact):
        if path[:1] == ("amendments",):
            continue  # checked in its place, as amended (rules/amendment.py)
        for lang, value in text.root.items():
            units = rules_of(lang).get("unit_words") or UNIT_WORDS[lang]
            for match in _NUMBER_ALONE.finditer(value):
                duration = (
                    compact.term.duration
                    if match[1] == "duration"
                    else next((s.notice for s in scopes if getattr(s, "notice", None)), None)
                )
                if duration is None:
                    continue  # the placeholder's own rule reports a missing notice
                following = [w.strip(".,;:()").lower() for w in match[2].split()]
                for unit, words in units.items():
                    said = next((w for w in following if w in {x.lower() for x in words}), None)
                    if said and unit != duration.unit:
                        yield ctx.at(
                            "duration-unit",
                            "error",
                            f"« {{{match[1]}:number}} {said} »: the {match[1]} is "
                            f"{duration.value} {duration.unit}, so this would print "
                            f"{duration.value} {said}; write {{{match[1]}}} (the number with "
                            f"its unit) or {{{match[1]}:words}}",
                            (*path, lang),
                        )
                        break


def back_matter(compact: Compact, ctx: Context) -> Iterator[Finding]:
    """The annex and the appendices each have their own letter."""
    seen: dict[str, str] = {}
    for ident, given in back_matter_letters(compact):
        if given in seen:
            index = next(i for i, a in enumerate(compact.appendices) if a.id == ident)
            yield ctx.at(
                "annex",
                "error",
                f"the letter {given} is already {seen[given]}'s; give {ident} another",
                ("appendices", index, "letter"),
            )
        seen.setdefault(given, ident)


def formula_slots(compact: Compact, ctx: Context) -> Iterator[Finding]:
    """A compact's own formula may use only its formula's slots: a typo such as {plase}
    would otherwise stop the render, or print as typed."""
    for name, by_lang in compact.formulas.items():
        for lang, text in by_lang.items():
            for slot in unknown_slots(name, text):
                allowed = ", ".join(f"{{{s}}}" for s in sorted(SLOTS[name])) or "none"
                yield ctx.at(
                    "formulas",
                    "error",
                    f"the formula {name!r} has no slot {{{slot}}}; its slots: {allowed}",
                    ("formulas", name, lang),
                )


def treaty_words(compact: Compact, ctx: Context) -> Iterator[Finding]:
    """Treaty vocabulary in a non-binding instrument (templates/<lang>/vocabulary.yaml): one
    warning per word and language, at its first place, with how many more there are."""
    texts: list[tuple[PathKey, dict[str, str]]] = [
        (path, text.root) for path, text, _scopes in walk_texts(compact)
    ]
    texts += [(("formulas", name), dict(own)) for name, own in compact.formulas.items()]
    for lang in compact.languages:
        words = vocabulary(lang)
        if words is None:
            continue
        first: dict[str, tuple[PathKey, str, str]] = {}
        counts: Counter[str] = Counter()
        for path, by_lang in texts:
            text = by_lang.get(lang)
            if not text:
                continue
            for word, match in words.find(text):
                key = word.pattern.pattern
                counts[key] += 1
                first.setdefault(key, ((*path, lang), match[0], word.prefer))
        for key, (path, found, prefer) in first.items():
            more = counts[key] - 1
            yield ctx.at(
                "non-binding",
                "warning",
                f"« {found} » is the vocabulary of treaties, and this instrument is not one; "
                f"prefer: {prefer} (State Department, Guidance on Non-Binding Documents)"
                + (f"; {more} more text(s) in {lang!r} use it" if more else ""),
                path,
            )


TODO = re.compile(r"\bTODO\b")


def todo(compact: Compact, ctx: Context) -> Iterator[Finding]:
    """Texts still to write: `cpc new` writes TODO where only the drafters can write, and a
    drafter may mark a text to come back to the same way.

    An error, so that `cpc validate` is the drafters' to-do list and a compact with a TODO
    left never renders for signature; a warning in a draft, which renders with each TODO
    highlighted (see `missing_severity`).
    """
    for path, text in _strings(compact):
        match = TODO.search(text)
        if match is None:
            continue
        hint = textwrap.shorten(text[match.end() :].lstrip(" :–—-"), 100, placeholder=" …")
        message = f"still to write: {hint}" if hint else "still to write"
        yield ctx.missing("todo", message, path)


def _strings(compact: Compact) -> Iterator[tuple[PathKey, str]]:
    """Every text of the model, one per field: a BiText gives its English (the language of
    the messages) if it has a TODO there, else its first text with one."""
    for path, value, _scopes in walk_values(compact):
        if isinstance(value, str):
            yield path, value
            continue
        texts = sorted(value.root.items(), key=lambda item: item[0] != "en")
        marked = [text for _lang, text in texts if TODO.search(text)]
        yield path, marked[0] if marked else ""


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]{1,9}s?\b")
# All-capital words that are words, not acronyms: Roman numerals, articles in titles, units.
_NOT_ACRONYMS = {
    "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XIII", "US", "OK",
    "TODO",  # the mark of a text still to write (rule `todo`)
}  # fmt: skip


def acronyms(compact: Compact, ctx: Context) -> Iterator[Finding]:
    defined: Counter[str] = Counter()
    for body in compact.bodies:
        forms = {body.acronym} if isinstance(body.acronym, str) else set(body.acronym.root.values())
        defined.update(forms)
    for index, body in enumerate(compact.bodies):
        forms = {body.acronym} if isinstance(body.acronym, str) else set(body.acronym.root.values())
        for form in forms:
            if defined[form] > 1:
                yield ctx.at(
                    "acronyms",
                    "warning",
                    f"acronym {form!r} is defined more than once",
                    ("bodies", index, "acronym"),
                )
    reported: set[str] = set()
    for path, text, _scopes in walk_texts(compact):
        if "verb" in path or "bodies" in path:
            continue  # preamble participles are capitalised words, not acronyms
        for lang, value in text.root.items():
            for match in _ACRONYM.finditer(PLACEHOLDER.sub(" ", value)):
                word = match[0]
                base = word[:-1] if word.endswith("s") and word[:-1] in defined else word
                if base in defined or base in _NOT_ACRONYMS or base in reported:
                    continue
                reported.add(base)
                yield ctx.at(
                    "acronyms",
                    "warning",
                    f"acronym {base!r} is used but not defined under 'bodies'",
                    (*path, lang),
                )


RULES: list[Rule] = [
    todo,
    duration,
    dates,
    parties,
    focal_points,
    country_article,
    us_commitment,
    statute,
    file_id,
    unique_ids,
    pillars,
    annex,
    placeholders,
    back_matter,
    duration_units,
    formula_slots,
    treaty_words,
    acronyms,
    *AMENDMENT_RULES,
]


def check(
    compact: Compact,
    source: Source,
    settings: RuleSettings | None = None,
    draft: bool | None = None,
) -> list[Finding]:
    """Every rule's findings, in the order of the file. `draft`: whether the compact is
    checked as a draft (its missing pieces warnings); default, its own `status`."""
    if draft is None:
        draft = compact.status == "draft"
    ctx = Context(source, settings or RuleSettings(), draft)
    findings = [finding for rule in RULES for finding in rule(compact, ctx)]
    return sorted(findings, key=lambda f: (f.location.line or 0, f.location.column or 0))
