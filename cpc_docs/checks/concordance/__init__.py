"""Concordance: the two versions of a compact must *mean* the same, not only hold the same facts.

The checks of `fields` compare what both versions must share literally — numbers, e-mails,
placeholders, sentences. A translation can keep all of those and still change what a
government commits to: drop a "not", turn "may" into "shall", lose "subject to the
availability of funds", send the reader to another section, give the CNS's task to the CIM,
make thirty days thirty months. The rules here catch those changes of meaning. They are
deterministic and explainable: each finding names the words on each side that disagree and
why, so a language officer can trust it or waive it (`.cpc-check.yaml`), never a score.

Every rule reads its words from the pair's file (`fr-en.yaml`, `es-en.yaml`… beside this
module; see `lexicon`): a new language pair is a new file, a missed word a new line. The pair
is the data's (`languages:` of a compact, or the keys of a `{es: …, en: …}` text); a pair with
no file gets none of these rules.

The rules, one module each (their ids and severities are in `checks.rules.RULES`):

    negation          negation.py      "ne … pas", "sans", "non-public" / "not", "without"
    modality          modality.py      entend / s'efforce / peut / doit: the same strength
    conditions        conditions.py    sous réserve de, à moins que, uniquement, et/ou
    limits            limits.py        jusqu'à, au moins, moins de 18 ans / up to, at least
    cross-references  references.py    "section II" / "Section III", "annexe B" / "Annex A"
    entities, roles   entities.py      the same parties and bodies, doing the same things
    dates             dates.py         7 December 2022 is not 12 July 2022
    units, frequencies periods.py      30 days is not 30 months; once a year, not a month
    tiers             tiers.py         Tier 2 is not Tier 2 Watch List
    inline-list, duplicate-item  enumerations.py  list items inside a sentence
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from cpc_docs.checks.concordance.conditions import condition
from cpc_docs.checks.concordance.dates import date
from cpc_docs.checks.concordance.entities import entities
from cpc_docs.checks.concordance.enumerations import duplicate_item, inline_list
from cpc_docs.checks.concordance.lexicon import known_languages, load
from cpc_docs.checks.concordance.limits import limit
from cpc_docs.checks.concordance.modality import modality
from cpc_docs.checks.concordance.negation import negation
from cpc_docs.checks.concordance.periods import frequency, unit
from cpc_docs.checks.concordance.references import cross_references
from cpc_docs.checks.concordance.tiers import tier

if TYPE_CHECKING:
    from cpc_docs.checks.fields import Context, Hit, TextPair

MeaningRule = Callable[["TextPair", "Context"], Iterator["Hit"]]

# The rules of meaning, in the order their findings are listed.
MEANING_RULES: tuple[MeaningRule, ...] = (
    negation,
    modality,
    condition,
    limit,
    cross_references,
    entities,
    date,
    unit,
    frequency,
    tier,
    duplicate_item,
    inline_list,
)

# Rule ids of this package (checks.rules.RULES describes them).
RULE_IDS = (
    "negation", "modality", "modality-nuance", "conditions", "limits", "cross-references",
    "typed-reference", "entities", "roles", "dates", "units", "frequencies", "tiers",
    "duplicate-item", "inline-list",
)  # fmt: skip

__all__ = ["MEANING_RULES", "RULE_IDS", "known_languages", "load"]
