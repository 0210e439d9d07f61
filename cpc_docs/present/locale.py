"""Language-neutral facts written the way each language writes them.

Dates, amounts, durations and numbers are stored once in the model; this module is the only
place that knows "7 décembre 2022" from "December 7, 2022", "cinq (05) ans" from "five (5)
years", or "10 millions de dollars des États-Unis" from "US$10 million". Babel does dates and
number formats and currency names, num2words the numbers in words; what they lack for legal
French (1er, the zero-padded digits of "cinq (05)", « d'euros », « du Ghana ») is added here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.dates import format_date as babel_format_date
from babel.numbers import (
    format_decimal,
    get_currency_name,
    get_currency_precision,
    get_currency_symbol,
)
from num2words import num2words

from cpc_docs.document import NBSP, NNBSP
from cpc_docs.model.money import decimal_places, exact_amount
from cpc_docs.shipped import ByLanguage, language_data, read_data

if TYPE_CHECKING:
    from cpc_docs.model.compact import Duration, Money


def rules(lang: str) -> dict[str, Any]:
    """The locale rules of `lang`: its folder's `locale.yaml` (adding a language is adding a
    folder)."""
    return language_data(lang, "locale.yaml")


LOCALES = ByLanguage("locale.yaml", "babel")  # Babel's locale of each language
BCP47 = ByLanguage("locale.yaml", "bcp47")
UNIT_WORDS = ByLanguage("locale.yaml", "units")
LANGUAGE_ADJECTIVES = ByLanguage("locale.yaml", "languages")
PILLARS = ByLanguage("locale.yaml", "pillars")
TIERS = ByLanguage("locale.yaml", "tiers")


def format_date(date: dt.date, lang: str, style: str = "long") -> str:
    """`long`: "1er décembre 2022" / "December 1, 2022"; `legal`: "07 décembre 2022"."""
    dates = rules(lang)["dates"]
    text = babel_format_date(date, dates[style], locale=LOCALES[lang])
    first = dates.get("first_day")
    if first and date.day == 1 and style != "legal":
        # Babel prints "1 décembre"; French writes the first of the month 1er.
        text = first + text[1:] if text.startswith("1") else text
    return text


def number_words(value: int, lang: str, counting: bool = False) -> str:
    """`value` in words; `counting`: the form it takes right before the noun it counts,
    where the language shortens it (locale.yaml `before_noun`: Spanish "uno" → "un año",
    "veintiuno" → "veintiún días")."""
    words = str(num2words(value, lang=rules(lang)["number_words"]))
    if counting:
        head, _, last = words.rpartition(" ")
        shorter = (rules(lang).get("before_noun") or {}).get(last)
        if shorter:
            words = f"{head} {shorter}" if head else shorter
    return words


def legal_number(value: int, lang: str, counting: bool = False) -> str:
    """A number in words with its digits, as legal texts write it: "cinq (05)", "five (5)"."""
    digits = f"{value:0{rules(lang)['digits_width']}d}"
    return f"{number_words(value, lang, counting)} ({digits})"


DURATION_STYLES = ("legal", "digits", "words", "number", "adjective")


def format_duration(duration: Duration, lang: str, style: str = "legal") -> str:
    """`legal`: "cinq (05) ans"; `digits`: "30 jours"; `words`: "cinq ans" / "five years" /
    "cinco años"; `number`: "cinq (05)" alone; `adjective`: "quinquennal" / "five-year"."""
    if style == "adjective":
        return duration_adjective(duration, lang)
    if style not in DURATION_STYLES:
        raise ValueError(f"unknown duration style {style!r} ({', '.join(DURATION_STYLES)})")
    singular, plural = UNIT_WORDS[lang][duration.unit]
    unit = singular if duration.value == 1 else plural
    if style == "digits":
        return f"{duration.value}{NBSP}{unit}"
    if style == "words":
        return f"{number_words(duration.value, lang, counting=True)} {unit}"
    if style == "number":  # the unit is written after it, by hand
        return legal_number(duration.value, lang, counting=True)
    return f"{legal_number(duration.value, lang, counting=True)} {unit}"


def duration_adjective(duration: Duration, lang: str) -> str:
    """ "quinquennal" / "five-year" ("plan quinquennal" / "five-year plan": the duration as an
    adjective, so that the prose follows when the duration changes); where the language has
    no word for it, its `duration_adjective` pattern: "de dix-huit (18) mois"."""
    language = rules(lang)
    adjectives = language.get("year_adjectives") or {}
    if duration.unit == "years" and duration.value in adjectives:
        return str(adjectives[duration.value])
    singular = UNIT_WORDS[lang][duration.unit][0]
    return str(language["duration_adjective"]).format(
        words=number_words(duration.value, lang),
        unit=singular,
        duration=format_duration(duration, lang),
    )


def format_count(value: int, lang: str) -> str:
    """A plain count in words with digits: "deux (02)" / "two (2)"."""
    return legal_number(value, lang)


def _decimal(value: float, lang: str) -> str:
    text = format_decimal(value, locale=LOCALES[lang], decimal_quantization=False)
    return text.replace(NNBSP, NBSP)  # a group separator that breaks in no writer


# --- Amounts ---------------------------------------------------------------------------------


# French elides "de" before a vowel ("d'euros", "d'Haïti"), not before a consonant, nor
# before "y" sounding as one ("de yens", "de yuans"). "h" is mute before a vowel in the
# French names CLDR gives without an article ("Haïti": « d'Haïti »); the names with an
# aspirated h take an article ("le Honduras", "la Hongrie"), so « de » never comes right
# before them, and the currency names in h are foreign clusters ("hryvnias": « de hryvnias »).
_ELIDING_VOWELS = frozenset("aeiouœæ")


def elides(word: str) -> bool:
    """Whether French elides "de"/"le"/"la" before `word`: « d'euros », « de dollars »."""
    letters = [
        char
        for char in unicodedata.normalize("NFD", word[:3].lower())
        if not unicodedata.combining(char)
    ]
    if not letters:
        return False
    if letters[0] in _ELIDING_VOWELS:
        return True
    return letters[0] == "h" and len(letters) > 1 and letters[1] in _ELIDING_VOWELS


