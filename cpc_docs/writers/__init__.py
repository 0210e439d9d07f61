"""Writers: each turns a `Document` into the bytes of one output format.

Every writer has the same signature, `write(doc, options) -> bytes`, and is looked up by
format name in `WRITERS`. Writers are imported only when used: a DOCX-only run never pays for
the PDF engine's start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from cpc_docs.document import Document
from cpc_docs.settings import RenderSettings


@dataclass(frozen=True)
class WriteOptions:
    """What a writer may need beyond the document itself."""

    reference_docx: Path | None = None  # styles for the DOCX writer


Writer = Callable[[Document, WriteOptions], bytes]

# format name -> module under cpc_docs.writers that defines `write`
WRITERS: dict[str, str] = {
    "docx": "docx",
    "pdf-typst": "pdf",
    "pdf-libreoffice": "libreoffice",
    "txt": "text",
}


def get_writer(fmt: str) -> Writer:
    if fmt not in WRITERS:
        raise KeyError(f"{fmt!r} is not one of {', '.join(repr(f) for f in WRITERS)}")
    module = import_module(f"{__name__}.{WRITERS[fmt]}")
    return module.write  # type: ignore[no-any-return]


def write(doc: Document, fmt: str, lang: str, settings: RenderSettings) -> bytes:
    """`doc` as a file of format `fmt` ("docx", "pdf", "txt"), with the settings' PDF engine
    and the reference DOCX of `lang`."""
    writer = f"pdf-{settings.pdf_engine}" if fmt == "pdf" else fmt
    return get_writer(writer)(doc, WriteOptions(reference_docx=settings.reference_docx(lang)))
