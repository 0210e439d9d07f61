"""Amounts as a legal text states them (issue 20, item 2).

French elides "de" before a vowel (« 4 millions d'euros »), whatever the currency Babel names;
a currency has its number of decimals, and an amount with more is refused where it is
written, never rounded; and a compact may state its amount the legal way, in words then in
digits (« quatre millions (4 000 000) de dollars des États-Unis »), while the default stays
the reference compact's wording.
"""

from __future__ import annotations

import pytest
from babel import Locale
from babel.numbers import get_currency_name
from conftest import MINI, REFERENCE
from docx_read import text
from pydantic import ValidationError

from cpc_docs.authoring import new
from cpc_docs.errors import ValidationFailed
from cpc_docs.load.compact import load_compact
from cpc_docs.model.compact import Money
from cpc_docs.model.money import precision_problem
from cpc_docs.pipeline import compact_document
from cpc_docs.present.locale import elides, format_money
from cpc_docs.present.prose import Resolver
from cpc_docs.rules.compact import check
from cpc_docs.settings import RenderSettings
from cpc_docs.writers import write

NBSP = "\u00a0"
SETTINGS = RenderSettings(date_epoch=1669896000, fingerprint="SHA-256 0123456789abcdef")
MINI_AMOUNT = "amount: {value: 5000000, currency: USD}"


def money(value: float, currency: str = "USD", style: str = "short") -> Money:
    return Money.model_validate({"value": value, "currency": currency, "style": style})


def docx_text(compact, lang: str) -> str:
    return text(write(compact_document(compact, lang, SETTINGS), "docx", lang, SETTINGS))


def mini_with(tmp_path, old: str, new_text: str):
    source = MINI.read_text(encoding="utf-8")
    assert source.count(old) == 1, old
    path = tmp_path / "mini.yaml"
    path.write_text(source.replace(old, new_text), encoding="utf-8")
    return path


# --- "de" before the currency's French name ---------------------------------------------------


def _vowel_currencies() -> list[str]:
    """Current currencies whose French name (Babel's) starts with a vowel: EUR, AFN, CVE…"""
    codes = []
    for code in sorted(Locale.parse("fr_FR").currencies):
        name = get_currency_name(code, count=2, locale="fr_FR")
        if name[:1].lower() in "aeiouéèêîô" and "(" not in name:  # no withdrawn currencies
            codes.append(code)
    return codes


def test_there_is_more_than_the_euro_to_elide_before():
    assert {"EUR", "AFN", "CVE", "MRU"} <= set(_vowel_currencies())


@pytest.mark.parametrize("code", _vowel_currencies())
def test_french_elides_de_before_a_currency_name_starting_with_a_vowel(code):
    name = get_currency_name(code, count=2, locale="fr_FR")
    written = format_money(money(4_000_000, code), "fr")
    assert written == f"4{NBSP}millions d'{name}"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("EUR", f"4{NBSP}millions d'euros"),
        ("USD", f"4{NBSP}millions de dollars des États-Unis"),
        ("JPY", f"4{NBSP}millions de yens japonais"),  # y is a consonant here
        ("UAH", f"4{NBSP}millions de hryvnias ukrainiennes"),  # h before a consonant
        ("XOF", f"4{NBSP}millions de francs CFA (BCEAO)"),
    ],
)
def test_french_keeps_de_before_a_consonant(code, expected):
    assert format_money(money(4_000_000, code), "fr") == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("euros", True), ("Écus", True), ("unités", True), ("Haïti", True), ("Israël", True),
     ("dollars", False), ("yens", False), ("hryvnias", False), ("francs", False), ("", False)],
)  # fmt: skip
def test_elision_is_a_rule_on_the_first_sounds(word, expected):
    assert elides(word) is expected


# --- Decimals: the currency's, or refused ----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "currency", "message"),
    [
        (4000000.555, "EUR", "EUR amounts have at most 2 decimals; write 4000000.56"),
        (4000000.555, "USD", "USD amounts have at most 2 decimals; write 4000000.56"),
        (4000000.5, "XOF", "XOF amounts have no decimals; write 4000001"),
        (4000000.25, "JPY", "JPY amounts have no decimals; write 4000000"),
    ],
)
def test_more_decimals_than_the_currency_has_are_refused_at_the_value(value, currency, message):
    with pytest.raises(ValidationError) as raised:
        money(value, currency)
    (error,) = raised.value.errors()
    assert error["loc"] == ("value",)
    assert error["msg"] == message
    assert precision_problem(value, currency) == message


@pytest.mark.parametrize(
    ("value", "currency"), [(10_000_000, "USD"), (10_000_000.0, "JPY"), (4000000.5, "EUR")]
)
def test_amounts_within_the_currency_precision_are_accepted(value, currency):
    assert money(value, currency).value == value


