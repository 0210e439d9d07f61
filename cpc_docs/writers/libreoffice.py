"""PDF through LibreOffice: the DOCX, converted by `soffice --headless`.

A second engine for those who want the PDF to have exactly the DOCX's layout (the one Word
users see). It needs LibreOffice installed; without it the error says so and names the
default engine. LibreOffice is asked for PDF/A-2b, tagged (`EXPORT_OPTIONS`); the result is
finished like the Typst PDF (metadata and XMP in step, one signature field per signatory).

Where each signatory signs is read from LibreOffice's own layout, as the Typst engine reads
Typst's: the DOCX draws the signing line as the bottom border of a paragraph set 42 pt below
"on behalf of", and LibreOffice strokes that border as a horizontal line in the page's
content. The field is the area above that line: as wide as the line, its bottom on the line,
its top 20 mm higher (the Typst engine's signing space) or just under the nearest text above,
whichever is lower. The line is the one just above the signatory's name, which is printed
under it: reading the name's position alone (as this engine once did) put the field a fixed
distance above the name, too low when the layout differs from the guess, and a signature
stamp then covered the top of the name.

Unlike the Typst engine, LibreOffice stamps its own conversion time into the file, so its
PDFs are not byte-identical from one run to the next.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cpc_docs.document import Document, Signatory, SignatureBlock, plain_text
from cpc_docs.errors import OutputError
from cpc_docs.writers import WriteOptions
from cpc_docs.writers.docx import write as write_docx
from cpc_docs.writers.finishing import SignatureSpot, finish

TIMEOUT_SECONDS = 180
SIGNING_SPACE = 56.69  # points (20 mm): the Typst engine's height for the area to sign in
TEXT_CLEARANCE = 2.0  # points left between the field's top and the text above it
# How far above its name a signing line may be: the DOCX sets the name 4 pt under the line,
# and a name's cap height is under 12 pt at the sizes a reference DOCX may choose.
NAME_BELOW_LINE = 40.0
# PDF/A-2b (the archival level LibreOffice claims), tagged so that finishing can tag the
# signature fields too. PDF/UA is not asked for: nothing here checks that its claim holds.
EXPORT_OPTIONS = {
    "SelectPdfVersion": {"type": "long", "value": "2"},
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
}


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
        export = "pdf:writer_pdf_Export:" + json.dumps(EXPORT_OPTIONS, separators=(",", ":"))
        command = [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            export,
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
    return finish(pdf, doc.meta, signature_spots(pdf, doc))  # a draft: see finishing.finish


@dataclass(frozen=True)
class TextLine:
    """A piece of text on a page: where it starts, its baseline and size (PDF user space)."""

    text: str
    x: float
    baseline: float
    size: float


@dataclass(frozen=True)
class Rule:
    """A horizontal line stroked on a page, from `left` to `right` at height `y`."""

    left: float
    right: float
    y: float


def signature_spots(pdf: bytes, doc: Document) -> list[SignatureSpot]:
    """Each signatory's signing area: above the line drawn just over their name."""
    import logging

    from pypdf import PdfReader

    signatories = [s for b in doc.blocks if isinstance(b, SignatureBlock) for s in b.signatories]
    if not signatories:
        return []
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(io.BytesIO(pdf))
    wanted = {plain_text(s.name).strip(): s for s in signatories}
    found: dict[str, SignatureSpot] = {}
    for number, page in enumerate(reader.pages):
        texts = page_text(page)
        if not any(t.text in wanted for t in texts):
            continue
        rules = horizontal_rules(page, reader)
        top = float(page.mediabox.top)
        for name_line in texts:
            signatory = wanted.get(name_line.text)
            if signatory is None or signatory.field_name in found:
                continue
            spot = _spot_above(signatory, name_line, rules, texts, number, top)
            if spot is not None:
                found[signatory.field_name] = spot
    missing = [s.field_name for s in signatories if s.field_name not in found]
    if missing:
        raise OutputError(
            f"cannot find where {', '.join(missing)} sign in LibreOffice's PDF",
            hint="use --pdf-engine typst",
        )
    return [found[s.field_name] for s in signatories]


