"""The compact as typed data: what a CPC partnership says, independent of any output.

Language-neutral facts (dates, amounts, durations, e-mails, phone numbers, URLs, acronyms) are
stored once and formatted per language at render time; only prose is stored twice, as a
`BiText` mapping language codes to text. That removes a whole class of translation
inconsistencies by construction.

Prose may contain placeholders that the renderer fills from facts and structure, so numbers and
cross-references are never typed by hand:

    {duration}            the compact's duration, "cinq (05) ans" / "five (5) years"
    {duration:number}     only its number, "cinq (05)" / "five (5)"
    {duration:adjective}  "quinquennal" / "five-year"
    {amount}              the amount of the commitment the text belongs to, in the
                          amount's style: "10 millions de dollars des États-Unis"
    {notice}              the notice period of the section the text belongs to
    {tip_year} {tier}     the TIP Report year and tier (section "description")
    {ref:ID}              the number of a section, item or annex: "II", "V.A", "A"
    {letter:ID}           the letter of an item alone: "D"
    {term:N}              the N-th defined term of a definition, quoted and in bold
    {party:ID}            a party's short name as the opening defines it, "les États-Unis";
                          `|cap` starts it with a capital, and a language's forms after a
                          preposition contract its article: {party:us|de} "des États-Unis"
    {{ and }}             literal braces

A `:digits` style ("{notice:digits}") prints a duration as digits only ("30 jours").
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    field_validator,
    model_validator,
)

from cpc_docs.shipped import DEFAULT_LANGUAGES as DEFAULT_LANGUAGES
from cpc_docs.shipped import shipped_languages

if TYPE_CHECKING:
    from cpc_docs.model.amendment import Amendment

# What a reader of the instrument cannot see must not be in it. Control characters, invisible
# formatting characters (soft hyphen, zero-width space, bidirectional overrides and isolates,
# a BOM), private-use and unassigned code points print nothing, or an empty box, yet they are
# part of the text: they change what a search, a copy or a screen reader finds, and a
# bidirectional override changes the order the words are *shown* in ("Trojan Source"). The
# writers used to drop them silently, so the instrument differed from the YAML that was
# reviewed; now the model refuses them with the field's file:line:column, and whoever edits the
# compact decides. Tabs and line breaks are YAML layout, folded into spaces (see BiText).
_INVISIBLE = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character",
    "Cs": "a lone surrogate",
    "Co": "a private-use character",
    "Cn": "a code point Unicode does not assign",
}
_LAYOUT = frozenset("\t\n\r\u2028\u2029")


def visible_text(text: str) -> str:
    """`text` unchanged if a reader sees every character of it; else a ValueError naming the
    first character that is invisible, its position and its surroundings."""
    if text.isprintable():  # fast path, in C; false for any space but U+0020 too
        return text
    for index, char in enumerate(text):
        kind = None if char in _LAYOUT else _INVISIBLE.get(unicodedata.category(char))
        if kind is None:
            continue
        name = unicodedata.name(char, "")
        before = text[max(0, index - 20) : index].lstrip()
        after = text[index + 1 : index + 21].rstrip()
        raise ValueError(
            f"character {index + 1} is U+{ord(char):04X}{' ' + name if name else ''}, {kind} "
            f"that no reader of the document can see: {before}⟨U+{ord(char):04X}⟩"
            f"{after}; delete it"
        )
    return text


VisibleStr = Annotated[str, AfterValidator(visible_text)]

# The languages are the folders of the shipped templates (templates/<code>/): adding one is
# adding a folder (docs/adding-a-language.md), not code.
LANGUAGES: tuple[str, ...] = shipped_languages()
if TYPE_CHECKING:  # a Literal of values known only at run time is no type mypy can check
    Lang = str
else:  # pydantic validates a language against the folders found
    Lang = Literal[LANGUAGES]

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=64),
    Field(description="A stable identifier: lower-case letters, digits, '.', '-', '_'."),
]
Email = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"),
    Field(description="An e-mail address, e.g. JTIPGrants@state.gov."),
]
Phone = Annotated[
    str,
    StringConstraints(pattern=r"^\+?[0-9][0-9 ().-]{4,30}[0-9]$"),
    Field(description="A telephone number as it is dialled, e.g. +225 27 22 48 03 03."),
]
Url = Annotated[
    str,
    StringConstraints(pattern=r"^(https?://)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/\S*)?$"),
    AfterValidator(visible_text),  # `\S` lets control and bidi characters through
    Field(description="A web address, e.g. www.famille.gouv.ci."),
]

Acronym = Annotated[str, StringConstraints(pattern=r"^[A-Za-zÀ-ÿ0-9&/-]{2,20}$")]

_FOLD = re.compile(r"[ \t\r\n\u2028\u2029]+")


def fold_spaces(text: str) -> str:
    """A text as the model keeps it: YAML's line breaks and runs of ordinary spaces folded to
    one space, the ends stripped; no-break spaces kept."""
    return _FOLD.sub(" ", text).strip()


def is_bitext(value: Any) -> bool:
    """A text in each language as YAML gives it: a mapping of language codes to strings."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(key in LANGUAGES and isinstance(text, str) for key, text in value.items())
    )