def test_a_compact_with_too_many_decimals_is_refused_naming_the_field(tmp_path):
    path = mini_with(tmp_path, MINI_AMOUNT, "amount: {value: 4000000.555, currency: EUR}")
    with pytest.raises(ValidationFailed) as raised:
        load_compact(path)
    (finding,) = raised.value.findings
    assert finding.location.path == "sections.commitments.items.0.amount.value"
    assert "EUR amounts have at most 2 decimals; write 4000000.56" in finding.message


def test_cents_are_written_with_the_currency_decimals():
    assert format_money(money(4000000.5), "en") == "US$4,000,000.50"
    assert format_money(money(4000000.5), "fr") == (
        f"4{NBSP}000{NBSP}000,50{NBSP}dollars des États-Unis"
    )


def test_cpc_new_refuses_cents_the_dollar_does_not_have_and_counts_in_decimal():
    with pytest.raises(ValueError) as raised:
        new.parse_amount("4000000.555")
    assert str(raised.value) == "USD amounts have at most 2 decimals; write 4000000.56"
    assert new.parse_amount("4.35 million") == 4_350_000  # not 4349999.999…
    assert new.parse_amount("1234567.5") == 1_234_567.5


# --- The legal style ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "currency", "fr", "en"),
    [
        (4_000_000, "USD", f"quatre millions (4{NBSP}000{NBSP}000) de dollars des États-Unis",
         "four million (4,000,000) United States dollars"),
        (4_000_000, "EUR", f"quatre millions (4{NBSP}000{NBSP}000) d'euros",
         "four million (4,000,000) euros"),
        (1_000_000, "USD", f"un million (1{NBSP}000{NBSP}000) de dollars des États-Unis",
         "one million (1,000,000) United States dollars"),
        # The number ends in "mille", not a noun: no "de"; English without "and" or comma.
        (2_500_000, "USD",
         f"deux millions cinq cent mille (2{NBSP}500{NBSP}000) dollars des États-Unis",
         "two million five hundred thousand (2,500,000) United States dollars"),
        (1_250_000_000, "USD",
         f"un milliard deux cent cinquante millions (1{NBSP}250{NBSP}000{NBSP}000) de dollars "
         "des États-Unis",
         "one billion two hundred fifty million (1,250,000,000) United States dollars"),
        (1, "USD", "un (1) dollar des États-Unis", "one (1) United States dollar"),
    ],
)  # fmt: skip
def test_the_legal_style_writes_words_then_digits(value, currency, fr, en):
    amount = money(value, currency, "legal")
    assert format_money(amount, "fr") == fr
    assert format_money(amount, "en") == en


def test_the_legal_style_takes_whole_amounts_only():
    with pytest.raises(ValidationError) as raised:
        money(4000000.5, "USD", "legal")
    (error,) = raised.value.errors()
    assert error["loc"] == ("style",)
    assert "whole amount (value is 4000000.5)" in error["msg"]


def test_the_legal_style_is_a_field_of_the_amount_and_renders_in_both_documents(tmp_path):
    path = mini_with(tmp_path, MINI_AMOUNT, "amount: {value: 5000000, currency: USD, style: legal}")
    compact, _ = load_compact(path)
    fr, en = docx_text(compact, "fr"), docx_text(compact, "en")
    assert f"jusqu’à cinq millions (5{NBSP}000{NBSP}000) de dollars des États-Unis" in fr
    assert "up to five million (5,000,000) United States dollars" in en
    assert "5\u00a0millions" not in fr and "US$5 million" not in en


def test_the_default_is_the_reference_compact_wording():
    compact, _ = load_compact(REFERENCE)
    us = compact.sections.commitments.items[0]
    assert us.amount is not None and us.amount.style == "short"
    assert format_money(us.amount, "fr") == f"10{NBSP}millions de dollars des États-Unis"
    assert format_money(us.amount, "en") == "US$10 million"


def test_the_style_is_documented_in_the_schema():
    style = Money.model_json_schema()["properties"]["style"]
    assert style["enum"] == ["short", "legal"] and style["default"] == "short"
    assert "dix millions (10 000 000) de dollars des États-Unis" in style["description"]
    assert "ten million (10,000,000) United States dollars" in style["description"]


def test_a_style_on_the_placeholder_is_refused_not_ignored(tmp_path):
    path = mini_with(tmp_path, "jusqu'à {amount}.", "jusqu'à {amount:legal}.")
    compact, source = load_compact(path)
    messages = [f.message for f in check(compact, source) if f.rule == "placeholders"]
    assert any("{amount:legal}: {amount} takes no style" in m for m in messages), messages
    us = compact.sections.commitments.items[0]
    with pytest.raises(ValueError, match="takes no style"):
        Resolver(compact, "fr").markup(us.paragraphs[0], us)
