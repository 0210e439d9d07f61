"""Facts written the way each language writes them (design notes §4)."""

from __future__ import annotations

import datetime as dt

import pytest

from cpc_docs.model.compact import Duration, Money
from cpc_docs.present.locale import format_date, format_duration, format_money, language_list
from cpc_docs.tree.typography import french_spacing, split_french_ordinals

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("date", "lang", "style", "expected"),
    [
        (dt.date(2022, 12, 7), "fr", "long", "7 décembre 2022"),
        (dt.date(2022, 12, 1), "fr", "long", "1er décembre 2022"),
        (dt.date(2022, 12, 7), "fr", "legal", "07 décembre 2022"),
        (dt.date(2022, 12, 7), "en", "long", "December 7, 2022"),
        (dt.date(2022, 12, 1), "en", "legal", "December 1, 2022"),
    ],
)
def test_dates(date, lang, style, expected):
    assert format_date(date, lang, style) == expected


@pytest.mark.parametrize(
    ("duration", "lang", "style", "expected"),
    [
        ("5 years", "fr", "legal", "cinq (05) ans"),
        ("5 years", "en", "legal", "five (5) years"),
        ("3 months", "fr", "legal", "trois (03) mois"),
        ("3 months", "en", "legal", "three (3) months"),
        ("1 year", "fr", "legal", "un (01) an"),
        ("1 year", "en", "legal", "one (1) year"),
        ("30 days", "fr", "digits", f"30{NBSP}jours"),
        ("30 days", "en", "digits", f"30{NBSP}days"),
        ("5 years", "fr", "number", "cinq (05)"),
        ("12 months", "fr", "legal", "douze (12) mois"),
    ],
)
def test_durations(duration, lang, style, expected):
    assert format_duration(Duration.model_validate(duration), lang, style) == expected


@pytest.mark.parametrize(
    ("value", "currency", "lang", "expected"),
    [
        (10_000_000, "USD", "fr", f"10{NBSP}millions de dollars des États-Unis"),
        (10_000_000, "USD", "en", "US$10 million"),
        (1_000_000, "USD", "fr", f"1{NBSP}million de dollars des États-Unis"),
        (2_500_000, "USD", "fr", f"2,5{NBSP}millions de dollars des États-Unis"),
        (2_500_000, "USD", "en", "US$2.5 million"),
        (750_000, "USD", "en", "US$750,000"),
        (750_000, "USD", "fr", f"750{NBSP}000{NBSP}dollars des États-Unis"),
        (5_000_000, "EUR", "en", "€5 million"),
    ],
)
def test_money(value, currency, lang, expected):
    assert format_money(Money(value=value, currency=currency), lang) == expected


def test_language_list():
    assert language_list(["fr", "en"], "fr") == "française et anglaise"
    assert language_list(["fr", "en"], "en") == "French and English"


def test_french_spacing_puts_no_break_spaces():
    assert french_spacing("part ; suite : « mot » ! ?") == (
        f"part{NNBSP}; suite{NBSP}: «{NBSP}mot{NBSP}»{NNBSP}!{NNBSP}?"
    )
    # A colon inside a URL or a time has no space before it and is left alone.
    assert french_spacing("https://www.state.gov") == "https://www.state.gov"


def test_french_ordinals_are_split_for_superscript():
    assert split_french_ordinals("1er étage, 8ème étage, 2e objectif") == [
        ("1", False), ("er", True), (" étage, 8", False), ("ème", True),
        (" étage, 2", False), ("e", True), (" objectif", False),
    ]  # fmt: skip
    assert split_french_ordinals("+225 27 20 23 91 75") == [("+225 27 20 23 91 75", False)]


def test_money_in_a_currency_without_a_sign():
    assert format_money(Money(value=250_000_000, currency="XOF"), "en") == f"XOF{NBSP}250 million"
    assert format_money(Money(value=250_000_000, currency="XOF"), "fr") == (
        f"250{NBSP}millions de francs CFA (BCEAO)"
    )
