"""`cpc diff`: the field summary, one-sided changes, the redline trees and their DOCX (Word's
tracked changes, read back by LibreOffice) and PDF (colour), and versions out of git."""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import MINI, need_program
from docx import Document as open_docx
from lxml import etree
from pypdf import PdfReader

from cpc_docs.cli.main import main
from cpc_docs.document import Document, Heading, ListBlock, Paragraph, Run, plain_text
from cpc_docs.load.compact import load_compact_text
from cpc_docs.pipeline import compact_source
from cpc_docs.rules.changes import compare, inline_diff
from cpc_docs.settings import RenderSettings
from cpc_docs.tree.redline import diff_runs, redline
from cpc_docs.writers.typst_data import to_typst_input

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
PURPOSE_FR = (
    "Le présent Partenariat CPC vise à renforcer fortement la lutte contre la traite des enfants."
)
PREVENTION = {
    "fr": "La prévention est mieux coordonnée.",
    "en": "Prevention is better coordinated.",
}


def _mini() -> dict[str, Any]:
    return yaml.safe_load(MINI.read_text(encoding="utf-8"))


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _both(tmp_path: Path, edit_old=None, edit_new=None) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    old, new = _mini(), _mini()
    if edit_old:
        edit_old(old)
    if edit_new:
        edit_new(new)
    return _write(tmp_path / "old.yaml", old), _write(tmp_path / "new.yaml", new)


def _edit_both_languages(data: dict[str, Any]) -> None:
    data["objectives"][0]["text"] = dict(PREVENTION)
    data["objectives"][3]["activities"].pop(0)  # "Planifier la pérennité des actions."
    data["sections"]["commitments"]["items"][0]["amount"]["value"] = 6000000


def _edit_french_only(data: dict[str, Any]) -> None:
    data["sections"]["purpose"]["paragraphs"][0]["fr"] = PURPOSE_FR


def _diff(runner, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(main, ["diff", *args], env={"SOURCE_DATE_EPOCH": EPOCH, **(env or {})})


# ------------------------------------------------------------------ the field summary


def test_summary_lists_each_field_with_its_languages_and_words(runner, tmp_path: Path) -> None:
    old, new = _both(tmp_path, edit_new=_edit_both_languages)
    result = _diff(runner, str(old), str(new), "--summary-only")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "3 fields changed" in out
    assert "changed   objectives[prevention].text [fr changed, en changed]" in out
    assert "fr: La prévention est {+mieux+} coordonnée." in out
    assert "en: Prevention is {+better+} coordinated." in out
    # The removed activity is named by its id, and its id is no field of its own.
    assert "removed   objectives[partnership].activities[part-a01].text" in out
    assert "fr: - Planifier la pérennité des actions." in out
    assert ".id:" not in out
    # A language-neutral fact, said as written.
    assert "sections.commitments.items[us-commitment].amount.value: 5000000 → 6000000" in out
    assert not list(tmp_path.glob("**/*.redline.*"))  # --summary-only writes nothing


def test_summary_as_json(runner, tmp_path: Path) -> None:
    old, new = _both(tmp_path, edit_new=_edit_both_languages)
    result = _diff(runner, str(old), str(new), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["one_sided"] == 0 and data["outputs"] == []  # json alone: no redline
    by_field = {c["field"]: c for c in data["changes"]}
    text = by_field["objectives[prevention].text"]
    assert text["change"] == "changed" and text["languages"] == {"fr": "changed", "en": "changed"}
    assert text["new"]["value"] == PREVENTION and text["new"]["path"] == "objectives.0.text"
    assert text["old"]["value"]["en"] == "Prevention is coordinated."
    amount = by_field["sections.commitments.items[us-commitment].amount.value"]
    assert (amount["old"]["value"], amount["new"]["value"]) == (5000000, 6000000)


def test_identical_versions_have_no_change(runner, tmp_path: Path) -> None:
    old, new = _both(tmp_path)
    result = _diff(runner, str(old), str(new), "--summary-only")
    assert result.exit_code == 0
    assert "old.yaml → " in result.stdout and "no change" in result.stdout


def test_a_paragraph_inserted_first_is_one_insertion() -> None:
    """Lists without ids are aligned by their texts: every later paragraph keeps its pair."""
    old, new = _mini(), _mini()
    paragraphs = new["sections"]["goal"]["paragraphs"]
    paragraphs.insert(0, {"fr": "Un paragraphe nouveau.", "en": "A new paragraph."})
    comparison = compare(_source(old), _source(new))
    assert [(c.kind, c.key) for c in comparison.changes] == [
        ("added", "sections.goal.paragraphs.0")
    ]


def test_inline_diff_marks_words() -> None:
    assert inline_diff("a b c", "a x c") == "a [-b-]{+x+} c"  # as git --word-diff
    assert inline_diff("one two", "one two three") == "one two {+three+}"


# ------------------------------------------------------------------ one-sided changes


def test_a_one_sided_change_is_an_error_and_is_marked(runner, tmp_path: Path) -> None:
    old, new = _both(tmp_path, edit_new=_edit_french_only)
    out = tmp_path / "out"
    result = _diff(runner, str(old), str(new), "-o", str(out), "--format", "docx",
                   "--author", "Legal Office")  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "ONE-SIDED sections.purpose.paragraphs.0 [fr changed, en unchanged]" in result.stdout
    error = next(line for line in result.stderr.splitlines() if "one-sided-change" in line)
    assert error.startswith(f"{new}:") and "error: sections.purpose.paragraphs.0:" in error
    assert "changed in fr but not in en" in error
    # Marked in both languages' redlines: a note, in the document's language, before it.
    for lang, note, text in (
        ("fr", "Modifié dans la version française mais pas dans la version anglaise",
         "fortement"),
        ("en", "Changed in the French version but not in the English version",
         "This CPC Partnership aims to strengthen efforts"),
    ):  # fmt: skip
        paragraphs = open_docx(str(out / f"mini.{lang}.redline.docx")).paragraphs
        index = next(i for i, p in enumerate(paragraphs) if p.text.startswith(note))
        assert paragraphs[index].style.name == "CPC Note"
        assert text in paragraphs[index + 1]._p.xpath("string(.)")


def test_the_one_sided_mark_is_in_the_tree_of_each_language(tmp_path: Path) -> None:
    old, new = _mini(), _mini()
    _edit_french_only(new)
    for lang in ("fr", "en"):
        doc = _redline(old, new, lang).document
        marked = [b for b in doc.blocks if getattr(b, "changed", None) == "one-sided"]
        assert [b.role for b in marked if isinstance(b, Paragraph)] == ["note", "body"]
        assert any(r.change == "ins" for r in marked[1].runs) == (lang == "fr")


# ------------------------------------------------------------------ the redline trees


def _source(data: dict[str, Any], name: str = "v.yaml"):  # type: ignore[no-untyped-def]
    return load_compact_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), name)[1]


