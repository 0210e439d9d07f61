"""What a render is asked for, and which writer each format goes to.

Shared by the process that renders the templates and the writer process that builds the
trees and writes the files (batch.writer_process): it imports nothing heavy, so a setting
handed to that process does not make it import pydantic or Jinja.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .document import Document
from .shipped import TEMPLATE_ROOT
from .writers import WriteOptions, get_writer


@dataclass(frozen=True)
class RenderSettings:
    template_root: Path = TEMPLATE_ROOT
    date_epoch: int = 0  # every timestamp in the outputs (SOURCE_DATE_EPOCH)
    fingerprint: str = ""  # short hash of the inputs, printed in footers
    paper: str = "a4"
    pdf_engine: str = "typst"  # or "libreoffice": the DOCX converted by soffice

    def reference_docx(self, lang: str) -> Path:
        return self.template_root / lang / "reference.docx"


def write(doc: Document, fmt: str, lang: str, settings: RenderSettings) -> bytes:
    """`doc` as a file of format `fmt` ("docx", "pdf", "txt")."""
    writer = f"pdf-{settings.pdf_engine}" if fmt == "pdf" else fmt
    return get_writer(writer)(doc, WriteOptions(reference_docx=settings.reference_docx(lang)))
