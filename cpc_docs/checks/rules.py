"""The catalogue of translation checks: one id, one severity, one line of help each.

Errors are clear defects of substance — a fact, a name or a sentence that one authentic
version has and the other lacks. Anything a heuristic decides is a warning: the checker must be
quiet on good translations it has never seen, and `--strict` is there for those who want
warnings to fail the build too.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import Severity


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
        Rule("typography", "warning", "French or English typography the renderer cannot fix: "
             "a missing space before ; : ! ? or inside « », straight or English quotes in "
             "French, wrong ordinals (1ier, 2nd), a space before a punctuation mark in "
             "English."),
        Rule("glossary", "warning", "A glossary term is on one side but none of its "
             "translations is on the other."),
        Rule("template-parity", "error", "The French and English templates differ in files, "
             "blocks, variables, loops, conditions, macro calls or section structure."),
        Rule("template-filters", "warning", "The French and English templates apply different "
             "filters to the same value."),
        Rule("unused-waiver", "warning", "A waiver in .cpc-check.yaml matches no finding in the "
             "file it names: the defect was fixed, or the waiver is stale."),
    )
}  # fmt: skip


def severity(rule: str) -> Severity:
    return RULES[rule].severity
