"""Reading a DOCX back the way a reader sees it, for assertions on real content."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph


def paragraphs(data: bytes) -> Iterator[Paragraph]:
    """Body paragraphs in reading order, table cells included (row by row)."""

    def walk(container) -> Iterator[Paragraph]:
        for block in container.iter_inner_content():
            if isinstance(block, Paragraph):
                yield block
            elif isinstance(block, Table):
                for row in block.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) not in seen:
                            seen.add(id(cell._tc))
                            yield from walk(cell)

    yield from walk(Document(io.BytesIO(data)))


def text(data: bytes) -> str:
    return "\n".join(p.text for p in paragraphs(data))


def part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


def footer_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = [n for n in package.namelist() if n.startswith("word/footer")]
        return "".join(package.read(n).decode("utf-8") for n in names)
