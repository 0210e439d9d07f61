"""Every translation rule: a defect it must catch, and a near miss it must let through.

Each case is one French/English pair. `fires` says whether the rule must report it. The near
misses are the traps of real bilingual legal prose: "cinq (05)" beside "five (5)", "ONU" beside
"UN", "RAPPELANT" in capitals, "les deux Parties" beside "both Participants".
"""

from __future__ import annotations

import pytest

from cpc_docs.checks import RULES, check_pair
from cpc_docs.checks.fields import Context
from cpc_docs.checks.glossary import Glossary, Term

GLOSSARY = Glossary(
    [
        Term(("traite des enfants", "traite d'enfants"), ("child trafficking",)),
        Term(("Parties", "Partie"), ("Participants", "Participant")),
        Term(("ONG",), ("NGO",)),
        Term(("organisations non gouvernementales",), ("nongovernmental organizations",)),
        Term(("enfants",), ("child", "children")),
    ]
)

CASES = [
    # --- placeholders -----------------------------------------------------------------------
    ("placeholders", True, "Pendant une durée de {duration}.", "For a period of five years."),
    ("placeholders", True, "Voir la section {ref:goal}.", "See Section {ref:purpose}."),
    ("placeholders", False, "Pour {duration} selon la section {ref:goal}.",
     "As set out in Section {ref:goal}, for {duration}."),
    # --- numbers ----------------------------------------------------------------------------
    ("numbers", True, "pendant une durée de cinq (05) ans", "for a period of six (6) years"),
    ("numbers", False, "pendant une durée de cinq (05) ans", "for a period of five (5) years"),
    ("numbers", True, "pendant cinq ans", "for six years"),
    ("numbers", False, "pendant cinq ans", "for 5 years"),
    ("numbers", True, "jusqu'à 10 millions de dollars", "up to US$1 million"),
    ("numbers", False, "jusqu'à 10 millions de dollars des États-Unis", "up to US$10 million"),
    ("numbers", True, "1,5 milliard de dollars", "$1.5 million"),
    ("numbers", False, "1,5 milliard de dollars", "$1.5 billion"),
    ("numbers", True, "50 % des enfants", "50 children"),
    ("numbers", False, "cinquante pour cent des enfants", "50% of children"),
    ("numbers", True, "le 7 décembre 2022", "on December 8, 2022"),
    ("numbers", False, "le 07 décembre 2022", "on December 7, 2022"),
    ("numbers", False, "le 07/12/2022", "on 12/07/2022"),
    ("numbers", False, "du 6 au 8 novembre 2017", "November 6-8, 2017"),
    ("numbers", True, "le 1er mars 2024", "on March 2, 2024"),
    ("numbers", False, "le 1er mars 2024 à 14 h 30", "on March 1, 2024, at 2:30 p.m."),
    ("numbers", True, "le 2e objectif", "the third objective"),
    ("numbers", False, "le 2e objectif", "the second objective"),
    ("numbers", False, "1er objectif", "Objective 1"),
    ("numbers", True, "moins de 18 ans", "under the age of 16"),
    ("numbers", False, "moins de 18 ans", "under the age of eighteen"),
    ("numbers", True, "le rapport TIP 2022", "the 2021 TIP Report"),
    ("numbers", False, "près de 5 000 utilisateurs", "nearly 5,000 users"),
    ("numbers", False, "2,5 %", "2.5%"),
    ("numbers", True, "cinq (06) ans", "six (6) years"),  # the French contradicts itself
    ("numbers", True, "10 millions d'euros", "US$10 million"),  # currency
    ("numbers", False, "au XXIe siècle", "in the twenty-first century"),
    ("numbers", False, "en deux (02) exemplaires", "in duplicate"),
    # --- number-words -----------------------------------------------------------------------
    ("number-words", True, "dans trois provinces", "in the provinces"),
    ("number-words", False, "les deux Parties", "both Participants"),
    ("number-words", False, "un partenariat", "a partnership"),
    # --- emails, urls, phones ---------------------------------------------------------------
    ("emails", True, "Écrire à cns@1eredame.ci", "Write to cns@1erdame.ci"),
    ("emails", False, "Écrire à JTIPGrants@state.gov", "Write to jtipgrants@state.gov"),
    ("urls", True, "Voir www.famille.gouv.ci", "See www.famille.gov.ci"),
    ("urls", False, "Voir https://www.state.gov/j/tip/cpc/.", "See https://www.state.gov/j/tip/cpc/"),
    ("phones", True, "Tél. : +225 27 22 48 03 03", "Tel.: +225 27 22 48 03 30"),
    ("phones", False, "Tél. : +225 27 20 21 77 02", "Tel.: 27 20 21 77 02"),
    # --- untranslated, wrong language -------------------------------------------------------
    ("untranslated", True, "Les Parties entendent se consulter régulièrement.",
     "Les Parties entendent se consulter régulièrement."),
    ("untranslated", False, "Abidjan", "Abidjan"),
    ("untranslated", False, "Chargé d'Affaires", "Chargé d'Affaires"),
    ("untranslated", True,
     "Les Parties se consultent. Elles règlent tout différend à l'amiable entre elles.",
     "The Participants consult. Elles règlent tout différend à l'amiable entre elles."),
    ("wrong-language", True, "The Participants intend to meet once a year with the partners "
     "of the civil society to review the progress of the partnership.",
     "The Participants intend to meet once a year with the partners."),
    ("wrong-language", False, "Le Comité se réunit une fois par an.",
     "The Comité National de Lutte contre la Traite des Personnes et de la Protection des "
     "Enfants meets once a year."),
    # --- omission, sentence-count, length-ratio ---------------------------------------------
    ("omission", True,
     "Les Parties entendent se réunir une fois par an pour examiner les progrès réalisés. "
     "Le comité de suivi présente un rapport écrit aux deux gouvernements avant chaque réunion. "
     "Les décisions sont prises par consensus.",
     "The Participants intend to meet once a year to review progress. "
     "Decisions are made by consensus."),
    ("omission", False,
     "Les Parties entendent se réunir une fois par an pour examiner les progrès réalisés ; "
     "les décisions sont prises par consensus.",
     "The Participants intend to meet once a year to review progress. "
     "Decisions are made by consensus."),
    ("sentence-count", True,
     "Les Parties entendent se réunir une fois par an pour examiner les progrès réalisés ; "
     "les décisions sont prises par consensus.",
     "The Participants intend to meet once a year to review progress. "
     "Decisions are made by consensus."),
    ("sentence-count", False, "Les Parties se réunissent. Elles décident.",
     "The Participants meet. They decide."),
    ("length-ratio", True,
     "Le présent partenariat relatif au CPC ne constitue pas un accord international et ne crée "
     "pas d'obligations contraignantes entre les Parties aux termes de droit international ou "
     "national.",
     "This CPC partnership is not an international agreement."),
    ("length-ratio", False,
     "Le présent partenariat relatif au CPC ne constitue pas un accord international et ne crée "
     "pas d'obligations contraignantes entre les Parties aux termes de droit international ou "
     "national.",
     "This CPC partnership does not constitute an international agreement and does not create "
     "legally binding obligations between the Participants under international or domestic law."),
    # --- list items, enumeration ------------------------------------------------------------
    ("list-items", True, "Les programmes :\n- bilatéraux ;\n- régionaux ;\n- mondiaux.",
     "The programs:\n- bilateral;\n- regional."),
    ("list-items", False, "Les programmes :\n- bilatéraux ;\n- régionaux.",
     "The programs:\n* bilateral;\n* regional."),
    ("enumeration", True, "le budget comprend a) les salaires, b) les frais et c) le reste.",
     "the budget comprises (a) salaries and (b) costs."),
    ("enumeration", False, "le budget comprend a) les salaires et b) les frais (CNS).",
     "the budget comprises (a) salaries and (b) costs (CNS)."),
    # A ")" after a lone letter closes the bracket: "(voir le point b)" is no enumerator.
    ("enumeration", False, "Elles (voir le point b) s'engagent à : a) prévenir ; b) protéger.",
     "They (see item (b)) undertake to: (a) prevent; (b) protect."),
    # --- acronyms ---------------------------------------------------------------------------
    ("acronyms", True, "en collaboration avec le CNS", "in collaboration with the CIM"),
    ("acronyms", False, "avec l'ONU, l'OMS et les ONG", "with the UN, WHO and NGOs"),
    ("acronyms", False, "RAPPELANT les relations entre les Parties,",
     "RECOGNIZING the relationship between the Participants,"),
    ("acronyms", False, "PARTENARIAT RELATIF AU PACTE (CPC)", "CHILD PROTECTION COMPACT (CPC)"),
    # --- brackets ---------------------------------------------------------------------------
    ("brackets", True, "Ci-après désignés « les Parties »),", "Hereinafter “the Participants”,"),
    ("brackets", True, "« Enfant » désigne", "“Child means"),
    ("brackets", False, "a) les salaires (45 %) ;", "a) salaries (45%);"),
    # A capital letter before ")" is a reference, not a list label "A)" (a user's report).
    ("brackets", False, "TODO : une activité illustrative de prévention (annexe A).",
     "TODO: an illustrative prevention activity (Annex A)."),
    ("brackets", False, "Former les travailleurs sociaux (voir la section B) à la prise en charge.",
     "Train social workers (see section B) in caring for victims."),
    ("brackets", False, "Elle vise (notamment a) la prévention et b) la protection) (annexe A).",
     "It covers (in particular (a) prevention and (b) protection) (Annex A)."),
    ("brackets", True, "Former les travailleurs sociaux (voir la section B à la prise en charge.",
     "Train social workers (see section B) in caring for victims."),
    ("brackets", True, "Les Parties s'engagent à : A) prévenir (voir l'annexe.",
     "The Participants undertake to: A) prevent (see the annex)."),
    # A label starting a line or after ";" is one: it closes no bracket left open before.
    ("brackets", True, "Le budget :\na) les salaires (45 % ;\nb) les frais.",
     "The budget:\na) salaries (45%);\nb) costs."),
    ("brackets", True, "a) les salaires (45 % ; b) les frais.", "a) salaries (45%); b) costs."),
    # --- repeated-word ----------------------------------------------------------------------
    ("repeated-word", True, "la mise en œuvre de de la stratégie",
     "the implementation of the strategy"),
    ("repeated-word", True, "la stratégie", "the the strategy"),
    ("repeated-word", False, "nous nous engageons", "we commit; that that is so"),
    # --- typography -------------------------------------------------------------------------
    ("typography", True, "Les Parties conviennent de ce qui suit:", "The Participants agree:"),
    ("typography", True, "désignés «les Parties»", "referred to as “the Participants”"),
    ("typography", True, 'désignés "les Parties"', "referred to as “the Participants”"),
    ("typography", True, "le 1ier objectif", "the first objective"),
    ("typography", True, "le 2nd objectif", "the second objective"),
    ("typography", True, "Les Parties :", "The Participants :"),
    ("typography", False, "Les Parties conviennent de ce qui suit : « mot » ; voir {ref:goal}.",
     "The Participants agree: “word”; see {ref:goal}."),
    ("typography", False, "le 2ème objectif, le 1er, la 1re, à 14:30", "the 2nd objective"),
    # --- glossary ---------------------------------------------------------------------------
    ("glossary", True, "La traite des enfants est un crime.",
     "The exploitation of minors is a crime."),
    ("glossary", False, "La traite d'enfants est un crime.", "Child trafficking is a crime."),
    ("glossary", False, "Les Parties et les ONG.", "The Participants and NGOs."),
    ("glossary", False, "des organisations non gouvernementales",
     "non-governmental organizations"),  # a hyphen is no difference
    ("glossary", False, "des espaces adaptés aux enfants", "child-friendly spaces"),
]  # fmt: skip