def _redline(old: dict[str, Any], new: dict[str, Any], lang: str):  # type: ignore[no-untyped-def]
    """The redline as `cpc diff` builds it (cli.diff._fields)."""
    from cpc_docs.cli.diff import _fields

    text = {k: yaml.safe_dump(v, allow_unicode=True, sort_keys=False) for k, v in
            (("old", old), ("new", new))}  # fmt: skip
    (oc, os_), (nc, ns) = (load_compact_text(text[k], f"{k}.yaml") for k in ("old", "new"))
    settings = RenderSettings()
    before = compact_source(oc, lang, settings, os_).document()
    after = compact_source(nc, lang, settings, ns).document()
    return redline(before, after, _fields(compare(os_, ns), lang), lang)


def _changed_blocks(doc: Document) -> list[tuple[str, str]]:
    out = []
    for block in doc.blocks:
        children = (
            [c for item in block.items for c in item] if isinstance(block, ListBlock) else [block]
        )
        for child in children:
            if getattr(child, "changed", None):
                out.append((child.changed, plain_text(child.runs)))  # type: ignore[union-attr]
    return out


def test_a_section_inserted_shows_alone_not_the_renumbering() -> None:
    """Without `definitions`, monitoring is section IV and its items IV.A…; inserting
    definitions (III) renumbers every later section and reference. Only it is marked."""
    old, new = _mini(), _mini()
    del old["sections"]["definitions"]
    before = _redline(old, old, "fr").document
    assert any(isinstance(b, Heading) and plain_text(b.runs) == "IV. Suivi" for b in before.blocks)
    result = _redline(old, new, "fr")
    assert _changed_blocks(result.document) == [
        ("inserted", "III. Définitions"),
        (
            "inserted",
            "«\u00a0Enfant\u00a0» ou «\u00a0mineur\u00a0» désigne une personne âgée "
            "de moins de 18 ans.",
        ),
    ]
    assert (result.inserted, result.deleted, result.changed) == (2, 0, 0)
    texts = [
        plain_text(b.runs) for b in result.document.blocks if isinstance(b, (Heading, Paragraph))
    ]
    assert "V. Suivi" in texts  # the new numbering, unmarked
    assert "Il rend compte à la réunion prévue à la section V.A." in texts


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_objective_inserted_first_shows_alone(lang: str) -> None:
    """Every later objective's number changes ("1er objectif" → "2e objectif", "Objective 1"
    → "Objective 2"): numbering, not a change."""
    old, new = _mini(), _mini()
    new["objectives"].insert(0, {
        "id": "coordination", "pillar": "partnership",
        "text": {"fr": "La coordination est assurée.", "en": "Coordination is ensured."},
        "activities": [{"id": "coord-a01", "text": {"fr": "Réunir le comité.",
                                                     "en": "Convene the committee."}}],
        "indicators": [{"id": "coord-i01", "text": {"fr": "Nombre de réunions",
                                                     "en": "Number of meetings"}}],
    })  # fmt: skip
    result = _redline(old, new, lang)
    assert result.changed == 0 and result.deleted == 0
    changed = _changed_blocks(result.document)
    assert {kind for kind, _ in changed} == {"inserted"}
    label = {"fr": "1er objectif (partenariat)\u00a0:", "en": "Objective 1 (partnership):"}[lang]
    assert changed[0][1].startswith(label)
    second = {"fr": "2e objectif (prévention)", "en": "Objective 2 (prevention)"}[lang]
    texts = [plain_text(b.runs) for b in result.document.blocks if isinstance(b, Paragraph)]
    assert any(text.startswith(second) for text in texts)


