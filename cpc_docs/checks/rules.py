"""The catalogue of translation checks: one id, one severity, one line of help each.

Errors are defects of substance, decided by stakes: a fact, a name or a sentence that one
authentic version has and the other lacks, and a change of meaning — a negation, the strength
of a commitment, a condition or limit, a cross-reference, a party, a date or a period that
differs (the rules of `concordance`, each naming the words at fault). What is a matter of
style or a heuristic's guess is a warning: the checker must be quiet on good translations it
has never seen, and `--strict` is there for those who want warnings to fail the build too.
`cpc render` refuses to write a compact with errors here (see `checks.gate`).
"""

from __future__ import annotations

from dataclasses import dataclass

from cpc_docs.findings import Severity


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str
    help: str = ""


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("input", "error", "A file cannot be read: YAML or template syntax, duplicate key, "
             "encoding, a malformed glossary or waiver file."),
        Rule("missing-translation", "error", "A language of a bilingual text is missing or "
             "empty, or the two sides do not have the same shape (list items, keys)."),
        Rule("untranslated", "error", "Prose left untranslated: the same text, or the same "
             "sentence, on both sides."),
        Rule("wrong-language", "error", "One side is written in the other language."),
        Rule("placeholders", "error", "A {placeholder} (a fact or cross-reference filled in "
             "by the renderer) is on one side only."),
        Rule("numbers", "error", "Numbers differ: digits, numbers in words, amounts, "
             "percentages, dates, times, ordinals, years, ages, currencies."),
        Rule("number-words", "warning", "A number written in words on one side has no "
             "counterpart on the other (\"les deux Parties\" / \"the Participants\" is fine, "
             "\"deux ans\" / \"years\" is not)."),
        Rule("emails", "error", "E-mail addresses differ."),
        Rule("urls", "error", "Web addresses differ."),
        Rule("phones", "error", "Telephone numbers differ."),
        Rule("omission", "error", "A sentence has no counterpart in the other language "
             "(Gale–Church sentence alignment)."),
        Rule("list-items", "error", "The number of list items (lines starting with -, *, 1., "
             "a)) differs."),
        Rule("acronyms", "warning", "An acronym on one side has no counterpart on the other "
             "(ONU/UN, ONG/NGO… are known; add others to the glossary)."),
        Rule("enumeration", "warning", "The number of inline enumerators — (a), (b), (i) — "
             "differs."),
        Rule("sentence-count", "warning", "The sentences do not align one to one (a sentence "
             "split or merged)."),
        Rule("length-ratio", "warning", "One side is much longer or shorter than a translation "
             "usually is."),
        Rule("brackets", "warning", "Brackets or quotation marks are unbalanced, or the number "
             "of quoted phrases differs."),
        Rule("repeated-word", "warning", "A word is repeated (\"the the\", \"de de\")."),
        Rule("typography", "warning", "Typography the renderer cannot fix, by each language's "
             "rules (templates/<lang>/check.yaml): a missing space before ; : ! ? or inside "
             "« », straight or English quotes in French, wrong ordinals (1ier, 2nd), a space "
             "before a punctuation mark in English or Spanish, a Spanish question or "
             "exclamation without its opening ¿ ¡."),
        Rule("glossary", "warning", "A glossary term is on one side but none of its "
             "translations is on the other."),
        Rule("template-parity", "error", "The French and English templates differ in files, "
             "blocks, variables, loops, conditions, macro calls or section structure."),
        Rule("template-filters", "warning", "The French and English templates apply different "
             "filters to the same value."),
        Rule("unused-waiver", "warning", "A waiver in .cpc-check.yaml matches no finding in the "
             "file it names: the defect was fixed, or the waiver is stale."),
        # --- meaning (cpc_docs/checks/concordance/, word lists per language pair) -----------
        Rule("negation", "error", "A sentence has a different number of negations in the two "
             "versions (\"ne … pas\", \"sans\", \"non-public\" / \"not\", \"without\"): one says "
             "the opposite of the other."),
        Rule("modality", "error", "The strength of a commitment differs: intend / endeavour / "
             "may / should / must (\"entend\", \"s'efforce\", \"peut\", \"doit\"; \"se propone\", "
             "\"podrá\", \"deberá\"), or a modal dropped."),
        Rule("modality-nuance", "warning", "Neighbouring strengths exchanged: must / should, "
             "intend / endeavour, or \"will\" against an intention or obligation."),
        Rule("conditions", "error", "A condition is on one side only or replaced: subject to, "
             "unless, only, and/or (\"sous réserve de\", \"à moins que\", \"uniquement\", "
             "\"et/ou\")."),
        Rule("limits", "error", "A bound on a number differs: up to / at least / less than / "
             "more than / about / no later than (\"jusqu'à\", \"au moins\", \"moins de 18 ans\" "
             "against \"18 or younger\")."),
        Rule("cross-references", "error", "A reference typed in prose differs: \"section II\" / "
             "\"Section III\", \"annexe B\" / \"Annex A\", \"section IV.A\" / \"Section IV.B\"."),
        Rule("typed-reference", "warning", "A compact's section or annex is cited by hand: "
             "write {ref:ID} so that the renderer numbers it the same in both versions."),
        Rule("entities", "error", "A party, body, agency or country is named in one version where "
             "the other names another one."),
        Rule("roles", "error", "The same bodies have different roles (through, with, to, on "
             "behalf of, subject): \"par le biais du CNS, avec le CIM\" / \"through the CIM, "
             "with the CNS\"."),
        Rule("dates", "error", "Dates compared whole (day, month, year) differ: 7 December 2022 "
             "is not 12 July 2022."),
        Rule("units", "error", "The unit of time of a number differs: \"30 jours\" / "
             "\"30 months\"."),
        Rule("frequencies", "error", "How often differs: \"une fois par an\" / \"once a "
             "month\"."),
        Rule("tiers", "error", "The TIP Report tier differs: Tier 2 is not Tier 2 Watch List."),
        Rule("duplicate-item", "error", "An item of a list inside a sentence is written twice in "
             "one version and not in the other (an item copied in place of another)."),
        Rule("inline-list", "warning", "A list inside a sentence has a different number of "
             "items in the two versions."),
    )
}  # fmt: skip


def severity(rule: str) -> Severity:
    return RULES[rule].severity