def _fires(rule: str, fr: str, en: str) -> bool:
    hits = check_pair(fr, en, Context(glossary=GLOSSARY))
    return any(h.rule == rule for h in hits)


@pytest.mark.parametrize(
    ("rule", "fires", "fr", "en"),
    CASES,
    ids=[f"{c[0]}-{'catches' if c[1] else 'lets-through'}-{i}" for i, c in enumerate(CASES)],
)
def test_rule(rule: str, fires: bool, fr: str, en: str) -> None:
    assert _fires(rule, fr, en) is fires


FIELD_RULE_IDS = {
    "placeholders", "numbers", "number-words", "emails", "urls", "phones", "untranslated",
    "wrong-language", "omission", "sentence-count", "length-ratio", "list-items", "enumeration",
    "acronyms", "brackets", "repeated-word", "typography", "glossary",
}  # fmt: skip


def test_every_field_rule_has_a_true_positive_and_a_near_miss() -> None:
    for rule in FIELD_RULE_IDS:
        outcomes = {fires for r, fires, _, _ in CASES if r == rule}
        assert outcomes == {True, False}, rule


def test_every_rule_is_in_the_catalogue_with_a_severity() -> None:
    assert set(RULES) >= FIELD_RULE_IDS
    for rule in RULES.values():
        assert rule.severity in ("error", "warning")
        assert rule.summary


