"""Nothing discordant gets signed: the translation check `cpc render` runs before it writes.

Both language versions of a compact are equally authentic, so a PDF whose French and English
disagree is not ready for signature, however good it looks. `cpc render` runs the checks of
`cpc check` on the compact it renders (that file only, without the glossary, whose findings
are all warnings; the reviewed waivers of `.cpc-check.yaml` apply) and, on an error, writes
nothing and says why, listing the findings. `--allow-discordant` renders anyway, for a draft
to review; the findings then go into the manifest beside the hashes of what was rendered, so
nobody mistakes that set for a concordant one, and each file's metadata says so too (the
pipeline wraps its documents in `Discordant`; see document.Metadata.discordance_note). Every
manifest records the check's result.

    gate = run(Path("compacts/civ-2022.yaml"))
    gate.errors, gate.warnings, gate.waived, gate.seconds
    gate.findings(allowed=False)    # what the render prints
    gate.record(allowed=False)      # what the manifest keeps
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpc_docs import cache as user_cache
from cpc_docs.checks.waivers import DEFAULT_FILE
from cpc_docs.findings import Finding

if TYPE_CHECKING:
    from cpc_docs.checks.runner import CheckMemo
    from cpc_docs.document import Document, DocumentSource

OPTION = "--allow-discordant"


@dataclass
class Gate:
    """The result of the translation check of one compact, before it is rendered."""

    errors: list[Finding] = field(default_factory=list)
    warnings: int = 0  # of the rules run: those that can give an error
    waived: int = 0
    waivers: str | None = None  # the waiver file used, as found
    seconds: float = 0.0
    cached: bool = False  # read back from the user's cache (see `run`)

    @property
    def concordant(self) -> bool:
        return not self.errors

    def findings(self, allowed: bool, by: str = f"rendered with {OPTION}") -> list[Finding]:
        """The errors as the render reports them: errors that stop it, or warnings that say
        what let them through (`by`: `--allow-discordant`, or a draft's review)."""
        if not allowed:
            return list(self.errors)
        return [replace(f, severity="warning", message=f"{f.message} ({by})") for f in self.errors]

    def refusal(self, path: Path) -> str:
        count = len(self.errors)
        return (
            f"{path}: not rendered: its language versions disagree ({count} error(s) of "
            f"cpc check, above); a discordant instrument is not signature-ready. Fix them, "
            f"waive the reviewed ones in {DEFAULT_FILE}, or pass {OPTION} for a draft to review"
        )

    def record(self, allowed: bool) -> dict[str, Any]:
        """What the manifest keeps: the counts, whether the render was allowed although
        discordant, and each error (rule, field, line, message) — no file path, so that the
        manifest is the same bytes from any working folder."""
        return {
            "concordant": self.concordant,
            "errors": len(self.errors),
            "warnings": self.warnings,
            "waived": self.waived,
            "allowed_discordant": bool(allowed and self.errors),
            "findings": [
                {
                    "rule": f.rule,
                    "path": f.location.path,
                    "line": f.location.line,
                    "message": f.message,
                }
                for f in self.errors
            ],
        }


def waiver_file(compact: Path) -> Path | None:
    """The `.cpc-check.yaml` that applies to a compact: in its folder or a folder above it,
    up to the root of the repository it is in (as `cpc check` finds it from there)."""
    folder = compact.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / DEFAULT_FILE).is_file():
            return candidate / DEFAULT_FILE
        if (candidate / ".git").exists() or (candidate / "pyproject.toml").exists():
            break
    return None


def errors_wanted(waivers: Path | None) -> frozenset[str] | None:
    """The rules whose findings are errors for this project (the defaults, changed by the
    `severities:` of its .cpc-check.yaml): the only ones the gate needs to run. None (all)
    when the file cannot be read: the check reports that."""
    from cpc_docs.checks.rules import RULES
    from cpc_docs.checks.waivers import read
    from cpc_docs.errors import CpcError

    severities = {}
    if waivers is not None:
        try:
            severities = read(waivers)[1]
        except CpcError:
            return None
    return frozenset(
        rule.id for rule in RULES.values() if severities.get(rule.id, rule.severity) == "error"
    )


