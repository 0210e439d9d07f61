"""A new compact: from a few answers to a YAML file that validates, with what is left marked.

`cpc new` asks for the facts a drafter knows on day one (the partner, the languages, the
signature place and date, the duration, the US amount, the partner's bodies and focal point)
and writes a compact that the model accepts as it stands: the standard sections by reference
to the library (cpc_docs/clauses.yaml), the parties, commitments, term and signature filled
in, and an outline of what only the drafters can write, each place holding a text that
starts with `TODO`. The rule `todo` (cpc_docs/rules.py) reports each such text as "still to
write", with its line, so `cpc validate` is the drafters' to-do list and a compact with a
TODO left never renders.

Why write YAML text by hand rather than dump it: PyYAML drops comments, and the comments are
half the value of the file (how to negotiate a standard section, what a field means, the
outline). The data is built first as plain Python values (`Draft.data`), then written with
its comments; the tests read the text back and compare it with `Draft.data`, so the writer
cannot drift from the data.

No click here: the command (new_command.py) asks the questions and maps the ValueErrors that
the parsers below raise to messages; this module knows nothing of terminals.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .loader import standard_clauses
from .locale import (
    FrenchCountry,
    fold_name,
    french_country_code,
    french_country_proposal,
    french_country_table,
    precision_problem,
)
from .model import LANGUAGES, Acronym, Duration, Email, Id, Phone, Sections
from .rules import MAX_YEARS
from .yamltext import UNPRINTABLE, scalar

WIDTH = 92  # the compacts' line width (see compacts/civ-2022.yaml)
US_ID = "us"
US_EMAIL = "JTIPGrants@state.gov"
DEFAULT_DURATION = "5 years"
DEFAULT_AMOUNT = "5 million"  # the TIP Office plans up to about US$5 million per partnership

# Sections written `standard` in a new compact, in the model's order. Every key must be a
# section of cpc_docs/clauses.yaml (a test checks it).
STANDARD_SECTIONS = (
    "definitions",
    "monitoring",
    "indicators",
    "communications",
    "amendment",
    "confidentiality",
    "entry_into_force",
    "disputes",
)

PathKey = tuple[str | int, ...]
Texts = dict[str, str]  # language -> text, for the languages of the compact


# ---------------------------------------------------------------------------------------------
# Answers and their parsers


@dataclass(frozen=True)
class BodyAnswer:
    """A body of the partner named by an acronym in the text (defined once under `bodies`)."""

    acronym: str
    name: Texts


@dataclass(frozen=True)
class FocalPointAnswer:
    name: Texts
    email: str
    phone: str | None = None


@dataclass(frozen=True)
class Answers:
    """What `cpc new` asks; every text is given for each language of the compact."""

    compact_id: str
    languages: tuple[str, ...]
    partner_id: str
    # As it reads after "pour" / "for", the French with its article: "la Côte d'Ivoire" /
    # "Côte d'Ivoire" (locale.FrenchCountry derives « de la Côte d'Ivoire » from it).
    country: Texts
    government: Texts  # "le Gouvernement de la Côte d'Ivoire" / "the Government of …"
    place: Texts
    date: dt.date
    duration: Duration
    amount: int | float  # US dollars, "up to"
    focal_point: FocalPointAnswer
    bodies: tuple[BodyAnswer, ...] = ()
    us_email: str = US_EMAIL
    short: Texts = field(default_factory=dict)  # footer name; derived from country if empty

    def short_name(self, lang: str) -> str:
        return self.short.get(lang) or default_short(self.country[lang], lang)


def _check(adapter: TypeAdapter[Any], value: str, what: str, example: str) -> str:
    try:
        return str(adapter.validate_python(value))
    except ValidationError:
        raise ValueError(f"{value!r} is not {what} (e.g. {example})") from None


@cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def parse_languages(value: str) -> tuple[str, ...]:
    """ "fr,en", "fr en", "en": the languages of the compact, in the order given."""
    codes = [code for code in re.split(r"[\s,;/]+", value.strip().lower()) if code]
    if not codes:
        raise ValueError("give at least one language: fr, en or fr,en")
    for code in codes:
        if code not in LANGUAGES:
            raise ValueError(f"{code!r} is not one of {', '.join(map(repr, LANGUAGES))}")
    if len(set(codes)) != len(codes):
        raise ValueError("a language is listed twice")
    return tuple(codes)


_NOT_TEXT = re.compile(r"[{}]")


def parse_text(value: str) -> str:
    """A text answer: not empty, one line, printable, no braces (they mark placeholders)."""
    text = " ".join(value.split())
    if not text:
        raise ValueError("an answer is needed (write TODO if it is not known yet)")
    if _NOT_TEXT.search(text):
        raise ValueError("braces { } are reserved for placeholders such as {duration}")
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") and (
            char != "\u00a0"
        ):
            raise ValueError(f"the answer contains an invisible character (U+{ord(char):04X})")
    return text


def parse_id(value: str) -> str:
    return _check(_adapter(Id), value.strip(), "an id", "civ or civ-2022: lower-case, digits, -")


def parse_partner_id(value: str) -> str:
    ident = parse_id(value)
    if ident == US_ID:
        raise ValueError(f"{US_ID!r} is the id of the United States; choose the partner's")
    return ident


def parse_email(value: str) -> str:
    """An e-mail address, checked with the model's own pattern (model.Email)."""
    return _check(_adapter(Email), value.strip(), "an e-mail address", "cns@example.gov")


