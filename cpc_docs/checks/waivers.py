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
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path, PurePath

from ..errors import InputError, Location
from ..findings import Finding
from .rules import RULES

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


def load(path: str | Path) -> list[Waiver]:
    """Read a waiver file; raise InputError at the line of anything malformed."""
    from ..yamlsource import parse_file

    source = parse_file(path)
    data = source.data
    entries = data.get("waivers") if isinstance(data, dict) else data
    if isinstance(data, dict) and set(data) - {"waivers"}:
        extra = sorted(set(data) - {"waivers"})[0]
        raise InputError(
            f"unknown key {extra!r}; a waiver file has one key, 'waivers'",
            source.locate((extra,), key=True),
        )
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
