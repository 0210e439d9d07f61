"""Is this the PDF that was rendered and reviewed? The render's manifest says.

`cpc render` writes, beside its outputs, a manifest with the SHA-256 of each file. Signing
adds revisions to a PDF but never changes its first bytes, so the file as it was before the
first signature (`revisions.before_first_signature`) must hash to the manifest's entry for it.

Which manifest: the one named (`--manifest`), else the manifests in the PDF's folder
(`<id>.manifest.json` for a whole render, `<id>.fr.manifest.json`… for a part). The verdict:
- `matches`: a manifest lists this hash (its entry is named);
- `differs`: a manifest names this file (or the file it was copied from: a signed copy
  `civ-2022.fr.signed.pdf` is `civ-2022.fr.pdf`), or was named, but lists another hash;
- `absent`: no manifest to compare with (not a failure: a PDF may travel without one).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from cpc_docs.errors import InputError, Location

SIGNED_SUFFIX = ".signed"


@dataclass(frozen=True)
class ManifestCheck:
    """The outcome of comparing a revision with the manifests."""

    verdict: Literal["matches", "differs", "absent"]
    sha256: str  # of the revision compared
    manifest: Path | None = None  # the manifest that decided
    entry: str | None = None  # the output it lists (matches), or the one named (differs)
    expected: str | None = None  # the hash it lists for that entry (differs)
    read_errors: list[str] = field(default_factory=list)  # manifests beside it that are broken

    @property
    def ok(self) -> bool:
        return self.verdict != "differs"

    def describe(self) -> str:
        short = self.sha256[:16]
        if self.verdict == "matches":
            return f"the unsigned PDF (SHA-256 {short}…) is {self.entry} of {self.manifest}"
        if self.verdict == "differs":
            listed = f" (it lists {self.expected[:16]}…)" if self.expected else ""
            return (
                f"the unsigned PDF (SHA-256 {short}…) is not {self.entry or 'listed'} "
                f"of {self.manifest}{listed}: it is not the file that was rendered"
            )
        return f"no manifest to compare with (SHA-256 of the unsigned PDF: {short}…)"

    def as_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "sha256": self.sha256,
            "manifest": str(self.manifest) if self.manifest else None,
            "entry": self.entry,
            "expected": self.expected,
        }


def original_name(pdf: Path) -> str:
    """The name a render gave the file: `civ-2022.fr.signed.pdf` → `civ-2022.fr.pdf`."""
    stem = pdf.stem
    while stem.endswith(SIGNED_SUFFIX):
        stem = stem[: -len(SIGNED_SUFFIX)]
    return stem + pdf.suffix


def load_outputs(manifest: Path) -> dict[str, str]:
    """The outputs a manifest lists, name → SHA-256; a clear error when it is not one."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        outputs = data["outputs"]
        return {str(o["path"]): str(o["sha256"]).lower() for o in outputs}
    except OSError as exc:
        raise InputError(
            f"cannot read {manifest}: {exc.strerror}", Location(str(manifest))
        ) from None
    except (ValueError, KeyError, TypeError):
        raise InputError(
            f"{manifest} is not a cpc-docs manifest (no 'outputs' with path and sha256)",
            Location(str(manifest)),
            "give the <id>.manifest.json that 'cpc render' wrote",
        ) from None


def check_revision(revision: bytes, pdf: Path, manifest: Path | None = None) -> ManifestCheck:
    """Compare `revision` (the PDF before its first signature) with `manifest`, or with the
    manifests beside `pdf` when none is named."""
    digest = hashlib.sha256(revision).hexdigest()
    names = {pdf.name, original_name(pdf)}
    if manifest is not None:
        outputs = load_outputs(manifest)
        return _compare(digest, names, [(manifest, outputs)]) or ManifestCheck(
            "differs", digest, manifest, None
        )
    found: list[tuple[Path, dict[str, str]]] = []
    broken: list[str] = []
    for candidate in sorted(pdf.parent.glob("*.manifest.json")):
        try:
            found.append((candidate, load_outputs(candidate)))
        except InputError as exc:
            broken.append(str(exc))
    decided = _compare(digest, names, found)
    if decided is None:
        return ManifestCheck("absent", digest, read_errors=broken)
    return ManifestCheck(decided.verdict, digest, decided.manifest, decided.entry,
                         decided.expected, broken)  # fmt: skip


def _compare(
    digest: str, names: set[str], manifests: list[tuple[Path, dict[str, str]]]
) -> ManifestCheck | None:
    """`matches` from the first manifest listing `digest` (under one of `names` first), else
    `differs` from the first naming the file, else None."""
    for manifest, outputs in manifests:
        listed = [name for name, sha in outputs.items() if sha == digest]
        if listed:
            entry = next((n for n in listed if n in names), listed[0])
            return ManifestCheck("matches", digest, manifest, entry)
    for manifest, outputs in manifests:
        for name in sorted(names & set(outputs)):
            return ManifestCheck("differs", digest, manifest, name, outputs[name])
    return None