def parse_phone(value: str) -> str:
    return _check(_adapter(Phone), value.strip(), "a telephone number", "+225 27 22 48 03 03")


_ACRONYM_LETTER = re.compile(r"[A-ZÀ-ÖØ-Þ]")


def parse_acronym(value: str) -> str:
    """A body's acronym as the text writes it: 2 to 12 capitals, digits or &, two letters at
    least ("CNS", "CNLTPPPA", "PNLTE2"), so that an amount or a name typed at this question
    ("4000000", "Comité") is refused there, with the reason, not taken as an acronym."""
    acronym = value.strip()
    if acronym in STANDARD_ACRONYMS:
        raise ValueError(f"{acronym} is already defined (every new compact defines "
                         f"{', '.join(STANDARD_ACRONYMS)})")  # fmt: skip
    letters = len(_ACRONYM_LETTER.findall(acronym))
    if not re.fullmatch(r"[A-ZÀ-ÖØ-Þ0-9&]{2,12}", acronym) or letters < 2:
        if acronym.upper() != acronym and re.fullmatch(r"[\w&]{2,12}", acronym):
            why = f"an acronym is written in capitals: {acronym.upper()}"
        elif len(acronym.split()) > 1:
            why = "an acronym is one word, e.g. CNS (the body's name is asked next)"
        elif len(acronym) > 12:
            why = "an acronym has at most 12 characters, e.g. CNLTPPPA"
        elif letters < 2:
            why = "an acronym has two letters at least, e.g. CNS or PNLTE2"
        else:
            why = "an acronym has only capital letters, digits and &, e.g. CNS or C&T"
        raise ValueError(f"{acronym!r} is not an acronym: {why}")
    _check(_adapter(Acronym), acronym, "an acronym", "CNS")  # what the model takes, too
    return acronym


def parse_date(value: str) -> dt.date:
    text = value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD (e.g. 2025-03-14)")
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date of the calendar") from None
    if not 2001 <= date.year <= 2100:
        raise ValueError(f"{text!r}: the year must be between 2001 and 2100")
    return date


def parse_duration(value: str) -> Duration:
    """ "5 years", "36 months": at most five years (TIP Office fact sheets)."""
    try:
        duration = Duration.model_validate(value.strip())
    except ValidationError:
        raise ValueError(
            f"{value.strip()!r} is not a duration; write a number and a unit, "
            "e.g. '5 years' or '36 months'"
        ) from None
    if duration.months > MAX_YEARS * 12:
        raise ValueError(f"a CPC partnership lasts at most {MAX_YEARS} years")
    return duration


def duration_text(duration: Duration) -> str:
    unit = duration.unit[:-1] if duration.value == 1 else duration.unit
    return f"{duration.value} {unit}"