# `{name}`, `{name:arg}`, and `{name:arg|form}` (a form of the value: `{party:us|de}`).
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([a-z_]+)(?::([A-Za-z0-9_.-]+(?:\|\w+)?))?\}")


class Model(BaseModel):
    """Base of every model class: unknown keys are errors, so a typo never goes unnoticed."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class BiText(RootModel[dict[Lang, VisibleStr]]):
    """A text in each language of the compact: `{fr: "…", en: "…"}`."""

    @field_validator("root")
    @classmethod
    def _not_empty(cls, value: dict[str, str]) -> dict[str, str]:
        if not value:
            raise ValueError("a text needs at least one language, e.g. {fr: '…', en: '…'}")
        for lang, text in value.items():
            if not text.strip():
                raise ValueError(f"the {lang!r} text is empty")
        # Fold line breaks and runs of ordinary spaces (YAML layout), keep no-break spaces.
        # U+2028/U+2029 are line breaks too: YAML folds them in some places and not others.
        return {lang: fold_spaces(text) for lang, text in value.items()}

    def __getitem__(self, lang: str) -> str:
        return self.root[lang]

    def get(self, lang: str) -> str | None:
        return self.root.get(lang)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.root)


class TextList(Model):
    """A list among a section's paragraphs: `list:` its entries, each a text in every language;
    `style:` bullet (•), number (1., 2.…) or letter (a), b)…)."""

    model_config = ConfigDict(populate_by_name=True)

    entries: list[BiText] = Field(alias="list", min_length=1)
    style: Literal["bullet", "number", "letter"] = "bullet"


Paragraphs = list[BiText | TextList]


class Duration(Model):
    """A period: `5 years`, `3 months`, `30 days` (written as such in YAML)."""

    value: Annotated[int, Field(gt=0)]
    unit: Literal["years", "months", "days"]

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, data: Any) -> Any:
        if isinstance(data, str):
            match = re.fullmatch(r"\s*(\d+)\s*(year|month|day)s?\s*", data)
            if not match:
                raise ValueError(
                    f"{data!r} is not a duration; write a number and a unit, "
                    "e.g. '5 years', '3 months' or '30 days'"
                )
            return {"value": int(match[1]), "unit": match[2] + "s"}
        return data

    @property
    def months(self) -> float:
        return {"years": 12.0, "months": 1.0, "days": 12 / 365}[self.unit] * self.value

    def after(self, start: dt.date) -> dt.date:
        """The date this long after `start` (the last day of the period is the day before)."""
        if self.unit == "days":
            return start + dt.timedelta(days=self.value)
        months = self.value * (12 if self.unit == "years" else 1)
        year, month = divmod(start.month - 1 + months, 12)
        year += start.year
        day = min(start.day, _days_in_month(year, month + 1))
        return dt.date(year, month + 1, day)


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


class Money(Model):
    """An amount in a currency (ISO 4217), e.g. `{value: 10000000, currency: USD}`."""

    value: Annotated[float, Field(gt=0)] = Field(
        description="The amount, in full: 10000000, not 10. At most as many decimals as the "
        "currency has (2 for USD and EUR, none for XOF or JPY); more are refused, never "
        "rounded."
    )
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "USD"
    style: Literal["short", "legal"] = Field(
        default="short",
        description="How {amount} writes it. short: '10 millions de dollars des États-Unis' / "
        "'US$10 million' (whole millions in words, other amounts in digits, as the reference "
        "compact). legal: in words then in digits, as treaties state sums: 'dix millions "
        "(10 000 000) de dollars des États-Unis' / 'ten million (10,000,000) United States "
        "dollars'; whole amounts only.",
    )

    @model_validator(mode="after")
    def _decimals(self) -> Money:
        """Cents a currency does not have, or in words, are refused at the field that has
        them (the error names `value` or `style`, with the fix), never rounded away."""
        from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

        from cpc_docs.model.money import exact_amount, precision_problem

        problem, field = precision_problem(self.value, self.currency), "value"
        if problem is None and self.style == "legal" and self.value != int(self.value):
            problem = (
                "the legal style writes the amount in words, which takes a whole amount "
                f"(value is {exact_amount(self.value)}); give a whole value, or style: short"
            )
            field = "style"
        if problem is None:
            return self
        error = PydanticCustomError("amount_precision", problem)
        detail = InitErrorDetails(type=error, loc=(field,), input=getattr(self, field))
        raise ValidationError.from_exception_data(type(self).__name__, [detail])


class Body(Model):
    """A body named by an acronym in the text (CNS, CIM…): the acronym is defined here once."""

    acronym: Acronym | BiText = Field(
        description="The acronym, or one per language when they differ (POS / SOPs)."
    )
    name: BiText


class FocalPoint(Model):
    name: BiText
    address: BiText | None = None
    office_phones: list[Phone] = []
    phones: list[Phone] = []
    fax: list[Phone] = []
    emails: list[Email] = []
    websites: list[Url] = []


US_ID = "us"  # the United States' party id; every other party is the partner


class Party(Model):
    """A participant: the United States (id `us`) or the partner country, through its
    government. Known by role, never by position: the order in which each language version
    names the parties is its own (see `Compact.party_order`)."""

    id: Id
    name: BiText = Field(
        description="The government, with its article: 'le Gouvernement de la République…'."
    )
    defined_as: BiText | None = Field(
        default=None,
        description="The short name the opening defines for the party, printed after its name "
        "in quotes and usable in the texts: {en: the United States, fr: les États-Unis}. "
        "{party:ID} prints it in any text (else `short`), with its article where the language "
        "has one ({party:us|de}: 'des États-Unis').",
    )
    country: BiText = Field(
        description="The country as it reads after 'pour'/'for': 'la Côte d'Ivoire'."
    )
    short: BiText = Field(description="A short name for the footer's initials box.")
    state: BiText | None = Field(
        default=None, description="The formal name of the state, for the title page."
    )
    motto: BiText | None = None
    focal_points: list[FocalPoint] = []


PillarKey = Literal["prevention", "protection", "prosecution", "partnership"]


class Activity(Model):
    id: Id
    text: BiText


class Indicator(Model):
    id: Id
    text: BiText
    unit: Literal["count", "percentage", "yes_no"] = "count"


class Objective(Model):
    id: Id
    pillar: PillarKey | BiText | None = Field(
        default=None,
        description="prevention, protection, prosecution, partnership, or a label of your own "
        "(objectives grouped by crime type); omit for none.",
    )
    text: BiText = Field(description="The objective as stated in Section II.")
    annex_text: BiText | None = Field(
        default=None, description="The objective as stated in Annex A, when it differs."
    )
    activities: list[Activity] = []
    indicators: list[Indicator] = []


FormulaName = Literal[
    "opening", "opening_party", "opening_party_defined", "opening_first", "opening_joiner",
    "opening_last", "hereinafter", "agreed", "signed_one_language", "signed_languages",
    "goal_label", "objective_label", "objective_label_plain",
]  # fmt: skip


class PreambleClause(Model):
    verb: BiText = Field(
        description="The participle that opens the clause: RAPPELANT / RECALLING, or "
        "Acknowledging; `style.preamble` says how it is set (its case, bold or not)."
    )
    text: BiText


VerbCase = Literal["as-written", "capitals", "sentence"]


class PreambleStyle(Model):
    """How the participle that opens each preamble clause is set. Signed compacts differ:
    « RAPPELANT » in capitals and bold in one, "Acknowledging" in sentence case in another;
    the clauses are typed once and the convention is stated here, not retyped."""

    verb_case: VerbCase | None = Field(
        default=None,
        description="as-written: as each clause's `verb` is typed; capitals: RECALLING; "
        "sentence: Recalling (a capital, then lower case). Default: the language's "
        "(templates/<lang>/formulas.yaml, `preamble:`), as-written in those shipped.",
    )
    verb_bold: bool | None = Field(
        default=None,
        description="Whether the participle is in bold. Default: the language's, true in "
        "those shipped.",
    )


class Style(Model):
    """Typographic conventions of a compact that differ from its languages' defaults."""

    preamble: PreambleStyle = Field(
        default_factory=PreambleStyle,
        description="How each preamble clause's participle is set: "
        "{verb_case: capitals, verb_bold: false}.",
    )


