"""Writing outputs safely, and the manifest that lets signatories verify them.

Every file is written to a temporary name in the target folder and renamed into place, so an
interrupted run, a full disk or a crash never leaves a half-written document where a finished
one is expected. The manifest records the SHA-256 of every input and output, and the inputs'
combined fingerprint is printed in each document's footer.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cpc_docs.errors import Location, OutputError
from cpc_docs.shipped import PACKAGE_DIR, TEMPLATE_ROOT


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


Input = tuple[str, Path]  # (role, file): "compact", "templates/fr/compact.md.j2", …


def render_inputs(
    main: list[Input],
    template_root: Path,
    template: str,
    languages: Iterable[str],
    words: Iterable[str] = ("locale.yaml",),
) -> list[Input]:
    """Everything a document's bytes depend on that a person can change: its data, the
    template, the reference DOCX (the styles) and the formulas of *every* language (a file is
    the same whether rendered alone or with the others), the language's words the document
    prints (`words`: locale.yaml's dates, numbers and draft mark; report.yaml's labels), the
    standard clauses a compact may cite and the PDF layout. A restyled reference.docx, an
    edited clause or a language's changed word changes the fingerprint as it changes the
    documents; the glossary and check.yaml, read only by `cpc check`, do not."""
    package = PACKAGE_DIR
    inputs = list(main)
    words = tuple(words)
    for lang in languages:
        for name in (template, "reference.docx", "formulas.yaml"):
            path = template_root / lang / name
            if path.exists():
                inputs.append((f"templates/{lang}/{name}", path))
        for name in words:  # always the shipped folder's: see shipped.language_data
            path = TEMPLATE_ROOT / lang / name
            if path.exists():
                inputs.append((f"templates/{lang}/{name}", path))
    inputs.append(("cpc_docs/clauses.yaml", package / "clauses.yaml"))
    inputs.append(("cpc_docs/writers/instrument.typ", package / "writers" / "instrument.typ"))
    return inputs


def fingerprint(inputs: Iterable[Input], manifest_dir: Path) -> tuple[str, list[dict[str, str]]]:
    """The SHA-256 over all inputs (role and content), and each input's own SHA-256.

    Roles, not file names or folders, enter the hash: the same compact gives the same
    fingerprint wherever the file is and whatever it is called. Each input's path is said
    from the manifest's folder (`manifest_dir`), so the manifest's bytes do not depend on
    the folder `cpc render` was run from.
    """
    total = hashlib.sha256()
    each: list[dict[str, str]] = []
    for role, path in sorted(inputs):
        digest = sha256(path.read_bytes())
        each.append({"role": role, "path": shown_from(path, manifest_dir), "sha256": digest})
        total.update(f"{role}\0{digest}\n".encode())
    return total.hexdigest(), each


PACKAGE_PREFIX = "cpc-docs:"


def shown_from(path: Path, folder: Path) -> str:
    """How a manifest names an input: a file shipped with cpc-docs as `cpc-docs:` and its
    place in the package (wherever the package is installed); any other file relative to
    the manifest's folder (`../compacts/civ-2022.yaml`), absolute only where no relative
    path exists (another drive)."""
    resolved = path.resolve()
    for root, prefix in ((TEMPLATE_ROOT.resolve(), "templates/"), (PACKAGE_DIR, "")):
        if resolved.is_relative_to(root):
            return PACKAGE_PREFIX + prefix + resolved.relative_to(root).as_posix()
    try:
        return Path(os.path.relpath(resolved, folder.resolve())).as_posix()
    except ValueError:
        return resolved.as_posix()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` all at once, or not at all."""
    hint = "choose a folder you can write to"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        # The folder could not be made (a read-only or virtual file system such as /proc says
        # "No such file or directory"): say so, rather than that a file cannot be written.
        raise OutputError(
            f"cannot create the folder {path.parent}: {exc.strerror}", Location(str(path)), hint
        ) from None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise OutputError(
            f"cannot write in {path.parent}: {exc.strerror}", Location(str(path)), hint
        ) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write: {exc.strerror}", Location(str(path))) from None
        raise


