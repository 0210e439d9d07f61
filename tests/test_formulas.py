"""Instrument formulas as data, parties by role and order by language, and the vocabulary of
a non-binding instrument.

Each language folder has `formulas.yaml` (opening, end of the preamble, the sentence above the
signatures, the order of the parties) and `vocabulary.yaml` (treaty words to avoid); a
compact overrides formulas with its own `formulas:` and the order with `party_order:`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import MINI, REFERENCE, ROOT
from conftest import mini_variant as variant
from docx_read import paragraphs

from cpc_docs.cli.main import main
from cpc_docs.load.compact import load_compact
from cpc_docs.pipeline import compact_document
from cpc_docs.rules.compact import check
from cpc_docs.rules.nonbinding import vocabulary
from cpc_docs.settings import RenderSettings
from cpc_docs.writers import write

SETTINGS = RenderSettings()


def text_of(path: Path, lang: str) -> list[str]:
    compact, _ = load_compact(path)
    data = write(compact_document(compact, lang, SETTINGS), "docx", lang, SETTINGS)
    return [p.text for p in paragraphs(data)]


def test_english_names_the_united_states_first_in_one_sentence() -> None:
    lines = text_of(MINI, "en")
    assert lines[3:7] == [
        "BETWEEN", "THE GOVERNMENT OF THE UNITED STATES OF AMERICA",
        "AND", "THE GOVERNMENT OF THE REPUBLIC OF PATRIA",
    ]  # fmt: skip
    assert (
        "The Government of the United States of America and the Government of the Republic "
        "of Patria (hereinafter referred to as “the Participants”)," in lines
    )
    assert "Have reached the following understandings:" in lines
    assert not [line for line in lines if "of the one part" in line or "agreed" in line]


def test_french_names_the_partner_first_one_party_a_line() -> None:
    lines = text_of(MINI, "fr")
    assert lines[3:7] == [
        "ENTRE", "LE GOUVERNEMENT DE LA RÉPUBLIQUE DE PATRIA",
        "ET", "LE GOUVERNEMENT DES ÉTATS-UNIS D’AMÉRIQUE",
    ]  # fmt: skip
    opening = next(line for line in lines if line.startswith("Le Gouvernement de la"))
    assert opening.split("\n") == [
        "Le Gouvernement de la République de Patria, d’une part,",
        "Et",
        "Le Gouvernement des États-Unis d’Amérique, d’autre part\u202f;",
        "Ci-après désignés «\u00a0les Participants\u00a0»,",
    ]
    assert "Ont décidé de ce qui suit\u00a0:" in lines


def test_short_names_defined_in_the_opening(tmp_path: Path) -> None:
    def define(data: dict) -> None:  # type: ignore[type-arg]
        data["parties"][0]["defined_as"] = {"fr": "la Patria", "en": "Patria"}
        data["parties"][1]["defined_as"] = {"fr": "les États-Unis", "en": "the United States"}

    lines = text_of(variant(tmp_path, define), "en")
    assert (
        "The Government of the United States of America (“the United States”) and the "
        "Government of the Republic of Patria (“Patria”) (hereinafter referred to as “the "
        "Participants”)," in lines
    )
    opening = next(line for line in text_of(variant(tmp_path, define), "fr") if "d’une" in line)
    assert opening.startswith(
        "Le Gouvernement de la République de Patria («\u00a0la Patria\u00a0»)"
    )


def test_a_compact_orders_the_parties_of_each_version_and_its_signatures(tmp_path: Path) -> None:
    partner = yaml.safe_load(MINI.read_text(encoding="utf-8"))["parties"][0]["id"]

    def order(data: dict) -> None:  # type: ignore[type-arg]
        data["party_order"] = {"en": [partner, "us"], "fr": ["us", partner]}

    path = variant(tmp_path, order)
    en, fr = text_of(path, "en"), text_of(path, "fr")
    assert en[4] == "THE GOVERNMENT OF THE REPUBLIC OF PATRIA"
    assert fr[4] == "LE GOUVERNEMENT DES ÉTATS-UNIS D’AMÉRIQUE"
    signing = [line for line in en if line.startswith("For the Government")]
    assert signing == [
        "For the Government of the Republic of Patria",
        "For the Government of the United States of America",
    ]


def test_one_language_says_language_and_several_say_languages(tmp_path: Path) -> None:
    def english_only(data: dict) -> None:  # type: ignore[type-arg]
        data["languages"] = ["en"]
        _drop(data, "fr")

    lines = text_of(variant(tmp_path, english_only), "en")
    signed = next(line for line in lines if line.startswith("SIGNED at"))
    assert signed.endswith("in two (2) originals, in the English language.")
    both = next(line for line in text_of(MINI, "en") if line.startswith("SIGNED at"))
    assert "in the French and English languages, the texts being equally valid." in both


def test_a_compact_keeps_the_words_it_was_signed_with() -> None:
    """The reference compact's French says "Sont convenus" as signed; its English is the
    published text's."""
    assert "Sont convenus de ce qui suit\u00a0:" in text_of(REFERENCE, "fr")
    assert "Have reached the following understandings:" in text_of(REFERENCE, "en")


def test_a_formula_slot_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    def typo(data: dict) -> None:  # type: ignore[type-arg]
        data["formulas"] = {"signed_languages": {"en": "SIGNED at {plase}, on {date}."}}

    result = CliRunner().invoke(main, ["validate", str(variant(tmp_path, typo))])
    assert result.exit_code == 1
    assert "formulas.signed_languages.en: the formula 'signed_languages' has no slot {plase}" in (
        result.output
    )


