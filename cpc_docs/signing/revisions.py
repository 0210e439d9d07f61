"""The revisions of a PDF, as bytes: which one is the document that was reviewed.

A PDF that is signed, then signed again, is the rendered file followed by one incremental
update per signature (and per anything else added since). The file as it was *before its
first signature* is a prefix of the signed file, byte for byte: it ends with the `%%EOF` of the
revision before the first signature's. Its SHA-256 is what the render's manifest recorded if,
and only if, the signatories signed the very file that was rendered and reviewed.

pyHanko says which revision each signature signs and where each revision's cross-reference
section ends; the revision then ends at the next `%%EOF` marker and its end-of-line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_EOF = re.compile(rb"%%EOF(\r\n|\r|\n)?")


@dataclass(frozen=True)
class Revision:
    """A revision of the file: its number (0 for the first) and its bytes."""

    number: int
    data: bytes


def revision_bytes(reader: Any, data: bytes, number: int) -> bytes:
    """The bytes of revision `number` of the file `data` that pyHanko's `reader` read: from
    the start of the file to the end of that revision's `%%EOF` line."""
    info = reader.xrefs.get_xref_container_info(number)
    marker = _EOF.search(data, info.end_location)
    if marker is None:
        return data
    return data[: marker.end()]


def before_first_signature(reader: Any, data: bytes) -> Revision:
    """The file as it was before anyone signed it: the revision before the first signature,
    or the whole file when it has no signature."""
    signatures = reader.embedded_regular_signatures
    if not signatures:
        return Revision(reader.xrefs.total_revisions - 1, data)
    first = min(signature.signed_revision for signature in signatures)
    if first == 0:  # signed from the start: no unsigned revision exists
        return Revision(-1, b"")
    return Revision(first - 1, revision_bytes(reader, data, first - 1))