def french_de(word: str) -> str:
    """ "de" before `word`, elided where French elides it: « de dollars », « d'euros »."""
    return f"d'{word}" if elides(word) else f"de {word}"


def _of(word: str, lang: str) -> str:
    """The language's "of" between a number and its noun: « de dollars », « d'euros »."""
    money = rules(lang)["money"]
    if money.get("elide"):
        return french_de(word) if money.get("of") == "de" else word
    return f"{money['of']} {word}" if money.get("of") else word


def _currency_name(currency: str, count: float, lang: str) -> str:
    """The currency's name as running text writes it: "dollars des États-Unis", "euros".

    Babel's name, unless the language's rules give the one instruments use (Babel's "US
    dollars" is a label; English instruments write "United States dollars", as the French
    text writes Babel's "dollars des États-Unis")."""
    own = (rules(lang)["money"].get("currency_names") or {}).get(currency)
    if own:
        return str(own[0] if count == 1 else own[1])
    return str(get_currency_name(currency, count=count, locale=LOCALES[lang]))


def _digits(value: float, currency: str, lang: str) -> str:
    """An amount in full digits: "4 000 000" / "4,000,000"; cents, when there are any, with
    as many decimals as the currency has ("4 000 000,50", never "4 000 000,5")."""
    if decimal_places(value) == 0:
        return _decimal(value, lang)
    places = get_currency_precision(currency)
    pattern = "#,##0." + "0" * places
    text = format_decimal(exact_amount(value), format=pattern, locale=LOCALES[lang])
    return text.replace(NNBSP, NBSP)


_EN_AND = re.compile(r",| and(?= )")


def amount_words(value: int, lang: str) -> str:
    """A whole amount in words, from num2words: "quatre millions", "four million".

    num2words writes English the British way ("two million, five hundred thousand", "one
    hundred and one"); a United States instrument writes it without the comma and the "and".
    """
    words = number_words(value, lang)
    return _EN_AND.sub("", words) if rules(lang)["number_words"] == "en" else words


STYLES = ("short", "legal")