class Item(Model):
    """A lettered sub-paragraph (A., B., …) with one or more paragraphs."""

    id: Id
    paragraphs: Paragraphs = Field(min_length=1)


class Section(Model):
    """A numbered section: its title, paragraphs, then lettered items, then closing paragraphs."""

    title: BiText
    paragraphs: Paragraphs = []
    items: list[Item] = []
    closing: Paragraphs = []


class GoalSection(Section):
    goal: BiText


class Definition(Model):
    terms: list[BiText] = Field(min_length=1)
    text: BiText


class DefinitionsSection(Section):
    definitions: list[Definition] = Field(min_length=1)


class TipReport(Model):
    year: Annotated[int, Field(ge=2001, le=2100)]
    tier: Literal["1", "2", "2 Watch List", "3"]


class DescriptionSection(Section):
    tip_report: TipReport | None = None


class Commitment(Item):
    party: Id
    amount: Money | None = None
    up_to: bool = Field(default=False, description="The amount is a ceiling ('up to').")
    subject_to_funds: bool = Field(
        default=False, description="Subject to the availability of funds."
    )
    in_kind: bool = Field(default=False, description="Expertise, staff or facilities.")


class CommitmentsSection(Section):
    # Its items are Commitments, validated as such; mypy sees a list (invariant) of a subclass
    # overriding the base's list of Items.
    items: list[Commitment] = Field(min_length=1)  # type: ignore[assignment]


