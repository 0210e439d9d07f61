"""Signature fields: listed by `cpc fields` and `cpc render -v`, and placed on the signing
line by both PDF engines, A4 and letter.

Where a signatory signs is read back the way a person would check it, independently of how
the engines place fields: from the text positions poppler's `pdftotext -bbox` gives, the
"on behalf of" lines above each line and the signatory's name just below it.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import MINI, REFERENCE, need_program
from pypdf import PdfReader

from cpc_docs.cli.main import main

NAMES = {
    "us-1-joann-m-lockard": "Joann M. Lockard",
    "civ-2-adama-kamara": "Me Adama KAMARA",
    "civ-3-dominique-ouattara": "Madame Dominique OUATTARA",
}


def render(runner, *args: str) -> str:
    result = runner.invoke(main, ["render", *args])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output


@pytest.fixture(scope="module")
def mini_pdf(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("mini")
    render(CliRunner(), str(MINI), "--lang", "fr", "--format", "pdf", "-o", str(folder))
    return folder / "mini.fr.pdf"


def test_fields_lists_name_page_box_and_signatory(runner, mini_pdf) -> None:
    result = runner.invoke(main, ["fields", str(mini_pdf)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{mini_pdf}: 2 signature fields"
    widgets = {
        str(a.get_object()["/T"]): (number, [float(v) for v in a.get_object()["/Rect"]])
        for number, page in enumerate(PdfReader(mini_pdf).pages, 1)
        for a in page.get("/Annots") or []
    }
    for line, (name, who) in zip(
        lines[1:], [("us-1-jane-doe", "Jane Doe"), ("pa-2-marie-kouame", "Madame Marie KOUAME")],
        strict=True,
    ):  # fmt: skip
        page, rect = widgets[name]
        box = "[" + " ".join(f"{v:.0f}" for v in rect) + "]"
        assert re.fullmatch(rf"\s+{name}\s+page {page}\s+{re.escape(box)}\s+{who}\s+empty", line), (
            line
        )


def test_fields_as_json(runner, mini_pdf) -> None:
    result = runner.invoke(main, ["fields", str(mini_pdf), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["file"] == str(mini_pdf)
    first = data["fields"][0]
    assert first["name"] == "us-1-jane-doe" and first["signatory"] == "Jane Doe"
    assert first["signed"] is False and first["signer"] is None
    left, bottom, right, top = first["box"]
    assert 0 < left < right < 612 and 0 < bottom < top < 842
    assert isinstance(first["page"], int) and first["page"] >= 1


def test_render_verbose_lists_the_fields_under_each_pdf(runner, tmp_path) -> None:
    output = render(runner, str(MINI), "--lang", "en", "--format", "pdf", "-o", str(tmp_path),
                    "-v")  # fmt: skip
    lines = output.splitlines()
    at = lines.index(f"  {tmp_path / 'mini.en.pdf'}")
    assert lines[at + 1].split()[0] == "us-1-jane-doe"
    assert "Jane Doe" in lines[at + 1] and "empty" in lines[at + 1]
    assert lines[at + 2].split()[0] == "pa-2-marie-kouame"


def test_fields_of_a_file_that_is_not_a_pdf_is_a_clear_error(runner, tmp_path) -> None:
    bogus = tmp_path / "bogus.pdf"
    bogus.write_text("not a pdf")
    result = runner.invoke(main, ["fields", str(bogus)])
    assert result.exit_code == 1
    assert "is not a PDF" in result.output and "Traceback" not in result.output


def test_a_pdf_without_fields(runner, tmp_path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    path = tmp_path / "blank.pdf"
    with path.open("wb") as out:
        writer.write(out)
    result = runner.invoke(main, ["fields", str(path)])
    assert result.exit_code == 0
    assert result.output.strip() == f"{path}: no signature field"


# ------------------------------------------------------------------ fields on the signing line


def words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(left, top, right, bottom, word) of each word on a page (1-based), from the top-left
    corner in points, as poppler lays the page out."""
    pdftotext = need_program("pdftotext")
    done = subprocess.run(
        [pdftotext, "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        done.stdout,
    )
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in found]


def name_box(found: list, name: str) -> tuple[float, float, float, float]:
    """The box of the words of `name` written in a row."""
    parts = name.split()
    texts = [w[4] for w in found]
    for i in range(len(texts) - len(parts) + 1):
        if (
            texts[i : i + len(parts)] == parts
            and len({round(w[1]) for w in found[i : i + len(parts)]}) == 1
        ):
            row = found[i : i + len(parts)]
            return row[0][0], row[0][1], row[-1][2], row[0][3]
    raise AssertionError(f"{name!r} is not on the page")


def check_fields_on_their_lines(pdf: Path) -> None:
    reader = PdfReader(pdf)
    checked = 0
    for number, page in enumerate(reader.pages, 1):
        height = float(page.mediabox.top)
        found = None
        for annotation in page.get("/Annots") or []:
            widget = annotation.get_object()
            if widget.get("/FT") != "/Sig":
                continue
            found = found or words(pdf, number)
            left, bottom, right, top = (float(v) for v in widget["/Rect"])
            field_top, field_bottom = height - top, height - bottom  # from the page's top
            name_left, name_top, _, _ = name_box(found, NAMES[str(widget["/T"])])
            # The name is under the signing line, and the field stands on that line: its
            # bottom above the name (a stamp cannot cover it), and close to it.
            assert field_bottom <= name_top + 0.5, f"{pdf.name}: the field covers the name"
            assert name_top - field_bottom < 12, f"{pdf.name}: the field floats above the line"
            assert abs(left - name_left) < 6, f"{pdf.name}: the field is not over the name"
            assert right - left > 150 and 40 <= top - bottom <= 60
            # No text inside the field: the "on behalf of" lines stay above it.
            inside = [w for w in found if w[0] < right and w[2] > left
                      and w[3] > field_top + 1 and w[1] < field_bottom - 1]  # fmt: skip
            assert not inside, f"{pdf.name}: text under the field: {inside}"
            checked += 1
    assert checked == 3


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("engine", ["typst", "libreoffice"])
@pytest.mark.slow
def test_each_field_stands_on_its_signing_line(runner, tmp_path, engine, paper) -> None:
    if engine == "libreoffice":
        need_program("soffice")
    render(runner, str(REFERENCE), "--lang", "fr", "--format", "pdf", "--paper", paper,
           "--pdf-engine", engine, "-o", str(tmp_path))  # fmt: skip
    pdf = tmp_path / "civ-2022.fr.pdf"
    expected = (595, 842) if paper == "a4" else (612, 792)
    box = PdfReader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == expected
    check_fields_on_their_lines(pdf)
