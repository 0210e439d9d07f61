"""PDF through LibreOffice: the DOCX, converted by `soffice --headless`.

A second engine for those who want the PDF to have exactly the DOCX's layout (the one Word
users see). It needs LibreOffice installed; without it the error says so and names the
default engine. The result is finished like the Typst PDF (metadata, one signature field per
signatory), with each field placed over the signature line found by reading the PDF back:
the signatory's name is printed just below their line.

Unlike the Typst engine, LibreOffice stamps its own conversion time into the file, so its
PDFs are not byte-identical from one run to the next.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..document import Document, SignatureBlock, plain_text
from ..errors import OutputError
from ..finishing import SignatureSpot, finish
from . import WriteOptions
from .docx import write as write_docx

TIMEOUT_SECONDS = 180
FIELD_WIDTH, FIELD_HEIGHT = 190.0, 45.0  # points: the area above a DOCX signature line


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise OutputError(
        "LibreOffice is not installed (no 'soffice' on PATH)",
        hint="install it (Debian: apt-get install libreoffice-writer-nogui) or use "
        "--pdf-engine typst, the default, which needs nothing else",
    )


def write(doc: Document, options: WriteOptions) -> bytes:
    soffice = find_soffice()
    docx = write_docx(doc, options)
    with tempfile.TemporaryDirectory(prefix="cpc-lo-") as folder:
        source = Path(folder) / "document.docx"
        source.write_bytes(docx)
        command = [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            folder,
            str(source),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            raise OutputError(f"LibreOffice did not finish within {TIMEOUT_SECONDS} s") from None
        target = source.with_suffix(".pdf")
        if done.returncode != 0 or not target.exists():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise OutputError(f"LibreOffice could not convert the DOCX: {detail[0]}")
        pdf = target.read_bytes()
    return finish(pdf, doc.meta, signature_spots(pdf, doc))


def signature_spots(pdf: bytes, doc: Document) -> list[SignatureSpot]:
    """Where each signatory's name is printed, and the signing area just above it."""
    import io

    from pypdf import PdfReader

    signatories = [s for b in doc.blocks if isinstance(b, SignatureBlock) for s in b.signatories]
    if not signatories:
        return []
    reader = PdfReader(io.BytesIO(pdf))
    wanted = {plain_text(s.name).strip(): s for s in signatories}
    found: dict[str, SignatureSpot] = {}
    for number, page in enumerate(reader.pages):
        height = float(page.mediabox.height)

        def visit(text: str, cm, tm, font, size, number=number, height=height) -> None:  # type: ignore[no-untyped-def]
            name = text.strip()
            signatory = wanted.get(name)
            if signatory is None or signatory.field_name in found:
                return
            x, baseline = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            top = height - (baseline + 8 + FIELD_HEIGHT)
            found[signatory.field_name] = SignatureSpot(
                signatory.field_name, number, x, top, FIELD_WIDTH, FIELD_HEIGHT, name
            )

        page.extract_text(visitor_text=visit)
    missing = [s.field_name for s in signatories if s.field_name not in found]
    if missing:
        raise OutputError(
            f"cannot find where {', '.join(missing)} sign in LibreOffice's PDF",
            hint="use --pdf-engine typst",
        )
    return [found[s.field_name] for s in signatories]
