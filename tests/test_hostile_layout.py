"""What the text layer cannot show: a word the page cannot hold would be cut off at its edge.

Typst breaks lines at spaces and where Unicode allows (after "/", at hyphens), and hyphenates
words it knows; a longer unbreakable run (a 150-character token, a long URL without slashes)
used to overflow the line. The PDF's text layer still held every character, so the property
tests (which read text back) passed, but the printed page lost the end of the word past the
paper's edge. instrument.typ now lets any run of 30 characters without a space break anywhere.

The page is rasterised with poppler (pdftoppm, installed in CI) and the right margin must be
blank; the text read back must still hold the word whole, with nothing added.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from itertools import pairwise
from pathlib import Path

from conftest import need_program
from pypdf import PdfReader

from cpc_docs.document import Document, Metadata, Paragraph, Run
from cpc_docs.writers import WriteOptions
from cpc_docs.writers.pdf import write

DPI = 36  # half a point a pixel: enough to see ink in the margin
PAGE_WIDTH_PT, RIGHT_MARGIN_PT = 595.28, 25 / 25.4 * 72


def right_margin_ink(pdf: bytes) -> int:
    """Dark pixels in the outer two thirds of the right margin of page 1."""
    pdftoppm = need_program("pdftoppm")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "page.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [pdftoppm, "-gray", "-r", str(DPI), "-f", "1", "-l", "1", str(source),
             str(Path(folder) / "page")],
            check=True,
        )  # fmt: skip
        data = next(Path(folder).glob("page*.pgm")).read_bytes()
    magic, width, height, _maximum, pixels = data.split(maxsplit=4)
    assert magic == b"P5"
    width, height = int(width), int(height)
    start = int(width * (PAGE_WIDTH_PT - 2 * RIGHT_MARGIN_PT / 3) / PAGE_WIDTH_PT)
    columns = range(start, width)
    return sum(pixels[row * width + column] < 128 for row in range(height) for column in columns)


def page_with(text: str) -> bytes:
    meta = Metadata(title="layout", subject="", language="fr-FR")
    return write(Document(meta, [Paragraph([Run(text)])]), WriteOptions())


def test_the_margin_check_sees_a_blank_margin() -> None:
    assert right_margin_ink(page_with("Les Parties coopèrent de bonne foi. " * 20)) == 0


def test_a_very_long_word_stays_on_the_page() -> None:
    assert right_margin_ink(page_with("Référence : " + "Z" * 150 + " fin.")) == 0


def test_a_very_long_word_is_read_back_whole() -> None:
    """Broken across lines, the word gains no character (no zero-width space, no hyphen)."""
    word = "X7" * 60
    text = PdfReader(io.BytesIO(page_with(f"Référence : {word} fin."))).pages[0].extract_text()
    assert word in text.replace("\n", "")
    assert "\u200b" not in text and "-" not in text


def test_compounds_and_addresses_still_break_at_their_hyphens_and_slashes() -> None:
    """Only runs with no break point of their own may break anywhere: a long compound breaks
    at a hyphen (or is hyphenated), an address after a slash or a full stop, never inside a
    syllable (as they did when every 30-character run could break anywhere)."""
    compound = "child-protection-compact-partnership-framework-implementation"
    address = "https://www.state.gov/child-protection-compact-partnerships/"
    text = f"Les Parties coopèrent selon le {compound} décrit à l'adresse {address} ci-dessus. "
    reader = PdfReader(io.BytesIO(page_with(text * 12)))
    lines = reader.pages[0].extract_text().splitlines()
    breaks = 0
    for line, following in pairwise(lines):
        if not line.split() or not following.split():
            continue
        last, first = line.split()[-1], following.split()[0]
        for token in (compound, address):
            inside = token.startswith(last + first) or token.startswith(last.rstrip("-") + first)
            if inside and last:
                breaks += 1
                # Typst's own break points: a hyphen (its own or hyphenation's), after a slash
                # or a full stop of an address.
                assert last.endswith(("-", "/", ".")), f"{token!r} broken mid-word: {line!r}"
    assert breaks, "the text never broke inside the compound or the address: test too easy"
