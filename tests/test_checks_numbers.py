"""Numbers read as values, whatever the language writes them as."""

from __future__ import annotations

import pytest
from num2words import num2words

from cpc_docs.checks.numbers import compare, quantities
from cpc_docs.checks.text import Prepared


def values(text: str, lang: str) -> list[float]:
    return sorted(q.value for q in quantities(Prepared(text, lang)))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_number_num2words_spells_reads_back(lang: str) -> None:
    numbers = [*range(0, 1001), 1990, 2022, 1500, 21_000, 999_999, 1_234_567, 2_000_000]
    wrong = []
    for n in numbers:
        for style in ("cardinal", "ordinal"):
            if style == "ordinal" and n == 0:
                continue
            words = num2words(n, lang=lang, to=style)
            if "sième" in words:
                continue  # num2words misspells "deux centsième" (French writes "deux centième")
            if values(words, lang) != [n]:
                wrong.append((words, values(words, lang)))
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("cinq (05) ans", "fr", [5]),  # the legal style is one number, not two
        ("five (5) years", "en", [5]),
        ("10 millions de dollars", "fr", [10_000_000]),
        ("US$10 million", "en", [10_000_000]),
        ("1,5 milliard", "fr", [1.5e9]),
        ("$1.5 billion", "en", [1.5e9]),
        ("5 M$", "fr", [5e6]),
        ("5 000 enfants et 2,5 %", "fr", [2.5, 5000]),
        ("5,000 children and 2.5%", "en", [2.5, 5000]),
        ("le 7 décembre 2022", "fr", [7, 12, 2022]),
        ("December 7, 2022", "en", [7, 12, 2022]),
        ("07/12/2022", "fr", [7, 12, 2022]),
        ("14 h 30", "fr", [14, 30]),
        ("2:30 p.m.", "en", [14, 30]),
        ("1er, 2e, 8ème, XXIe", "fr", [1, 2, 8, 21]),
        ("1st, 2nd, 8th, twenty-first", "en", [1, 2, 8, 21]),
        ("quinquennal", "fr", [5]),
        ("five-year", "en", [5]),
        ("+225 27 22 48 03 03 et cns@1eredame.ci", "fr", []),  # a phone and an e-mail
        ("{duration} dans la section {ref:goal}", "fr", []),  # placeholders
        ("Ce partenariat, Le bureau", "fr", []),  # C and L are Roman numerals, not here
        ("May they meet in march", "en", []),  # the verbs
        ("a third party", "en", []),
    ],
)
def test_quantities(text: str, lang: str, expected: list[float]) -> None:
    assert values(text, lang) == sorted(expected)


def test_incidental_numbers_match_but_are_never_left_over() -> None:
    fr = quantities(Prepared("un (01) an, les deux Parties", "fr"))
    en = quantities(Prepared("one (1) year, the Participants", "en"))
    difference = compare(fr, en)
    assert difference.fr == [] and difference.en == []


def test_a_number_in_words_alone_on_one_side_is_not_fatal() -> None:
    difference = compare(quantities(Prepared("trois provinces", "fr")),
                         quantities(Prepared("the provinces", "en")))  # fmt: skip
    assert [q.value for q in difference.fr] == [3]
    assert not difference.fatal


def test_words_on_both_sides_that_disagree_are_fatal() -> None:
    difference = compare(quantities(Prepared("trois provinces", "fr")),
                         quantities(Prepared("four provinces", "en")))  # fmt: skip
    assert difference.fatal