class NoticeSection(Section):
    notice: Duration | None = None


class Sections(Model):
    """The numbered sections, in this order; their numbers follow from those present."""

    purpose: Section
    goal: GoalSection
    definitions: DefinitionsSection | None = None
    description: DescriptionSection | None = None
    monitoring: Section
    indicators: Section | None = None
    commitments: CommitmentsSection
    communications: NoticeSection
    amendment: NoticeSection
    confidentiality: Section | None = None
    entry_into_force: Section
    disputes: Section | None = None


class Signatory(Model):
    party: Id
    on_behalf: BiText | None = Field(
        default=None, description="Whom the signatory signs for; defaults to the party's name."
    )
    honorific: BiText | None = None
    name: Annotated[str, StringConstraints(min_length=1), AfterValidator(visible_text)]
    titles: list[BiText] = Field(min_length=1)


class Signature(Model):
    place: BiText
    date: dt.date
    originals: Annotated[int, Field(ge=1, le=10)] = 2
    signatories: list[Signatory] = Field(min_length=1)


class Extension(Model):
    decided: dt.date
    duration: Duration


class Term(Model):
    entry_into_force: Literal["signature"] | dt.date = "signature"
    duration: Duration
    extensions: list[Extension] = []


Letter = Annotated[str, StringConstraints(pattern=r"^[A-Z]$")]