def test_a_numbering_token_shows_when_its_text_was_edited() -> None:
    old = [Run("Voir la section IV.")]
    new = [Run("Voir la section V.")]
    assert diff_runs(old, new) == ([Run("Voir la section V.")], False)
    runs, changed = diff_runs(old, new, numbering=False)
    assert changed and [(r.text, r.change) for r in runs] == [
        ("Voir la section ", None),
        ("IV", "del"),
        ("V", "ins"),
        (".", None),
    ]


def test_amounts_and_dates_are_never_numbering() -> None:
    runs, changed = diff_runs([Run("jusqu’à 5 millions, le 01 décembre")],
                              [Run("jusqu’à 6 millions, le 02 décembre")])  # fmt: skip
    assert changed
    assert [(r.text, r.change) for r in runs if r.change] == [
        ("5 ", "del"),
        ("6 ", "ins"),
        ("01 ", "del"),
        ("02 ", "ins"),
    ]


def test_normal_documents_carry_no_change_marks() -> None:
    """The marks are a redline's only: a render's PDF data is as it was."""
    compact, source = load_compact_text(MINI.read_text(encoding="utf-8"), str(MINI))
    doc = compact_source(compact, "fr", RenderSettings(), source).document()
    payload = json.dumps(to_typst_input(doc).data)
    assert '"ch"' not in payload and '"changed"' not in payload


# ------------------------------------------------------------------ DOCX: tracked changes


def _document_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read("word/document.xml"))


def _accepted(body: etree._Element, accept: bool) -> list[str]:
    """The paragraphs' texts once every change is accepted (or rejected), as Word does it."""
    body = copy.deepcopy(body)
    drop = "del" if accept else "ins"
    for mark in body.iter(f"{W}{drop}"):
        if mark.getparent().tag == f"{W}rPr":  # a paragraph mark: the paragraph goes
            paragraph = mark.getparent().getparent().getparent()
            paragraph.set("gone", "1")
    for mark in list(body.iter(f"{W}{drop}")):
        if mark.getparent().tag != f"{W}rPr":
            mark.getparent().remove(mark)
    for text in body.iter(f"{W}delText"):
        text.tag = f"{W}t"
    out = []
    for p in body.iter(f"{W}p"):
        if p.get("gone") or p.xpath("string(.//*[local-name()='pStyle']/@*)") == "CPCNote":
            continue
        out.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return out


def _plain_docx(data: dict[str, Any], tmp_path: Path, name: str) -> list[str]:
    from cpc_docs import writers

    compact, source = load_compact_text(yaml.safe_dump(data, allow_unicode=True), name)
    settings = RenderSettings()
    doc = compact_source(compact, "fr", settings, source).document()
    path = tmp_path / f"{name}.docx"
    path.write_bytes(writers.write(doc, "docx", "fr", settings))
    return _accepted(_document_xml(path), accept=True)