def manifest_path(
    output_dir: Path,
    stem: str,
    names: list[str],
    languages: list[str],
    formats: list[str] | tuple[str, ...],
) -> Path:
    """Where the manifest of one render goes. The whole set (every language, DOCX and PDF)
    has `<stem>.manifest.json`; a part of it names what it holds, its documents unless they
    are all the languages ("en", "fr+en" a choice, "fr-en" the side-by-side edition) and its
    formats unless both: `<stem>.en.manifest.json`, `<stem>.fr.pdf.manifest.json`. So
    rendering a part never replaces the record of the whole set (which a signatory may be
    relying on) with a list that leaves files out."""
    parts = [] if sorted(names) == sorted(languages) else ["+".join(names)]
    parts += [] if set(formats) == {"docx", "pdf"} else ["+".join(formats)]
    return output_dir / ".".join([stem, *parts, "manifest.json"])


def write_manifest(
    path: Path, document_id: str, fingerprint_hex: str, inputs: list[dict[str, str]],
    outputs: dict[Path, bytes], extra: dict[str, Any] | None = None,
) -> None:  # fmt: skip
    """The manifest, written once; `extra` adds keys after the outputs (a compact's "check")."""
    manifest = {
        "compact": document_id,
        "fingerprint": fingerprint_hex,
        "inputs": inputs,
        "outputs": [
            {"path": out.name, "sha256": sha256(data), "bytes": len(data)}
            for out, data in sorted(outputs.items())
        ],
        **(extra or {}),
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    write_atomic(path, text.encode("utf-8"))


def current_manifest(manifest: Path, digest: str, outputs: list[Path]) -> dict[str, Any] | None:
    """The manifest at `manifest` if it records the fingerprint `digest` and lists each of
    `outputs`, every one still in its folder with the SHA-256 recorded; else None (no
    manifest, another fingerprint, a file missing or changed since, a manifest that cannot be
    read). What `cpc render --changed` skips a compact on."""
    try:
        recorded = json.loads(manifest.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(recorded, dict) or recorded.get("fingerprint") != digest:
        return None
    listed = recorded.get("outputs")
    hashes = {
        entry.get("path"): entry.get("sha256")
        for entry in (listed if isinstance(listed, list) else [])
        if isinstance(entry, dict)
    }
    for path in outputs:
        if path.name not in hashes:
            return None
        try:
            if sha256(path.read_bytes()) != hashes[path.name]:
                return None
        except OSError:
            return None
    return recorded


def refuse_signed(path: Path) -> None:
    """Refuse to replace a PDF that carries a signature: it may be the only signed copy."""
    if path.suffix != ".pdf" or not path.exists():
        return
    try:
        raw = path.read_bytes()
    except OSError:
        return
    if b"/ByteRange" not in raw:
        # Every PDF signature has a /ByteRange, and its dictionary is never inside a compressed
        # object stream (its /Contents must sit at the byte range it names), so the bytes show
        # it. Without one, nothing is signed.
        return
    import logging

    from pypdf import PdfReader

    # pypdf logs what it repairs ("EOF marker not found"); the user gets our message instead.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        fields = PdfReader(io.BytesIO(raw)).get_fields() or {}
    except Exception:  # pypdf has many ways to fail on a damaged or encrypted file
        # It has a /ByteRange, so it may well be signed; damaged (a copy cut short, a broken
        # cross-reference), encrypted or beyond pypdf, it must not be replaced on a guess. This
        # used to return ("nothing signed to protect") and the file was overwritten.
        raise OutputError(
            f"{path} has a signature's /ByteRange but cannot be read; not overwritten",
            Location(str(path)),
            "it may be a signed copy: move it away, or pass --force to replace it",
        ) from None
    signed = [name for name, f in fields.items() if f.get("/FT") == "/Sig" and f.get("/V")]
    if signed:
        raise OutputError(
            f"{path} is signed ({', '.join(signed)}); not overwritten",
            Location(str(path)),
            "move it away, or pass --force to replace it",
        )
    # A /ByteRange but no signed field that pypdf can see: a copy cut short makes pypdf
    # rebuild the file from an earlier revision, the unsigned one. A guess either way; the
    # one that cannot lose a signed copy is to keep it.
    raise OutputError(
        f"{path} has a signature's /ByteRange but no readable signed field; not overwritten",
        Location(str(path)),
        "it may be a damaged signed copy: move it away, or pass --force to replace it",
    )
