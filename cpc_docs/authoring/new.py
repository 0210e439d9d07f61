"""A new compact: from a few answers to a YAML file that validates, with what is left marked.

`cpc new` asks for the facts a drafter knows on day one (the partner, the languages, the
signature place and date, the duration, the US amount, the partner's bodies and focal point)
and writes a compact that the model accepts as it stands: the standard sections by reference
to the library (cpc_docs/clauses.yaml), the parties, commitments, term and signature filled
in, and an outline of what only the drafters can write, each place holding a text that
starts with `TODO`. The rule `todo` (cpc_docs/rules/compact.py) reports each such text as "still to
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

from cpc_docs.authoring.yamltext import UNPRINTABLE, scalar
from cpc_docs.load.compact import standard_clauses
from cpc_docs.model.compact import LANGUAGES, Acronym, Duration, Email, Id, Phone, Sections
from cpc_docs.model.money import precision_problem
from cpc_docs.present.locale import (
    LOCALES,
    FrenchCountry,
    fold_name,
    french_country_code,
    french_country_proposal,
    french_country_table,
)
from cpc_docs.rules.compact import MAX_YEARS

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
    # As it reads after "pour" / "for" / "para": the French with its article ("la Côte
    # d'Ivoire", from which locale.FrenchCountry derives « de la Côte d'Ivoire »), the Spanish
    # with its article when it takes one ("el Perú", from which spanish_of derives "del
    # Perú").
    country: Texts
    # "le Gouvernement de la Côte d'Ivoire" / "the Government of …" / "el Gobierno de …"
    government: Texts
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
    """ "fr,en", "es en", "en": the languages of the compact, in the order given. Any
    language with a template folder (model.LANGUAGES) is one."""
    codes = [code for code in re.split(r"[\s,;/]+", value.strip().lower()) if code]
    if not codes:
        raise ValueError(
            f"give at least one language of {', '.join(LANGUAGES)}, e.g. fr,en or es,en"
        )
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
    from cpc_docs.model.compact import Money
    from cpc_docs.present.locale import format_money

    text = " ".join(value.split())
    shown = format_money(Money(value=amount), "en")
    confirm = f"write '{text} USD' if {shown} is right"
    if amount < 1000:
        return f"{text} is {shown}; did you mean '{text} million'? ({confirm})"
    return f"{text} is {shown}, far below the usual few million ({confirm})"


# ---------------------------------------------------------------------------------------------
# Defaults derived from earlier answers

_EN_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
_ES_ARTICLE = re.compile(r"^(el|la|los|las)\s+(?=\S)", re.IGNORECASE)


def spanish_article(country: str) -> tuple[str, str]:
    """A Spanish country name as its article (lower case, or "") and the name: "el Perú" →
    ("el", "Perú"), "La India" → ("la", "India"), "Colombia" → ("", "Colombia"). A capital
    article that CLDR knows as part of the name is the name: "El Salvador" → ("", "El
    Salvador")."""
    text = " ".join(country.split())
    match = _ES_ARTICLE.match(text)
    if match is None or (match[1][0].isupper() and fold_name(text) in _territories()):
        return "", text
    return match[1].lower(), text[match.end() :]


def default_short(country: str, lang: str) -> str:
    """The country without its article, for the footer: "la Côte d'Ivoire" → "Côte d'Ivoire",
    "el Perú" → "Perú". French has locale.FrenchCountry; a language other than French,
    English and Spanish keeps the name whole."""
    if lang == "fr":
        short = FrenchCountry.parse(country).name
    elif lang == "en":
        short = _EN_ARTICLE.sub("", " ".join(country.split()))
    elif lang == "es":
        short = spanish_article(country)[1]
    else:
        short = " ".join(country.split())
    return short[:1].upper() + short[1:]


def spanish_of(country: str) -> str:
    """ "de" + the country in Spanish: "del Perú" (de + el contracts), "de la India", "de
    Colombia", "de El Salvador" (the capital "El" of the name does not contract)."""
    article, name = spanish_article(country)
    if article == "el":
        return f"del {name}"
    return f"de {article} {name}" if article else f"de {name}"


def default_government(country: str, lang: str) -> str | None:
    """ "le Gouvernement du Ghana" / "the Government of Ghana" / "el Gobierno del Perú": the
    French and Spanish contractions follow from the country's article (locale.FrenchCountry,
    spanish_of), so the country must carry it. None in a language `cpc new` has no words for:
    the government is then asked, not guessed."""
    if lang == "fr":
        return f"le Gouvernement {FrenchCountry.parse(country).of}"
    if lang == "en":
        return f"the Government of {country}"
    if lang == "es":
        return f"el Gobierno {spanish_of(country)}"
    return None


def french_country_answer(country: str) -> tuple[str, str | None]:
    """The French country to write for the answer `country`, and what to tell the user.

    French writes most country names with an article that contracts with "de" and "à" (« du
    Ghana », « aux Philippines »); "Ghana" alone would give "le Gouvernement de Ghana". A
    name the table of French country names knows (cpc_docs/present/countries_fr.yaml) gets the
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
    """Country names in every language of cpc-docs (Babel/CLDR, in the locale each language's
    folder names), folded → ISO 3166 alpha-2 code. English and French first: where two
    languages fold two countries' names alike, theirs wins."""
    from babel import Locale

    names: dict[str, str] = {}
    for lang in LANGUAGES:
        for code, name in Locale.parse(LOCALES[lang]).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(fold_name(name), code)
    return names


def territory(country: str, lang: str) -> str | None:
    """The ISO alpha-2 code of a country named in `lang`, if CLDR knows it."""
    return _territories().get(fold_name(default_short(country, lang)))


def default_country_name(country: str, lang: str, target: str) -> str | None:
    """The country's name in another language, a default to confirm: in French with the
    article it takes ("le Ghana", from the table of French country names), in any other
    language as CLDR names it ("Ghana", "Perú": no article, which Spanish may add)."""
    from babel import Locale

    code = territory(country, lang)
    if code is None:
        return None
    if target == "fr" and code in french_country_table():
        return french_country_table()[code]
    name = Locale.parse(LOCALES[target]).territories.get(code)
    return str(name).replace("’", "'") if name else None


def language_name(lang: str) -> str:
    """The language's name in English, for the questions and messages: "Spanish"."""
    from babel import Locale

    return str(Locale.parse(lang).get_display_name("en") or lang)


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
             "en": "Child Protection Compact",
             "es": "Pacto para la Protección de la Niñez (Child Protection Compact)"}),
    ("TIP", {"fr": "traite des personnes (Trafficking in Persons)",
             "en": "Trafficking in Persons",
             "es": "trata de personas (Trafficking in Persons)"}),
    ("JTIP", {"fr": "Bureau de Surveillance et de Lutte contre la Traite des Personnes du "
                    "Département d'État des États-Unis (sigle administratif J/TIP)",
              "en": "Office to Monitor and Combat Trafficking in Persons of the U.S. Department "
                    "of State (office symbol J/TIP)",
              "es": "Oficina para Monitorear y Combatir la Trata de Personas del Departamento "
                    "de Estado de los Estados Unidos (símbolo administrativo J/TIP)"}),
    ({"fr": "ONG", "en": "NGOs", "es": "ONG"},
     {"fr": "organisations non gouvernementales", "en": "nongovernmental organizations",
      "es": "organizaciones no gubernamentales"}),
)  # fmt: skip
STANDARD_ACRONYMS = ("CPC", "TIP", "JTIP", "ONG", "NGOs")

