"""Translation consistency: both language versions of a compact say the same thing.

Both versions of a compact are equally authentic, so a difference of substance between them is
a defect to catch before signature. `check_paths` finds every bilingual text (`{fr: …, en: …}`,
`{es: …, en: …}`) in YAML files — compacts, reports, the glossary, plain files of pairs — and
checks each pair; it also compares French and English templates. The facts both versions must
share are compared by `fields`; what they mean (negation, modality, conditions, limits,
cross-references, parties and roles, dates, periods) by `concordance`, with word lists per
language pair. See `rules.RULES` for what is checked; `gate` is how `cpc render` refuses a
discordant compact.

    from cpc_docs.checks import check_paths
    report = check_paths(["compacts/civ-2022.yaml"], shipped_termbase=True)
    for finding in report.findings: print(finding)
    report.summary, report.exit_code()
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cpc_docs.checks.fields import Context, Hit, check_pair
    from cpc_docs.checks.rules import RULES, Rule
    from cpc_docs.checks.runner import CheckReport, check_paths

__all__ = ["RULES", "CheckReport", "Context", "Hit", "Rule", "check_pair", "check_paths"]

# Imported when first asked for: `cpc render` imports `checks.gate`, and a compact whose
# verdict is cached never needs the rules (~40 ms of imports, most of it compiling their
# regular expressions).
_HOME = {
    "Context": "fields", "Hit": "fields", "check_pair": "fields",
    "RULES": "rules", "Rule": "rules",
    "CheckReport": "runner", "check_paths": "runner",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
