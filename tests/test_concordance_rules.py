"""Every rule of meaning: a change it must catch, and a near miss it must let through.

The examples are ours, written in the style of the compacts' legal drafting (never the
reference compact's text unchanged in a defect). Each case is one pair of texts in a pair of
languages; `fires` says whether the rule must report it. Then the word lists themselves: both
pair files load, name the same classes, and write English the same way.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cpc_docs.checks import RULES, check_pair, check_paths
from cpc_docs.checks.concordance import MEANING_RULES, RULE_IDS
from cpc_docs.checks.concordance.lexicon import DATA, load, pair_files, tokenize
from cpc_docs.checks.fields import Context
from cpc_docs.checks.output import render

FR, ES = ("fr", "en"), ("es", "en")
COMPACT = Context(compact=True)

CASES: list[tuple[str, bool, tuple[str, str], str, str]] = [
    # --- negation ---------------------------------------------------------------------------
    ("negation", True, FR, "Le comité ne publie pas les noms des victimes.",
     "The committee publishes the names of victims."),
    ("negation", False, FR, "Le comité ne publie pas les noms des victimes.",
     "The committee does not publish the names of victims."),
    ("negation", True, FR, "Les rapports restent non publics.", "The reports remain public."),
    ("negation", False, FR, "Les rapports restent non publics.",
     "The reports remain non-public."),
    ("negation", False, FR, "qu'il y ait consentement ou non de la victime",
     "whether or not the victim consents"),
    ("negation", False, FR, "À moins que le comité n'en décide autrement, il se réunit à Abidjan.",
     "Unless the committee decides otherwise, it meets in Abidjan."),  # expletive "ne"
    ("negation", False, FR, "Aucun Participant ne peut agir seul.",
     "No Participant may act alone."),
    ("negation", True, ES, "El comité no publica los nombres de las víctimas.",
     "The committee publishes the names of the victims."),
    ("negation", False, ES, "El comité no publica nada sobre las víctimas.",
     "The committee publishes nothing about the victims."),  # "no … nada": one negation
    # --- modality ---------------------------------------------------------------------------
    ("modality", True, FR, "Les Participants peuvent réviser le plan de travail.",
     "The Participants shall revise the work plan."),
    ("modality", False, FR, "Les Participants peuvent réviser le plan de travail.",
     "The Participants may revise the work plan."),
    ("modality", False, FR, "Le plan de travail prend effet à sa signature.",
     "The work plan shall take effect upon signature."),  # the French present is "shall"
    ("modality", True, FR, "Le Bureau TIP entend financer deux projets.",
     "The TIP Office finances two projects."),  # the intention dropped
    ("modality", True, ES, "Los Participantes podrán revisar el plan de trabajo.",
     "The Participants must revise the work plan."),
    ("modality", False, ES, "Los Participantes podrán revisar el plan de trabajo.",
     "The Participants may revise the work plan."),
    ("modality-nuance", True, FR, "Les Parties s'efforcent de publier un rapport commun.",
     "The Participants intend to publish a joint report."),
    ("modality-nuance", False, FR, "Les Parties s'efforcent de publier un rapport commun.",
     "The Participants endeavor to publish a joint report."),
    # --- conditions -------------------------------------------------------------------------
    ("conditions", True, FR, "Le versement est effectué sous réserve de l'approbation du plan.",
     "Payment is made upon approval of the plan."),
    ("conditions", False, FR, "Le versement est effectué sous réserve de l'approbation du plan.",
     "Payment is made subject to the approval of the plan."),
    ("conditions", True, FR, "Le comité ne se réunit qu'à Abidjan.",
     "The committee meets in Abidjan."),
    ("conditions", False, FR, "Le comité ne se réunit qu'à Abidjan.",
     "The committee meets only in Abidjan."),
    ("conditions", True, FR, "avec les ONG et/ou les agences", "with NGOs and agencies"),
    ("conditions", False, FR, "non seulement les ONG mais aussi les agences",
     "not only NGOs but also agencies"),
    ("conditions", True, ES, "salvo que el comité decida otra cosa",
     "as the committee decides"),
    ("conditions", False, ES, "salvo que el comité decida otra cosa",
     "unless the committee decides otherwise"),
    # --- limits -----------------------------------------------------------------------------
    ("limits", True, FR, "une aide de jusqu'à 2 millions de dollars",
     "assistance of at least $2 million"),
    ("limits", False, FR, "une aide de jusqu'à 2 millions de dollars",
     "assistance of up to $2 million"),
    ("limits", True, FR, "les victimes âgées de moins de 16 ans",
     "victims 16 years of age or younger"),
    ("limits", False, FR, "les victimes âgées de moins de 16 ans", "victims under 16"),
    ("limits", False, FR, "jusqu'à la fin du projet", "until the end of the project"),
    ("limits", False, FR, "un financement sur deux ans", "funding over two years"),
    ("limits", True, ES, "hasta 3 millones de dólares", "at least US$3 million"),
    ("limits", False, ES, "hasta 3 millones de dólares", "up to US$3 million"),
    # --- cross-references -------------------------------------------------------------------
    ("cross-references", True, FR, "comme prévu à la section III", "as provided in Section II"),
    ("cross-references", False, FR, "comme prévu à la section III",
     "as provided in Section III"),
    ("cross-references", True, FR, "les activités de l'annexe B", "the activities of Annex A"),
    ("cross-references", True, FR, "voir la section V.A", "see Section V.B"),
    ("cross-references", False, FR, "voir la section {ref:goal}", "see Section {ref:goal}"),
    ("cross-references", True, ES, "según la sección II", "under Section V"),
    ("typed-reference", True, FR, "comme prévu à la section III", "as provided in Section III"),
    ("typed-reference", False, FR, "comme prévu à la section {ref:monitoring}",
     "as provided in Section {ref:monitoring}"),
    # --- entities and roles -----------------------------------------------------------------
    ("entities", True, FR, "Un atelier avec l'OIM est prévu.", "A workshop with the ILO is held."),
    ("entities", False, FR, "Un atelier avec l'OIM est prévu.", "A workshop with the IOM is held."),
    ("entities", True, FR, "Le Togo accueille l'atelier.", "Benin hosts the workshop."),
    ("entities", False, FR, "Le Togo accueille l'atelier.", "Togo hosts the workshop."),
    ("entities", True, ES, "con el Departamento de Trabajo", "with the Department of Justice"),
    ("roles", True, FR, "Le Ministère, par le biais du CNS, en collaboration avec le CIM, forme.",
     "The Ministry, through the CIM, in collaboration with the CNS, trains."),
    ("roles", False, FR, "Le Ministère, par le biais du CNS, en collaboration avec le CIM, forme.",
     "The Ministry, through the CNS, in collaboration with the CIM, trains."),
    ("roles", False, FR, "Le Bureau TIP du Département d'État finance le CNS.",
     "The State Department's TIP Office funds the CNS."),  # a genitive, no exchange
    # --- dates, units, frequencies ----------------------------------------------------------
    ("dates", True, FR, "le 5 avril 2023", "on May 4, 2023"),
    ("dates", False, FR, "le 5 avril 2023", "on April 5, 2023"),
    ("dates", False, FR, "le 05/04/2023", "on 04/05/2023"),  # day first / month first
    ("dates", True, ES, "el 5 de abril de 2023", "on May 4, 2023"),
    ("units", True, FR, "un préavis de quinze (15) jours", "fifteen (15) weeks' notice"),
    ("units", False, FR, "un préavis de quinze (15) jours", "fifteen (15) days' notice"),
    ("units", False, FR, "les enfants de moins de 18 ans", "children under the age of 18"),
    ("units", True, ES, "un plazo de 60 días", "a period of 60 months"),
    ("frequencies", True, FR, "Le comité se réunit deux fois par an.",
     "The committee meets every month."),
    ("frequencies", False, FR, "Le comité se réunit deux fois par an.",
     "The committee meets twice a year."),
    ("frequencies", True, ES, "un informe trimestral", "an annual report"),
    ("frequencies", False, ES, "un informe trimestral", "a quarterly report"),
    # --- tiers and lists --------------------------------------------------------------------
    ("tiers", True, FR, "classé dans la catégorie 2 sous surveillance", "ranked Tier 2"),
    ("tiers", False, FR, "classé dans la catégorie 2 sous surveillance",
     "ranked on the Tier 2 Watch List"),
    ("tiers", True, ES, "clasificado en el Nivel 2", "ranked on the Tier 2 Watch List"),
    ("duplicate-item", True, FR, "former les juges, les greffiers et les avocats",
     "train judges, clerks, and judges"),
    ("duplicate-item", False, FR, "former les juges, les greffiers et les avocats",
     "train judges, clerks, and lawyers"),
    ("inline-list", True, FR, "Le plan couvre : la prévention, la protection et les poursuites.",
     "The plan covers: prevention and prosecution."),
    ("inline-list", False, FR, "Le plan couvre : la prévention, la protection et les poursuites.",
     "The plan covers: prevention, protection, and prosecution."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "fires", "langs", "a", "b"),
    CASES,
    ids=[f"{c[0]}-{'catches' if c[1] else 'lets-through'}-{i}" for i, c in enumerate(CASES)],
)
def test_rule(rule: str, fires: bool, langs: tuple[str, str], a: str, b: str) -> None:
    hits = check_pair(a, b, COMPACT, langs)
    assert any(h.rule == rule for h in hits) is fires, [(h.rule, h.message) for h in hits]


def test_every_rule_of_meaning_has_a_true_positive_and_a_near_miss() -> None:
    for rule in RULE_IDS:
        outcomes = {fires for r, fires, _, _, _ in CASES if r == rule}
        assert outcomes == {True, False}, rule


def test_every_rule_of_meaning_is_in_the_catalogue() -> None:
    assert set(RULE_IDS) <= set(RULES)
    assert len(MEANING_RULES) >= 12


def test_a_finding_names_the_words_on_each_side_and_why() -> None:
    (hit,) = [
        h
        for h in check_pair("Les Parties entendent agir.", "The Participants may act.")
        if h.rule == "modality"
    ]
    assert "entendent" in hit.message and "may" in hit.message
    assert "intention" in hit.message and "permission" in hit.message
    assert {lang for lang, _, _ in hit.spans} == {"fr", "en"}
    fr_span = next((s, e) for lang, s, e in hit.spans if lang == "fr")
    assert "Les Parties entendent agir."[slice(*fr_span)] == "entendent"


def test_a_date_changed_in_its_day_is_said_once() -> None:
    rules = [h.rule for h in check_pair("le 7 décembre 2022", "on December 8, 2022")]
    assert "numbers" in rules and "dates" not in rules  # the numbers check says it already
    rules = [h.rule for h in check_pair("le 7 décembre 2022", "on July 12, 2022")]
    assert rules == ["dates"]  # the same numbers: only the date rule sees it


def test_a_pair_of_languages_without_word_lists_gets_no_rule_of_meaning() -> None:
    hits = check_pair("O comitê não publica nada.", "The committee publishes.", None, ("pt", "en"))
    assert not [h for h in hits if h.rule in RULE_IDS]


# --- the word lists ---------------------------------------------------------------------------


def _raw(name: str) -> dict:  # type: ignore[type-arg]
    return yaml.load((DATA / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def _english(data: dict, path: tuple = ()) -> dict:  # type: ignore[type-arg]
    """Every list of English words of a pair file, by where it is."""
    found = {}
    for key, value in data.items():
        if key == "en":
            found[path] = value
        elif isinstance(value, dict):
            found.update(_english(value, (*path, key)))
    for entity in data.get("entities", []) if not path else []:
        found[("entities", entity["id"])] = entity.get("en")
    return found


def test_the_pair_files_are_shipped_for_french_and_spanish() -> None:
    assert {frozenset(("fr", "en")), frozenset(("es", "en"))} <= set(pair_files())
    assert load("fr", "en") is not None and load("en", "es") is not None


def test_the_english_lists_are_the_same_in_every_pair_file() -> None:
    fr, es = _english(_raw("fr-en.yaml")), _english(_raw("es-en.yaml"))
    assert fr == es


def test_both_pair_files_have_every_section_and_class() -> None:
    fr, es = _raw("fr-en.yaml"), _raw("es-en.yaml")
    assert set(fr) == set(es)
    for section in ("negation", "modality", "conditions", "limits", "references", "units",
                    "frequencies", "dates", "roles", "tiers"):  # fmt: skip
        assert set(fr[section]["en"]) == set(fr[section]["fr"]) or section == "negation"
        assert set(es[section]["en"]) == set(es[section]["es"]) or section == "negation"


def test_every_phrase_is_words_and_no_word_is_a_yaml_boolean() -> None:
    for name in ("fr-en.yaml", "es-en.yaml"):
        lexicon = load(*name.removesuffix(".yaml").split("-"))
        assert lexicon is not None
        negation = lexicon.lang("negation", "en")
        assert "no" in negation["words"]  # read as text, not as YAML 1.1's false
        for section in ("modality", "conditions", "units", "frequencies", "tiers"):
            for lang in lexicon.languages:
                for phrases in (lexicon.lang(section, lang) or {}).values():
                    for phrase in phrases:
                        assert tokenize(phrase, lang, lexicon.elisions(lang)), (name, phrase)


# --- the pair comes from the data -------------------------------------------------------------


SPANISH_COMPACT = """\
id: mex-2025
languages: [es, en]
sections:
  commitments:
    paragraphs:
      - es: El Gobierno de los Estados Unidos se propone aportar hasta 3 millones de dólares.
        en: The Government of the United States shall provide at least US$3 million.
      - es: Los Participantes podrán reunirse una vez al año.
        en: The Participants may meet once a year.
