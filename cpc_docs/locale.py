"""Language-neutral facts written the way each language writes them.

Dates, amounts, durations and numbers are stored once in the model; this module is the only
place that knows "7 décembre 2022" from "December 7, 2022", "cinq (05) ans" from "five (5)
years", or "10 millions de dollars des États-Unis" from "US$10 million". Babel does dates and
number formats, num2words the numbers in words; what they lack for legal French (1er, the
zero-padded digits of "cinq (05)") is added here.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal, get_currency_name, get_currency_symbol
from num2words import num2words

from .typography import NBSP, NNBSP

if TYPE_CHECKING:
    from .model import Duration, Money


LOCALES = {"fr": "fr_FR", "en": "en_US"}
BCP47 = {"fr": "fr-FR", "en": "en-US"}

UNIT_WORDS = {
    "fr": {"years": ("an", "ans"), "months": ("mois", "mois"), "days": ("jour", "jours")},
    "en": {"years": ("year", "years"), "months": ("month", "months"), "days": ("day", "days")},
}
LANGUAGE_ADJECTIVES = {
    "fr": {"fr": "française", "en": "anglaise"},
    "en": {"fr": "French", "en": "English"},
}
PILLARS = {
    "fr": {
        "prevention": "prévention",
        "protection": "protection",
        "prosecution": "poursuites judiciaires",
        "partnership": "partenariat",
    },
    "en": {
        "prevention": "prevention",
        "protection": "protection",
        "prosecution": "prosecution",
        "partnership": "partnership",
    },
}
TIERS = {
    "fr": {
        "1": "Catégorie 1",
        "2": "Catégorie 2",
        "2 Watch List": "Catégorie 2 sous surveillance",
        "3": "Catégorie 3",
    },
    "en": {"1": "Tier 1", "2": "Tier 2", "2 Watch List": "Tier 2 Watch List", "3": "Tier 3"},
}


def format_date(date: dt.date, lang: str, style: str = "long") -> str:
    """`long`: "1er décembre 2022" / "December 1, 2022"; `legal`: "07 décembre 2022"."""
    if lang == "fr":
        day = f"{date.day:02d}" if style == "legal" else str(date.day)
        if date.day == 1 and style != "legal":
            day = "1er"  # Babel prints "1 décembre"; French writes the first of the month 1er
        return f"{day} {babel_format_date(date, 'MMMM y', locale='fr_FR')}"
    return babel_format_date(date, "long", locale=LOCALES[lang])


def number_words(value: int, lang: str) -> str:
    return str(num2words(value, lang=lang))


def legal_number(value: int, lang: str) -> str:
    """A number in words with its digits, as legal texts write it: "cinq (05)", "five (5)"."""
    digits = f"{value:02d}" if lang == "fr" else str(value)
    return f"{number_words(value, lang)} ({digits})"


def format_duration(duration: Duration, lang: str, style: str = "legal") -> str:
    """`legal`: "cinq (05) ans"; `digits`: "30 jours"; `number`: "cinq (05)" alone;
    `adjective`: "quinquennal" / "five-year"."""
    if style == "adjective":
        return duration_adjective(duration, lang)
    if style not in ("legal", "digits", "number"):
        raise ValueError(f"unknown duration style {style!r} (legal, digits, number, adjective)")
    singular, plural = UNIT_WORDS[lang][duration.unit]
    unit = singular if duration.value == 1 else plural
    if style == "digits":
        return f"{duration.value}{NBSP}{unit}"
    if style == "number":
        return legal_number(duration.value, lang)
    return f"{legal_number(duration.value, lang)} {unit}"


# "plan quinquennal" / "five-year plan": the duration as an adjective, so that the prose
# follows when the duration changes.
_FR_YEAR_ADJECTIVES = {
    1: "annuel", 2: "biennal", 3: "triennal", 4: "quadriennal", 5: "quinquennal",
    6: "sexennal", 7: "septennal", 10: "décennal",
}  # fmt: skip


def duration_adjective(duration: Duration, lang: str) -> str:
    """ "quinquennal" / "five-year"; for French, durations without a word: "de 18 mois"."""
    if lang == "fr":
        if duration.unit == "years" and duration.value in _FR_YEAR_ADJECTIVES:
            return _FR_YEAR_ADJECTIVES[duration.value]
        return f"de {format_duration(duration, lang)}"
    singular = UNIT_WORDS["en"][duration.unit][0]
    return f"{number_words(duration.value, 'en')}-{singular}"


def format_count(value: int, lang: str) -> str:
    """A plain count in words with digits: "deux (02)" / "two (2)"."""
    return legal_number(value, lang)


def _decimal(value: float, lang: str) -> str:
    text = format_decimal(value, locale=LOCALES[lang], decimal_quantization=False)
    return text.replace(NNBSP, NBSP) if lang == "fr" else text


def format_money(money: Money, lang: str) -> str:
    """Amounts as compacts write them: "10 millions de dollars des États-Unis", "US$10 million".

    Whole millions (and billions) are written in words; other amounts in full digits.
    """
    value = money.value
    for scale, fr_words, en_word in (
        (1_000_000_000, ("milliard", "milliards"), "billion"),
        (1_000_000, ("million", "millions"), "million"),
    ):
        if value >= scale and (value / scale * 100) == int(value / scale * 100):
            number = _decimal(value / scale, lang)
            if lang == "fr":
                word = fr_words[0] if value / scale < 2 else fr_words[1]
                currency = get_currency_name(money.currency, count=2, locale="fr_FR")
                return f"{number}{NBSP}{word} de {currency}"
            return f"{_en_symbol(money.currency)}{number} {en_word}"
    number = _decimal(value, lang)
    if lang == "fr":
        currency = get_currency_name(money.currency, count=value, locale="fr_FR")
        return f"{number}{NBSP}{currency}"
    return f"{_en_symbol(money.currency)}{number}"


def _en_symbol(currency: str) -> str:
    if currency == "USD":
        return "US$"
    # A one-character sign goes before the number ("€5 million"); anything longer (Babel
    # gives "F CFA" for XOF) would run into it, so the ISO code is written instead.
    symbol = get_currency_symbol(currency, locale="en_US")
    return symbol if len(symbol) == 1 else f"{currency}{NBSP}"


def ordinal_parts(value: int, lang: str) -> tuple[str, str]:
    """An ordinal as number and suffix, so writers can raise the suffix: ("1", "er")."""
    if lang == "fr":
        return str(value), "er" if value == 1 else "e"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(value % 10 if value % 100 not in (11, 12, 13) else 0)
    return str(value), suffix or "th"


def language_list(langs: list[str], lang: str) -> str:
    """ "française et anglaise" / "French and English"."""
    names = [LANGUAGE_ADJECTIVES[lang][code] for code in langs]
    conjunction = " et " if lang == "fr" else " and "
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + conjunction + names[-1]


def pillar_label(key: str, lang: str) -> str:
    return PILLARS[lang][key]


def tier_label(tier: str, lang: str) -> str:
    return TIERS[lang][tier]


@cache
def bcp47(lang: str) -> str:
    return BCP47[lang]
