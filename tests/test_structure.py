"""Structure as the compact declares it: lists among paragraphs, annexes and appendices with
their own letters and labels, objective labels, durations in words, and units always from the
data."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI
from conftest import mini_variant as variant
from docx_read import paragraphs

from cpc_docs.cli.main import main
from cpc_docs.load.compact import load_compact
from cpc_docs.model.compact import Duration
from cpc_docs.pipeline import compact_document
from cpc_docs.present import locale
from cpc_docs.settings import RenderSettings
from cpc_docs.writers import write

SETTINGS = RenderSettings()


def docx_paragraphs(path: Path, lang: str):  # type: ignore[no-untyped-def]
    compact, _ = load_compact(path)
    return list(
        paragraphs(write(compact_document(compact, lang, SETTINGS), "docx", lang, SETTINGS))
    )


def validate(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(path)])
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        (5, "years", "fr", "cinq ans"),
        (5, "years", "en", "five years"),
        (5, "years", "es", "cinco años"),
        (36, "months", "en", "thirty-six months"),
        (1, "days", "fr", "un jour"),
    ],
)
def test_duration_in_words(value: int, unit: str, lang: str, expected: str) -> None:
    assert locale.format_duration(Duration(value=value, unit=unit), lang, "words") == expected


def test_a_number_written_alone_takes_the_durations_own_unit(tmp_path: Path) -> None:
    """`{duration:number} prochaines années` with a duration of 36 months would print
    « trente-six (36) prochaines années »: refused where it is written, in each language."""

    def months(data: dict) -> None:  # type: ignore[type-arg]
        data["term"]["duration"] = "36 months"

    code, out = validate(variant(tmp_path, months))
    assert code == 1
    assert "preamble.1.text.fr: « {duration:number} années »: the duration is 36 months" in out
    assert "preamble.1.text.en: « {duration:number} years »: the duration is 36 months" in out
    assert "write {duration} (the number with its unit) or {duration:words}" in out
    assert validate(MINI)[0] == 0  # five years, "années" / "years": right


def test_lists_among_paragraphs_in_each_style(tmp_path: Path) -> None:
    def lists(data: dict) -> None:  # type: ignore[type-arg]
        data["sections"]["purpose"]["paragraphs"] += [
            {"list": [{"fr": "prévenir ;", "en": "prevent;"},
                      {"fr": "protéger.", "en": "protect."}]},
            {"style": "letter", "list": [{"fr": "enquêter ;", "en": "investigate;"},
                                         {"fr": "poursuivre.", "en": "prosecute."}]},
            {"style": "number", "list": [{"fr": "un", "en": "one"}, {"fr": "deux", "en": "two"}]},
        ]  # fmt: skip

    found = docx_paragraphs(variant(tmp_path, lists), "en")
    texts = [p.text for p in found]
    start = texts.index("prevent;")
    assert texts[start : start + 6] == [
        "prevent;", "protect.", "a)\tinvestigate;", "b)\tprosecute.", "one", "two",
    ]  # fmt: skip
    bullet, number = found[start], found[start + 4]
    assert bullet.style.name != number.style.name  # a bulleted and a numbered list
    assert "List" in bullet.style.name and "List" in number.style.name


def test_annex_and_appendices_take_their_own_letters_and_labels(tmp_path: Path) -> None:
    """The Philippines' compact: Appendix A (Definitions), Appendix B (the implementation
    plan, our annex), printed in the order of their letters; {ref:…} follows."""

    def philippines(data: dict) -> None:  # type: ignore[type-arg]
        data["annex"].update(label={"fr": "Appendice", "en": "Appendix"}, letter="B")
        data["appendices"] = [{
            "id": "definitions-appendix", "letter": "A",
            "title": {"fr": "Définitions", "en": "Definitions"},
            "paragraphs": [{"fr": "Voir l'appendice {ref:annex}.",
                            "en": "See Appendix {ref:annex}."}],
        }]  # fmt: skip

    texts = [p.text for p in docx_paragraphs(variant(tmp_path, philippines), "en")]
    headings = [t for t in texts if t.startswith(("Appendix", "Annex"))]
    assert headings == ["Appendix A: Definitions", "Appendix B: Joint Action Framework"]
    assert "See Appendix B." in texts

    def clash(data: dict) -> None:  # type: ignore[type-arg]
        philippines(data)
        data["appendices"][0]["letter"] = "B"

    code, out = validate(variant(tmp_path, clash))
    assert code == 1
    assert "appendices.0.letter: the letter B is already annex's" in out


def test_objective_labels_are_formulas_a_compact_may_change(tmp_path: Path) -> None:
    def strategic(data: dict) -> None:  # type: ignore[type-arg]
        data["formulas"] = {
            "objective_label": {"en": "Strategic Objective {number} – {pillar}:",
                                "fr": "Objectif stratégique {number} – {pillar} :"},
        }  # fmt: skip

    texts = [p.text for p in docx_paragraphs(variant(tmp_path, strategic), "en")]
    assert "Strategic Objective 1 – prevention: Prevention is coordinated." in texts
    default = [p.text for p in docx_paragraphs(MINI, "fr")]
    assert "1er objectif (prévention)\u00a0: La prévention est coordonnée." in default


def _us_commitment_with_a_list(amount_in_list: bool):  # type: ignore[no-untyped-def]
    said = "{amount}" if amount_in_list else "funds"
    entries = [
        {"fr": f"jusqu'à {said} pour la prévention ;", "en": f"up to {said} for prevention;"},
        {"fr": "le suivi.", "en": "monitoring."},
    ]

    def edit(data: dict) -> None:  # type: ignore[type-arg]
        us = data["sections"]["commitments"]["items"][0]
        us["paragraphs"] = [
            {"fr": "Les États-Unis entendent apporter :", "en": "The United States intends:"},
            {"list": entries},
        ]

    return edit


@pytest.mark.parametrize("amount_in_list", [True, False], ids=["amount-in-list", "no-amount"])
def test_a_us_commitment_may_state_its_amount_in_a_list(tmp_path: Path, amount_in_list: bool):  # type: ignore[no-untyped-def]
    """A commitment's paragraphs may hold a list (which has no text of its own): the rule that
    the US commitment states its amount reads the list's entries (it once crashed there)."""
    path = variant(tmp_path, _us_commitment_with_a_list(amount_in_list))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    flagged = "us-commitment" in result.output and "{amount}" in result.output
    assert flagged is not amount_in_list, result.output
    assert result.exit_code == (0 if amount_in_list else 1), result.output