# --- the vocabulary of a non-binding instrument ------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "found"),
    [
        ("en", "The Participants agree to establish a committee.", "agree"),
        ("en", "The Participants shall meet once a year.", "shall"),
        ("en", "The Parties intend to meet.", "Parties"),
        ("en", "from the date of entry into force of this CPC Partnership", "entry into force"),
        ("en", "DONE at Accra, in two originals.", "DONE at"),
        ("fr", "Les Parties conviennent de mettre en place un comité.", "Parties"),
        ("fr", "Les Participants conviennent de mettre en place un comité.", "conviennent"),
        ("fr", "à compter de la date d'entrée en vigueur du partenariat", "entrée en vigueur"),
        ("fr", "Sont convenus de ce qui suit :", "Sont convenus"),
    ],
)
def test_treaty_words_are_found(lang: str, text: str, found: str) -> None:
    words = vocabulary(lang)
    assert words is not None
    assert found in [match[0] for _word, match in words.find(text)]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "en",
            "This CPC Partnership does not constitute an international agreement and does "
            "not create binding obligations between the Participants.",
        ),
        ("en", "The Participants intend to meet with third parties and stakeholders."),
        ("en", "Forced labor of children, regardless of force, fraud or coercion."),
        ("fr", "des services qu'il convient de mettre à la disposition des victimes"),
        (
            "fr",
            "Le présent Partenariat CPC ne constitue pas un accord international et ne crée "
            "pas d'obligations contraignantes entre les Participants.",
        ),
        ("fr", "avec les parties prenantes et la société civile"),
        ("fr", "Les Participants décident de ce qui suit ; les textes sont également valides."),
    ],
)
def test_near_misses_are_not_treaty_words(lang: str, text: str) -> None:
    words = vocabulary(lang)
    assert words is not None
    assert words.find(text) == []


def test_validate_warns_once_per_word_with_the_preferred_one(tmp_path: Path) -> None:
    def binding(data: dict) -> None:  # type: ignore[type-arg]
        data["party_term"] = {"fr": "Parties", "en": "Parties"}

    compact, source = load_compact(variant(tmp_path, binding))
    found = [f for f in check(compact, source) if f.rule == "non-binding"]
    assert {f.location.path for f in found} == {"party_term.fr", "party_term.en"}
    english = next(f for f in found if f.location.path == "party_term.en")
    assert "prefer: Participant(s)" in english.message
    assert "Guidance on Non-Binding Documents" in english.message
    assert [f for f in check(*load_compact(MINI)) if f.rule == "non-binding"] == []


def _drop(node: object, lang: str) -> None:
    """Every `lang` text of a bilingual mapping removed, as in a compact without `lang`."""
    if isinstance(node, dict):
        if lang in node and len(node) > 1:
            del node[lang]
        for value in node.values():
            _drop(value, lang)
    elif isinstance(node, list):
        for value in node:
            _drop(value, lang)


@pytest.mark.parametrize("lang", ["fr", "en", "es"])
def test_the_projects_own_templates_formulas_and_clauses_are_clean(lang: str) -> None:
    words = vocabulary(lang)
    assert words is not None
    template = (ROOT / "templates" / lang / "compact.md.j2").read_text(encoding="utf-8")
    # What the template prints: not its Jinja, nor the role lines ({.agreed}) naming styles.
    prose = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}|^\{\..*\}$", " ", template, flags=re.S | re.M)
    formulas = yaml.safe_load((ROOT / "templates" / lang / "formulas.yaml").read_text("utf-8"))
    clauses = yaml.safe_load((ROOT / "cpc_docs" / "clauses.yaml").read_text(encoding="utf-8"))
    in_lang = [value[lang] for value in _walk_bitexts(clauses) if isinstance(value.get(lang), str)]
    # Every text of the library is in every language checked here: a clause the language
    # lacks would pass unread.
    assert len(in_lang) == len(_walk_bitexts(clauses)) > 40
    texts = [prose, *(v for v in formulas.values() if isinstance(v, str)), *in_lang]
    found = [(match[0], text[:60]) for text in texts for _word, match in words.find(text)]
    assert found == []


def _walk_bitexts(node: object) -> list[dict]:  # type: ignore[type-arg]
    if isinstance(node, dict):
        own = [node] if {"fr", "en", "es"} & set(node) else []
        return own + [d for value in node.values() for d in _walk_bitexts(value)]
    if isinstance(node, list):
        return [d for value in node for d in _walk_bitexts(value)]
    return []


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["parties"][1].update(id="usa"), "no party is the United States"),
        (lambda d: d.update(party_order={"en": ["us"]}), "party_order.en lists us; it lists"),
    ],
)
def test_parties_are_known_by_role(tmp_path: Path, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    def apply(data: dict) -> None:  # type: ignore[type-arg]
        edit(data)
        for signatory in data["signature"]["signatories"]:
            if signatory["party"] == "us" and data["parties"][1]["id"] == "usa":
                signatory["party"] = "usa"
        for item in data["sections"]["commitments"]["items"]:
            if item["party"] == "us" and data["parties"][1]["id"] == "usa":
                item["party"] = "usa"

    result = CliRunner().invoke(main, ["validate", str(variant(tmp_path, apply))])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())
