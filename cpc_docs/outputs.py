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

from .errors import Location, OutputError


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(inputs: Iterable[Path]) -> tuple[str, dict[str, str]]:
    """The SHA-256 over all inputs (name and content), and each input's own SHA-256."""
    total = hashlib.sha256()
    each: dict[str, str] = {}
    for path in sorted(inputs, key=lambda p: p.as_posix()):
        data = path.read_bytes()
        digest = sha256(data)
        each[path.as_posix()] = digest
        total.update(f"{path.name}\0{digest}\n".encode())
    return total.hexdigest(), each


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` all at once, or not at all."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise OutputError(
            f"cannot write in {path.parent}: {exc.strerror}", Location(str(path))
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


def write_manifest(
    path: Path, compact_id: str, fingerprint_hex: str, inputs: dict[str, str],
    outputs: dict[Path, bytes],
) -> None:  # fmt: skip
    manifest = {
        "compact": compact_id,
        "fingerprint": fingerprint_hex,
        "inputs": [{"path": name, "sha256": digest} for name, digest in sorted(inputs.items())],
        "outputs": [
            {"path": out.name, "sha256": sha256(data), "bytes": len(data)}
            for out, data in sorted(outputs.items())
        ],
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    write_atomic(path, text.encode("utf-8"))


def refuse_signed(path: Path) -> None:
    """Refuse to replace a PDF that carries a signature: it may be the only signed copy."""
    if path.suffix != ".pdf" or not path.exists():
        return
    try:
        raw = path.read_bytes()
    except OSError:
        return
    if b"/ByteRange" not in raw:
        return  # every PDF signature has a /ByteRange; without one, nothing is signed
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        fields = PdfReader(io.BytesIO(raw)).get_fields() or {}
    except (PdfReadError, OSError, ValueError):
        return  # not a readable PDF: nothing signed to protect
    signed = [name for name, f in fields.items() if f.get("/FT") == "/Sig" and f.get("/V")]
    if signed:
        raise OutputError(
            f"{path} is signed ({', '.join(signed)}); not overwritten",
            Location(str(path)),
            "move it away, or pass --force to replace it",
        )
