"""PDF finishing: metadata, empty signature fields, a content-derived file ID.

The typesetter lays out pages; this module makes the file an instrument: it states its title,
language and dates (from `Metadata`, so reproducible), and carries one empty signature field
per signatory, over the line where that person signs, so a PAdES tool (Acrobat, pyHanko…) can
sign in place. It knows PDF, not Typst: signature positions arrive as `SignatureSpot`s measured
the way layout engines measure (from the top-left corner of the page, in points).

Why an incremental update (ISO 32000-1 §7.5.6) instead of a full rewrite:
- the typeset bytes stay intact as the start of the file, so anyone can check that the pages
  are exactly what the typesetter produced;
- it costs little for 2 pages or 200: only the catalog, the information dictionary and XMP,
  the pages that get a field, the top of the structure tree and the new objects are read or
  written (~8 ms for the 12-page reference compact);
- signing tools append their own update the same way, so the file's history stays readable.
The objects are read and written by `pdfsyntax` (a classic cross-reference table, a few
dictionaries), not pypdf, whose import alone would cost more than the whole update.

Determinism: every date comes from `Metadata.date_epoch`, and the file identifier (/ID) of
this version is a digest of the file's content instead of a random value (the permanent one
is the typesetter's, itself derived from the content), so the same inputs give the same bytes.

Archival conformance (PDF/A-2, PDF/UA-1) survives the update, which is allowed to append to a
conforming file as long as what it adds conforms too:
- the XMP packet is rewritten from the very values written to the information dictionary, so
  the two say the same thing, and keeps the PDF/A and PDF/UA claims the typesetter made
  (`xmp.py`);
- each field's widget has an appearance stream (an empty form: nothing shows until signed),
  only /N in its appearance dictionary, the Print flag, a tooltip (/TU), no action, no
  JavaScript, no NeedAppearances;
- in a tagged PDF each widget is tagged as PDF/UA asks (ISO 14289-1 §7.18): a /Form structure
  element whose only child is a reference to the widget, in reading order after what precedes
  it on its page, registered in the parent tree, and its page's tab order follows the
  structure (/Tabs /S).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cpc_docs.document import Metadata
from cpc_docs.errors import FinishingError
from cpc_docs.writers.pdfsyntax import (
    ClassicPdf,
    Name,
    PdfSyntaxError,
    Ref,
    Stream,
    String,
    decode_text_string,
    serialize,
    text_string,
)
from cpc_docs.writers.xmp import DISCORDANT, XmpFacts, packet, read_conformance

CREATOR = "cpc-docs"

# Annotation flag "Print": the field's appearance is printed with the page.
_PRINT = 4
# AcroForm /SigFlags bit 1, "SignaturesExist": the document has signature fields.
_SIGNATURES_EXIST = 1
# Not representable in a PDF text string (lone surrogates) or meaningless in metadata.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


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
    incremental update; the original bytes are left untouched at the start of the result.
    A draft (`Metadata.draft`) is for review, not for signature: its signature lines are
    printed, without fields to sign in, whichever engine typeset it."""
    try:
        update = IncrementalUpdate(pdf)
        set_metadata(update, meta)
        add_signature_fields(update, () if meta.draft else spots)
        return update.to_bytes()
    except PdfSyntaxError as err:
        raise FinishingError(f"the PDF cannot be finished: {err}") from None


def pdf_text(value: str) -> String:
    """A PDF text string; control characters, lone surrogates and bidi overrides dropped."""
    return text_string(printable(value))


