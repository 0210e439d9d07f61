"""Spanish, a language added as a folder (templates/es/: templates, formulas, locale rules,
treaty words), and a Spanish/English compact written from the published Peru partnership."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT
from docx_read import paragraphs

from cpc_docs.load.compact import load_compact
from cpc_docs.model.compact import LANGUAGES, Duration, Money
from cpc_docs.pipeline import compact_document
from cpc_docs.present import locale
from cpc_docs.rules.compact import check
from cpc_docs.settings import RenderSettings
from cpc_docs.writers import write

PERU = ROOT / "compacts" / "per-2017.yaml"
SETTINGS = RenderSettings()


@pytest.fixture(scope="module")
def peru() -> dict[str, list[str]]:
    compact, _ = load_compact(PERU)
    return {
        lang: [
            p.text
            for p in paragraphs(
                write(compact_document(compact, lang, SETTINGS), "docx", lang, SETTINGS)
            )
        ]
        for lang in ("es", "en")
    }


def test_spanish_is_a_language_because_it_has_a_folder() -> None:
    assert "es" in LANGUAGES
    assert (ROOT / "templates" / "es" / "compact.md.j2").is_file()


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: locale.format_date(dt.date(2017, 6, 15), "es"), "15 de junio de 2017"),
        (lambda: locale.format_duration(Duration(value=4, unit="years"), "es"), "cuatro (4) años"),
        (lambda: locale.format_duration(Duration(value=1, unit="months"), "es"), "un (1) mes"),
        (lambda: locale.duration_adjective(Duration(value=5, unit="years"), "es"), "quinquenal"),
        (lambda: locale.format_money(Money(value=5_000_000), "es"),
         "5\u00a0millones de dólares de los Estados Unidos"),
        (lambda: locale.format_money(Money(value=1_000_000), "es"),
         "1\u00a0millón de dólares de los Estados Unidos"),
        (lambda: locale.format_money(Money(value=4_250_500), "es"),
         "4.250.500\u00a0dólares de los Estados Unidos"),
        (lambda: locale.format_money(Money(value=4_000_000, style="legal"), "es"),
         "cuatro millones (4.000.000) de dólares de los Estados Unidos"),
        (lambda: locale.language_list(["es", "en"], "es"), "español e inglés"),
        (lambda: locale.language_list(["en", "es"], "es"), "inglés y español"),
        (lambda: locale.language_list(["es", "en"], "en"), "Spanish and English"),
        (lambda: locale.pillar_label("prosecution", "es"), "enjuiciamiento"),
        (lambda: locale.bcp47("es"), "es-ES"),
    ],
)  # fmt: skip
def test_spanish_writes_facts_its_own_way(call, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert call() == expected


def test_the_peru_compact_opens_and_closes_in_each_language(peru: dict[str, list[str]]) -> None:
    es, en = peru["es"], peru["en"]
    # Each version names its own party first (alternat).
    assert es[2:6] == [
        "ENTRE", "EL GOBIERNO DE LA REPÚBLICA DEL PERÚ",
        "Y", "EL GOBIERNO DE LOS ESTADOS UNIDOS DE AMÉRICA",
    ]  # fmt: skip
    assert en[2:6] == [
        "BETWEEN", "THE GOVERNMENT OF THE UNITED STATES OF AMERICA",
        "AND", "THE GOVERNMENT OF THE REPUBLIC OF PERU",
    ]  # fmt: skip
    # The published English opening, with the short names it defines.
    assert (
        "The Government of the United States of America (“the United States”) and the "
        "Government of the Republic of Peru (“Peru”), hereinafter the “Participants,”" in en
    )
    assert "Han decidido lo siguiente:" in es
    assert "Have reached the following understandings:" in en
    assert (
        "FIRMADO en Lima, el 15 de junio de 2017, en dos (2) ejemplares, en los idiomas español "
        "e inglés, siendo los textos igualmente válidos." in es
    )
    assert (
        "SIGNED at Lima, on June 15, 2017, in two (2) originals, in the Spanish and English "
        "languages, the texts being equally valid." in en
    )
    assert "Por el Gobierno de la República del Perú" in es
    assert any(line.startswith("Objetivo 1 (enjuiciamiento): ") for line in es)
    assert any("hasta 5\u00a0millones de dólares de los Estados Unidos" in line for line in es)


def test_the_peru_compact_is_valid_and_says_nothing_of_a_treaty() -> None:
    compact, source = load_compact(PERU)
    findings = check(compact, source)
    assert [f for f in findings if f.severity == "error"] == []
    assert [f for f in findings if f.rule == "non-binding"] == []
    assert compact.languages == ["es", "en"]


def test_the_initials_boxes_follow_each_versions_order_of_the_parties() -> None:
    import re

    from docx_read import footer_xml

    compact, _ = load_compact(PERU)
    order = {}
    for lang in ("es", "en"):
        data = write(compact_document(compact, lang, SETTINGS), "docx", lang, SETTINGS)
        words = re.findall(r"<w:t[^>]*>([^<]+)</w:t>", footer_xml(data))
        order[lang] = [w.split("—")[-1].strip() for w in words if "—" in w]
    assert order["es"][:2] == ["Perú", "Estados Unidos"]
    assert order["en"][:2] == ["United States", "Peru"]


def test_a_report_on_a_spanish_compact_is_written_in_spanish(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from cpc_docs.cli.main import main

    draft = tmp_path / "per-2017-2018.yaml"
    runner = CliRunner()
    result = runner.invoke(main, ["report", "draft", str(PERU), "--year", "2018", "-o", str(draft)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, [
        "report", "render", str(draft), "--compact", str(PERU), "--lang", "es",
        "--format", "docx", "-o", str(tmp_path / "out"),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    texts = [p.text for p in paragraphs((tmp_path / "out" / "per-2017-2018.es.docx").read_bytes())]
    assert "INFORME ANUAL 2018" in texts
    assert "Año 1 de la Asociación: del 15 de junio de 2017 al 14 de junio de 2018" in texts
    assert any(t.startswith("Borrador: quedan ") and "[POR COMPLETAR]" in t for t in texts)
    assert "2. Objetivo 1: Enjuiciamiento" in texts


@pytest.mark.parametrize(
    ("value", "unit", "legal", "words"),
    [
        (1, "years", "un (1) año", "un año"),
        (21, "days", "veintiún (21) días", "veintiún días"),
        (31, "days", "treinta y un (31) días", "treinta y un días"),
        (5, "years", "cinco (5) años", "cinco años"),
    ],
)
def test_a_spanish_number_takes_its_short_form_before_the_noun_it_counts(
    value: int, unit: str, legal: str, words: str
) -> None:
    """«un (1) año», never «uno (1) año»: the apocope is the language's data (before_noun)."""
    from cpc_docs.model.compact import Duration
    from cpc_docs.present.locale import format_duration, number_words

    duration = Duration(value=value, unit=unit)
    assert format_duration(duration, "es", "legal") == legal
    assert format_duration(duration, "es", "words") == words
    assert number_words(value, "es") in ("uno", "veintiuno", "treinta y uno", "cinco")