def _spot_above(
    signatory: Signatory,
    name: TextLine,
    rules: list[Rule],
    texts: list[TextLine],
    page: int,
    page_top: float,
) -> SignatureSpot | None:
    """The field over the signing line just above `name`, or None when there is none."""
    candidates = [
        r
        for r in rules
        if r.left - 3 <= name.x <= r.right and 0 < r.y - name.baseline <= NAME_BELOW_LINE
    ]
    if not candidates:
        return None
    line = min(candidates, key=lambda r: r.y - name.baseline)
    ceiling = line.y + SIGNING_SPACE
    for text in texts:
        # The lowest point of a line of text is about a quarter of its size under the baseline.
        bottom = text.baseline - 0.25 * text.size
        if line.left - 3 <= text.x <= line.right and line.y < bottom:
            ceiling = min(ceiling, bottom - TEXT_CLEARANCE)
    height = ceiling - line.y
    if height < 12:  # no room to sign: not a signing line
        return None
    return SignatureSpot(
        signatory.field_name,
        page,
        x=line.left,
        top=page_top - ceiling,
        width=line.right - line.left,
        height=height,
        tooltip=name.text,
    )


def page_text(page: Any) -> list[TextLine]:
    """Every piece of text pypdf reads on `page`, with its position in user space."""
    found: list[TextLine] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        stripped = text.strip()
        if not stripped:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or 1.0
        found.append(TextLine(stripped, x, y, float(size or 0) * scale))

    page.extract_text(visitor_text=visit)
    return found


def horizontal_rules(page: Any, reader: Any) -> list[Rule]:
    """The horizontal lines stroked on `page` (paragraph borders, table rules), in user
    space: `m`/`l` segments painted by `S`, and rectangles thinner than 2 pt filled as a
    line. The current transformation (`cm`, saved by `q`, restored by `Q`) is followed."""
    from pypdf.generic import ContentStream

    contents = page.get_contents()
    if contents is None:
        return []
    rules: list[Rule] = []
    matrix: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    saved: list[tuple[float, ...]] = []
    path: list[tuple[float, float, float, float]] = []  # segments: x0, y0, x1, y1
    current: tuple[float, float] | None = None
    for operands, operator in ContentStream(contents, reader).operations:
        numbers = _numbers(operands)
        if operator == b"q":
            saved.append(matrix)
        elif operator == b"Q":
            matrix = saved.pop() if saved else matrix
        elif operator == b"cm" and len(numbers) == 6:
            matrix = _multiply(tuple(numbers), matrix)
        elif operator == b"m" and len(numbers) == 2:
            current = _apply(matrix, *numbers)
        elif operator == b"l" and len(numbers) == 2 and current is not None:
            end = _apply(matrix, *numbers)
            path.append((*current, *end))
            current = end
        elif operator == b"re" and len(numbers) == 4:
            x, y, width, height = numbers
            if abs(height) < 2 <= abs(width):
                middle = y + height / 2
                path.append((*_apply(matrix, x, middle), *_apply(matrix, x + width, middle)))
        elif operator in (b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
            rules.extend(_horizontal(path))
            path, current = [], None
        elif operator == b"n":
            path, current = [], None
    return rules


def _horizontal(path: list[tuple[float, float, float, float]]) -> Iterator[Rule]:
    for x0, y0, x1, y1 in path:
        if abs(y0 - y1) < 0.5 and abs(x1 - x0) >= 20:
            yield Rule(min(x0, x1), max(x0, x1), (y0 + y1) / 2)


def _numbers(operands: list[Any]) -> list[float]:
    try:
        return [float(v) for v in operands]
    except (TypeError, ValueError):
        return []


def _multiply(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix `a` then `b` (PDF's row-vector convention: a × b)."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