def printable(value: str) -> str:
    """`value` without what a metadata text cannot hold (control characters, lone
    surrogates, bidi overrides): the same text goes to Info and to XMP."""
    return _UNPRINTABLE.sub("", value)


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
        size = self.file.trailer.get(Name("Size"))
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
        ref = self.file.trailer.get(Name(key))
        if not isinstance(ref, Ref) or not isinstance(self.file.resolve(ref), dict):
            raise FinishingError(f"the PDF's trailer has no /{key} dictionary")
        return ref

    def changed(self, ref: Ref) -> Any:
        """The object `ref` read from the PDF, marked changed; edit the returned value."""
        if ref not in self.objects:
            self.objects[ref] = self.file.resolve(ref)
        return self.objects[ref]

    def replace(self, ref: Ref, obj: Any) -> None:
        """Write `obj` as the new version of object `ref` (a stream, which `changed` cannot
        give: streams are not read back)."""
        self.objects[ref] = obj

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
        original = self.file.trailer.get(Name("ID"))
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
    """Document information, catalog language and viewer title from `meta`, and an XMP
    packet that says the same.

    The typesetter's PDF producer is kept, as /Producer (its /Creator becomes cpc-docs, the
    application the document was created with).
    """
    original_creator = decode_text_string(update.info.get("Creator"))
    # A render `cpc check` found discordant: said first in the subject and the keywords, which
    # a reader's Properties dialog shows, and in entries of its own (see _write_xmp).
    note = meta.discordance_note
    info = {
        "Title": meta.title,
        "Subject": meta.marked_subject,
        "Author": meta.author,
        "Keywords": ", ".join(meta.marked_keywords),
        "Creator": CREATOR,
        "CreationDate": pdf_date(meta.date_epoch),
        "ModDate": pdf_date(meta.date_epoch),
        "CPCFingerprint": meta.fingerprint,
        "CPCConcordance": DISCORDANT if note else "",
        "CPCConcordanceErrors": str(meta.discordant) if note else "",
    }
    if "Producer" not in update.info and original_creator and original_creator != CREATOR:
        info["Producer"] = original_creator
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
    _write_xmp(update, meta)


def _write_xmp(update: IncrementalUpdate, meta: Metadata) -> None:
    """The XMP packet, rebuilt from the information dictionary as it now stands (whatever
    it kept from the typesetter included), with the typesetter's conformance claims."""
    current = update.root.get("Metadata")
    conformance = read_conformance(update.file.stream_data(current))

    def text(key: str) -> str:
        return decode_text_string(update.info.get(key))

    facts = XmpFacts(
        title=text("Title"),
        subject=text("Subject"),
        author=text("Author"),
        keywords=text("Keywords"),
        creator_tool=text("Creator"),
        producer=text("Producer"),
        created=meta.date_epoch if "CreationDate" in update.info else None,
        modified=meta.date_epoch if "ModDate" in update.info else None,
        language=printable(meta.language),
        source=printable(meta.fingerprint),
        concordance=text("CPCConcordance"),
        discordant_errors=meta.discordant if text("CPCConcordance") else None,
    )
    stream = Stream({Name("Type"): Name("Metadata"), Name("Subtype"): Name("XML")},
                    packet(facts, conformance))  # fmt: skip
    if isinstance(current, Ref) and update.file.resolve(current) is not None:
        update.replace(current, stream)
    else:
        update.root[Name("Metadata")] = update.add(stream)


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
    """One empty /FT /Sig widget per spot, listed in a new AcroForm and on its page, and
    tagged in the structure tree when the PDF is tagged."""
    if not spots:
        return
    check_field_names([s.field_name for s in spots])
    if "AcroForm" in update.root:
        raise FinishingError("the PDF already has a form; cannot add signature fields to it")
    pages = update.file.pages()
    placed = [(_add_field(update, pages, spot), spot.page) for spot in spots]
    form = {Name("Fields"): [ref for ref, _ in placed], Name("SigFlags"): _SIGNATURES_EXIST}
    update.root[Name("AcroForm")] = update.add(form)
    _tag_fields(update, pages, placed)


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
    # ISO 14289-1 §7.18.3: on a page with annotations, tab order follows the structure.
    update.changed(page_ref)[Name("Tabs")] = Name("S")
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


# Structure elements visited at most to find where a top-level element starts: enough for any
# real nesting, and a bound on a hostile or looping tree.
_MAX_VISITS = 200


