"""PDF writer: the tree typeset by the embedded Typst engine, then finished (fields, metadata).

How it works, and why:
- `typst_data` turns the tree into JSON; the fixed template `instrument.typ` reads it with
  `json("data.json")` and only displays it, so no text from a compact ever becomes Typst
  source (nothing to escape, nothing that can run code).
- Each render gets its own temporary project folder (template, data, images) used as Typst's
  root: the engine can read nothing else, and folders never mix between documents or threads.
- Fonts: Liberation Serif, shipped in `writers/fonts/` (metric-compatible with the DOCX's
  Times New Roman, see house_style.py), and Typst's embedded DejaVu Sans Mono for the
  fingerprint; never system fonts, so the output does not depend on the machine.
- Signature lines label their position with `metadata` (<cpc-signature-field>); after
  compiling, the same `typst.Compiler` answers the query from its caches (well under a
  millisecond, no second layout), and `finishing` puts a signature field over each line.
- `Metadata.date_epoch` is Typst's timestamp and every PDF date, so output is reproducible.
- Archival and accessible by default: PDF/A-2a and PDF/UA-1 (`PDF_STANDARDS`). Typst checks
  what it can of both while it exports (a title, alt text on every image, the language, tagged
  structure, embedded fonts) and refuses a document that would break them, so the claim in the
  XMP is one Typst stands behind; `finishing` keeps it true for what it adds (see there).
"""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
import warnings
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import typst

from cpc_docs import shipped
from cpc_docs.document import (
    Block,
    Document,
    Heading,
    Image,
    ListBlock,
    PageBreak,
    Paragraph,
    Signatory,
    SignatureBlock,
    Table,
    plain_text,
)
from cpc_docs.errors import PdfRenderError
from cpc_docs.writers import WriteOptions, finishing, unknown_node
from cpc_docs.writers.typst_data import TypstInput, clean_text, to_typst_input

TEMPLATE = "instrument.typ"
SIGNATURE_LABEL = "<cpc-signature-field>"
# PDF/A-2 rather than 3: an archive takes a PDF/A-2 file with nothing embedded in it without
# asking what the attachments are; level A (tagged, language, alt text) with PDF/UA-1, which
# Typst can both write. Claimed in the XMP (pdfaid, pdfuaid), which `finishing` carries over.
PDF_STANDARDS: list[typst.PDFStandard] = ["a-2a", "ua-1"]
# What to claim instead when Typst finds the content falls short of the above (a heading with
# no text breaks PDF/UA-1, for one): the next level down, said in a warning, never a false
# claim and never a failed render for a rule of accessibility.
# Last, no claim at all: text that no embedded font can show (a name in Thai, with only Latin
# fonts shipped) breaks every PDF/A level, and an instrument must still be renderable then.
FALLBACK_STANDARDS: list[list[typst.PDFStandard]] = [["a-2a"], ["a-2b"], []]


class ArchivalWarning(UserWarning):
    """The PDF claims less than PDF/A-2a and PDF/UA-1, and why."""


def write(doc: Document, options: WriteOptions) -> bytes:
    """The signature-ready PDF of `doc`: typeset, with metadata and signature fields. A draft
    (`Metadata.draft`) is for review, not for signature: its signature lines are printed,
    without fields to sign in."""
    pdf, spots = render(doc)
    return finishing.finish(pdf, doc.meta, spots)  # a draft's fields: see finishing.finish


def render(doc: Document) -> tuple[bytes, list[finishing.SignatureSpot]]:
    """Typst's PDF and where each signatory signs (before finishing).

    Typst's warnings are re-issued as Python warnings (`typst.TypstWarning`), except that a
    layout that did not converge is an error: the signature positions could be stale.
    """
    signatories = list(_signatories(doc.blocks))
    finishing.check_field_names([s.field_name for s in signatories])  # fail before typesetting
    data = to_typst_input(doc)
    with tempfile.TemporaryDirectory(prefix="cpc-typst-") as tmp:
        main = _write_project(Path(tmp), data)
        compiler = typst.Compiler(
            str(main), root=tmp, font_paths=shipped.typst_fonts(), ignore_system_fonts=True
        )
        try:
            pdf, warned = _compile(compiler, doc.meta.date_epoch)
            found = json.loads(compiler.query(SIGNATURE_LABEL, field="value"))
        except typst.TypstError as err:
            raise PdfRenderError(f"Typst failed: {err.message}", hint=_hints(err)) from err
    _reissue(warned)
    assert isinstance(pdf, bytes)
    return pdf, _spots(found, signatories)