def run(compact: Path, memo: CheckMemo | None = None) -> Gate:
    """Check one compact's language versions; the errors decide whether it is rendered. Only
    the rules that can give an error run (a render does not pay for the warnings' rules; `cpc
    check` shows those). `memo`: the pairs an earlier run of this process checked (`cpc
    watch`; see runner.CheckMemo).

    The verdict on a file is kept in the user's cache (cpc_docs/cache.py), by a key of all it
    depends on: the file's path and bytes, the waiver file's path and bytes, and the code and
    data of cpc-docs and of the libraries it runs with. The check is ~0.15 s of a render's
    ~0.6 s and gives the same verdict until one of those changes: rendering the same compact
    again (another language or format, a render after a `git pull` that did not touch it, a
    batch run again) reads it back instead."""
    started = time.perf_counter()
    waivers = waiver_file(compact)
    inputs = _read(compact, waivers)
    key = _key(compact, waivers, inputs) if inputs else None
    gate = _cached(key) if key else None
    if gate is None:
        # The compact checked is the bytes of the key, not the file read again: a save in
        # between (`cpc watch`, an editor saving twice) would file a verdict under text it
        # never checked. The waiver file, read by the check itself, must not have changed.
        gate = _check(compact, waivers, memo, inputs[0] if inputs else None)
        if key and _read(compact, waivers) == inputs:
            user_cache.write(_FOLDER, key, ".json", _dump(gate))
    gate.seconds = time.perf_counter() - started
    return gate


def _check(
    compact: Path, waivers: Path | None, memo: CheckMemo | None, data: bytes | None = None
) -> Gate:
    from cpc_docs.checks.runner import check_paths

    contents = {compact: data} if data is not None else None
    only = errors_wanted(waivers)
    report = check_paths(
        [compact], waivers=waivers, jobs=1, only=only, memo=memo, contents=contents
    )
    return Gate(
        errors=[f for f in report.findings if f.severity == "error"],
        warnings=sum(f.severity == "warning" for f in report.findings),
        waived=len(report.waived),
        waivers=str(waivers) if waivers else None,
    )


_FOLDER = "gate"


def _read(compact: Path, waivers: Path | None) -> tuple[bytes, bytes | None] | None:
    """The bytes of the compact and of its waiver file; None when one cannot be read (the
    check then runs, uncached, and reports that)."""
    try:
        return compact.read_bytes(), waivers.read_bytes() if waivers is not None else None
    except OSError:
        return None


def _key(compact: Path, waivers: Path | None, inputs: tuple[bytes, bytes | None]) -> str:
    """The cache key of a compact's verdict: its path and bytes, its waiver file's, the code."""
    digest = hashlib.sha256(b"cpc-docs render gate 1\0" + user_cache.installed_code())
    for path, data in zip((compact, waivers), inputs, strict=True):
        digest.update(f"\0{path}\0".encode("utf-8", "surrogateescape"))
        if data is not None:
            digest.update(b"%d\0" % len(data) + data)
    return digest.hexdigest()


def _dump(gate: Gate) -> bytes:
    return json.dumps(
        {
            "errors": [f.as_dict() for f in gate.errors],
            "warnings": gate.warnings,
            "waived": gate.waived,
            "waivers": gate.waivers,
        }
    ).encode()


def _cached(key: str) -> Gate | None:
    """The verdict kept under `key`, or None (none, or an entry that cannot be read)."""
    data = user_cache.read(_FOLDER, key, ".json")
    if data is None:
        return None
    try:
        kept = json.loads(data)
        errors = [Finding.from_dict(error) for error in kept["errors"]]
        warnings, waived = int(kept["warnings"]), int(kept["waived"])
        return Gate(errors, warnings, waived, kept["waivers"], cached=True)
    except (ValueError, KeyError, TypeError):
        return None


@dataclass(frozen=True)
class Discordant:
    """A document rendered although the check found errors (`--allow-discordant`, a draft):
    its metadata carries their number, and the writers mark its files not concordant, not
    for signature (document.Metadata.discordance_note). Picklable, as the source it wraps."""

    source: DocumentSource
    errors: int

    def document(self) -> Document:
        doc = self.source.document()
        doc.meta.discordant = self.errors
        return doc