def test_the_docx_has_word_tracked_changes(runner, tmp_path: Path) -> None:
    old, new = _both(tmp_path, edit_new=_edit_both_languages)
    out = tmp_path / "out"
    result = _diff(runner, str(old), str(new), "-o", str(out), "--format", "docx",
                   "--author", "Legal Office")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["mini.en.redline.docx", "mini.fr.redline.docx"]
    body = _document_xml(out / "mini.fr.redline.docx")
    inserted = body.findall(f".//{W}ins")
    deleted = body.findall(f".//{W}del")
    assert inserted and deleted
    for mark in inserted + deleted:
        assert mark.get(f"{W}author") == "Legal Office"
        assert mark.get(f"{W}date") == "2026-01-01T00:00:00Z"
    ids = [mark.get(f"{W}id") for mark in inserted + deleted]
    assert len(set(ids)) == len(ids)
    words_in = ["".join(mark.itertext()) for mark in inserted]
    words_out = ["".join(t.text for t in mark.iter(f"{W}delText")) for mark in deleted]
    assert "mieux " in words_in and "6\u00a0" in words_in  # French: 6 millions, no break
    assert "5\u00a0" in words_out and "Planifier la pérennité des actions." in words_out
    assert not any(mark.findall(f".//{W}t") for mark in deleted)  # deleted text is delText
    # The deleted activity's paragraph mark is tracked: accepting removes the paragraph.
    marks = body.findall(f".//{W}pPr/{W}rPr/{W}del")
    assert len(marks) == 1
    # Accepting every change gives the new version; rejecting them, the old one.
    assert _accepted(body, accept=True) == _plain_docx(_write_back(new), tmp_path, "new")
    assert _accepted(body, accept=False) == _plain_docx(_write_back(old), tmp_path, "old")