_SCALES = {"thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "billion": 10**9}


def parse_amount(value: str) -> int | float:
    """US dollars: "5000000", "5,000,000", "5 million", "US$2.5 million", "5M".

    Computed in decimal ("4.35 million" is 4350000, not 4349999.999…), and an amount with
    more decimals than the dollar has is refused rather than rounded, as the model refuses
    it: the figure is a term of the instrument.
    """
    text = value.strip().lower()
    text = re.sub(r"^(us\s*\$|usd|\$)\s*", "", text)
    text = re.sub(r"\s*(usd|us\s*dollars|dollars)$", "", text)
    match = re.fullmatch(r"([\d.,\s\u00a0\u202f]*\d)\s*(thousand|million|billion|k|m)?s?", text)
    if not match:
        raise ValueError(f"{value.strip()!r} is not an amount in US dollars (e.g. 5000000 or "
                         "'5 million')")  # fmt: skip
    digits = re.sub(r"[\s\u00a0\u202f,]", "", match[1])
    try:
        number = Decimal(digits) * _SCALES.get(match[2] or "", 1)
    except InvalidOperation:
        raise ValueError(f"{match[1]!r} is not a number") from None
    if number <= 0:
        raise ValueError("the amount must be more than zero")
    problem = precision_problem(number, "USD")
    if problem is not None:
        raise ValueError(problem)
    return int(number) if number == number.to_integral_value() else float(number)


# Below this, an amount in bare digits is more likely "4" meant as "4 million" than a real
# ceiling: CPC partnerships commit millions (DEFAULT_AMOUNT).
SMALL_AMOUNT = 100_000
_CURRENCY_WORD = re.compile(r"\$|\busd\b|\bdollars?\b", re.IGNORECASE)


def amount_doubt(value: str) -> str | None:
    """Why the amount `value` may be a slip, or None: under US$100,000 in bare digits ("4"
    where "4 million" was meant). A scale word ("4 thousand") or an explicit currency ("4 USD",
    "US$4", "$4") says the amount is meant as written. `value` must parse (parse_amount)."""
    amount = parse_amount(value)
    if amount >= SMALL_AMOUNT or _CURRENCY_WORD.search(value):
        return None
    if re.search(r"[a-z]", value.lower()):  # a scale word: "4 thousand", "4k"
        return None
    from .locale import format_money
    from .model import Money

    text = " ".join(value.split())
    shown = format_money(Money(value=amount), "en")
    confirm = f"write '{text} USD' if {shown} is right"
    if amount < 1000:
        return f"{text} is {shown}; did you mean '{text} million'? ({confirm})"
    return f"{text} is {shown}, far below the usual few million ({confirm})"


# ---------------------------------------------------------------------------------------------
# Defaults derived from earlier answers

_EN_ARTICLE = re.compile(r"^the ", re.IGNORECASE)


def default_short(country: str, lang: str) -> str:
    """The country without its article, for the footer: "la Côte d'Ivoire" → "Côte d'Ivoire"."""
    if lang == "fr":
        short = FrenchCountry.parse(country).name
    else:
        short = _EN_ARTICLE.sub("", country).strip()
    return short[:1].upper() + short[1:]


def default_government(country: str, lang: str) -> str:
    """ "le Gouvernement du Ghana" / "the Government of Ghana": the French contraction follows
    from the country's article (locale.FrenchCountry), so the country must carry it."""
    if lang == "fr":
        return f"le Gouvernement {FrenchCountry.parse(country).of}"
    return f"the Government of {country}"


def french_country_answer(country: str) -> tuple[str, str | None]:
    """The French country to write for the answer `country`, and what to tell the user.

    French writes most country names with an article that contracts with "de" and "à" (« du
    Ghana », « aux Philippines »); "Ghana" alone would give "le Gouvernement de Ghana". A
    name the table of French country names knows (cpc_docs/countries_fr.yaml) gets the
    article the table gives it, and the user is told; a name it does not know, written
    without an article, is kept, with the forms it gives shown, for the user to check.
    """
    proposal = french_country_proposal(country)
    if proposal is not None:
        forms = FrenchCountry.parse(proposal)
        return proposal, (
            f"French writes the country « {proposal} » (« pour {forms} », « {forms.of} »), "
            f"not « {' '.join(country.split())} »: written so (edit parties.country.fr for "
            "another form)"
        )
    forms = FrenchCountry.parse(country)
    if forms.article or french_country_code(country) is not None:
        return forms.written, None
    return forms.written, (
        f"« {forms} » is not in the table of French country names: check that French writes "
        f"it without an article (« pour {forms} », « {forms.of} »), or give it with its "
        f"article (« le {forms.name} », « la {forms.name} », « les {forms.name} »)"
    )


@cache
def _territories() -> dict[str, str]:
    """Country names in French and English (Babel/CLDR), folded → ISO 3166 alpha-2 code."""
    from babel import Locale

    names: dict[str, str] = {}
    for locale in ("en", "fr"):
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(fold_name(name), code)
    return names


def territory(country: str, lang: str) -> str | None:
    """The ISO alpha-2 code of a country named in French or English, if CLDR knows it."""
    return _territories().get(fold_name(default_short(country, lang)))


def default_country_name(country: str, lang: str, target: str) -> str | None:
    """The country's name in another language, a default to confirm: in French with the
    article it takes ("le Ghana", from the table of French country names), in English as CLDR
    names it ("Ghana")."""
    from babel import Locale

    code = territory(country, lang)
    if code is None:
        return None
    if target == "fr" and code in french_country_table():
        return french_country_table()[code]
    return str(Locale.parse(target).territories[code]).replace("’", "'")


def default_partner_id(country: str, lang: str) -> str:
    """ISO 3166 alpha-3 in lower case ("civ"), as the reference compact; else 3 letters."""
    from babel.core import get_global

    code = territory(country, lang)
    if code is not None:
        aliases = get_global("territory_aliases")
        alpha3 = sorted(
            alias
            for alias, targets in aliases.items()
            if len(alias) == 3 and alias.isalpha() and list(targets) == [code]
        )
        if alpha3:
            return alpha3[0].lower()
    letters = fold_name(default_short(country, lang)).replace(" ", "")
    return letters[:3] if len(letters) >= 2 and letters[:3] != US_ID else "partner"


def default_compact_id(partner_id: str, date: dt.date) -> str:
    return f"{partner_id}-{date.year}"


# ---------------------------------------------------------------------------------------------
# The draft: data plus comments


@dataclass(frozen=True)
class Comment:
    """A comment in the written file: prose (wrapped to the width) or YAML lines verbatim."""

    text: str = ""
    example: tuple[str, ...] = ()


@dataclass
class Draft:
    """The data of the new compact, and the comments to write before/after some of its paths."""

    data: dict[str, Any]
    before: dict[PathKey, list[Comment]] = field(default_factory=dict)
    after: dict[PathKey, list[Comment]] = field(default_factory=dict)

    def note(self, path: PathKey, text: str = "", *example: str) -> None:
        self.before.setdefault(path, []).append(Comment(text, tuple(example)))

    def note_after(self, path: PathKey, text: str = "", *example: str) -> None:
        self.after.setdefault(path, []).append(Comment(text, tuple(example)))


STANDARD_BODIES: tuple[tuple[str | dict[str, str], dict[str, str]], ...] = (
    ("CPC", {"fr": "Pacte pour la Protection de l'Enfance (Child Protection Compact)",
             "en": "Child Protection Compact"}),
    ("TIP", {"fr": "traite des personnes (Trafficking in Persons)",
             "en": "Trafficking in Persons"}),
    ("JTIP", {"fr": "Bureau de Surveillance et de Lutte contre la Traite des Personnes du "
                    "Département d'État des États-Unis (sigle administratif J/TIP)",
              "en": "Office to Monitor and Combat Trafficking in Persons of the U.S. Department "
                    "of State (office symbol J/TIP)"}),
    ({"fr": "ONG", "en": "NGOs"}, {"fr": "organisations non gouvernementales",
                                   "en": "nongovernmental organizations"}),
)  # fmt: skip
STANDARD_ACRONYMS = ("CPC", "TIP", "JTIP", "ONG", "NGOs")

PILLAR_OUTLINE = (
    # objective id and pillar, id prefix of its activities and indicators, French, English
    ("prevention", "prev", "de prévention", "prevention"),
    ("protection", "prot", "de protection", "protection"),
    ("prosecution", "pros", "de poursuites judiciaires", "prosecution"),
    ("partnership", "part", "de partenariat", "partnership"),
)


def build_draft(answers: Answers, inline_clauses: bool = False) -> Draft:
    """The new compact as data with its comments: what `compact_yaml` writes."""
    return _Builder(answers, inline_clauses).build()


class _Builder:
    """Builds one draft; each part of the compact has its method, in the file's order."""

    def __init__(self, answers: Answers, inline_clauses: bool) -> None:
        self.answers = answers
        self.langs = answers.languages
        self.inline = inline_clauses
        self.draft = Draft({})
        self.note = self.draft.note
        self.note_after = self.draft.note_after

    def bi(self, **texts: str) -> dict[str, str]:
        """A text in the compact's languages (the others are dropped)."""
        return {lang: texts[lang] for lang in self.langs}

    def todo(self, fr: str, en: str) -> dict[str, str]:
        """A text still to write: the rule `todo` reports it until it is replaced."""
        return self.bi(fr=f"TODO : {fr}", en=f"TODO: {en}")

    def build(self) -> Draft:
        data = self.draft.data
        data["id"] = self.answers.compact_id
        data["languages"] = list(self.langs)
        data["title"] = self.bi(
            fr="Partenariat relatif au Pacte pour la Protection de l'Enfance (CPC)",
            en="Child Protection Compact (CPC) Partnership",
        )
        data["party_term"] = self.bi(fr="Participants", en="Participants")
        data["parties"] = self.parties()
        data["bodies"] = self.bodies()
        data["preamble"] = self.preamble()
        data["sections"] = self.sections()
        data["objectives"] = self.objectives()
        data["annex"] = self.annex()
        data["term"] = self.term()
        data["signature"] = self.signature()
        data["statute"] = self.statute()
        return self.draft

    # --- Parties and bodies -----------------------------------------------------------------

    def parties(self) -> list[dict[str, Any]]:
        answers, bi = self.answers, self.bi
        focal: dict[str, Any] = {"name": dict(answers.focal_point.name)}
        focal["emails"] = [answers.focal_point.email]
        if answers.focal_point.phone:
            focal["phones"] = [answers.focal_point.phone]
        self.note(
            ("parties",),
            "The partner first, then the United States. `name` is the government with its "
            "article, `country` the country as it reads after « pour » / “for”: in French with "
            "its article (le Ghana, la Côte d'Ivoire, les Philippines, l'Ouganda, Madagascar), "
            "from which « du Ghana », « au Ghana » follow; `short` the name in the footer's "
            "initials box.",
        )
        example = _flow(bi(fr="…", en="…"))
        self.note(
            ("parties", 0, "focal_points"),
            "For the title page, optionally: the formal name of the state and its motto.",
            f"state: {example}",
            f"motto: {example}",
        )
        self.note_after(
            ("parties", 0, "focal_points", 0),
            "More focal points, each with at least one e-mail; also address, office_phones, "
            "fax, websites:",
            f"- name: {example}",
            f"  address: {example}",
            "  emails: [name@example.gov]",
        )
        embassy = bi(
            fr="L'Ambassade des États-Unis d'Amérique en …",
            en="The Embassy of the United States of America in …",
        )
        self.note_after(
            ("parties", 1, "focal_points", 0),
            "The embassy, if it is a focal point too:",
            "- name:",
            *_example_bitext(embassy, "    "),
            "  emails: [name@state.gov]",
        )
        partner = {
            "id": answers.partner_id,
            "name": dict(answers.government),
            "country": dict(answers.country),
            "short": {lang: answers.short_name(lang) for lang in self.langs},
            "focal_points": [focal],
        }
        us = {
            "id": US_ID,
            "name": bi(
                fr="le Gouvernement des États-Unis d'Amérique",
                en="the Government of the United States of America",
            ),
            "country": bi(fr="les États-Unis d'Amérique", en="the United States of America"),
            "short": bi(fr="États-Unis", en="United States"),
            "focal_points": [
                {
                    "name": bi(
                        fr="Le Bureau de Surveillance et de Lutte contre la Traite des "
                        "Personnes du Département d'État des États-Unis d'Amérique / JTIP",
                        en="The Office to Monitor and Combat Trafficking in Persons of the "
                        "United States Department of State / JTIP",
                    ),
                    "emails": [answers.us_email],
                }
            ],
        }
        return [partner, us]

    def bodies(self) -> list[dict[str, Any]]:
        self.note(
            ("bodies",),
            "Every acronym the text uses, defined once (`cpc validate` warns of the others). "
            "Where the languages use different acronyms, give one per language, e.g. "
            "acronym: {fr: ONG, en: NGOs}.",
        )
        bodies: list[dict[str, Any]] = []
        for acronym, name in STANDARD_BODIES:
            if isinstance(acronym, dict):
                forms = self.bi(**acronym)
                acronym = forms if len(set(forms.values())) > 1 else next(iter(forms.values()))
            bodies.append({"acronym": acronym, "name": self.bi(**name)})
        for body in self.answers.bodies:
            bodies.append({"acronym": body.acronym, "name": dict(body.name)})
        return bodies

    # --- Preamble and sections --------------------------------------------------------------

    def preamble(self) -> list[dict[str, Any]]:
        bi = self.bi
        self.note(
            ("preamble",),
            "TODO: the recitals. Each has a participle in capitals (RAPPELANT / RECALLING, "
            "CONSIDÉRANT / CONSIDERING, PRÉOCCUPÉES / CONCERNED, CONSCIENTES / MINDFUL, "
            "RECONNAISSANT / RECOGNIZING…) and a text ending with a comma; the last one ends "
            "with a semicolon.",
        )
        if self.answers.duration.unit == "years":
            cooperate = bi(
                fr="coopérer dans le cadre du présent Pacte pour la Protection de l'Enfance "
                "(CPC) pendant les {duration:number} prochaines années, dans le but "
                "d'intensifier les efforts de lutte contre la traite des enfants ;",
                en="to cooperate under this Child Protection Compact (CPC) over the next "
                "{duration:number} years, with the aim of intensifying efforts to combat child "
                "trafficking;",
            )
        else:  # "les dix-huit (18) prochaines années" would be wrong: say the period
            cooperate = bi(
                fr="coopérer dans le cadre du présent Pacte pour la Protection de l'Enfance "
                "(CPC) pendant une durée de {duration}, dans le but d'intensifier les efforts "
                "de lutte contre la traite des enfants ;",
                en="to cooperate under this Child Protection Compact (CPC) for a period of "
                "{duration}, with the aim of intensifying efforts to combat child trafficking;",
            )
        return [
            {
                "verb": bi(fr="RAPPELANT", en="RECALLING"),
                "text": bi(
                    fr="les relations de longue date entre les Participants,",
                    en="the longstanding relationship between the Participants,",
                ),
            },
            {
                "verb": bi(fr="CONSIDÉRANT", en="CONSIDERING"),
                "text": self.todo(
                    "les considérants propres à ce partenariat (engagements communs, rôles "
                    "des institutions, contribution de la société civile), une clause par "
                    "participe,",
                    "the recitals of this partnership (shared commitments, the roles of the "
                    "institutions, the contribution of civil society), one clause per "
                    "participle,",
                ),
            },
            {"verb": bi(fr="SOUHAITANT", en="DESIRING"), "text": cooperate},
        ]

    def sections(self) -> dict[str, Any]:
        bi = self.bi
        self.note(
            ("sections",),
            "Standard sections are written `standard`: they take the text of the library of "
            "standard clauses (cpc_docs/clauses.yaml) in both languages, so every compact "
            "says the same where nothing was negotiated. To negotiate one, replace `standard` "
            "by the section's text: copy it from cpc_docs/clauses.yaml, or start the file "
            "with `cpc new --inline-clauses`, which writes every standard section out.",
        )
        self.note(
            ("sections", "purpose"),
            "Sections are numbered I, II… in this order; prose refers to them by "
            "placeholder ({ref:goal}, {ref:annex}), never by number.",
        )
        self.note(
            ("sections", "goal", "goal"),
            "The objectives are listed under `objectives` below (Section II and Annex A).",
        )
        description = bi(
            fr="… le rapport TIP {tip_year}, dans lequel … la {tier}.",
            en="… the {tip_year} TIP Report, in which … {tier} ranking.",
        )
        title = bi(fr="Description du partenariat", en="Description of the Partnership")
        self.note_after(
            ("sections", "definitions"),
            "Optional: the description of the partnership, with the TIP Report year and tier "
            "that {tip_year} and {tier} print. Uncomment and write it:",
            "description:",
            f"  title: {_flow(title)}",
            '  tip_report: {year: 2024, tier: "2"}',
            "  paragraphs:",
            *_example_bitext(description, "    - "),
        )
        sections: dict[str, Any] = {
            "purpose": {
                "title": bi(fr="Objet", en="Purpose"),
                "paragraphs": [
                    self.todo(
                        "l'objet du Partenariat CPC : ce qu'il vise à renforcer, l'approche "
                        "retenue (axée sur les victimes, coordonnée, durable, "
                        "multisectorielle) et les acteurs concernés.",
                        "the purpose of the CPC Partnership: what it seeks to strengthen, its "
                        "approach (victim-centered, coordinated, sustainable, multisectoral), "
                        "and the actors involved.",
                    )
                ],
            },
            "goal": {
                "title": bi(fr="But et objectifs", en="Goal and Objectives"),
                "paragraphs": [
                    bi(
                        fr="Les Participants s'efforcent d'œuvrer à l'atteinte du but et des "
                        "objectifs du présent Partenariat CPC sur toute la durée de sa "
                        "validité :",
                        en="The Participants endeavor to work toward achieving the goal and "
                        "objectives of this CPC Partnership throughout its period of "
                        "validity:",
                    )
                ],
                "goal": self.todo(
                    "le but du partenariat, en une phrase (par exemple : « Le pays lutte "
                    "contre la traite des enfants de façon coordonnée et précoce. »).",
                    "the goal of the partnership, in one sentence (for example: “The country "
                    "combats child trafficking in a coordinated manner and at an early "
                    "stage.”).",
                ),
            },
            "commitments": self.commitments(),
        }
        library = standard_clauses()
        for key in STANDARD_SECTIONS:
            if key not in library:
                raise KeyError(f"cpc_docs/clauses.yaml has no section {key!r}")
            if self.inline:
                sections[key] = _only_languages(library[key], self.langs)
                self.note(
                    ("sections", key),
                    "Standard text from cpc_docs/clauses.yaml: edit it to negotiate the "
                    "wording, or write `standard` to follow the library.",
                )
            else:
                sections[key] = "standard"
        # In the model's order, the order they are numbered in: easier to read.
        return {key: sections[key] for key in Sections.model_fields if key in sections}

    def commitments(self) -> dict[str, Any]:
        answers, bi = self.answers, self.bi
        partner = answers.partner_id
        # Computed only for the languages the compact has (bi() drops the others).
        country_fr = answers.country.get("fr", "")
        of_country = FrenchCountry.parse(country_fr).of if country_fr else ""
        country_en = answers.country.get("en", "")
        government = {lang: _capfirst(text) for lang, text in answers.government.items()}
        self.note(
            ("sections", "commitments"),
            "22 U.S.C. § 7103a(d)(2)(B), (C), (E): each government's responsibilities and "
            "contribution. The US amount is a ceiling ('up to'), subject to the availability "
            "of funds; {amount} prints it in each language.",
        )
        self.note(
            ("sections", "commitments", "items", 1, "paragraphs"),
            "Name the institutions through which the partner acts (e.g. « par le biais du "
            "CNS » / “through the CNS”), each defined under `bodies`.",
        )
        us = {
            "id": "us-commitment",
            "party": US_ID,
            "amount": {"value": answers.amount, "currency": "USD"},
            "up_to": True,
            "subject_to_funds": True,
            "paragraphs": [
                bi(
                    fr="Le Gouvernement des États-Unis d'Amérique, par le biais du Bureau TIP, "
                    "et sous réserve de la disponibilité des fonds nécessaires, entend apporter "
                    "jusqu'à {amount} d'aide extérieure américaine à des organisations non "
                    "gouvernementales (ONG) nationales et/ou internationales qui sont censées "
                    f"collaborer avec les différents Ministères concernés {of_country}, pour "
                    "appuyer la mise en œuvre des activités qui contribueront à l'atteinte du "
                    "but et des objectifs inclus dans la section {ref:goal} et dans le plan de "
                    "mise en œuvre ci-joint (annexe {ref:annex}).",
                    en="The Government of the United States of America, through the TIP "
                    "Office, and subject to the availability of the necessary funds, intends to "
                    "provide up to {amount} in U.S. foreign assistance to national and/or "
                    "international nongovernmental organizations (NGOs) that are expected to "
                    f"collaborate with the various relevant Ministries of {country_en}, to "
                    "support the implementation of activities that will contribute to "
                    "achieving the goal and objectives included in Section {ref:goal} and in "
                    "the attached implementation plan (Annex {ref:annex}).",
                ),
                bi(
                    fr="Le Bureau TIP prévoit de choisir le(s) partenaire(s) d'exécution de la "
                    "société civile par le biais d'un processus d'appel d'offres concurrentiel "
                    "après la signature du présent Partenariat CPC, et de faciliter la "
                    "communication et la coordination entre le(s) partenaire(s) d'exécution de "
                    f"la société civile et les Ministères concernés {of_country}.",
                    en="The TIP Office plans to select the civil society implementing "
                    "partner(s) through a competitive solicitation process after the signature "
                    "of this CPC Partnership, and to facilitate communication and coordination "
                    "between the civil society implementing partner(s) and the relevant "
                    f"Ministries of {country_en}.",
                ),
            ],
        }
        in_kind = {
            "id": f"{partner}-commitment",
            "party": partner,
            "in_kind": True,
            "paragraphs": [
                bi(
                    fr=f"{government.get('fr')}, par le biais de ses institutions compétentes, "
                    "entend apporter son expertise à la mise en œuvre du plan conjoint du "
                    "présent Partenariat CPC ; coordonner, suivre et évaluer les actions à "
                    "travers des visites de terrain, des réunions périodiques et des rapports "
                    "de mise en œuvre des activités ; mettre son personnel à disposition pour "
                    "participer aux activités du Partenariat CPC ; encourager la collaboration "
                    "et faciliter l'accès entre les organismes publics à des fins de "
                    "coordination et de réunions ; échanger les informations avec le Bureau "
                    "TIP ; collaborer avec la société civile, notamment le(s) partenaire(s) "
                    "d'exécution de la société civile, pour appuyer le but et les objectifs "
                    "décrits à la section {ref:goal} du présent Partenariat CPC ; et pérenniser "
                    "les améliorations systémiques réalisées par le biais de ces efforts "
                    "conjoints après la fin du présent Partenariat CPC.",
                    en=f"{government.get('en')}, through its competent institutions, intends "
                    "to contribute its expertise to the implementation of the joint "
                    "implementation plan of this CPC Partnership; to coordinate, monitor, and "
                    "evaluate the actions through field visits, periodic meetings, and "
                    "activity implementation reports; to make its staff available to "
                    "participate in CPC Partnership activities; to encourage collaboration and "
                    "facilitate access among public agencies for coordination purposes and "
                    "meetings; to share information with the TIP Office; to collaborate with "
                    "civil society, including the civil society implementing partner(s), to "
                    "support the goal and objectives described in Section {ref:goal} of this "
                    "CPC Partnership; and to sustain the systemic improvements achieved "
                    "through these joint efforts after this CPC Partnership has ended.",
                )
            ],
        }
        return {"title": bi(fr="Engagements", en="Commitments"), "items": [us, in_kind]}

    # --- Objectives (the outline), annex, term, signature, statute ---------------------------

    def objectives(self) -> list[dict[str, Any]]:
        self.note(
            ("objectives",),
            "TODO: the objectives (Section II), each with its illustrative activities and "
            "indicators (Annex A). The outline follows the 3P paradigm (prevention, "
            "protection, prosecution) plus partnership; objectives grouped by crime type omit "
            "`pillar` or give a label of their own: pillar: {fr: …, en: …}. An objective may "
            "have an `annex_text` when Annex A words it differently. Ids are stable names "
            "that reports and `statute` refer to. An indicator's unit is count, percentage or "
            "yes_no.",
        )
        objectives = []
        for pillar, prefix, fr, en in PILLAR_OUTLINE:
            activity = self.todo(
                f"une activité illustrative {fr} (annexe A).",
                f"an illustrative {en} activity (Annex A).",
            )
            indicator = self.todo(f"un indicateur {fr} (annexe A).", f"a {en} indicator (Annex A).")
            objectives.append(
                {
                    "id": pillar,
                    "pillar": pillar,
                    "text": self.todo(f"l'objectif {fr}.", f"the {en} objective."),
                    "activities": [{"id": f"{prefix}-a01", "text": activity}],
                    "indicators": [{"id": f"{prefix}-i01", "unit": "count", "text": indicator}],
                }
            )
        return objectives

    def annex(self) -> dict[str, Any]:
        return {
            "title": self.bi(
                fr="Cadre d'actions conjoint du Partenariat CPC",
                en="Joint Action Framework of the CPC Partnership",
            ),
            "paragraphs": [
                self.bi(
                    fr="Les Participants entendent appuyer les objectifs et la mise en œuvre des "
                    "activités du cadre d'actions conjoint du présent Partenariat CPC sur "
                    "toute la durée de sa validité, dans les domaines suivants :",
                    en="The Participants intend to support the objectives and the "
                    "implementation of the activities of the joint action framework of this "
                    "CPC Partnership throughout its period of validity, in the following "
                    "areas:",
                )
            ],
        }

    def term(self) -> dict[str, Any]:
        self.note(
            ("term",),
            f"At most {MAX_YEARS} years (TIP Office). Extensions, when decided, go under "
            "`extensions` as {decided: YYYY-MM-DD, duration: 1 year}. The standard section "
            "entry_into_force is written for a compact in force from its signature.",
        )
        return {"entry_into_force": "signature", "duration": duration_text(self.answers.duration)}

    def signature(self) -> dict[str, Any]:
        answers = self.answers
        self.note(
            ("signature", "signatories"),
            "TODO: the signatories, in the order they sign. Each may have an honorific "
            "({fr: Madame, en: Mrs.}) and sign on behalf of a body (on_behalf: {fr: …, "
            "en: …}); one title per line.",
        )

        def signatory(party: str, who: dict[str, str]) -> dict[str, Any]:
            return {
                "party": party,
                "name": f"TODO: name of the signatory for {who['en']}",
                "titles": [
                    self.todo(
                        f"titre du signataire pour {who['fr']}.",
                        f"title of the signatory for {who['en']}.",
                    )
                ],
            }

        # "pour le Ghana" / "for Ghana"; the id stands in for a language the compact lacks.
        partner = {lang: answers.country.get(lang, answers.partner_id) for lang in LANGUAGES}
        return {
            "place": dict(answers.place),
            "date": answers.date,
            "originals": 2,
            "signatories": [
                signatory(US_ID, {"fr": "les États-Unis", "en": "the United States"}),
                signatory(answers.partner_id, partner),
            ],
        }

    def statute(self) -> dict[str, Any]:
        self.note(
            ("statute",),
            "TODO: where the compact addresses the elements of 22 U.S.C. § 7103a(d)(2) that "
            "its structure does not show: the ids of the activities, items or appendices.",
        )
        self.note(
            ("statute", "F"),
            "(F) how progress is sustained after the compact expires, e.g. a sustainability "
            f"planning activity and {self.answers.partner_id}-commitment, whose last clause "
            "says so.",
        )
        self.note(
            ("statute", "G"),
            "(G) how child-protection data is collected, tracked and managed: the ids of the "
            "data activities.",
        )
        return {"F": [], "G": []}


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def _only_languages(value: Any, langs: tuple[str, ...]) -> Any:
    """The library's data with the texts of the compact's languages only."""
    if _is_bitext(value):
        return {lang: value[lang] for lang in langs if lang in value}
    if isinstance(value, dict):
        return {key: _only_languages(item, langs) for key, item in value.items()}
    if isinstance(value, list):
        return [_only_languages(item, langs) for item in value]
    return value


def header(answers: Answers) -> list[Comment]:
    gov = answers.government.get("en") or answers.government[answers.languages[0]]
    return [
        Comment(
            f"Child Protection Compact (CPC) Partnership between {gov} and the Government "
            "of the United States of America: a draft started with `cpc new`."
        ),
        Comment(
            "What is left to write holds a text starting with TODO: `cpc validate` lists each "
            'place with its line, as "still to write", and the compact renders once none is '
            "left (write TODO yourself anywhere to mark a text to come back to). The reference "
            "compact, compacts/civ-2022.yaml, shows every part written out; the YAML "
            "reference (docs/yaml-reference.md, or `cpc schema --format markdown`) lists every "
            "field, the standard sections and the placeholders prose may use ({duration}, "
            "{amount}, {ref:ID}…)."
        ),
        Comment(
            "French is typed with ordinary spaces before ; : ! ? and inside « », and with "
            "straight apostrophes: the renderer applies French typography."
        ),
    ]


def compact_yaml(answers: Answers, inline_clauses: bool = False) -> str:
    """The YAML text of a new compact, with its comments."""
    draft = build_draft(answers, inline_clauses)
    return write_yaml(draft, header(answers))


# ---------------------------------------------------------------------------------------------
# Writing YAML with comments


def write_yaml(draft: Draft, header: Iterable[Comment] = ()) -> str:
    lines: list[str] = []
    for index, comment in enumerate(header):
        if index:
            lines.append("#")
        lines.extend(_comment_lines(comment, 0))
    for key, value in draft.data.items():
        if lines:
            lines.append("")
        lines.extend(_field(draft, (key,), key, value, 0))
    return "\n".join(lines) + "\n"


def _comments(table: dict[PathKey, list[Comment]], path: PathKey, indent: int) -> list[str]:
    out: list[str] = []
    for comment in table.get(path, []):
        out.extend(_comment_lines(comment, indent))
    return out


def _comment_lines(comment: Comment, indent: int) -> list[str]:
    pad = " " * indent
    out = []
    if comment.text:
        for line in textwrap.wrap(
            comment.text, WIDTH - indent - 2, break_long_words=False, break_on_hyphens=False
        ):
            out.append(f"{pad}# {line}")
    # Examples keep "# " only, so that an editor's "uncomment" restores their indentation.
    out.extend(f"{pad}# {line}" for line in comment.example)
    return out


def _field(draft: Draft, path: PathKey, key: str, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    lines = _comments(draft.before, path, indent)
    head = f"{pad}{key}:"
    if isinstance(value, str):
        lines.extend(_string(head, value, indent))
    elif _is_bitext(value) or (key in FLOW_KEYS and isinstance(value, dict)):
        flow = _flow(value) if value else "{}"
        if _is_bitext(value) and len(f"{head} {flow}") > WIDTH:
            lines.append(head)
            for lang, text in value.items():
                lines.extend(_string(f"{pad}  {lang}:", text, indent + 2))
        else:
            lines.append(f"{head} {flow}")
    elif isinstance(value, dict):
        lines.append(head)
        for child, item in value.items():
            lines.extend(_field(draft, (*path, child), child, item, indent + 2))
    elif isinstance(value, list):
        flow = "[" + ", ".join(scalar(item) for item in value) + "]"
        if _all_scalars(value) and len(f"{head} {flow}") <= WIDTH:
            lines.append(f"{head} {flow}")
        else:
            lines.append(head)
            for index, item in enumerate(value):
                lines.extend(_item(draft, (*path, index), item, indent + 2))
    else:
        lines.append(f"{head} {scalar(value)}")
    lines.extend(_comments(draft.after, path, indent))
    return lines


def _item(draft: Draft, path: PathKey, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    before = _comments(draft.before, path, indent)
    after = _comments(draft.after, path, indent)
    block_bitext = _is_bitext(value) and len(f"{pad}- {_flow(value)}") > WIDTH
    if (isinstance(value, dict) and value and not _is_bitext(value)) or block_bitext:
        body: list[str] = []
        for child, item in value.items():
            body.extend(_field(draft, (*path, child), child, item, indent + 2))
        # The first key goes on the dash's line ("- id: …"), unless a comment comes first.
        first = next(i for i, line in enumerate(body) if not line.lstrip().startswith("#"))
        if first == 0:
            body[0] = f"{pad}- {body[0][indent + 2 :]}"
        else:
            body.insert(0, f"{pad}-")
        return [*before, *body, *after]
    if isinstance(value, dict):
        return [*before, f"{pad}- {_flow(value) if value else '{}'}", *after]
    if isinstance(value, str):
        return [*before, *_string(f"{pad}-", value, indent), *after]
    return [*before, f"{pad}- {scalar(value)}", *after]


def _string(head: str, text: str, indent: int) -> list[str]:
    """`head "text"` on one line, or a folded block (`>-`) for long prose."""
    one = f"{head} {scalar(text)}"
    if len(one) <= WIDTH or not _foldable(text):
        return [one]
    body = textwrap.wrap(text, WIDTH - indent - 2, break_long_words=False, break_on_hyphens=False)
    return [f"{head} >-", *(" " * (indent + 2) + line for line in body)]


def _foldable(text: str) -> bool:
    # A folded block keeps the text exactly when it is printable, has no run of spaces and
    # no leading or trailing space (wrapping happens at single spaces, which folding restores).
    return text == text.strip() and "  " not in text and not UNPRINTABLE.search(text)


def _is_bitext(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and all(key in LANGUAGES and isinstance(text, str) for key, text in value.items())
    )


def _all_scalars(values: Iterable[Any]) -> bool:
    return all(not isinstance(value, (dict, list)) for value in values)


def _flow(mapping: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{key}: {scalar(value)}" for key, value in mapping.items()) + "}"


def _example_bitext(texts: dict[str, str], first: str) -> list[str]:
    out = []
    for index, (lang, text) in enumerate(texts.items()):
        prefix = first if index == 0 else " " * len(first)
        out.append(f"{prefix}{lang}: {scalar(text)}")
    return out


FLOW_KEYS = {"amount"}  # short mappings written on one line: amount: {value: …, currency: USD}
