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
from typing import Never

from cpc_docs.document import Document
from cpc_docs.errors import Location, UnsupportedNode, WriterError
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
    """The writer of format `fmt`; a `WriterError` naming the known formats if there is none."""
    if fmt not in WRITERS:
        raise WriterError(f"{fmt!r} is not one of {', '.join(repr(f) for f in WRITERS)}")
    writer: Writer = import_module(f"{__name__}.{WRITERS[fmt]}").write
    return writer


def unknown_node(node: Never, reader: str) -> UnsupportedNode:
    """The error for a node that no case of a writer's `match` over `document.Block` took.

    Typed like `typing.assert_never`: mypy rejects the call while `node` may still be one of
    the node types, so a node type added to the tree and forgotten by a writer fails the type
    check. At run time (a caller outside the types) it is an error naming the node's type.
    """
    line = getattr(node, "line", None)
    return UnsupportedNode(
        f"{reader} cannot render a {type(node).__name__} node",
        Location("<document>", line) if line is not None else None,
        "a writer handles every node type of document.Block",
    )


def write(doc: Document, fmt: str, lang: str, settings: RenderSettings) -> bytes:
    """`doc` as a file of format `fmt` ("docx", "pdf", "txt"), with the settings' PDF engine
    and the reference DOCX of `lang`."""
    writer = f"pdf-{settings.pdf_engine}" if fmt == "pdf" else fmt
    return get_writer(writer)(doc, WriteOptions(reference_docx=settings.reference_docx(lang)))
