"""The signature fields of a PDF: name, page, box, signatory, and whether they are signed.

What `cpc fields` prints and `cpc render -v` lists, so that nobody has to guess the name to
give `cpc sign --field` (or Acrobat, or pyHanko). Read with pypdf, a core dependency: listing
fields needs no signing library, and pypdf reads the cross-reference streams that signing
tools may append.
"""

from __future__ import annotations

import io
import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cpc_docs.errors import InputError, Location


@dataclass(frozen=True)
class SignatureField:
    """One signature field. `page` counts from 1; `box` is (left, bottom, right, top) in
    points from the page's bottom-left corner, as PDF measures; `signatory` is the field's
    tooltip (the signatory's name in cpc-docs' PDFs)."""

    name: str
    page: int | None
    box: tuple[float, float, float, float] | None
    signatory: str
    signed: bool
    signer: str | None = None  # /Name of the signature, when it gives one
    signed_at: str | None = None  # /M of the signature (the time the signer's tool claims)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["box"] = list(self.box) if self.box else None
        return data

    def describe(self) -> str:
        """One line: `us-1-joann-m-lockard  page 9  [71 590 281 647]  Joann M. Lockard  empty`."""
        where = f"page {self.page}" if self.page else "no page"
        box = "[" + " ".join(f"{v:.0f}" for v in self.box) + "]" if self.box else "[no box]"
        state = "signed" + (f" by {self.signer}" if self.signer else "") if self.signed else "empty"
        who = self.signatory or "(no signatory named)"
        return f"{self.name}  {where}  {box}  {who}  {state}"


def read_pdf(path: Path) -> bytes:
    """The bytes of `path`, or a clear error if it cannot be read or is not a PDF."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}", Location(str(path))) from None
    if not data.lstrip()[:5] == b"%PDF-":
        raise InputError(f"{path} is not a PDF (it does not start with %PDF-)",
                         Location(str(path)))  # fmt: skip
    return data


def signature_fields(data: bytes, source: str = "the PDF") -> list[SignatureField]:
    """Every signature field of the PDF in `data`, in the order of the form."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError
    from pypdf.generic import DictionaryObject

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        pages: dict[int, int] = {}  # object number of a page or of a widget on it: page
        for number, page in enumerate(reader.pages, 1):
            if page.indirect_reference is not None:  # always, for a page read from a file
                pages[page.indirect_reference.idnum] = number
            for annotation in page.get("/Annots") or []:
                if hasattr(annotation, "idnum"):
                    pages.setdefault(annotation.idnum, number)
        root = reader.trailer["/Root"]
        if not isinstance(root, DictionaryObject):
            raise TypeError("its /Root is not a dictionary")
        ref = root.get("/AcroForm")
        form = ref.get_object() if ref is not None else DictionaryObject()
        if not isinstance(form, DictionaryObject):
            raise TypeError("its /AcroForm is not a dictionary")
        return [f for ref in form.get("/Fields", []) for f in _fields(ref, "", pages, depth=0)]
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"cannot read the form of {source}: {exc}", Location(source)) from None


def _fields(ref: Any, parent: str, pages: dict[int, int], depth: int) -> list[SignatureField]:
    """The signature fields at and under a field dictionary (a field may have kids:
    named sub-fields, or its widgets)."""
    field = ref.get_object()
    if depth > 16 or not hasattr(field, "get"):
        return []
    partial = field.get("/T")
    name = f"{parent}.{partial}" if parent and partial else str(partial or parent)
    kids = field.get("/Kids")
    named_kids = [k for k in kids or [] if k.get_object().get("/T") is not None]
    if named_kids:
        return [f for k in named_kids for f in _fields(k, name, pages, depth + 1)]
    if field.get("/FT") != "/Sig":
        return []
    widget_ref = kids[0] if kids else ref
    widget = widget_ref.get_object()
    page_ref = widget.get("/P")
    page = pages.get(page_ref.idnum) if hasattr(page_ref, "idnum") else None
    if page is None and hasattr(widget_ref, "idnum"):  # no /P: the page that lists it
        page = pages.get(widget_ref.idnum)
    rect = widget.get("/Rect")
    box = tuple(round(float(v), 2) for v in rect) if rect and len(rect) == 4 else None
    value = field.get("/V")
    value = value.get_object() if value is not None else None
    return [
        SignatureField(
            name=name,
            page=page,
            box=_normalized(box),
            signatory=str(field.get("/TU") or ""),
            signed=value is not None,
            signer=str(value["/Name"]) if value is not None and "/Name" in value else None,
            signed_at=str(value["/M"]) if value is not None and "/M" in value else None,
        )
    ]


def _normalized(box: tuple[float, ...] | None) -> tuple[float, float, float, float] | None:
    """A rectangle as (left, bottom, right, top), whichever corners the file gives."""
    if box is None:
        return None
    return (min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3]))


def describe_fields(path: Path) -> list[str]:
    """The lines `cpc render -v` prints under a PDF it wrote: one per signature field."""
    return [f.describe() for f in signature_fields(read_pdf(path), str(path))]
