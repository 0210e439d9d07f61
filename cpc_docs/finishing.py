"""PDF finishing: metadata, empty signature fields, a content-derived file ID.

The typesetter lays out pages; this module makes the file an instrument: it states its title,
language and dates (from `Metadata`, so reproducible), and carries one empty signature field
per signatory, over the line where that person signs, so a PAdES tool (Acrobat, pyHanko…) can
sign in place. It knows PDF, not Typst: signature positions arrive as `SignatureSpot`s measured
the way layout engines measure (from the top-left corner of the page, in points).

Why an incremental update (ISO 32000-1 §7.5.6) instead of a full rewrite:
- the typeset bytes stay intact as the start of the file, so anyone can check that the pages
  are exactly what the typesetter produced;
- it costs the same for 2 pages or 200: only the catalog, the information dictionary, the
  pages that get a field and the new objects are read or written (~3 ms);
- signing tools append their own update the same way, so the file's history stays readable.
The objects are read and written by `pdfsyntax` (a classic cross-reference table, a few
dictionaries), not pypdf, whose import alone would cost more than the whole update.

Determinism: every date comes from `Metadata.date_epoch`, and the file identifier (/ID) of
this version is a digest of the file's content instead of a random value (the permanent one
is the typesetter's, itself derived from the content), so the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .document import Metadata
from .errors import CpcError
from .pdfsyntax import ClassicPdf, Name, PdfSyntaxError, Ref, Stream, String, serialize, text_string

CREATOR = "cpc-docs"

# Annotation flag "Print": the field's appearance is printed with the page.
_PRINT = 4
# AcroForm /SigFlags bit 1, "SignaturesExist": the document has signature fields.
_SIGNATURES_EXIST = 1
# Not representable in a PDF text string (lone surrogates) or meaningless in metadata.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


class FinishingError(CpcError):
    """The PDF cannot be finished as asked (bad field name, a spot off the page…)."""


@dataclass(frozen=True)
class SignatureSpot:
    """Where one signatory signs: the area above their signature line.

    `page` counts from 0; `x` and `top` are the area's top-left corner measured from the
    page's top-left corner, `width` and `height` its size, all in PDF points (1/72 in).
    `tooltip` is the field's accessible name (/TU), e.g. the signatory's name.
    """

    field_name: str
    page: int
    x: float
    top: float
    width: float
    height: float
    tooltip: str = ""


def finish(pdf: bytes, meta: Metadata, spots: Sequence[SignatureSpot] = ()) -> bytes:
    """`pdf` with its metadata set and one empty signature field per spot, appended as one
    incremental update; the original bytes are left untouched at the start of the result."""
    try:
        update = IncrementalUpdate(pdf)
        set_metadata(update, meta)
        add_signature_fields(update, spots)
        return update.to_bytes()
    except PdfSyntaxError as err:
        raise FinishingError(f"the PDF cannot be finished: {err}") from None


def pdf_text(value: str) -> String:
    """A PDF text string; control characters, lone surrogates and bidi overrides dropped."""
    return text_string(_UNPRINTABLE.sub("", value))


def pdf_date(epoch: int) -> str:
    """A PDF date string ('D:20221207000000Z') for seconds since 1970, in UTC."""
    return datetime.fromtimestamp(epoch, UTC).strftime("D:%Y%m%d%H%M%SZ")


class IncrementalUpdate:
    """Objects to append to a PDF as one incremental update.

    Objects read from the PDF keep their numbers when changed (`changed`); new ones get the
    next free numbers (`add`). `to_bytes` writes them after the original bytes, followed by a
    cross-reference section and a trailer that points back (/Prev) to the original's. The
    section is a classic xref table, as Typst writes; readers follow /Prev to either form.
    """

    def __init__(self, pdf: bytes) -> None:
        self.original = pdf
        self.file = ClassicPdf(pdf)
        size = self.file.trailer.get("Size")
        if not isinstance(size, int):
            raise FinishingError("the PDF's trailer has no /Size")
        self.next_number = size
        self.objects: dict[Ref, Any] = {}
        self.root_ref = self._ref("Root")
        self.root = self.changed(self.root_ref)
        if "Info" in self.file.trailer:
            self.info_ref = self._ref("Info")
            self.info = self.changed(self.info_ref)
        else:
            self.info = {}
            self.info_ref = self.add(self.info)

    def _ref(self, key: str) -> Ref:
        ref = self.file.trailer.get(key)
        if not isinstance(ref, Ref) or not isinstance(self.file.resolve(ref), dict):
            raise FinishingError(f"the PDF's trailer has no /{key} dictionary")
        return ref

    def changed(self, ref: Ref) -> Any:
        """The object `ref` read from the PDF, marked changed; edit the returned value."""
        if ref not in self.objects:
            self.objects[ref] = self.file.resolve(ref)
        return self.objects[ref]

    def add(self, obj: Any) -> Ref:
        """A new object; returns the reference to use in other objects."""
        ref = Ref(self.next_number)
        self.next_number += 1
        self.objects[ref] = obj
        return ref

    def to_bytes(self) -> bytes:
        """The original bytes, the changed and new objects, a classic xref table, a trailer."""
        out = bytearray(self.original)
        if not self.original.endswith(b"\n"):
            out += b"\n"
        offsets: dict[Ref, int] = {}
        for ref in sorted(self.objects):
            offsets[ref] = len(out)
            out += b"%d %d obj\n" % (ref.number, ref.generation)
            out += serialize(self.objects[ref])
            out += b"\nendobj\n"
        xref_at = len(out)
        out += _xref_table(offsets)
        # §14.4: the first identifier is the document's for good (kept from the typesetter,
        # which derives it from the content too); the second identifies this version.
        this_version = String(hashlib.sha256(out).digest()[:16])
        original = self.file.trailer.get("ID")
        permanent = original[0] if isinstance(original, list) and original else this_version
        trailer = {
            Name("Size"): self.next_number,
            Name("Root"): self.root_ref,
            Name("Info"): self.info_ref,
            Name("Prev"): self.file.startxref,
            Name("ID"): [permanent, this_version],
        }
        out += b"trailer\n" + serialize(trailer)
        out += b"\nstartxref\n%d\n%%%%EOF\n" % xref_at
        return bytes(out)


def _xref_table(offsets: dict[Ref, int]) -> bytes:
    """Cross-reference subsections for runs of consecutive object numbers."""
    lines = [b"xref\n"]
    refs = sorted(offsets)
    start = 0
    for i in range(1, len(refs) + 1):
        if i == len(refs) or refs[i].number != refs[i - 1].number + 1:
            run = refs[start:i]
            lines.append(b"%d %d\n" % (run[0].number, len(run)))
            lines += [b"%010d %05d n\r\n" % (offsets[r], r.generation) for r in run]
            start = i
    return b"".join(lines)


def set_metadata(update: IncrementalUpdate, meta: Metadata) -> None:
    """Document information, catalog language and viewer title from `meta`.

    The typesetter is given the same values for its XMP packet, so Info and XMP agree.
    """
    info = {
        "Title": meta.title,
        "Subject": meta.subject,
        "Author": meta.author,
        "Keywords": ", ".join(meta.keywords),
        "Creator": CREATOR,
        "CreationDate": pdf_date(meta.date_epoch),
        "ModDate": pdf_date(meta.date_epoch),
        "CPCFingerprint": meta.fingerprint,
    }
    for key, value in info.items():
        if value:
            update.info[Name(key)] = pdf_text(value)
    update.root[Name("Lang")] = pdf_text(meta.language)
    # An indirect dictionary would have to be rewritten too: a new direct one is simpler.
    prefs = update.file.resolve(update.root.get("ViewerPreferences"))
    prefs = dict(prefs) if isinstance(prefs, dict) else {}
    prefs[Name("DisplayDocTitle")] = True
    update.root[Name("ViewerPreferences")] = prefs
    _drop_default_suspects(update)


def _drop_default_suspects(update: IncrementalUpdate) -> None:
    """`/MarkInfo << /Suspects false >>` without the `/Suspects false`, its default value
    (ISO 32000-1, table 321): valid either way, but poppler (22.12) prints "Syntax Error:
    Suspects object is wrong type (boolean)" for it on every command, alarming on a legal
    PDF. The tagged structure is unchanged; a Suspects true is kept."""
    mark_info = update.file.resolve(update.root.get("MarkInfo"))
    if not isinstance(mark_info, dict) or mark_info.get(Name("Suspects")) is not False:
        return
    update.root[Name("MarkInfo")] = {k: v for k, v in mark_info.items() if k != "Suspects"}


def add_signature_fields(update: IncrementalUpdate, spots: Sequence[SignatureSpot]) -> None:
    """One empty /FT /Sig widget per spot, listed in a new AcroForm and on its page."""
    if not spots:
        return
    check_field_names([s.field_name for s in spots])
    if "AcroForm" in update.root:
        raise FinishingError("the PDF already has a form; cannot add signature fields to it")
    pages = update.file.pages()
    fields = [_add_field(update, pages, spot) for spot in spots]
    form = {Name("Fields"): fields, Name("SigFlags"): _SIGNATURES_EXIST}
    update.root[Name("AcroForm")] = update.add(form)


def spot_rect(spot: SignatureSpot, media_box: Sequence[float]) -> list[float]:
    """The spot in PDF user space (origin bottom-left), checked to lie on the page."""
    box_left, box_bottom = min(media_box[0], media_box[2]), min(media_box[1], media_box[3])
    box_right, box_top = max(media_box[0], media_box[2]), max(media_box[1], media_box[3])
    left = box_left + spot.x
    top = box_top - spot.top
    rect = [left, top - spot.height, left + spot.width, top]
    inside = (
        rect[0] >= box_left
        and rect[2] <= box_right
        and rect[1] >= box_bottom
        and rect[3] <= box_top
    )
    if spot.width <= 0 or spot.height <= 0 or not inside:
        raise FinishingError(f"signature field {spot.field_name!r} does not lie on its page")
    return rect


def _add_field(
    update: IncrementalUpdate,
    pages: list[tuple[Ref, dict[Name, Any], list[float]]],
    spot: SignatureSpot,
) -> Ref:
    if not 0 <= spot.page < len(pages):
        raise FinishingError(
            f"signature field {spot.field_name!r} is on page {spot.page + 1}, "
            f"but the document has {len(pages)}"
        )
    page_ref, _, media_box = pages[spot.page]
    rect = spot_rect(spot, media_box)
    widget: dict[Name, Any] = {
        Name("Type"): Name("Annot"),
        Name("Subtype"): Name("Widget"),
        Name("FT"): Name("Sig"),
        Name("T"): pdf_text(spot.field_name),
        Name("Rect"): rect,
        Name("F"): _PRINT,
        Name("P"): page_ref,
        Name("AP"): {Name("N"): _blank_appearance(update, rect)},
    }
    if spot.tooltip:
        widget[Name("TU")] = pdf_text(spot.tooltip)
    ref = update.add(widget)
    _annotations(update, page_ref).append(ref)
    return ref


def _annotations(update: IncrementalUpdate, page_ref: Ref) -> list[Any]:
    """The page's /Annots array, marked changed wherever it lives (page or own object)."""
    page = update.changed(page_ref)
    raw = page.get("Annots")
    if isinstance(raw, Ref):
        annots = update.changed(raw)
        if not isinstance(annots, list):
            raise FinishingError(f"page object {page_ref.number} has a broken /Annots")
        return annots
    if raw is None:
        raw = page[Name("Annots")] = []
    if not isinstance(raw, list):
        raise FinishingError(f"page object {page_ref.number} has a broken /Annots")
    return raw


def _blank_appearance(update: IncrementalUpdate, rect: list[float]) -> Ref:
    """An empty form XObject: an unsigned field shows nothing, but has an appearance (PDF/A)."""
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    form = {
        Name("Type"): Name("XObject"),
        Name("Subtype"): Name("Form"),
        Name("BBox"): [0.0, 0.0, width, height],
    }
    return update.add(Stream(form, b""))


def check_field_names(names: Sequence[str]) -> None:
    """Field names must be unique, printable ASCII and free of '.', the PDF name separator."""
    seen: set[str] = set()
    for name in names:
        if not name or not name.isascii() or not name.isprintable() or "." in name:
            raise FinishingError(
                f"signature field name {name!r} must be non-empty printable ASCII without '.'"
            )
        if name in seen:
            raise FinishingError(f"signature field name {name!r} is used twice")
        seen.add(name)