def _tag_fields(
    update: IncrementalUpdate,
    pages: list[tuple[Ref, dict[Name, Any], list[float]]],
    placed: list[tuple[Ref, int]],
) -> None:
    """Each widget in a /Form structure element (ISO 14289-1 §7.18.4: one child, an object
    reference to the widget), inserted among the top-level elements after the last one that
    starts on or before the widget's page, so a screen reader meets the field after the text
    it signs; registered in the parent tree under the widget's /StructParent. Nothing to do
    in an untagged PDF."""
    tree_ref = update.root.get("StructTreeRoot")
    if not isinstance(tree_ref, Ref) or not isinstance(update.file.resolve(tree_ref), dict):
        return
    tree = update.changed(tree_ref)
    kids = update.file.resolve(tree.get("K"))
    kids = kids if isinstance(kids, list) else [] if kids is None else [kids]
    parent_ref, parent = tree_ref, tree
    if len(kids) == 1 and isinstance(kids[0], Ref):
        document = update.file.resolve(kids[0])
        if isinstance(document, dict) and document.get("Type", "StructElem") == "StructElem":
            parent_ref, parent = kids[0], update.changed(kids[0])
    siblings = update.file.resolve(parent.get("K"))
    siblings = (
        list(siblings) if isinstance(siblings, list) else [] if siblings is None else [siblings]
    )
    page_index = {ref: index for index, (ref, _, _) in enumerate(pages)}
    # The page each sibling starts on, read only when the parent tree does not say which
    # element holds a page's last content (see `_last_on_page`).
    starts: list[int | str | None] = ["?"] * len(siblings)
    added: set[Ref] = set()
    next_key = _next_parent_key(update, tree)
    numbers: list[Any] = []
    for widget_ref, page in placed:
        page_ref = pages[page][0]
        element = {
            Name("Type"): Name("StructElem"),
            Name("S"): Name("Form"),
            Name("P"): parent_ref,
            Name("Pg"): page_ref,
            Name("K"): {
                Name("Type"): Name("OBJR"),
                Name("Obj"): widget_ref,
                Name("Pg"): page_ref,
            },
        }
        element_ref = update.add(element)
        at = _last_on_page(update.file, tree, pages[page][1], parent_ref, siblings)
        if at is None:
            at = _after_last_start(update.file, siblings, starts, page, page_index)
        while at < len(siblings) and siblings[at] in added:  # after the fields before it
            at += 1
        siblings.insert(at, element_ref)
        starts.insert(at, page)
        added.add(element_ref)
        update.objects[widget_ref][Name("StructParent")] = next_key
        numbers += [next_key, element_ref]
        next_key += 1
    parent[Name("K")] = siblings
    tree[Name("ParentTreeNextKey")] = next_key
    _register_parents(update, tree, numbers)


def _last_on_page(
    pdf: ClassicPdf, tree: dict[Name, Any], page: dict[Name, Any], parent: Ref, siblings: list[Any]
) -> int | None:
    """The position just after the sibling that holds the page's last tagged content, found
    through the parent tree (the page's /StructParents entry lists the elements of its
    marked content, in content order); None when the tree does not say."""
    key = page.get(Name("StructParents"))
    elements = pdf.resolve(_number_tree_get(pdf, tree.get(Name("ParentTree")), key)) if isinstance(
        key, int) else None  # fmt: skip
    if not isinstance(elements, list):
        return None
    positions = {ref: i for i, ref in enumerate(siblings) if isinstance(ref, Ref)}
    for element in reversed(elements):
        for _ in range(64):  # up to the parent's child: the depth of any real structure
            if not isinstance(element, Ref):
                break
            if element in positions:
                return positions[element] + 1
            node = pdf.resolve(element)
            up = node.get("P") if isinstance(node, dict) else None
            if up == parent:
                break
            element = up
    return None


def _after_last_start(
    pdf: ClassicPdf,
    siblings: list[Any],
    starts: list[int | str | None],
    page: int,
    page_index: dict[Ref, int],
) -> int:
    """The position after the last sibling that starts on or before `page` (the end when
    none says), reading where siblings start from the last one back, as needed."""
    for i in range(len(siblings) - 1, -1, -1):
        if starts[i] == "?":
            starts[i] = _first_page(pdf, siblings[i], page_index)
        start = starts[i]
        if isinstance(start, int) and start <= page:
            return i + 1
    return len(siblings)