def _compile(compiler: typst.Compiler, epoch: int) -> tuple[Any, list[typst.TypstWarning]]:
    """The PDF with the most archival claims Typst can stand behind for this content."""
    falls_short = ""
    for standards in [PDF_STANDARDS, *FALLBACK_STANDARDS]:
        try:
            result = compiler.compile_with_warnings(
                format="pdf", timestamp=epoch, pdf_standards=standards
            )
        except typst.TypstError as err:
            if not err.message.startswith(("PDF/UA", "PDF/A")) or not standards:
                raise
            falls_short = err.message
            continue
        if standards != PDF_STANDARDS:
            claimed = {"a-2a": "PDF/A-2a only", "a-2b": "PDF/A-2b only"}.get(
                standards[0] if standards else "", "no archival standard (it is not PDF/A)"
            )
            warnings.warn(f"{falls_short}; the PDF claims {claimed}", ArchivalWarning,
                          stacklevel=4)  # fmt: skip
        return result
    raise AssertionError("unreachable: the last standard raises or returns")


# After each compilation typst-py evicts from Typst's memo (comemo) what the last ten did not
# use; a compilation of an empty page is one more eviction.
_EVICTIONS = 10


def forget_layouts() -> None:
    """Let go of the layouts Typst keeps from earlier compilations, for a process that goes
    on to other documents (a batch's worker). Typst memoises its work across compilations and
    keeps what the last ten used: ~25 MB a compact, a worker at ~280 MB after five compacts,
    the two workers and the main process over 500 MB (benchmarks/README.md, issue 19). Ten
    compilations of an empty page age all of it out (~15 ms), and glibc is asked to give the
    freed pages back: ~130 MB a worker. A batch loses little by it: the next compact's
    paragraphs are not the last one's (measured: the same CPU a compact, within noise).
    `cpc watch` does not call it: the same compact's unchanged pages are what it reuses."""
    with tempfile.TemporaryDirectory(prefix="cpc-typst-") as tmp:
        empty = Path(tmp, "empty.typ")
        empty.write_bytes(b"")
        compiler = typst.Compiler(
            str(empty), root=tmp, font_paths=shipped.typst_fonts(), ignore_system_fonts=True
        )
        for _ in range(_EVICTIONS):
            compiler.compile(format="svg")
    _trim_heap()


def _trim_heap() -> None:
    """glibc's malloc_trim: free pages inside the heap given back to the system (elsewhere,
    nothing to do)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # musl has no malloc_trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def typst_project(doc: Document, folder: Path) -> Path:
    """Write the Typst project for `doc` into `folder` (to debug a layout with `typst watch`)."""
    return _write_project(folder, to_typst_input(doc))


FONTS = shipped.FONTS


@cache
def _template() -> bytes:
    return resources.files(__package__).joinpath(TEMPLATE).read_bytes()


def _write_project(root: Path, data: TypstInput) -> Path:
    main = root / "main.typ"
    main.write_bytes(_template())
    payload = json.dumps(data.data, ensure_ascii=False, separators=(",", ":"))
    (root / "data.json").write_text(payload, encoding="utf-8")
    for name, content in data.files.items():
        (root / name).write_bytes(content)
    return main


def _hints(err: typst.TypstError) -> str:
    return "; ".join(getattr(err, "hints", None) or [])


def _reissue(warned: list[typst.TypstWarning]) -> None:
    for warning in warned:
        if "converge" in warning.message:
            raise PdfRenderError(f"Typst: {warning.message}", hint="signature positions unsure")
        warnings.warn(warning, stacklevel=3)


def _spots(
    found: list[dict[str, Any]], signatories: list[Signatory]
) -> list[finishing.SignatureSpot]:
    """Typst's positions as signature spots, in document order; every signatory must have one."""
    names = {s.field_name: clean_text(plain_text(s.name)).strip() for s in signatories}
    spots = [
        finishing.SignatureSpot(
            field_name=f["field"],
            page=int(f["page"]) - 1,
            x=float(f["x"]),
            top=float(f["y"]),
            width=float(f["width"]),
            height=float(f["height"]),
            tooltip=names.get(f["field"], ""),
        )
        for f in found
    ]
    missing = set(names) - {s.field_name for s in spots}
    if missing:
        raise PdfRenderError(f"signature lines not found in the layout: {sorted(missing)}")
    return spots


def _signatories(blocks: list[Block]) -> Iterator[Signatory]:
    """Every signatory, wherever its block sits (lists and table cells included)."""
    for block in blocks:
        match block:
            case SignatureBlock():
                yield from block.signatories
            case ListBlock():
                for item in block.items:
                    yield from _signatories(item)
            case Table():
                for row in block.rows:
                    for cell in row:
                        yield from _signatories(cell.blocks)
            case Heading() | Paragraph() | Image() | PageBreak():
                pass  # holds no blocks, so no signatory
            case _:
                raise unknown_node(block, "the PDF writer")