def test_errors_are_the_defects_of_substance() -> None:
    errors = {r.id for r in RULES.values() if r.severity == "error"}
    assert errors == {
        "input", "missing-translation", "untranslated", "wrong-language", "placeholders",
        "numbers", "emails", "urls", "phones", "omission", "list-items", "template-parity",
        # changes of meaning (issue 16): decided by stakes, not by how sure a heuristic is
        "negation", "modality", "conditions", "limits", "cross-references", "entities",
        "roles", "dates", "units", "frequencies", "tiers", "duplicate-item",
    }  # fmt: skip


def test_a_hit_marks_the_spans_at_fault_on_each_side() -> None:
    hits = check_pair("pendant cinq (05) ans", "for six (6) years")
    (hit,) = [h for h in hits if h.rule == "numbers"]
    assert ("fr", 8, 17) in hit.spans  # "cinq (05)"
    assert ("en", 4, 11) in hit.spans  # "six (6)"
    assert "5" in hit.message and "6" in hit.message


def test_the_placeholder_regex_is_the_models() -> None:
    from cpc_docs.checks.text import PLACEHOLDER
    from cpc_docs.model.compact import PLACEHOLDER as MODEL

    for text in ("{duration}", "{duration:number}", "{ref:goal}", "{term:1}", "{{", "}}",
                 "{notice:digits}", "{ref:annual-meeting}", "{Bad}", "{ref:}"):  # fmt: skip
        assert bool(PLACEHOLDER.fullmatch(text)) == bool(MODEL.fullmatch(text)), text
