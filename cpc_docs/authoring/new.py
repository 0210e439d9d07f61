"""`cpc new`'s answers: the parsers that check each one, and the defaults that follow from
earlier ones (a country's government, its id, its name in the other languages, from Babel's
CLDR data and the table of French country names).

`cpc new` asks for the facts a drafter knows on day one (the partner, the languages, the
signature place and date, the duration, the US amount, the partner's bodies and focal point);
authoring/compact_draft.py makes the new compact from them. No click here: the command
(cli/new.py) asks the questions and maps the ValueErrors that the parsers below raise to
messages; this module knows nothing of terminals.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from cpc_docs.model.compact import LANGUAGES, Acronym, Duration, Email, Id, Phone
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

US_ID = "us"
US_EMAIL = "JTIPGrants@state.gov"
DEFAULT_DURATION = "5 years"
DEFAULT_AMOUNT = "5 million"  # the TIP Office plans up to about US$5 million per partnership
# The acronyms every new compact defines (compact_draft.STANDARD_BODIES): a body answered
# with one of them would define it twice.
STANDARD_ACRONYMS = ("CPC", "TIP", "JTIP", "ONG", "NGOs")

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
