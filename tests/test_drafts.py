"""Drafts of a compact (issue 17, item 1): `status: draft` or `cpc render --draft`.

A compact is negotiated over many drafts before one is signed. A draft renders although it
has TODOs (warnings, not errors), each highlighted where it stands; a missing piece the rules
find (a party whose focal points have no e-mail) is marked in place; every page carries the
language's draft word; the title page says which version of which date; there are no
signature fields and no initials boxes; the manifest says draft, with what is missing. The
same compact as final is refused, with the way to render it for review. Each test opens the
DOCX and the PDF written and reads them (python-docx, pypdf).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import FIXTURES, ROOT, mini_variant
from docx import Document as open_docx
from docx.enum.text import WD_COLOR_INDEX
from pypdf import PdfReader

from cpc_docs.cli.main import main
from cpc_docs.load.compact import load_compact
from cpc_docs.model.compact import Compact
from cpc_docs.rules.compact import check, draft_hint, is_missing

TODO_FR = "TODO : préciser le rôle du comité."
TODO_EN = "TODO: specify the committee's role."
# The PDF's highlight of a gap (instrument.typ `gap-fill`, #fff0a0) as its content stream sets it.
HIGHLIGHT = "1 0.9411765 0.627451"


def _with_todo(data: dict[str, Any], status: str | None = "draft") -> None:
    """mini.yaml with a TODO in its purpose, a partner focal point without an e-mail, and (for
    a draft) its status and version."""
    data["sections"]["purpose"]["paragraphs"].append({"fr": TODO_FR, "en": TODO_EN})
    data["parties"][0]["focal_points"][0]["emails"] = []
    if status is not None:
        data["status"] = status
        data["version"] = {"label": "3", "date": "2026-11-30"}


def _render(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["render", *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def _pages(pdf: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages]


def _signature_fields(pdf: Path) -> list[str]:
    fields = PdfReader(pdf).get_fields() or {}
    return [name for name, field in fields.items() if field.get("/FT") == "/Sig"]


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """mini.yaml as a draft with a TODO, rendered in French and English, DOCX and PDF."""
    folder = tmp_path_factory.mktemp("draft")
    compact = mini_variant(folder, _with_todo)
    code, output = _render(str(compact), "-o", str(folder / "out"))
    assert code == 0, output
    return folder / "out", output


def test_a_draft_renders_with_its_todo_and_missing_email_as_warnings(draft):
    _out, output = draft
    assert "warning: sections.purpose.paragraphs.1: still to write: specify the committee" in output
    assert "warning: parties.0.focal_points: pa: each party needs at least one focal point" in (
        output
    )
    assert "error:" not in output


@pytest.mark.parametrize(("lang", "word"), [("fr", "PROJET"), ("en", "DRAFT")])
def test_every_page_of_a_draft_pdf_carries_the_draft_word(draft, lang, word):
    pages = _pages(draft[0] / f"mini.{lang}.pdf")
    assert len(pages) >= 4
    for number, text in enumerate(pages, start=1):
        assert word in text, f"page {number} has no {word}"


def test_the_docx_of_a_draft_carries_the_draft_word_in_its_header(draft):
    docx = open_docx(str(draft[0] / "mini.fr.docx"))
    headers = " ".join(p.text for s in docx.sections for p in s.header.paragraphs)
    assert "PROJET" in headers


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("fr", "Projet – version 3 du 30 novembre 2026"),
        ("en", "Draft – version 3 of November 30, 2026"),
    ],
)
def test_the_title_page_says_which_version_of_which_date(draft, lang, line):
    title_page = _pages(draft[0] / f"mini.{lang}.pdf")[0]
    assert line in title_page
    docx = open_docx(str(draft[0] / f"mini.{lang}.docx"))
    assert any(p.text == line for p in docx.paragraphs)


def test_the_todo_is_highlighted_in_the_docx(draft):
    docx = open_docx(str(draft[0] / "mini.fr.docx"))
    runs = [run for p in docx.paragraphs for run in p.runs if "TODO" in run.text]
    assert runs, "the TODO is not in the DOCX"
    for run in runs:
        assert run.font.highlight_color == WD_COLOR_INDEX.YELLOW and run.bold
    # Only what is still to write: the text before it is not highlighted.
    plain = [r for p in docx.paragraphs for r in p.runs if "Le présent Partenariat" in r.text]
    assert plain and all(r.font.highlight_color is None for r in plain)


def test_the_todo_is_highlighted_in_the_pdf(draft):
    reader = PdfReader(draft[0] / "mini.en.pdf")
    page = next(p for p in reader.pages if "TODO: specify the committee" in p.extract_text())
    assert HIGHLIGHT in page.get_contents().get_data().decode("latin-1")
    # A page without a TODO or a gap has no highlight.
    quiet = [p for p in reader.pages if "TODO" not in p.extract_text()]
    quiet = [p for p in quiet if "TO BE COMPLETED" not in p.extract_text()]
    assert quiet
    assert all(HIGHLIGHT not in p.get_contents().get_data().decode("latin-1") for p in quiet)


def test_a_focal_point_without_email_is_marked_in_place(draft):
    text = " ".join(_pages(draft[0] / "mini.fr.pdf"))
    assert "Le Comité National (CN) Bureau : 1er étage, Tour A" in text
    assert "Adresse électronique : [À COMPLÉTER]" in text
    docx = open_docx(str(draft[0] / "mini.en.docx"))
    gaps = [r for p in docx.paragraphs for r in p.runs if r.text == "[TO BE COMPLETED]"]
    assert gaps and all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in gaps)


def test_a_draft_has_no_signature_fields_and_no_initials_boxes(draft):
    for lang, initials in (("fr", "Paraphes"), ("en", "Initials")):
        pdf = draft[0] / f"mini.{lang}.pdf"
        assert _signature_fields(pdf) == []
        assert "/AcroForm" not in PdfReader(pdf).trailer["/Root"]
        pages = _pages(pdf)
        assert all(initials not in text for text in pages)
        # The signature lines are printed, with the signatories' names under them.
        assert any("Jane Doe" in text and "Marie KOUAME" in text for text in pages)
        docx = open_docx(str(draft[0] / f"mini.{lang}.docx"))
        footers = " ".join(p.text for s in docx.sections for p in s.footer.paragraphs)
        tables = " ".join(c.text for s in docx.sections for t in s.footer.tables
                          for row in t.rows for c in row.cells)  # fmt: skip
        assert initials not in footers + tables


def test_the_manifest_says_draft_with_its_version_and_what_is_missing(draft):
    manifest = json.loads((draft[0] / "mini.manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "draft"
    assert manifest["version"] == {"label": "3", "date": "2026-11-30"}
    missing = {(m["rule"], m["path"]) for m in manifest["missing"]}
    assert missing == {
        ("todo", "sections.purpose.paragraphs.1"),
        ("focal-points", "parties.0.focal_points"),
    }
    assert manifest["check"]["concordant"] is True


def test_the_same_compact_as_final_is_refused_with_the_way_to_a_draft(tmp_path):
    compact = mini_variant(tmp_path, lambda data: _with_todo(data, status="final"))
    out = tmp_path / "out"
    code, output = _render(str(compact), "-o", str(out))
    assert code == 1
    assert not out.exists() or not any(out.iterdir())
    assert "error: sections.purpose.paragraphs.1: still to write" in output
    assert "not rendered as final: 2 part(s) still to write" in output
    assert "`cpc render --draft`, or `status: draft` in the compact" in output


def test_render_draft_makes_a_draft_of_a_final_compact(tmp_path):
    """--draft for one render, whatever the file says; without a version, the line is the
    draft word alone."""
    compact = mini_variant(tmp_path, lambda data: _with_todo(data, status=None))
    out = tmp_path / "out"
    code, output = _render(str(compact), "-o", str(out), "--draft", "--lang", "en")
    assert code == 0, output
    pages = _pages(out / "mini.en.pdf")
    assert all("DRAFT" in text for text in pages)
    assert "OF PATRIA Draft Working document for review, not for signature" in pages[0]
    assert _signature_fields(out / "mini.en.pdf") == []
    manifest = json.loads((out / "mini.en.manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "draft" and manifest["version"] is None


def test_a_final_render_keeps_its_fields_and_says_final(tmp_path):
    out = tmp_path / "out"
    code, output = _render(str(FIXTURES / "mini.yaml"), "-o", str(out), "--lang", "fr")
    assert code == 0, output
    pdf = out / "mini.fr.pdf"
    assert len(_signature_fields(pdf)) == 2
    pages = _pages(pdf)
    assert not any("PROJET" in text for text in pages)
    assert all("Paraphes" in text for text in pages)
    assert all(HIGHLIGHT not in p.get_contents().get_data().decode("latin-1")
               for p in PdfReader(pdf).pages)  # fmt: skip
    manifest = json.loads((out / "mini.fr.manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "final" and "missing" not in manifest


def test_a_spanish_draft_says_borrador_on_every_page(tmp_path):
    out = tmp_path / "out"
    compact = ROOT / "compacts" / "per-2017.yaml"
    code, output = _render(str(compact), "-o", str(out), "--draft", "--format", "pdf")
    assert code == 0, output
    for lang, word, line in (("es", "BORRADOR", "Borrador Documento de trabajo"),
                             ("en", "DRAFT", "Draft Working document")):  # fmt: skip
        pdf = out / f"per-2017.{lang}.pdf"
        pages = _pages(pdf)
        assert all(word in text for text in pages), lang
        assert line in pages[0]
        assert _signature_fields(pdf) == []
    manifest = json.loads((out / "per-2017.pdf.manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "draft" and manifest["missing"] == []


def test_a_discordant_draft_renders_and_the_manifest_keeps_the_findings(tmp_path):
    """The concordance gate still runs on a draft; its errors are warnings, recorded."""

    def edit(data: dict[str, Any]) -> None:
        data["status"] = "draft"
        item = data["sections"]["monitoring"]["items"][0]["paragraphs"][0]
        item["en"] = "The Participants do not meet once a year."

    compact = mini_variant(tmp_path, edit)
    out = tmp_path / "out"
    code, output = _render(str(compact), "-o", str(out), "--lang", "fr", "--format", "docx")
    assert code == 0, output
    assert "warning: sections.monitoring.items.0.paragraphs.0: negation differs" in output
    assert "(a draft, for review)" in output
    manifest = json.loads((out / "mini.fr.docx.manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "draft"
    assert manifest["check"]["concordant"] is False
    assert manifest["check"]["allowed_discordant"] is True
    assert [f["rule"] for f in manifest["check"]["findings"]] == ["negation"]


# ------------------------------------------------------------------- the rules and the model


def _loaded(tmp_path: Path, status: str | None) -> tuple[Compact, Any]:
    return load_compact(mini_variant(tmp_path, lambda data: _with_todo(data, status)))


def test_one_place_decides_a_missing_piece_is_an_error_or_a_warning(tmp_path):
    compact, source = _loaded(tmp_path, None)
    final = [f for f in check(compact, source) if is_missing(f)]
    assert {f.rule for f in final} == {"todo", "focal-points"}
    assert {f.severity for f in final} == {"error"}
    assert draft_hint(final) is not None and "2 part(s)" in str(draft_hint(final))
    drafted = [f for f in check(compact, source, draft=True) if is_missing(f)]
    assert [(f.rule, f.severity) for f in drafted] == [(f.rule, "warning") for f in final]
    assert draft_hint(drafted) is None


def test_a_compact_with_status_draft_is_checked_as_a_draft(tmp_path):
    compact, source = _loaded(tmp_path, "draft")
    assert compact.status == "draft"
    assert not [f for f in check(compact, source) if f.severity == "error"]
    assert [f for f in check(compact, source, draft=False) if f.severity == "error"]


def test_an_unaddressed_statute_element_is_missing_and_a_wrong_id_is_not(tmp_path):
    def edit(data: dict[str, Any]) -> None:
        data["statute"] = {"G": ["no-such-id"]}

    compact, source = load_compact(mini_variant(tmp_path, edit))
    findings = check(compact, source, draft=True)
    statute = {f.location.path: f for f in findings if f.rule == "statute"}
    assert statute["statute.F"].severity == "warning" and is_missing(statute["statute.F"])
    assert statute["statute.G.0"].severity == "error" and not is_missing(statute["statute.G.0"])


@pytest.mark.parametrize(
    ("written", "label", "date"),
    [
        ("3", "3", None),
        ("v3", "v3", None),
        ("2026-11-30 v3", "2026-11-30 v3", None),
        ("2026-11-30", "2026-11-30", "2026-11-30"),
        ("{label: v4, date: 2027-01-15}", "v4", "2027-01-15"),
    ],
)
def test_the_version_is_written_short_or_with_its_date(tmp_path, written, label, date):
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    path = tmp_path / "mini.yaml"
    path.write_text(text + f"status: draft\nversion: {written}\n", encoding="utf-8")
    compact, _ = load_compact(path)
    assert compact.version is not None and compact.version.label == label
    assert (compact.version.date.isoformat() if compact.version.date else None) == date


def test_the_schema_documents_status_and_version(runner):
    result = runner.invoke(main, ["schema", "--format", "markdown"])
    assert result.exit_code == 0
    status = next(line for line in result.output.splitlines() if line.startswith("| `status`"))
    assert "`draft` \\| `final`" in status and "Default: `final`" in status
    assert "| `version` | [Version](#version) (optional) |" in result.output
    assert "The date of this draft." in result.output


def test_every_language_has_the_words_of_a_draft():
    for folder in sorted((ROOT / "templates").iterdir()):
        locale = folder / "locale.yaml"
        if not locale.is_file():
            continue
        words = yaml.safe_load(locale.read_text(encoding="utf-8"))
        assert set(words["draft_version"]) == {"dated", "undated", "none"}, folder.name
        assert words["draft_note"] and re.fullmatch(r"\[.+\]", words["draft_gap"]), folder.name


def test_a_party_without_focal_points_is_listed_with_its_gap_in_a_draft(tmp_path):
    def edit(data: dict[str, Any]) -> None:
        data["status"] = "draft"
        data["parties"][1]["focal_points"] = []

    out = tmp_path / "out"
    code, output = _render(str(mini_variant(tmp_path, edit)), "-o", str(out), "--lang", "en")
    assert code == 0, output
    assert "warning: parties.1.focal_points: us: each party needs at least one focal" in output
    text = " ".join(_pages(out / "mini.en.pdf"))
    assert "Focal points for the United States of America • [TO BE COMPLETED]" in text


def test_a_side_by_side_draft_is_marked_in_both_languages(tmp_path):
    compact = mini_variant(tmp_path, _with_todo)
    out = tmp_path / "out"
    code, output = _render(str(compact), "-o", str(out), "--edition", "side-by-side",
                           "--format", "pdf")  # fmt: skip
    assert code == 0, output
    pdf = out / "mini.fr-en.pdf"
    assert all("PROJET /" in text and "DRAFT" in text for text in _pages(pdf))
    assert _signature_fields(pdf) == []
