"""A Spanish/English text is checked with the same rules as a French/English one (issue 15).

The numbers check reads Spanish from the language folder's data (templates/es/check.yaml,
num2words' Spanish, Babel's es_ES): "nueve millones de dólares" is 9,000,000, "treinta (30)
días" is one 30, "7 de diciembre de 2017" is a day, a month and a year. Each defect below is
caught; each near-miss (the same thing written the Spanish way) is not flagged. The pairs are
made up for these tests, in the style of a compact.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from num2words import num2words

from cpc_docs.checks import check_pair, check_paths
from cpc_docs.checks.numbers import currencies, quantities
from cpc_docs.checks.rules import severity
from cpc_docs.checks.text import Prepared

ROOT = Path(__file__).resolve().parent.parent
ES_EN = ("es", "en")


def values(text: str, lang: str = "es") -> list[float]:
    return sorted(q.value for q in quantities(Prepared(text, lang)))


def errors(es: str, en: str) -> set[str]:
    return {h.rule for h in check_pair(es, en, None, ES_EN) if severity(h.rule) == "error"}


def test_every_cardinal_num2words_spells_in_spanish_reads_back() -> None:
    numbers = [*range(0, 1001), 1990, 2017, 1500, 21_000, 999_999, 1_234_567, 2_000_000]
    wrong = [(num2words(n, lang="es"), values(num2words(n, lang="es"))) for n in numbers]
    assert [
        (words, got) for (words, got), n in zip(wrong, numbers, strict=True) if got != [n]
    ] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("treinta (30) días", [30]),  # the legal style is one number
        ("cinco (05) años", [5]),
        ("9 millones de dólares", [9_000_000]),
        ("US$ 9 millones", [9_000_000]),
        ("1,5 millones", [1_500_000]),
        ("2.000 millones", [2e9]),
        ("mil millones", [1e9]),  # the Spanish billion
        ("mil quinientos millones", [1.5e9]),
        ("10 mil millones", [1e10]),
        ("US$ 9 MM", [9_000_000]),
        ("5.000 niñas y 2,5 %", [2.5, 5000]),  # thousands with a point, decimal comma
        ("5 000 niñas", [5000]),  # thousands with a space
        ("el veinticinco por ciento", [25]),
        ("doscientas cincuenta y una personas", [251]),
        ("veintiún años", [21]),
        ("ciento cinco", [105]),
        ("dos mil diecisiete", [2017]),
        ("7 de diciembre de 2017", [7, 12, 2017]),
        ("1.º de enero de 2018", [1, 1, 2018]),
        ("15 de setiembre", [9, 15]),  # Peru's spelling of the month
        ("07/12/2017", [7, 12, 2017]),
        ("a las 2:30 p. m.", [14, 30]),
        ("a las 14:30", [14, 30]),
        ("1.º, 2.ª, 3.er, 4to", [1, 2, 3, 4]),
        ("la tercera reunión, el vigésimo primer informe", [3, 21]),
        ("un plan bienal", [1, 2]),  # "un": incidental, read all the same
        ("un tercer país", [1]),  # a third country: "tercer" is no number
        ("+51 1 618 2000 y cpc@state.gov", []),  # a phone and an e-mail
        ("{duration} en la sección {ref:goal}", []),
    ],
)
def test_spanish_quantities(text: str, expected: list[float]) -> None:
    assert values(text) == sorted(expected)


def test_articles_and_both_are_incidental() -> None:
    """ "un informe", "una vez", "las dos Partes" are articles as often as numbers: they may
    match, they are never reported."""
    assert errors("Las dos Partes presentan un informe una vez al año.",
                  "The Participants submit a report once a year.") == set()  # fmt: skip


def test_spanish_currencies_are_named_in_spanish_words() -> None:
    assert set(currencies(Prepared("ocho millones de soles", "es"))) == {"PEN"}
    assert set(currencies(Prepared("nueve millones de dólares", "es"))) == {"USD"}
    assert set(currencies(Prepared("US$ 9 millones", "es"))) == {"USD"}


# (what is wrong, Spanish, English with the defect, a rule that must catch it)
DEFECTS = [
    ("amount in digits and words", "Estados Unidos aporta 9 millones de dólares.",
     "The United States provides eight million dollars.", "numbers"),
    ("scale", "Estados Unidos aporta US$ 9 millones.",
     "The United States provides US$9 billion.", "numbers"),
    ("Spanish billion", "un aporte de mil millones de dólares",
     "a contribution of one million dollars", "numbers"),
    ("legal style", "en un plazo de treinta (30) días", "within sixty (60) days", "numbers"),
    ("words and digits disagree", "en un plazo de treinta (40) días",
     "within thirty (30) days", "numbers"),
    ("number in words", "los cinco departamentos", "the six departments", "numbers"),
    ("unit of time", "un período de cinco años", "a period of five months", "units"),
    ("unit of time in digits", "en un plazo de veintitrés días", "within 23 months", "units"),
    ("date", "firmado el 7 de diciembre de 2017", "signed on July 12, 2017", "dates"),
    ("day of a date", "firmado el 1.º de enero de 2018", "signed on January 2, 2018",
     "numbers"),
    ("percentage", "el 25,5 % de los casos", "25% of the cases", "numbers"),
    ("percent sign dropped", "el 30 % de los fondos", "30 of the funds", "numbers"),
    ("ordinal in words", "en la tercera reunión", "at the fourth meeting", "numbers"),
    ("ordinal in digits", "el 3.er informe anual", "the 4th annual report", "numbers"),
    ("thousands", "2.500 niñas", "25,000 girls", "numbers"),
    ("currency", "ocho millones de soles", "eight million dollars", "numbers"),
    ("time", "a las 2:30 p. m.", "at 2:30 a.m.", "numbers"),
    ("bound", "hasta doscientas personas", "at least two hundred persons", "limits"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "es", "en", "rule"), DEFECTS, ids=[d[0] for d in DEFECTS])
def test_each_spanish_defect_is_caught(what: str, es: str, en: str, rule: str) -> None:
    assert rule in errors(es, en), what


# (Spanish, English): the same meaning written each language's way.
NEAR_MISSES = [
    ("Estados Unidos aporta 9 millones de dólares.",
     "The United States provides US$9 million."),
    ("Estados Unidos aporta nueve millones de dólares.",
     "The United States provides nine million dollars."),
    ("un aporte de mil millones de dólares", "a contribution of US$1 billion"),
    ("en un plazo de treinta (30) días", "within thirty (30) days"),
    ("un período de cinco (5) años", "a period of five (5) years"),
    ("firmado el 7 de diciembre de 2017", "signed on December 7, 2017"),
    ("firmado el 1.º de enero de 2018", "signed on January 1, 2018"),
    ("el 25,5 % de los casos", "25.5% of the cases"),
    ("el veinticinco por ciento de los casos", "25 percent of the cases"),
    ("en la tercera reunión", "at the third meeting"),
    ("el 3.er informe anual", "the 3rd annual report"),
    ("2.500 niñas y 1.234.567 dólares", "2,500 girls and 1,234,567 dollars"),
    ("a las 14:30", "at 2:30 p.m."),
    ("del 6 al 8 de noviembre de 2017", "November 6-8, 2017"),
    ("hasta doscientas personas", "up to two hundred persons"),
    ("¿Quién decide? Los Participantes, en un plazo de diez (10) días.",
     "Who decides? The Participants, within ten (10) days."),
]  # fmt: skip


@pytest.mark.parametrize(("es", "en"), NEAR_MISSES, ids=[n[0][:30] for n in NEAR_MISSES])
def test_a_spanish_near_miss_is_not_flagged(es: str, en: str) -> None:
    hits = check_pair(es, en, None, ES_EN)
    assert [h.message for h in hits if h.rule in ("numbers", "number-words")] == []
    assert [h.message for h in hits if severity(h.rule) == "error"] == []


def test_the_spanish_compact_is_clean() -> None:
    report = check_paths([ROOT / "compacts" / "per-2017.yaml"])
    assert [str(f) for f in report.findings if f.severity == "error"] == []
    assert report.summary["pairs"] >= 60


def test_a_language_without_check_rules_is_read_as_english() -> None:
    """A language folder that has no check.yaml (a toy one, a new one) still has its digits
    read, with the English rules, as every language but French was before."""
    assert values("five (5) years, 2,500 children", "xx") == [5, 2500]
