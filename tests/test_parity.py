"""The PDF says exactly what the DOCX says: the same words in the same order, per language."""

from __future__ import annotations

import io
import re

import pytest
from conftest import REFERENCE
from docx_read import text as docx_text
from pypdf import PdfReader

from cpc_docs.load.compact import load_compact
from cpc_docs.pipeline import compact_document
from cpc_docs.settings import RenderSettings
from cpc_docs.writers import write

SETTINGS = RenderSettings(date_epoch=1670414400, fingerprint="SHA-256 0123456789abcdef")


def words(text: str) -> list[str]:
    """Words as a reader reads them: hyphenation at line ends undone, hyphens ignored (a
    compound like États-Unis may be split at its hyphen at a line end, and then the line
    break is the only difference)."""
    # Typst's hyphens come back from the PDF as soft hyphens (U+00AD), inside a line or at its
    # end: both kinds are joined to the next letters, as are ordinary hyphens.
    text = re.sub(r"[\u00ad-]\s*\n", "", text).replace("\u00ad", "").replace("-", "")
    return re.findall(r"\w+", text)


def pdf_body_text(data: bytes) -> str:
    """Each page's text without its footer (the page number line and what follows it)."""
    pages = []
    reader = PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        footer = re.search(rf"\nPage {number} (sur|of) {len(reader.pages)}\b[^\n]*\n[^\n]*$", text)
        assert footer, f"page {number} has no footer"
        pages.append(text[: footer.start()])
    return "\n".join(pages)


@pytest.fixture(scope="module")
def compact():
    return load_compact(REFERENCE)[0]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_and_docx_have_the_same_words_in_the_same_order(compact, lang):
    doc = compact_document(compact, lang, SETTINGS)
    docx = write(doc, "docx", lang, SETTINGS)
    pdf = write(doc, "pdf", lang, SETTINGS)
    expected = words(docx_text(docx))
    found = words(pdf_body_text(pdf))
    assert len(expected) > 4000
    if found != expected:
        import difflib

        diff = [
            f"{op}: docx {expected[i1:i2][:12]} pdf {found[j1:j2][:12]}"
            for op, i1, i2, j1, j2 in difflib.SequenceMatcher(
                None, expected, found, autojunk=False
            ).get_opcodes()
            if op != "equal"
        ]
        pytest.fail(f"{len(diff)} differences, first: " + "\n".join(diff[:8]))