def format_money(money: Money, lang: str) -> str:
    """Amounts as compacts write them, in the amount's style.

    `short` (the default, the reference compact's): "10 millions de dollars des États-Unis",
    "US$10 million"; whole millions (and billions) are written in words, other amounts in
    full digits. `legal`: in words, then in digits, as treaties state sums: "dix millions
    (10 000 000) de dollars des États-Unis", "ten million (10,000,000) United States dollars".
    A language writes the currency by its name (`money.style: name`) or by its sign before
    the number (`symbol`).
    """
    if money.style == "legal":
        return _legal_money(money, lang)
    value = money.value
    table = rules(lang)["money"]
    by_name = table["style"] == "name"
    for scale, key in ((1_000_000_000, "billion"), (1_000_000, "million")):
        if value >= scale and (value / scale * 100) == int(value / scale * 100):
            number = _decimal(value / scale, lang)
            singular, plural = table["scales"][key]
            if by_name:
                word = singular if value / scale < 2 else plural
                currency = _currency_name(money.currency, 2, lang)
                return f"{number}{NBSP}{word} {_of(currency, lang)}"
            return f"{_symbol(money.currency, lang)}{number} {singular}"
    number = _digits(value, money.currency, lang)
    if by_name:
        currency = _currency_name(money.currency, value, lang)
        return f"{number}{NBSP}{currency}"
    return f"{_symbol(money.currency, lang)}{number}"


def _legal_money(money: Money, lang: str) -> str:
    """ "quatre millions (4 000 000) de dollars des États-Unis" / "four million (4,000,000)
    United States dollars". Whole amounts only: the model refuses cents in this style."""
    value = int(money.value)
    if value != money.value:
        raise ValueError(f"the legal style writes whole amounts in words, not {money.value}")
    words = amount_words(value, lang)
    digits = _digits(value, money.currency, lang)
    if words.split()[-1] in rules(lang)["money"].get("scale_nouns", ()):
        currency = _currency_name(money.currency, 2, lang)
        return f"{words} ({digits}) {_of(currency, lang)}"
    return f"{words} ({digits}) {_currency_name(money.currency, value, lang)}"


def _symbol(currency: str, lang: str) -> str:
    """The sign before the number in a language that writes amounts by sign."""
    if currency == "USD":
        return "US$"
    # A one-character sign goes before the number ("€5 million"); anything longer (Babel
    # gives "F CFA" for XOF) would run into it, so the ISO code is written instead.
    symbol = get_currency_symbol(currency, locale=LOCALES[lang])
    return symbol if len(symbol) == 1 else f"{currency}{NBSP}"


# --- French country names --------------------------------------------------------------------

COUNTRIES_FR = Path(__file__).with_name("countries_fr.yaml")
_FR_COUNTRY_ARTICLE = re.compile(r"^(?:(les|le|la)\s+|(l['’])\s*)(?=\S)", re.IGNORECASE)


@dataclass(frozen=True)
class FrenchCountry:
    """A French country name as a compact stores it, "le Ghana", and the forms French builds
    from it. French contracts the article with the preposition (de + le → du, à + les → aux),
    so the forms cannot be made by putting "de" before the name: they follow from the
    article, which the name must therefore carry ("Madagascar" carries none, rightly)."""

    article: str  # "le", "la", "les", "l'", or "" for a name without article
    name: str  # the name without its article: "Ghana", "Côte d'Ivoire"
    written: str  # the whole text as given: "le Ghana", "l’Ouganda"

    @classmethod
    def parse(cls, text: str) -> FrenchCountry:
        text = " ".join(text.split())
        match = _FR_COUNTRY_ARTICLE.match(text)
        if match is None:
            return cls("", text, text)
        article = (match[1] or "l'").lower()
        return cls(article, text[match.end() :], text)

    @classmethod
    def of_name(cls, article: str, name: str) -> FrenchCountry:
        """The name with this article: ("le", "Ghana") → "le Ghana", ("l'", …) → "l'Ouganda"."""
        written = f"{article}{name}" if article == "l'" else f"{article} {name}".strip()
        return cls(article, name, written)

    def __str__(self) -> str:
        return self.written

    @property
    def of(self) -> str:
        """ "de" + the country: « du Ghana », « de la Côte d'Ivoire », « des Philippines »,
        « de l'Ouganda », « de Madagascar », « d'Haïti »."""
        if self.article == "le":
            return f"du {self.name}"
        if self.article == "les":
            return f"des {self.name}"
        if self.article:
            return f"de {self.written[0].lower()}{self.written[1:]}"
        return french_de(self.name)

    @property
    def to(self) -> str:
        """ "à" + the country: « au Ghana », « aux Philippines », « à la Côte d'Ivoire »,
        « à l'Ouganda », « à Madagascar »."""
        if self.article == "le":
            return f"au {self.name}"
        if self.article == "les":
            return f"aux {self.name}"
        if self.article:
            return f"à {self.written[0].lower()}{self.written[1:]}"
        return f"à {self.name}"