class Annex(Model):
    """The annex of illustrative activities and indicators (the implementation plan)."""

    title: BiText
    paragraphs: Paragraphs = []
    label: BiText | None = Field(
        default=None,
        description="What the compact calls it, when not the language's 'Annex': "
        "{en: Appendix, es: Apéndice}.",
    )
    letter: Letter | None = Field(
        default=None, description="Its letter, when not A (the Philippines': Appendix B)."
    )


class Appendix(Model):
    """Another annex or appendix, printed with the annex in the order of their letters."""

    id: Id
    title: BiText
    paragraphs: Paragraphs = Field(min_length=1)
    label: BiText | None = Field(
        default=None, description="What the compact calls it, when not 'Appendix'."
    )
    letter: Letter | None = Field(
        default=None, description="Its letter; default: the next one not taken."
    )


class Version(Model):
    """Which draft of a compact this is: drafts are exchanged many times before one is signed,
    and each reader must know which one they hold (the title page of a draft says it)."""

    label: Annotated[str, StringConstraints(min_length=1), AfterValidator(visible_text)] = Field(
        description="The draft's name or number as the negotiators call it: '3', 'v3', "
        "'2026-11-30 v3'."
    )
    date: dt.date | None = Field(default=None, description="The date of this draft.")

    @model_validator(mode="before")
    @classmethod
    def _label_alone(cls, data: Any) -> Any:
        """`version: 3` or `version: v3` is the label alone, without a date; `version:
        2026-11-30` is the draft of that day, named by it."""
        if isinstance(data, dt.date):
            return {"label": data.isoformat(), "date": data}
        if isinstance(data, (str, int, float)) and not isinstance(data, bool):
            return {"label": str(data)}
        return data


StatuteElement = Literal["A", "B", "C", "D", "E", "F", "G"]