def _number_tree_get(pdf: ClassicPdf, node: Any, key: int, depth: int = 0) -> Any:
    """The value of `key` in a number tree (ISO 32000-1 §7.9.7), or None."""
    node = pdf.resolve(node)
    if not isinstance(node, dict) or depth > 32:
        return None
    nums = pdf.resolve(node.get("Nums"))
    if isinstance(nums, list):
        for k, value in zip(nums[::2], nums[1::2], strict=False):
            if k == key:
                return value
    kids = pdf.resolve(node.get("Kids"))
    for kid in kids if isinstance(kids, list) else []:
        limits = pdf.resolve(pdf.resolve(kid).get("Limits")) if isinstance(
            pdf.resolve(kid), dict) else None  # fmt: skip
        if isinstance(limits, list) and len(limits) == 2 and not limits[0] <= key <= limits[1]:
            continue
        found = _number_tree_get(pdf, kid, key, depth + 1)
        if found is not None:
            return found
    return None


def _first_page(pdf: ClassicPdf, node: Any, page_index: dict[Ref, int]) -> int | None:
    """The page where a structure element's content starts (its own /Pg or its first
    descendant's), or None when none says."""
    stack, visits = [node], 0
    while stack and visits < _MAX_VISITS:
        visits += 1
        item = pdf.resolve(stack.pop())
        if isinstance(item, dict):
            page = item.get("Pg")
            if isinstance(page, Ref) and page in page_index:
                return page_index[page]
            kids = pdf.resolve(item.get("K"))
            kids = kids if isinstance(kids, list) else [kids]
            stack.extend(reversed([k for k in kids if isinstance(k, Ref | dict)]))
    return None


def _next_parent_key(update: IncrementalUpdate, tree: dict[Name, Any]) -> int:
    """The first unused key of the parent tree (/ParentTreeNextKey, or past every key)."""
    declared = tree.get(Name("ParentTreeNextKey"))
    keys = _parent_keys(update.file, tree.get(Name("ParentTree")))
    highest = max(keys, default=-1) + 1
    return max(declared, highest) if isinstance(declared, int) else highest


def _parent_keys(pdf: ClassicPdf, node: Any, depth: int = 0) -> list[int]:
    node = pdf.resolve(node)
    if not isinstance(node, dict) or depth > 32:
        return []
    nums = pdf.resolve(node.get("Nums"))
    keys = [k for k in nums[::2] if isinstance(k, int)] if isinstance(nums, list) else []
    kids = pdf.resolve(node.get("Kids"))
    for kid in kids if isinstance(kids, list) else []:
        keys += _parent_keys(pdf, kid, depth + 1)
    return keys


def _register_parents(update: IncrementalUpdate, tree: dict[Name, Any], numbers: list[Any]) -> None:
    """Add `numbers` (key, element, …; keys above every existing one) to the parent tree: to
    its /Nums when the root holds them, else as a new leaf of its /Kids (ISO 32000-1 §7.9.7)."""
    if not numbers:
        return
    root_ref = tree.get(Name("ParentTree"))
    root = update.changed(root_ref) if isinstance(root_ref, Ref) else root_ref
    if not isinstance(root, dict):
        tree[Name("ParentTree")] = update.add({Name("Nums"): numbers})
        return
    nums_ref = root.get("Nums")
    if "Kids" not in root or nums_ref is not None:
        nums = update.changed(nums_ref) if isinstance(nums_ref, Ref) else nums_ref
        if not isinstance(nums, list):
            nums = root[Name("Nums")] = []
        nums += numbers
        return
    leaf = update.add({Name("Limits"): [numbers[0], numbers[-2]], Name("Nums"): numbers})
    kids_ref = root.get("Kids")
    kids = update.changed(kids_ref) if isinstance(kids_ref, Ref) else kids_ref
    if not isinstance(kids, list):
        raise FinishingError("the PDF's structure parent tree has a broken /Kids")
    kids.append(leaf)