def fold_name(name: str) -> str:
    """A name reduced to ASCII words, for matching: "Côte d’Ivoire" → "cote d ivoire"."""
    ascii_name = unicodedata.normalize("NFKD", name.replace("’", "'"))
    ascii_name = ascii_name.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]+", " ", ascii_name.lower()).strip()


@cache
def french_country_table() -> dict[str, str]:
    """ISO 3166 alpha-2 code → the French name with its article (cpc_docs/present/countries_fr.yaml,
    whose header gives the sources)."""
    data = read_data(COUNTRIES_FR)
    return {str(code): str(name) for code, name in data["countries"].items()}


@cache
def _french_codes() -> dict[str, str]:
    """Folded French names without article (the table's and CLDR's) → ISO code."""
    from babel import Locale

    codes = {fold_name(FrenchCountry.parse(name).name): code
             for code, name in french_country_table().items()}  # fmt: skip
    for code, name in Locale.parse("fr").territories.items():
        if code in french_country_table():
            codes.setdefault(fold_name(name), code)
    return codes


def french_country_code(name: str) -> str | None:
    """The ISO code of the country a French name names, with or without its article, when
    the table knows it: "le Ghana", "Ghana" → "GH"."""
    return _french_codes().get(fold_name(FrenchCountry.parse(name).name))


def french_country_proposal(name: str) -> str | None:
    """`name` with the article French gives it, when that differs from the one it has:
    "Ghana" → "le Ghana", "la Madagascar" → "Madagascar"; None when the article is right or
    the table does not know the country. The name keeps its spelling; only the article
    changes."""
    code = french_country_code(name)
    if code is None:
        return None
    given = FrenchCountry.parse(name)
    article = FrenchCountry.parse(french_country_table()[code]).article
    if given.article == article:
        return None
    return str(FrenchCountry.of_name(article, given.name))


def ordinal_parts(value: int, lang: str) -> tuple[str, str]:
    """An ordinal as number and suffix, so writers can raise the suffix: ("1", "er")."""
    table = rules(lang)["ordinals"]
    if value % 100 in (11, 12, 13) and "teens" in table:
        return str(value), str(table["teens"])
    suffix = table.get(str(value)) or table.get(str(value % 10) if "teens" in table else "")
    return str(value), str(suffix or table["default"])


def language_list(langs: list[str], lang: str) -> str:
    """ "française et anglaise" / "French and English" / "español e inglés"."""
    language = rules(lang)
    names = [_language_name(code, lang) for code in langs]
    if len(names) == 1:
        return names[0]
    conjunction = str(language["and"])
    before_i = language.get("and_before_i")
    if before_i and re.match(r"(?i)h?i(?![aeoáéó])", names[-1]):
        conjunction = str(before_i)  # Spanish "y" is "e" before an i sound: "español e inglés"
    return ", ".join(names[:-1]) + conjunction + names[-1]


def _language_name(code: str, lang: str) -> str:
    """A language's name in `lang`: the rules' own (French and Spanish write adjectives,
    « langues française et anglaise »), else Babel's (a language folder added later)."""
    own = rules(lang)["languages"].get(code)
    if own:
        return str(own)
    from babel import Locale

    name = Locale.parse(LOCALES[lang]).languages.get(code)
    if not name:
        raise ValueError(f"no name for the language {code!r} in {lang!r}: add it to locale.yaml")
    return str(name)


def quotes(lang: str) -> tuple[str, str]:
    """The language's quotation marks around a defined term: « … », “…”."""
    opening, closing = rules(lang)["quotes"]
    return str(opening), str(closing)


def pillar_label(key: str, lang: str) -> str:
    return str(PILLARS[lang][key])


def tier_label(tier: str, lang: str) -> str:
    return str(TIERS[lang][tier])


@cache
def bcp47(lang: str) -> str:
    return str(BCP47[lang])