# The outline of the objectives: objective id and pillar, id prefix of its activities and
# indicators, and the pillar as each language's TODO hints name it ("l'objectif de
# prévention", "the prevention objective", "el objetivo de prevención"; the Spanish pillars
# are those of templates/es/locale.yaml).
PILLAR_OUTLINE: tuple[tuple[str, str, Texts], ...] = (
    ("prevention", "prev",
     {"fr": "de prévention", "en": "prevention", "es": "de prevención"}),
    ("protection", "prot",
     {"fr": "de protection", "en": "protection", "es": "de protección"}),
    ("prosecution", "pros",
     {"fr": "de poursuites judiciaires", "en": "prosecution", "es": "de enjuiciamiento"}),
    ("partnership", "part",
     {"fr": "de partenariat", "en": "partnership", "es": "de alianza"}),
)  # fmt: skip

# The capitalised participles that open recitals, as the note on the preamble lists them.
PREAMBLE_VERBS: tuple[Texts, ...] = (
    {"fr": "RAPPELANT", "en": "RECALLING", "es": "RECORDANDO"},
    {"fr": "CONSIDÉRANT", "en": "CONSIDERING", "es": "CONSIDERANDO"},
    {"fr": "PRÉOCCUPÉES", "en": "CONCERNED", "es": "PREOCUPADOS"},
    {"fr": "CONSCIENTES", "en": "MINDFUL", "es": "CONSCIENTES"},
    {"fr": "RECONNAISSANT", "en": "RECOGNIZING", "es": "RECONOCIENDO"},
)

