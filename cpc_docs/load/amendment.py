"""The amendments of a compact checked as it is loaded: each change can be made.

A change names what it changes by its YAML path (`sections.purpose.paragraphs.0`) or a
commitment by its id; one that names nothing, or would leave an invalid compact, is an error at
the change's own line, like any schema error, so that no later stage (rules, render, reports)
meets a compact whose amended text cannot be made.
"""

from __future__ import annotations

from cpc_docs.findings import Finding
from cpc_docs.load.yamlsource import Source
from cpc_docs.model.amendment import ChangeError, amend
from cpc_docs.model.compact import Compact


def change_findings(compact: Compact, source: Source) -> list[Finding]:
    """The first change that cannot be made, as a finding at its line (none when all can:
    the changes after a broken one are checked once it is fixed)."""
    if not compact.amendments:
        return []
    try:
        amend(compact)
    except ChangeError as exc:
        number = exc.amendment + 1
        message = f"amendment {number}, change {exc.change + 1}: {exc.message}"
        return [Finding("amendment", "error", message, source.locate(exc.path, key=True))]
    return []