class Compact(Model):
    """A Child Protection Compact partnership (22 U.S.C. § 7103a)."""

    id: Id = Field(description="The file's stem, e.g. civ-2022; names the outputs.")
    languages: list[Lang] = Field(default=list(DEFAULT_LANGUAGES), min_length=1)
    title: BiText
    party_term: BiText = Field(
        description="What the text calls the signatories: {fr: Parties, en: Participants}."
    )
    parties: list[Party] = Field(
        min_length=2,
        description="The participants: the partner country and the United States (id: us), "
        "in any order (each language version's order is party_order's).",
    )
    bodies: list[Body] = []
    preamble: list[PreambleClause] = []
    sections: Sections
    objectives: list[Objective] = Field(min_length=1)
    annex: Annex
    appendices: list[Appendix] = []
    term: Term
    signature: Signature
    statute: dict[StatuteElement, list[Id]] = Field(
        default={},
        description="Where the compact addresses the elements of 22 U.S.C. § 7103a(d)(2) that "
        "cannot be seen from its structure: ids of activities, items or appendices.",
    )
    party_order: dict[Lang, list[Id]] = Field(
        default={},
        description="The order in which each language version names the parties (title page, "
        "opening, signature columns), e.g. {fr: [civ, us], en: [us, civ]}: in treaty practice "
        "each party's version names that party first (the alternat). Default: the language's "
        "formulas (templates/<lang>/formulas.yaml) for the title page and opening, and the "
        "order of signature.signatories for the signatures.",
    )
    formulas: dict[FormulaName, dict[Lang, VisibleStr]] = Field(
        default={},
        description="The instrument formulas of this compact where they differ from the "
        "language's (templates/<lang>/formulas.yaml), e.g. the words of a signed text: "
        "{agreed: {fr: 'Sont convenus de ce qui suit :'}}. Slots in braces are filled: "
        "{parties}, {party_term}, {place}, {date}, {originals}, {languages}, {language}.",
    )
    style: Style = Field(
        default_factory=Style,
        description="Typographic conventions where they differ from the language's: "
        "{preamble: {verb_case: sentence, verb_bold: false}}.",
    )
    status: Literal["draft", "final"] = Field(
        default="final",
        description="final: the text for signature; a TODO left in it is an error. draft: a "
        "draft for review, rendered although it has TODOs (warnings then), each highlighted "
        "in place, every page marked PROJET / DRAFT / BORRADOR, the version on the title page, "
        "no signature fields (`cpc render --draft` does the same for one render).",
    )
    version: Version | None = Field(
        default=None,
        description="Which draft this is: `version: 3`, or `{label: v3, date: 2026-11-30}`; "
        "printed on the title page of a draft.",
    )
    amendments: list[Amendment] = Field(
        default=[],
        description="The amendments signed since, in order: their date, signatories and "
        "changes (extend, term, amount, replace, add, remove). The compact renders as amended "
        "(`--as-signed`: as signed); `cpc render --amendment N` writes the N-th's instrument.",
    )

    @field_validator("languages")
    @classmethod
    def _unique_languages(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a language is listed twice")
        return value

    def party(self, party_id: str) -> Party | None:
        return next((p for p in self.parties if p.id == party_id), None)

    @property
    def united_states(self) -> Party | None:
        return self.party(US_ID)

    @property
    def partner(self) -> Party:
        """The partner country's party: the first that is not the United States."""
        return next((p for p in self.parties if p.id != US_ID), self.parties[0])

    def parties_in(self, lang: str, default_roles: list[str]) -> list[Party]:
        """The parties in the order `lang`'s version names them: the compact's own order for
        that language, else the language's default by role ("partner", "united_states")."""
        if lang in self.party_order:
            return [p for ident in self.party_order[lang] if (p := self.party(ident))]
        rank = {role: index for index, role in enumerate(default_roles)}
        return sorted(
            self.parties,
            key=lambda p: rank.get("united_states" if p.id == US_ID else "partner", len(rank)),
        )

    @property
    def entry_into_force(self) -> dt.date:
        eif = self.term.entry_into_force
        return self.signature.date if eif == "signature" else eif

    @property
    def end_date(self) -> dt.date:
        """The last day the compact is in force, extensions included."""
        end = self.term.duration.after(self.entry_into_force)
        for extension in self.term.extensions:
            end = extension.duration.after(end)
        return end - dt.timedelta(days=1)

    def activities(self) -> list[Activity]:
        return [a for o in self.objectives for a in o.activities]

    def indicators(self) -> list[Indicator]:
        return [i for o in self.objectives for i in o.indicators]


# Objects whose fields a placeholder in their texts may use ({amount}, {notice}, {term:N}).
SCOPES = (Commitment, NoticeSection, DescriptionSection, Definition)


def walk_values(
    node: Any, path: tuple[str | int, ...] = (), scopes: tuple[Any, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], BiText | str, tuple[Any, ...]]]:
    """Every text of the model (BiText or plain string) with its field path and its scopes,
    innermost first."""
    if isinstance(node, (BiText, str)):
        yield path, node, scopes
    elif isinstance(node, BaseModel):
        if isinstance(node, SCOPES):
            scopes = (node, *scopes)
        for name in type(node).model_fields:
            yield from walk_values(getattr(node, name), (*path, name), scopes)
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            yield from walk_values(item, (*path, index), scopes)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from walk_values(value, (*path, key), scopes)


def walk_texts(
    node: Any, path: tuple[str | int, ...] = (), scopes: tuple[Any, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], BiText, tuple[Any, ...]]]:
    """Every BiText of the model with its field path and its scopes, innermost first."""
    for where, value, around in walk_values(node, path, scopes):
        if isinstance(value, BiText):
            yield where, value, around


# `Compact.amendments` is completed by model/amendment.py, which builds on this module's types
# (a plain import: it works whichever of the two modules is imported first).
import cpc_docs.model.amendment  # noqa: E402, F401