# How a TODO starts in each language: French typography puts a space before the colon.
TODO_MARK = {"fr": "TODO : "}


def todo_mark(lang: str) -> str:
    return TODO_MARK.get(lang, "TODO: ")


def to_translate(english: str, lang: str) -> str:
    """The text for a language that `cpc new` has no words for (a language folder added
    since): the English, marked TODO, to translate. The file never holds English under
    another language's code unmarked: `cpc validate` lists each such text as still to write,
    and the compact does not render until it is written."""
    text = english.removeprefix(todo_mark("en"))
    return f"TODO: translate into {language_name(lang)}: {text}"


def build_draft(answers: Answers, inline_clauses: bool = False) -> Draft:
    """The new compact as data with its comments: what `compact_yaml` writes."""
    return _Builder(answers, inline_clauses).build()


class _Builder:
    """Builds one draft; each part of the compact has its method, in the file's order.

    Every text of the skeleton is written here in French, English and Spanish (`bi`), and
    kept in the compact's languages; the Spanish uses the words of templates/es and of the
    Spanish standard clauses ("la presente Asociación CPC", "Participantes", "niñas, niños y
    adolescentes")."""

    def __init__(self, answers: Answers, inline_clauses: bool) -> None:
        self.answers = answers
        self.langs = answers.languages
        self.inline = inline_clauses
        self.draft = Draft({})
        self.note = self.draft.note
        self.note_after = self.draft.note_after

    def bi(self, **texts: str) -> dict[str, str]:
        """A text in the compact's languages (the others are dropped); English stands, marked
        TODO, for a language with no text here (to_translate)."""
        return {lang: texts[lang] if lang in texts else to_translate(texts["en"], lang)
                for lang in self.langs}  # fmt: skip

    def todo(self, **texts: str) -> dict[str, str]:
        """A text still to write: the rule `todo` reports it until it is replaced."""
        return self.bi(**{lang: todo_mark(lang) + text for lang, text in texts.items()})

    def example(self, **texts: str) -> str:
        """A YAML example for a comment, in the compact's languages: {es: …, en: …}."""
        return _flow({lang: texts.get(lang, "…") for lang in self.langs})

    def build(self) -> Draft:
        data = self.draft.data
        data["id"] = self.answers.compact_id
        data["languages"] = list(self.langs)
        data["title"] = self.bi(
            fr="Partenariat relatif au Pacte pour la Protection de l'Enfance (CPC)",
            en="Child Protection Compact (CPC) Partnership",
            es="Asociación del Pacto para la Protección de la Niñez (CPC)",
        )
        data["party_term"] = self.bi(fr="Participants", en="Participants", es="Participantes")
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
        after = {"fr": "« pour »", "en": "“for”", "es": "«para»"}
        articles = {
            "fr": "in French with its article (le Ghana, la Côte d'Ivoire, les Philippines, "
            "l'Ouganda, Madagascar), from which « du Ghana », « au Ghana » follow",
            "es": "in Spanish with its article when it takes one (el Perú, la India, "
            "Colombia), from which «del Perú» follows",
        }
        how = "; ".join(articles[lang] for lang in self.langs if lang in articles)
        self.note(
            ("parties",),
            "The partner first, then the United States. `name` is the government with its "
            "article, `country` the country as it reads after "
            + " / ".join(after.get(lang, "“for”") for lang in self.langs)
            + (f": {how}" if how else "")
            + "; `short` the name in the footer's initials box.",
        )
        example = self.example()
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
            es="La Embajada de los Estados Unidos de América en …",
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
                es="el Gobierno de los Estados Unidos de América",
            ),
            "country": bi(
                fr="les États-Unis d'Amérique",
                en="the United States of America",
                es="los Estados Unidos de América",
            ),
            "short": bi(fr="États-Unis", en="United States", es="Estados Unidos"),
            "focal_points": [
                {
                    "name": bi(
                        fr="Le Bureau de Surveillance et de Lutte contre la Traite des "
                        "Personnes du Département d'État des États-Unis d'Amérique / JTIP",
                        en="The Office to Monitor and Combat Trafficking in Persons of the "
                        "United States Department of State / JTIP",
                        es="La Oficina para Monitorear y Combatir la Trata de Personas del "
                        "Departamento de Estado de los Estados Unidos de América / JTIP",
                    ),
                    "emails": [answers.us_email],
                }
            ],
        }
        return [partner, us]

    def bodies(self) -> list[dict[str, Any]]:
        forms = self.bi(fr="ONG", en="NGOs", es="ONG")
        differ = len(set(forms.values())) > 1
        self.note(
            ("bodies",),
            "Every acronym the text uses, defined once (`cpc validate` warns of the others). "
            "Where the languages use different acronyms, give one per language"
            + (f", e.g. acronym: {_flow(forms)}." if differ else "."),
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
        verbs = ", ".join(
            " / ".join(dict.fromkeys(verb.get(lang, verb["en"]) for lang in self.langs))
            for verb in PREAMBLE_VERBS
        )
        self.note(
            ("preamble",),
            f"TODO: the recitals. Each has a participle in capitals ({verbs}…) and a text "
            "ending with a comma; the last one ends with a semicolon.",
        )
        if self.answers.duration.unit == "years":
            cooperate = bi(
                fr="coopérer dans le cadre du présent Pacte pour la Protection de l'Enfance "
                "(CPC) pendant les {duration:number} prochaines années, dans le but "
                "d'intensifier les efforts de lutte contre la traite des enfants ;",
                en="to cooperate under this Child Protection Compact (CPC) over the next "
                "{duration:number} years, with the aim of intensifying efforts to combat child "
                "trafficking;",
                es="cooperar en el marco del presente Pacto para la Protección de la Niñez "
                "(CPC) durante los próximos {duration:number} años, con el fin de intensificar "
                "los esfuerzos de lucha contra la trata de niñas, niños y adolescentes;",
            )
        else:  # "les dix-huit (18) prochaines années" would be wrong: say the period
            cooperate = bi(
                fr="coopérer dans le cadre du présent Pacte pour la Protection de l'Enfance "
                "(CPC) pendant une durée de {duration}, dans le but d'intensifier les efforts "
                "de lutte contre la traite des enfants ;",
                en="to cooperate under this Child Protection Compact (CPC) for a period of "
                "{duration}, with the aim of intensifying efforts to combat child trafficking;",
                es="cooperar en el marco del presente Pacto para la Protección de la Niñez "
                "(CPC) durante un período de {duration}, con el fin de intensificar los "
                "esfuerzos de lucha contra la trata de niñas, niños y adolescentes;",
            )
        return [
            {
                "verb": bi(fr="RAPPELANT", en="RECALLING", es="RECORDANDO"),
                "text": bi(
                    fr="les relations de longue date entre les Participants,",
                    en="the longstanding relationship between the Participants,",
                    es="la relación de larga data entre los Participantes,",
                ),
            },
            {
                "verb": bi(fr="CONSIDÉRANT", en="CONSIDERING", es="CONSIDERANDO"),
                "text": self.todo(
                    fr="les considérants propres à ce partenariat (engagements communs, rôles "
                    "des institutions, contribution de la société civile), une clause par "
                    "participe,",
                    en="the recitals of this partnership (shared commitments, the roles of the "
                    "institutions, the contribution of civil society), one clause per "
                    "participle,",
                    es="los considerandos propios de esta asociación (compromisos comunes, "
                    "funciones de las instituciones, contribución de la sociedad civil), una "
                    "cláusula por verbo,",
                ),
            },
            {"verb": bi(fr="SOUHAITANT", en="DESIRING", es="DESEANDO"), "text": cooperate},
        ]

    def sections(self) -> dict[str, Any]:
        bi = self.bi
        self.note(
            ("sections",),
            "Standard sections are written `standard`: they take the text of the library of "
            "standard clauses (cpc_docs/clauses.yaml) in the compact's languages, so every "
            "compact says the same where nothing was negotiated. To negotiate one, replace "
            "`standard` by the section's text: copy it from cpc_docs/clauses.yaml, or start "
            "the file with `cpc new --inline-clauses`, which writes every standard section out.",
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
            es="… el Informe TIP {tip_year}, en el que … el {tier}.",
        )
        title = bi(
            fr="Description du partenariat",
            en="Description of the Partnership",
            es="Descripción de la Asociación",
        )
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
                "title": bi(fr="Objet", en="Purpose", es="Objeto"),
                "paragraphs": [
                    self.todo(
                        fr="l'objet du Partenariat CPC : ce qu'il vise à renforcer, l'approche "
                        "retenue (axée sur les victimes, coordonnée, durable, "
                        "multisectorielle) et les acteurs concernés.",
                        en="the purpose of the CPC Partnership: what it seeks to strengthen, "
                        "its approach (victim-centered, coordinated, sustainable, "
                        "multisectoral), and the actors involved.",
                        es="el objeto de la Asociación CPC: lo que busca fortalecer, el enfoque "
                        "adoptado (centrado en las víctimas, coordinado, sostenible, "
                        "multisectorial) y los actores involucrados.",
                    )
                ],
            },
            "goal": {
                "title": bi(fr="But et objectifs", en="Goal and Objectives", es="Meta y objetivos"),
                "paragraphs": [
                    bi(
                        fr="Les Participants s'efforcent d'œuvrer à l'atteinte du but et des "
                        "objectifs du présent Partenariat CPC sur toute la durée de sa "
                        "validité :",
                        en="The Participants endeavor to work toward achieving the goal and "
                        "objectives of this CPC Partnership throughout its period of "
                        "validity:",
                        es="Los Participantes procuran trabajar para alcanzar la meta y los "
                        "objetivos de la presente Asociación CPC durante todo su período de "
                        "validez:",
                    )
                ],
                "goal": self.todo(
                    fr="le but du partenariat, en une phrase (par exemple : « Le pays lutte "
                    "contre la traite des enfants de façon coordonnée et précoce. »).",
                    en="the goal of the partnership, in one sentence (for example: “The "
                    "country combats child trafficking in a coordinated manner and at an "
                    "early stage.”).",
                    es="la meta de la asociación, en una frase (por ejemplo: «El país combate "
                    "la trata de niñas, niños y adolescentes de manera coordinada y "
                    "temprana.»).",
                ),
            },
            "commitments": self.commitments(),
        }
        library = standard_clauses()
        for key in STANDARD_SECTIONS:
            if key not in library:
                raise KeyError(f"cpc_docs/clauses.yaml has no section {key!r}")
            missing = [lang for lang in self.langs if not _has_language(library[key], lang)]
            if self.inline or missing:
                sections[key] = _only_languages(library[key], self.langs)
                if missing:  # the library has no text to refer to: written out, to translate
                    names = " and ".join(language_name(lang) for lang in missing)
                    self.note(
                        ("sections", key),
                        f"The library of standard clauses has no {names} text for this "
                        "section: its English is written out here, marked TODO, to translate.",
                    )
                else:
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
        # "du Ghana" / "of Ghana" / "del Perú": computed for the languages the compact has
        # (bi() drops the others).
        country = answers.country
        of_country = {
            "fr": FrenchCountry.parse(country["fr"]).of if "fr" in country else "",
            "en": f"of {country['en']}" if "en" in country else "",
            "es": spanish_of(country["es"]) if "es" in country else "",
        }
        government = {lang: _capfirst(text) for lang, text in answers.government.items()}
        self.note(
            ("sections", "commitments"),
            "22 U.S.C. § 7103a(d)(2)(B), (C), (E): each government's responsibilities and "
            "contribution. The US amount is a ceiling ('up to'), subject to the availability "
            "of funds; {amount} prints it in each language.",
        )
        through = {"fr": "« par le biais du CNS »", "en": "“through the CNS”",
                   "es": "«por conducto del CNS»"}  # fmt: skip
        self.note(
            ("sections", "commitments", "items", 1, "paragraphs"),
            "Name the institutions through which the partner acts (e.g. "
            + " / ".join(through[lang] for lang in self.langs if lang in through)
            + "), each defined under `bodies`.",
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
                    f"collaborer avec les différents Ministères concernés {of_country['fr']}, "
                    "pour appuyer la mise en œuvre des activités qui contribueront à l'atteinte "
                    "du but et des objectifs inclus dans la section {ref:goal} et dans le plan "
                    "de mise en œuvre ci-joint (annexe {ref:annex}).",
                    en="The Government of the United States of America, through the TIP "
                    "Office, and subject to the availability of the necessary funds, intends to "
                    "provide up to {amount} in U.S. foreign assistance to national and/or "
                    "international nongovernmental organizations (NGOs) that are expected to "
                    f"collaborate with the various relevant Ministries {of_country['en']}, to "
                    "support the implementation of activities that will contribute to "
                    "achieving the goal and objectives included in Section {ref:goal} and in "
                    "the attached implementation plan (Annex {ref:annex}).",
                    es="El Gobierno de los Estados Unidos de América, por conducto de la "
                    "Oficina TIP, y con sujeción a la disponibilidad de los fondos necesarios, "
                    "tiene la intención de aportar hasta {amount} en asistencia exterior "
                    "estadounidense a organizaciones no gubernamentales (ONG) nacionales y/o "
                    "internacionales, de las que se espera que colaboren con los distintos "
                    f"ministerios competentes {of_country['es']}, para apoyar la "
                    "implementación de actividades que contribuirán al logro de la meta y los "
                    "objetivos incluidos en la sección {ref:goal} y en el plan de "
                    "implementación adjunto (anexo {ref:annex}).",
                ),
                bi(
                    fr="Le Bureau TIP prévoit de choisir le(s) partenaire(s) d'exécution de la "
                    "société civile par le biais d'un processus d'appel d'offres concurrentiel "
                    "après la signature du présent Partenariat CPC, et de faciliter la "
                    "communication et la coordination entre le(s) partenaire(s) d'exécution de "
                    f"la société civile et les Ministères concernés {of_country['fr']}.",
                    en="The TIP Office plans to select the civil society implementing "
                    "partner(s) through a competitive solicitation process after the signature "
                    "of this CPC Partnership, and to facilitate communication and coordination "
                    "between the civil society implementing partner(s) and the relevant "
                    f"Ministries {of_country['en']}.",
                    es="La Oficina TIP prevé seleccionar el o los socios implementadores de la "
                    "sociedad civil mediante un proceso de convocatoria competitiva tras la "
                    "firma de la presente Asociación CPC, y facilitar la comunicación y la "
                    "coordinación entre el o los socios implementadores de la sociedad civil y "
                    f"los ministerios competentes {of_country['es']}.",
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
                    es=f"{government.get('es')}, por conducto de sus instituciones "
                    "competentes, tiene la intención de aportar su experiencia a la "
                    "implementación del plan conjunto de implementación de la presente "
                    "Asociación CPC; coordinar, dar seguimiento y evaluar las acciones "
                    "mediante visitas de campo, reuniones periódicas e informes de ejecución "
                    "de las actividades; poner a su personal a disposición para participar en "
                    "las actividades de la Asociación CPC; fomentar la colaboración y facilitar "
                    "el acceso entre los organismos públicos con fines de coordinación y de "
                    "reuniones; intercambiar información con la Oficina TIP; colaborar con la "
                    "sociedad civil, en particular con el o los socios implementadores de la "
                    "sociedad civil, para apoyar la meta y los objetivos descritos en la "
                    "sección {ref:goal} de la presente Asociación CPC; y sostener las mejoras "
                    "sistémicas logradas mediante estos esfuerzos conjuntos después de que "
                    "finalice la presente Asociación CPC.",
                )
            ],
        }
        return {
            "title": bi(fr="Engagements", en="Commitments", es="Compromisos"),
            "items": [us, in_kind],
        }

    # --- Objectives (the outline), annex, term, signature, statute ---------------------------

    def objectives(self) -> list[dict[str, Any]]:
        self.note(
            ("objectives",),
            "TODO: the objectives (Section II), each with its illustrative activities and "
            "indicators (Annex A). The outline follows the 3P paradigm (prevention, "
            "protection, prosecution) plus partnership; objectives grouped by crime type omit "
            f"`pillar` or give a label of their own: pillar: {self.example()}. An objective "
            "may have an `annex_text` when Annex A words it differently. Ids are stable names "
            "that reports and `statute` refer to. An indicator's unit is count, percentage or "
            "yes_no.",
        )
        objectives = []
        for pillar, prefix, words in PILLAR_OUTLINE:
            fr, en, es = words["fr"], words["en"], words["es"]
            activity = self.todo(
                fr=f"une activité illustrative {fr} (annexe A).",
                en=f"an illustrative {en} activity (Annex A).",
                es=f"una actividad ilustrativa {es} (anexo A).",
            )
            indicator = self.todo(
                fr=f"un indicateur {fr} (annexe A).",
                en=f"a {en} indicator (Annex A).",
                es=f"un indicador {es} (anexo A).",
            )
            objectives.append(
                {
                    "id": pillar,
                    "pillar": pillar,
                    "text": self.todo(
                        fr=f"l'objectif {fr}.", en=f"the {en} objective.", es=f"el objetivo {es}."
                    ),
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
                es="Marco de acción conjunto de la Asociación CPC",
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
                    es="Los Participantes tienen la intención de apoyar los objetivos y la "
                    "implementación de las actividades del marco de acción conjunto de la "
                    "presente Asociación CPC durante todo su período de validez, en los "
                    "ámbitos siguientes:",
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
        honorific = self.example(fr="Madame", en="Mrs.", es="Señora")
        self.note(
            ("signature", "signatories"),
            f"TODO: the signatories, in the order they sign. Each may have an honorific "
            f"({honorific}) and sign on behalf of a body (on_behalf: {self.example()}); one "
            "title per line.",
        )

        def signatory(party: str, who: dict[str, str]) -> dict[str, Any]:
            return {
                "party": party,
                "name": f"TODO: name of the signatory for {who['en']}",
                "titles": [
                    self.todo(
                        fr=f"titre du signataire pour {who['fr']}.",
                        en=f"title of the signatory for {who['en']}.",
                        es=f"cargo del signatario por {who['es']}.",
                    )
                ],
            }

        # "pour le Ghana" / "for Ghana" / "por el Perú"; the id stands in for a language the
        # compact lacks (and is never written: bi() keeps the compact's languages).
        partner = {lang: answers.country.get(lang, answers.partner_id) for lang in LANGUAGES}
        us = {"fr": "les États-Unis", "en": "the United States", "es": "los Estados Unidos"}
        return {
            "place": dict(answers.place),
            "date": answers.date,
            "originals": 2,
            "signatories": [signatory(US_ID, us), signatory(answers.partner_id, partner)],
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


def _has_language(value: Any, lang: str) -> bool:
    """Whether every text of the library's data has `lang`: a section the library cannot
    give in one of the compact's languages is written out rather than referred to."""
    if _is_bitext(value):
        return lang in value
    if isinstance(value, dict):
        return all(_has_language(item, lang) for item in value.values())
    if isinstance(value, list):
        return all(_has_language(item, lang) for item in value)
    return True


def _only_languages(value: Any, langs: tuple[str, ...]) -> Any:
    """The library's data with the texts of the compact's languages only (its English marked
    TODO, to translate, for a language the library lacks)."""
    if _is_bitext(value):
        return {lang: value[lang] if lang in value else to_translate(value["en"], lang)
                for lang in langs}  # fmt: skip
    if isinstance(value, dict):
        return {key: _only_languages(item, langs) for key, item in value.items()}
    if isinstance(value, list):
        return [_only_languages(item, langs) for item in value]
    return value


def header(answers: Answers) -> list[Comment]:
    gov = answers.government.get("en") or answers.government[answers.languages[0]]
    comments = [
        Comment(
            f"Child Protection Compact (CPC) Partnership between {gov} and the Government "
            "of the United States of America: a draft started with `cpc new`."
        ),
        Comment(
            "What is left to write holds a text starting with TODO: `cpc validate` lists each "
            'place with its line, as "still to write", and the compact renders once none is '
            "left (write TODO yourself anywhere to mark a text to come back to). The reference "
            "compact, compacts/civ-2022.yaml, shows every part written out"
            + (", and compacts/per-2017.yaml a Spanish/English one" if "es" in answers.languages
               else "")
            + "; the YAML reference (docs/yaml-reference.md, or `cpc schema --format "
            "markdown`) lists every field, the standard sections and the placeholders prose "
            "may use ({duration}, {amount}, {ref:ID}…)."
        ),
    ]  # fmt: skip
    if "fr" in answers.languages:
        comments.append(
            Comment(
                "French is typed with ordinary spaces before ; : ! ? and inside « », and with "
                "straight apostrophes: the renderer applies French typography."
            )
        )
    return comments


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
