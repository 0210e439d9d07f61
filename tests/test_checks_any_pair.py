"""Every field check runs on any pair of shipped languages, with each language's rules read
from its folder (templates/<lang>/check.yaml, issue 15): wrong language, untranslated
sentences, sentence alignment, acronyms, typography and the length ratio catch a defect in a
Spanish/English pair as they do in a French/English one, and the Spanish written the Spanish
way is left alone.

The pairs are made up for these tests, in the style of a compact; none is a compact's sentence.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cpc_docs.checks import acronyms as acr
from cpc_docs.checks import check_pair, check_paths
from cpc_docs.checks.align import split_sentences
from cpc_docs.checks.fields import Context, Hit
from cpc_docs.checks.langcheck import _typography_rule, check_language, length_ratio
from cpc_docs.errors import CpcError
from cpc_docs.shipped import shipped_languages

ROOT = Path(__file__).resolve().parent.parent
ES_EN = ("es", "en")


def hits(es: str, en: str, ctx: Context | None = None, langs: tuple[str, str] = ES_EN) -> list[Hit]:
    return check_pair(es, en, ctx or Context(), langs)


def rules(es: str, en: str, ctx: Context | None = None, langs: tuple[str, str] = ES_EN) -> set[str]:
    return {h.rule for h in hits(es, en, ctx, langs)}


def messages(es: str, en: str, rule: str) -> list[str]:
    return [h.message for h in hits(es, en) if h.rule == rule]


# --- the data each language carries -------------------------------------------------------


@pytest.mark.parametrize("lang", shipped_languages())
def test_every_shipped_language_has_its_check_rules(lang: str) -> None:
    rules_of = check_language(lang)
    assert len(rules_of.function_words) >= 20
    assert 0.5 < rules_of.length <= 1.0
    assert rules_of.typography  # at least one mark its texts must not have


def test_the_expected_length_ratio_comes_from_each_language() -> None:
    assert length_ratio(("fr", "en")) == 0.9  # what the French/English rules always used
    assert length_ratio(("es", "en")) == pytest.approx(0.87)
    assert length_ratio(("en", "es")) == pytest.approx(1 / 0.87)


def test_a_typography_rule_that_is_no_regular_expression_says_where() -> None:
    with pytest.raises(CpcError, match=r"typography.rules\[3\]"):
        _typography_rule("xx", 3, {"pattern": "(unclosed", "message": "m"})
    with pytest.raises(CpcError, match="no pattern or message"):
        _typography_rule("xx", 0, {"pattern": "x"})


# --- wrong language, untranslated ----------------------------------------------------------

EN_MEETING = (
    "The working group is expected to meet with the Ministry every three months to review the "
    "progress of the national action plan."
)
ES_MEETING = (
    "Se espera que el grupo de trabajo se reúna con el Ministerio cada tres meses para revisar "
    "los avances del plan de acción nacional."
)


def test_an_english_text_on_the_spanish_side_is_the_wrong_language() -> None:
    found = [h for h in hits(EN_MEETING.replace("working", "technical"), EN_MEETING)
             if h.rule == "wrong-language"]  # fmt: skip
    assert [h.message for h in found] == ["the Spanish text reads as English"]
    assert found[0].spans[0][0] == "es"


def test_spanish_quoting_an_english_title_is_not_the_wrong_language() -> None:
    es = (
        "El informe anual del Departamento de Estado, «Trafficking in Persons Report», se "
        "publica cada año y los Participantes lo examinan en su reunión de junio."
    )
    en = (
        "The annual report of the Department of State, the Trafficking in Persons Report, is "
        "published each year and the Participants review it at their June meeting."
    )
    assert "wrong-language" not in rules(es, en)


def test_a_french_text_on_the_spanish_side_of_a_french_spanish_pair() -> None:
    """Any pair: French and Spanish share "la", "de", "que"; their own words still tell."""
    fr = (
        "Le groupe de travail se réunit avec le ministère tous les trois mois pour examiner "
        "les progrès du plan d'action national et des activités qui sont prévues."
    )
    assert "wrong-language" in rules(fr, fr.replace("travail", "suivi"), langs=("fr", "es"))
    assert "wrong-language" not in rules(fr, ES_MEETING, langs=("fr", "es"))


def test_a_sentence_left_in_english_is_untranslated() -> None:
    es = ES_MEETING + " The Ministry is expected to publish the minutes of each meeting online."
    en = EN_MEETING + " The Ministry is expected to publish the minutes of each meeting online."
    found = messages(es, en, "untranslated")
    assert len(found) == 1 and "is the same in English" in found[0]
    assert "untranslated" not in rules(ES_MEETING, EN_MEETING)


# --- sentences -----------------------------------------------------------------------------

ES_THREE = (
    "Los Participantes tienen la intención de reunirse una vez al año. "
    "El Ministerio de la Mujer y Poblaciones Vulnerables coordina la atención integral de las "
    "víctimas de trata en las regiones de Lima, Cusco y Loreto, con el apoyo de los gobiernos "
    "regionales. Cada reunión da lugar a un acta."
)
EN_THREE = (
    "The Participants intend to meet once a year. "
    "The Ministry of Women and Vulnerable Populations coordinates comprehensive care for "
    "trafficking victims in the regions of Lima, Cusco and Loreto, with the support of the "
    "regional governments. Each meeting results in minutes."
)


def test_a_dropped_sentence_is_an_omission() -> None:
    en = "The Participants intend to meet once a year. Each meeting results in minutes."
    found = [h for h in hits(ES_THREE, en) if h.rule == "omission"]
    assert len(found) == 1
    assert found[0].message.startswith("the Spanish sentence")
    assert "Mujer y Poblaciones" in found[0].message and "in the English" in found[0].message
    assert not {"omission", "sentence-count"} & rules(ES_THREE, EN_THREE)


def test_spanish_abbreviations_end_no_sentence() -> None:
    es = (
        "Según el art. 5 de la Ley núm. 30364, el Sr. Pérez y la Sra. Rojas representan a los "
        "EE. UU. en la pág. 4 del acta. El acta se firma en dos ejemplares."
    )
    en = (
        "Under Article 5 of Law No. 30364, Mr. Pérez and Ms. Rojas represent the U.S. on page 4 "
        "of the minutes. The minutes are signed in two copies."
    )
    assert len(split_sentences(es)) == 2
    assert not {"omission", "sentence-count", "acronyms"} & rules(es, en)


# --- acronyms ------------------------------------------------------------------------------


def test_an_acronym_missing_from_the_spanish() -> None:
    es = "La OIM y el Ministerio trabajan con la ONU en el plan de acción nacional."
    en = "IOM, the Ministry and the ILO work with the UN on the national action plan."
    found = messages(es, en, "acronyms")
    assert len(found) == 1 and found[0].startswith("acronyms differ: ILO in the English only")


def test_spanish_acronyms_of_the_same_bodies_are_equal() -> None:
    es = "La OIM, la OIT y la OMS trabajan con la ONU y las ONG en el plan de acción nacional."
    en = "IOM, the ILO and WHO work with the UN and NGOs on the national action plan."
    assert "acronyms" not in rules(es, en)
    # and French and Spanish through English: ODD (French) and ODS (Spanish) are both SDG
    fr = "Le plan contribue aux ODD de l'ONU."
    es = "El plan contribuye a los ODS de la ONU."
    assert "acronyms" not in rules(fr, es, langs=("fr", "es"))
    assert "acronyms" in rules(fr, es.replace("ODS", "PIB"), langs=("fr", "es"))


def test_a_body_declared_with_its_spanish_short_name() -> None:
    """`acronym: {es: MinInterior, en: MOI}`: MinInterior is no acronym, MOI has it."""
    es = "El Ministerio del Interior (MinInterior) coordina el plan."
    en = "The Ministry of Interior (MOI) coordinates the plan."
    assert "acronyms" in rules(es, en)
    ctx = Context(acronym_table=acr.equivalents(others=[("es", "MinInterior", "MOI")]))
    assert "acronyms" not in rules(es, en, ctx)
    assert "acronyms" in rules(es.replace("(MinInterior)", ""), en, ctx)


# --- typography ----------------------------------------------------------------------------


def test_a_spanish_question_without_its_opening_mark() -> None:
    found = messages(
        "Qué entiende el Ministerio por niño? La ley lo dice.",
        "What does the Ministry mean by child? The law says so.",
        "typography",
    )
    assert found == ["'Qué entiende el Ministerio por niño?' has no opening ¿ in the Spanish"]
    found = messages("Atención: plazo vencido!", "Attention: deadline passed!", "typography")
    assert found == ["'plazo vencido!' has no opening ¡ in the Spanish"]


@pytest.mark.parametrize(
    "es",
    [
        "¿Qué entiende el Ministerio por niño? La ley lo dice.",
        "La ley pregunta: ¿qué es un niño? La ley lo dice.",
        "El 1.º de enero y el 2.º informe; el 3.er año: «niñez» y “adolescencia”.",
        "Consulte www.gob.pe/mimp?id=5 para el plan.",
    ],
)
def test_spanish_written_the_spanish_way_is_no_typography_error(es: str) -> None:
    en = "The law says what a child is. The law says so on the 1st of January."
    assert messages(es, en, "typography") == []


@pytest.mark.parametrize(
    ("es", "words"),
    [
        ("El plazo es de un año : el acta lo dice.", "a space before ':' in the Spanish"),
        ("El acta dice « niñez » en su título.", "a space inside « » in the Spanish"),
        ('El acta dice "niñez" en su título.', 'straight quotes " in the Spanish'),
        ("El 2nd informe se publica en junio.", "'2nd' is no Spanish ordinal"),
    ],
)
def test_spanish_typography_errors(es: str, words: str) -> None:
    found = messages(es, "The minutes say so in their title in June.", "typography")
    assert len(found) == 1 and found[0].startswith(words)


def test_french_rules_stay_french() -> None:
    """«niñez» needs no inner spaces in Spanish; in French it does."""
    fr = "Le titre dit «enfance» : le procès-verbal le dit."
    found = [h.message for h in hits(fr, "The title says so.", langs=("fr", "en"))]
    assert any(m.startswith("no space inside « » in the French") for m in found)
    es = "El título dice «niñez»: el acta lo dice."
    assert messages(es, "The title says so.", "typography") == []


# --- length ----------------------------------------------------------------------------------


def test_a_spanish_text_half_as_long_as_its_english() -> None:
    es = "Los Participantes tienen la intención de reunirse una vez al año."
    en = EN_THREE + " " + EN_MEETING
    found = [h.message for h in hits(es, en) if h.rule == "length-ratio"]
    assert len(found) == 1 and found[0].startswith("the English is")
    assert "characters in Spanish" in found[0]
    assert "length-ratio" not in rules(ES_THREE, EN_THREE)  # Spanish is longer, as it should


def test_list_items_name_the_languages() -> None:
    es = "Los Participantes:\n- se reúnen;\n- publican el acta;\n- evalúan el plan."
    en = "The Participants:\n- meet;\n- publish the minutes."
    found = messages(es, en, "list-items")
    assert found == ["3 list item(s) in the Spanish, 2 in the English"]


# --- the authentic Spanish compacts ------------------------------------------------------------


def test_the_authentic_spanish_compacts_are_clean() -> None:
    report = check_paths([ROOT / "compacts" / "per-2017.yaml", ROOT / "compacts" / "col-2022.yaml"])
    assert [str(f) for f in report.findings] == []
    assert report.summary["pairs"] >= 140