def _write_back(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_libreoffice_reads_the_changes_back(runner, tmp_path: Path) -> None:
    soffice = need_program("soffice")
    old, new = _both(tmp_path, edit_new=_edit_both_languages)
    out = tmp_path / "out"
    result = _diff(runner, str(old), str(new), "-o", str(out), "--format", "docx",
                   "--author", "Legal Office")  # fmt: skip
    assert result.exit_code == 0, result.output
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
         "fodt", "--outdir", str(tmp_path), str(out / "mini.fr.redline.docx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    odt = etree.parse(str(tmp_path / "mini.fr.redline.fodt"))
    ns = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
          "dc": "http://purl.org/dc/elements/1.1/"}  # fmt: skip
    regions = odt.findall(".//text:tracked-changes/text:changed-region", ns)
    kinds = {region.get(f"{{{ns['text']}}}id"): region[0].tag.split("}")[1] for region in regions}
    assert set(kinds.values()) == {"insertion", "deletion"}
    creators = {c.text for c in odt.findall(".//text:changed-region//dc:creator", ns)}
    assert creators == {"Legal Office"}
    # The text of each change: between its change-start and change-end in the body.
    texts = _changed_texts(odt.getroot(), ns["text"])
    # (Without the file's own indentation, after a paragraph mark deleted.)
    deleted = [texts[i].rstrip(" \n") for i, kind in kinds.items() if kind == "deletion"]
    inserted = [texts[i].rstrip(" \n") for i, kind in kinds.items() if kind == "insertion"]
    assert "Planifier la pérennité des actions." in deleted and "5\u00a0" in deleted
    assert "mieux" in inserted and "6\u00a0" in inserted


def _changed_texts(root: etree._Element, text_ns: str) -> dict[str, str]:
    """The words inside each change of an ODF body, by the change's id."""
    out: dict[str, str] = {}
    open_ids: set[str] = set()

    def add(words: str | None) -> None:
        for ident in open_ids:
            out[ident] = out.get(ident, "") + (words or "")

    def walk(element: etree._Element) -> None:
        ident = element.get(f"{{{text_ns}}}change-id")
        if element.tag == f"{{{text_ns}}}change-start":
            open_ids.add(ident)
        elif element.tag == f"{{{text_ns}}}change-end":
            open_ids.discard(ident)
        elif element.tag != f"{{{text_ns}}}tracked-changes":
            add(element.text)
            for child in element:
                walk(child)
                add(child.tail)

    walk(root)
    return out


# ------------------------------------------------------------------ PDF: colour


@pytest.mark.slow
def test_the_pdf_shows_old_and_new_words_in_colour(runner, tmp_path: Path) -> None:
    old, new = _both(tmp_path, edit_new=lambda d: (_edit_both_languages(d), _edit_french_only(d)))
    out = tmp_path / "out"
    result = _diff(runner, str(old), str(new), "-o", str(out), "--lang", "fr", "--format", "pdf")
    assert result.exit_code == 1  # the one-sided change
    pdf = out / "mini.fr.redline.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    text = " ".join(text.split())
    assert "La prévention est mieux coordonnée." in text
    assert "Planifier la pérennité des actions." in text  # deleted, still there, struck
    assert "Modifié dans la version française mais pas dans la version anglaise" in text
    # Read, never signed: marked PROJET, with no signature field.
    assert "PROJET" in text and not PdfReader(pdf).get_fields()
    pdftoppm = need_program("pdftoppm")
    subprocess.run([pdftoppm, "-r", "50", "-f", "2", "-l", "2", str(pdf),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    # PPM (P6): a text header, then the raw RGB bytes, read without an image library.
    data = next(tmp_path.glob("page*.ppm")).read_bytes()
    header = re.match(rb"P6\s+\d+\s+\d+\s+255\s", data)
    assert header is not None
    pixels = data[header.end() :]
    rgb = zip(pixels[0::3], pixels[1::3], pixels[2::3], strict=False)
    colours = {pixel for pixel in rgb if max(pixel) - min(pixel) > 80}
    blue = [p for p in colours if p[2] > p[0] + 60]  # insertions and change bars
    orange = [p for p in colours if p[0] > 180 and p[2] < 80]  # the one-sided bar
    assert blue and orange


# ------------------------------------------------------------------ versions out of git


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "HOME": str(repo),
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x",
                        "PATH": "/usr/bin:/bin"})  # fmt: skip


def test_a_version_out_of_git(runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    (repo / "compacts").mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    path = _write(repo / "compacts" / "mini.yaml", _mini())
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "first")
    data = _mini()
    _edit_french_only(data)
    _write(path, data)
    monkeypatch.chdir(repo)
    result = _diff(runner, "main:compacts/mini.yaml", "compacts/mini.yaml", "--summary-only")
    assert result.exit_code == 1
    assert result.stdout.startswith("main:compacts/mini.yaml → compacts/mini.yaml: 1 field")
    assert "ONE-SIDED sections.purpose.paragraphs.0" in result.stdout
    # From a sub-folder, PATH may be given from there.
    monkeypatch.chdir(repo / "compacts")
    result = _diff(runner, "main:mini.yaml", "mini.yaml", "--summary-only")
    assert "ONE-SIDED sections.purpose.paragraphs.0" in result.stdout
    # A revision that does not exist: a usage error naming it.
    monkeypatch.chdir(repo)
    result = _diff(runner, "nope:compacts/mini.yaml", "compacts/mini.yaml", "--summary-only")
    assert result.exit_code == 2
    assert "nope:compacts/mini.yaml: git cannot show this version" in result.output


def test_an_error_in_a_git_version_names_the_revision(runner, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    (repo / "mini.yaml").write_text(
        MINI.read_text(encoding="utf-8").replace("id: mini", "id: [mini")
    )
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "broken")
    _write(repo / "mini.yaml", _mini())
    monkeypatch.chdir(repo)
    result = _diff(runner, "main:mini.yaml", "mini.yaml")
    assert result.exit_code == 1
    assert re.search(r"^main:mini\.yaml:\d+:\d+: error: YAML syntax", result.stderr, re.M)
    assert not (repo / "build").exists()


def test_a_missing_file_is_a_usage_error(runner, tmp_path: Path) -> None:
    result = _diff(runner, str(tmp_path / "nothing.yaml"), str(MINI))
    assert result.exit_code == 2
    assert "is no file, nor a git version" in result.output


def test_docx_bytes_read_back_with_python_docx(runner, tmp_path: Path) -> None:
    """python-docx opens the redline (the package is well formed) and sees the new words."""
    old, new = _both(tmp_path, edit_new=_edit_both_languages)
    out = tmp_path / "out"
    assert _diff(runner, str(old), str(new), "-o", str(out), "--format", "docx").exit_code == 0
    document = open_docx(io.BytesIO((out / "mini.en.redline.docx").read_bytes()))
    text = "\n".join(p._p.xpath("string(.)") for p in document.paragraphs)
    assert "Prevention is better coordinated." in text