parties: []
"""


def test_a_spanish_compact_gets_the_same_rules(tmp_path: Path) -> None:
    compact = tmp_path / "mex-2025.yaml"
    compact.write_text(SPANISH_COMPACT, encoding="utf-8")
    report = check_paths([compact])
    rules = sorted(f.rule for f in report.findings)
    assert rules == ["limits", "modality"]
    assert all(f.location.path == "sections.commitments.paragraphs.0" for f in report.findings)
    assert "Spanish" in report.findings[0].message
    text = render(report, "text")
    assert "es: " in text and "en: " in text and "fr: " not in text


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "junit", "text"])
def test_findings_of_meaning_in_every_format(tmp_path: Path, fmt: str) -> None:
    compact = tmp_path / "mex-2025.yaml"
    compact.write_text(SPANISH_COMPACT, encoding="utf-8")
    out = render(check_paths([compact]), fmt)
    assert "modality" in out and "limits" in out
    if fmt == "sarif":
        rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
        assert {r["id"] for r in rules} >= set(RULE_IDS)


# --- a project's own stakes ---------------------------------------------------------------------


def test_a_project_sets_the_severity_of_a_rule(tmp_path: Path) -> None:
    compact = tmp_path / "mex-2025.yaml"
    compact.write_text(SPANISH_COMPACT, encoding="utf-8")
    config = tmp_path / ".cpc-check.yaml"
    config.write_text("severities:\n  limits: warning\n  modality: error\n", encoding="utf-8")
    report = check_paths([compact], waivers=config)
    assert {(f.rule, f.severity) for f in report.findings} == {
        ("limits", "warning"),
        ("modality", "error"),
    }
    assert report.exit_code() == 1


def test_a_severity_that_is_no_rule_or_level_is_an_input_error(tmp_path: Path) -> None:
    config = tmp_path / ".cpc-check.yaml"
    for bad in ("severities:\n  limit: warning\n", "severities:\n  limits: fatal\n"):
        config.write_text(bad, encoding="utf-8")
        report = check_paths([tmp_path], waivers=config)
        (finding,) = [f for f in report.findings if f.rule == "input"]
        assert finding.location.line == 2
        assert report.exit_code() == 2


def test_the_word_lists_travel_in_the_wheel() -> None:
    import tomllib

    root = Path(__file__).resolve().parent.parent
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert "cpc_docs.checks.concordance" in config["setuptools"]["packages"]
    patterns = config["setuptools"]["package-data"]["cpc_docs.checks.concordance"]
    assert all(any(path.match(p) for p in patterns) for path in DATA.glob("*-*.yaml"))
