"""Reviewed exceptions: a finding someone looked at and accepted, with the reason why.

    # .cpc-check.yaml
    waivers:
      - rule: numbers
        path: sections.description.paragraphs.0     # the field; * and ? match as in a shell
        file: compacts/civ-2022.yaml                # optional: only in this file
        reason: The signed French says "quinquennal"; the English says five-year.

A waiver silences one rule at one field, never a rule everywhere, so CI stays green without
hiding the next defect of the same kind. Its reason is required: a waiver is a decision, and
the file is where reviewers find it. A waiver that matches nothing in a file it names is
reported, so stale waivers do not pile up.

A project may also set how grave a rule is, where its stakes differ from the default (an
error stops `cpc render`; a warning does not):

    severities:
      inline-list: error        # our lists are counted items: a missing one is a defect
      modality-nuance: error
      entities: warning         # several ministries share a name in our compacts
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from cpc_docs.checks.rules import RULES
from cpc_docs.errors import InputError, Location
from cpc_docs.findings import Finding, Severity

DEFAULT_FILE = ".cpc-check.yaml"


@dataclass(frozen=True)
class Waiver:
    rule: str
    path: str
    reason: str
    file: str | None
    location: Location

    def matches(self, finding: Finding) -> bool:
        if not fnmatch.fnmatchcase(finding.rule, self.rule):
            return False
        if not fnmatch.fnmatchcase(finding.location.path, self.path):
            return False
        return self.file is None or same_file(finding.location.file, self.file)

    def names(self, file: str) -> bool:
        return self.file is not None and same_file(file, self.file)


def same_file(actual: str, pattern: str) -> bool:
    """Whether a checked file is the one a waiver names (a glob, relative to any folder)."""
    actual_posix = PurePath(actual).as_posix()
    pattern = PurePath(pattern).as_posix()
    if fnmatch.fnmatchcase(actual_posix, pattern):
        return True
    return fnmatch.fnmatchcase(actual_posix, "*/" + pattern.lstrip("./"))


KEYS = ("waivers", "severities")


def load(path: str | Path) -> list[Waiver]:
    """Read a waiver file; raise InputError at the line of anything malformed."""
    return read(path)[0]


def read(path: str | Path) -> tuple[list[Waiver], dict[str, Severity]]:
    """The waivers and the severities a project sets (`severities: {rule: error}`); raise
    InputError at the line of anything malformed."""
    from cpc_docs.load.yamlsource import parse_file

    source = parse_file(path)
    data = source.data
    entries = data.get("waivers") if isinstance(data, dict) else data
    if isinstance(data, dict) and set(data) - set(KEYS):
        extra = sorted(set(data) - set(KEYS))[0]
        raise InputError(
            f"unknown key {extra!r}; the keys of {DEFAULT_FILE} are 'waivers' and 'severities'",
            source.locate((extra,), key=True),
        )
    severities = _severities(data.get("severities") if isinstance(data, dict) else None, source)
    return _waivers(entries, data, source), severities


def _severities(value: Any, source: Any) -> dict[str, Severity]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(
            "`severities` maps a rule to error or warning", source.locate(("severities",))
        )
    found: dict[str, Severity] = {}
    for rule, level in value.items():
        where = source.locate(("severities", rule))
        if rule not in RULES or rule in ("input", "unused-waiver"):
            known = ", ".join(sorted(set(RULES) - {"input", "unused-waiver"}))
            raise InputError(f"{rule!r} is not a rule whose severity can be set", where, known)
        if level not in ("error", "warning"):
            raise InputError(f"the severity of {rule!r} is error or warning, not {level!r}", where)
        found[str(rule)] = level
    return found


def _waivers(entries: Any, data: Any, source: Any) -> list[Waiver]:
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise InputError("`waivers` is a list of {rule, path, reason}", source.locate(("waivers",)))
    prefix: tuple[str | int, ...] = ("waivers",) if isinstance(data, dict) else ()
    waivers = []
    for i, entry in enumerate(entries):
        where = source.locate((*prefix, i))
        if not isinstance(entry, dict):
            raise InputError("a waiver is a mapping with rule, path and reason", where)
        unknown = set(entry) - {"rule", "path", "reason", "file"}
        if unknown:
            key = sorted(unknown)[0]
            raise InputError(
                f"unknown key {key!r} in a waiver; the keys are rule, path, file, reason",
                source.locate((*prefix, i, key), key=True),
            )
        for key in ("rule", "path", "reason"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                raise InputError(
                    f"the waiver has no {key!r}",
                    where,
                    "every waiver says which rule, at which field path, and why it is accepted",
                )
        rule = entry["rule"].strip()
        if not any(fnmatch.fnmatchcase(r, rule) for r in RULES):
            raise InputError(
                f"{rule!r} is not a rule; the rules are {', '.join(sorted(RULES))}",
                source.locate((*prefix, i, "rule")),
            )
        file = entry.get("file")
        if file is not None and not isinstance(file, str):
            raise InputError("`file` is a path", source.locate((*prefix, i, "file")))
        waivers.append(Waiver(rule, entry["path"].strip(), entry["reason"].strip(), file, where))
    return waivers
