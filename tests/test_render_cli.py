"""`cpc render` as a user runs it: outputs, manifest, batches, editions and engines."""

from __future__ import annotations

import hashlib
import io
import json
import shutil

import pytest
from conftest import MINI, REFERENCE, need_program
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx_read import footer_xml, paragraphs
from pypdf import PdfReader

from cpc_docs.cli.main import main
from cpc_docs.templating.jinja import TEMPLATE_ROOT as REPO_TEMPLATES


def render(runner, *args: str):
    result = runner.invoke(main, ["render", *args])
    assert "Traceback" not in result.output
    return result


def test_render_writes_every_language_and_format_and_a_manifest(runner, tmp_path):
    result = render(runner, str(MINI), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "mini.en.docx", "mini.en.pdf", "mini.fr.docx", "mini.fr.pdf", "mini.manifest.json",
    ]  # fmt: skip
    manifest = json.loads((tmp_path / "mini.manifest.json").read_text())
    for entry in manifest["outputs"]:
        data = (tmp_path / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    assert any(i["path"].endswith("mini.yaml") for i in manifest["inputs"])
    assert any(i["path"].endswith("fr/compact.md.j2") for i in manifest["inputs"])
    short = manifest["fingerprint"][:16]
    pdf = PdfReader(tmp_path / "mini.fr.pdf")
    assert f"SHA-256 {short}" in pdf.pages[0].extract_text()


def test_rendering_twice_gives_identical_bytes(runner, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert render(runner, str(MINI), "-o", str(first)).exit_code == 0
    assert render(runner, str(MINI), "-o", str(second)).exit_code == 0
    for path in first.iterdir():
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_source_date_epoch_sets_the_dates(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert render(runner, str(MINI), "--format", "pdf", "--lang", "en", "-o", str(tmp_path))
    info = PdfReader(tmp_path / "mini.en.pdf").metadata
    assert info["/CreationDate"].startswith("D:20231114")


def test_choice_of_language_and_format(runner, tmp_path):
    result = render(runner, str(MINI), "--lang", "en", "--format", "docx", "-o", str(tmp_path))
    assert result.exit_code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["mini.en.docx", "mini.en.docx.manifest.json"]


def test_bad_option_is_a_usage_error(runner, tmp_path):
    result = render(runner, str(MINI), "--lang", "de")
    assert result.exit_code == 2
    assert "'de' is not one of 'fr', 'en', 'es'" in result.output
    # A language cpc-docs has but the compact lacks is the compact's error, not a usage one.
    result = render(runner, str(MINI), "--lang", "es", "-o", str(tmp_path))
    assert result.exit_code == 1
    assert "the compact has no 'es' text (it has fr, en)" in result.output


def test_a_folder_with_a_broken_compact_renders_the_others(runner, tmp_path):
    folder = tmp_path / "compacts"
    folder.mkdir()
    shutil.copy(MINI, folder / "mini.yaml")
    (folder / "broken.yaml").write_text(
        MINI.read_text(encoding="utf-8")
        .replace("duration: 5 years", "duration: 6 years")
        .replace("id: mini\n", "id: broken\n", 1),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = render(runner, str(folder), "--format", "docx", "-o", str(out), "--jobs", "2")
    assert result.exit_code == 1
    assert "broken.yaml:" in result.output and "lasts at most 5 years" in result.output
    assert "1 rendered, 1 failed" in result.output
    # Nothing of the broken compact was written.
    assert sorted(p.name for p in out.iterdir()) == [
        "mini.docx.manifest.json", "mini.en.docx", "mini.fr.docx",
    ]  # fmt: skip
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_side_by_side_edition_pairs_the_languages(runner, tmp_path):
    result = render(runner, str(MINI), "--edition", "side-by-side", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    docx = (tmp_path / "mini.fr-en.docx").read_bytes()
    texts = [p.text for p in paragraphs(docx)]
    objet = texts.index("I. Objet")
    assert texts[objet + 1] == "I. Purpose"
    footer = footer_xml(docx)
    assert footer.count("> PAGE <") == 2 and footer.count("> NUMPAGES <") == 2
    assert "{page" not in footer
    title = next(p for p in paragraphs(docx) if p.text.startswith("PARTENARIAT RELATIF"))
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    pdf = PdfReader(tmp_path / "mini.fr-en.pdf")
    fields = pdf.get_fields()
    assert sorted(fields) == ["pa-2-marie-kouame", "us-1-jane-doe"]  # one block for both
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Pour le Gouvernement des États-Unis d’Amérique" in text
    assert "For the Government of the United States of America" in text


@pytest.mark.slow
def test_libreoffice_engine_gives_a_finished_pdf(runner, tmp_path):
    need_program("soffice")
    result = render(
        runner, str(REFERENCE), "--lang", "fr", "--format", "pdf",
        "--pdf-engine", "libreoffice", "-o", str(tmp_path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    pdf = PdfReader(io.BytesIO((tmp_path / "civ-2022.fr.pdf").read_bytes()))
    assert sorted(pdf.get_fields()) == [
        "civ-2-adama-kamara", "civ-3-dominique-ouattara", "us-1-joann-m-lockard",
    ]  # fmt: skip
    assert pdf.metadata["/Title"].startswith("Partenariat relatif au Pacte")
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Annexe A" in text and "OUATTARA" in text


def test_libreoffice_engine_missing_is_a_clear_error(runner, tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = render(
        runner, str(MINI), "--format", "pdf", "--pdf-engine", "libreoffice", "-o", str(tmp_path)
    )
    assert result.exit_code == 1
    assert "LibreOffice is not installed" in result.output
    assert "--pdf-engine typst" in result.output
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_paper_size(runner, tmp_path, paper):
    assert render(runner, str(MINI), "--format", "pdf", "--paper", paper, "-o", str(tmp_path))
    box = PdfReader(tmp_path / "mini.fr.pdf").pages[0].mediabox
    expected = (595, 842) if paper == "a4" else (612, 792)
    assert (round(float(box.width)), round(float(box.height))) == expected


def test_help_lists_the_commands_with_examples(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("render", "validate", "schema"):
        assert command in result.output
    for command in ("render", "validate", "schema"):
        sub = runner.invoke(main, [command, "--help"])
        assert sub.exit_code == 0 and "Example" in sub.output


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and "cpc, version" in result.output


def test_the_fingerprint_depends_on_content_not_on_file_names(runner, tmp_path, monkeypatch):
    copy = tmp_path / "elsewhere" / "renamed.yaml"
    copy.parent.mkdir()
    shutil.copy(MINI, copy)
    first, second = tmp_path / "a", tmp_path / "b"
    assert render(runner, str(MINI), "--lang", "fr", "-o", str(first)).exit_code == 0
    monkeypatch.chdir(tmp_path)  # another working folder, too
    assert render(runner, str(copy), "--lang", "fr", "-o", str(second)).exit_code == 0
    one = json.loads((first / "mini.fr.manifest.json").read_text())
    two = json.loads((second / "mini.fr.manifest.json").read_text())
    assert one["fingerprint"] == two["fingerprint"]
    assert {i["role"] for i in one["inputs"]} == {
        "compact", "templates/fr/compact.md.j2", "templates/en/compact.md.j2",
        "templates/fr/reference.docx", "templates/en/reference.docx",
        "templates/fr/formulas.yaml", "templates/en/formulas.yaml",
        "templates/fr/locale.yaml", "templates/en/locale.yaml",
        "cpc_docs/clauses.yaml", "cpc_docs/writers/instrument.typ",
    }  # fmt: skip
    assert (first / "mini.fr.pdf").read_bytes() == (second / "mini.fr.pdf").read_bytes()


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_and_verbose_work_before_and_after_the_command(runner, tmp_path, where):
    """`cpc -q validate x.yaml` and `cpc validate x.yaml -q` do the same."""

    def validate(*flag: str) -> str:
        command = ["validate", str(MINI)]
        args = [*flag, *command] if where == "before" else [*command, *flag]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        return result.output

    normal = validate()
    assert "valid" in normal
    assert validate("-q") == "" and validate("--quiet") == ""
    assert validate("-v").count("\n") >= normal.count("\n")


def test_restyling_the_reference_docx_changes_the_fingerprint(runner, tmp_path):
    """The styles are an input: a signatory comparing fingerprints must see the change."""
    templates = tmp_path / "templates"
    shutil.copytree(REPO_TEMPLATES, templates)
    first, second = tmp_path / "a", tmp_path / "b"
    args = ["--lang", "fr", "--format", "docx", "--templates", str(templates)]
    assert render(runner, str(MINI), *args, "-o", str(first)).exit_code == 0
    reference = templates / "fr" / "reference.docx"
    reference.write_bytes(reference.read_bytes() + b"\0")  # any change of the file
    assert render(runner, str(MINI), *args, "-o", str(second)).exit_code == 0
    one = json.loads((first / "mini.fr.docx.manifest.json").read_text())
    two = json.loads((second / "mini.fr.docx.manifest.json").read_text())
    assert one["fingerprint"] != two["fingerprint"]


def test_a_partial_render_keeps_the_whole_sets_manifest(runner, tmp_path):
    """Rendering one language or the side-by-side edition into the same folder writes its
    own manifest; the whole set's, which a signatory may rely on, is left as it was."""
    assert render(runner, str(MINI), "-o", str(tmp_path)).exit_code == 0
    whole = (tmp_path / "mini.manifest.json").read_bytes()
    assert render(runner, str(MINI), "--lang", "en", "-o", str(tmp_path)).exit_code == 0
    result = render(runner, str(MINI), "--edition", "side-by-side", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mini.manifest.json").read_bytes() == whole
    en = json.loads((tmp_path / "mini.en.manifest.json").read_text())
    assert sorted(o["path"] for o in en["outputs"]) == ["mini.en.docx", "mini.en.pdf"]
    both = json.loads((tmp_path / "mini.fr-en.manifest.json").read_text())
    assert sorted(o["path"] for o in both["outputs"]) == ["mini.fr-en.docx", "mini.fr-en.pdf"]


def test_a_templates_folder_beside_the_compacts_is_used_and_named_when_it_lacks_one(
    runner, tmp_path
):
    """A project's own templates/ (beside its compacts/) replaces the shipped ones; when it
    lacks a language of the compact, the message says which folder was used and what it has."""
    (tmp_path / "compacts").mkdir()
    compact = tmp_path / "compacts" / "mini.yaml"
    shutil.copy(MINI, compact)
    shutil.copytree(REPO_TEMPLATES / "fr", tmp_path / "templates" / "fr")
    marked = tmp_path / "templates" / "fr" / "formulas.yaml"
    marked.write_text(
        marked.read_text(encoding="utf-8").replace("Ont décidé de", "Ont décidé, ici,", 1),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = render(runner, str(compact), "--lang", "fr", "--format", "docx", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in paragraphs((out / "mini.fr.docx").read_bytes()))
    assert "Ont décidé, ici," in text
    result = render(runner, str(compact), "--lang", "en", "--format", "docx", "-o", str(out))
    assert result.exit_code == 1
    assert f"no templates for language 'en' in {tmp_path / 'templates'} (it has fr)" in (
        result.output
    )
    assert "--templates" in result.output


def test_the_language_words_a_document_prints_are_inputs_of_its_fingerprint(
    runner, tmp_path, monkeypatch
):
    """locale.yaml's words (dates, numbers, the draft mark) change what a compact prints, so
    they enter its fingerprint and manifest, as the template and the formulas do; a report's
    labels (report.yaml) enter a report's, not a compact's."""
    import cpc_docs.outputs.files as files

    assert render(runner, str(MINI), "--lang", "fr", "-o", str(tmp_path)).exit_code == 0
    manifest = json.loads((tmp_path / "mini.fr.manifest.json").read_text())
    roles = {item["role"] for item in manifest["inputs"]}
    assert {"templates/fr/locale.yaml", "templates/en/locale.yaml"} <= roles
    assert not any(role.endswith("report.yaml") for role in roles)

    shipped = tmp_path / "shipped"
    shutil.copytree(REPO_TEMPLATES, shipped)
    monkeypatch.setattr(files, "TEMPLATE_ROOT", shipped)

    def digest(words: tuple[str, ...]) -> str:
        inputs = files.render_inputs([], shipped, "report.md.j2", ["fr"], words)
        return files.fingerprint(inputs, tmp_path)[0]

    words = ("locale.yaml", "report.yaml")
    before = digest(words)
    report_words = shipped / "fr" / "report.yaml"
    report_words.write_text(report_words.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
    assert digest(words) != before
    assert digest(("locale.yaml",)) == digest(("locale.yaml",))  # the same inputs, the same
