"""What a render writes is named and recorded the same way whoever runs it, from wherever.

- Two compacts with one id would write the same files: a batch refuses both, naming them,
  and `cpc validate` warns when an id is not the file's stem (how a "save as" copy starts).
- The manifest names its inputs from its own folder (and the shipped files as `cpc-docs:`),
  so its bytes do not depend on the folder the command was run from.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI

from cpc_docs.cli.main import main
from cpc_docs.pipeline import declared_id


def test_two_compacts_with_one_id_are_both_refused_and_named(tmp_path: Path) -> None:
    folder = tmp_path / "compacts"
    folder.mkdir()
    shutil.copy(MINI, folder / "mini.yaml")
    shutil.copy(MINI, folder / "mini-v2.yaml")  # saved as a new draft, id kept
    other = MINI.read_text(encoding="utf-8").replace("id: mini\n", "id: other\n", 1)
    (folder / "other.yaml").write_text(other, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(out), "--format", "docx"])
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert f"{folder / 'mini.yaml'}: not rendered: {folder / 'mini-v2.yaml'} has the same id" in (
        text
    )
    assert f"{folder / 'mini-v2.yaml'}: not rendered: {folder / 'mini.yaml'} has the same id" in (
        text
    )
    assert "1 rendered, 2 failed" in text
    assert sorted(p.name for p in out.iterdir()) == ["other.docx.manifest.json", "other.en.docx",
                                                     "other.fr.docx"]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("id: sen-2026\n", "sen-2026"),
        ('id: "sen-2026"  # the stem\n', "sen-2026"),
        ("id: 'sen-2026'\n", "sen-2026"),
        ("  id: nested-not-the-compact\n", "stem"),  # an objective's id, not the compact's
        ("", "stem"),
    ],
)
def test_the_declared_id_is_read_from_the_top_level_line(
    tmp_path: Path, line: str, expected: str
) -> None:
    path = tmp_path / "stem.yaml"
    path.write_text("languages: [fr, en]\n" + line + "title: x\n", encoding="utf-8")
    assert declared_id(path) == expected


def test_an_id_that_is_not_the_file_stem_is_a_warning(tmp_path: Path) -> None:
    copy = tmp_path / "mini-v2.yaml"
    shutil.copy(MINI, copy)
    result = CliRunner().invoke(main, ["validate", str(copy)])
    assert result.exit_code == 0  # valid: a warning
    assert "the id 'mini' is not the file's name 'mini-v2'" in result.output
    assert "[file-id]" in result.output
    result = CliRunner().invoke(main, ["validate", str(MINI)])
    assert "[file-id]" not in result.output


def test_the_manifest_is_the_same_from_any_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    (project / "compacts").mkdir(parents=True)
    shutil.copy(MINI, project / "compacts" / "mini.yaml")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    manifests = []
    for cwd, compact, out in [
        (project, "compacts/mini.yaml", "build"),
        (elsewhere, str(project / "compacts" / "mini.yaml"), str(project / "build")),
        (project / "compacts", "mini.yaml", "../build"),
    ]:
        monkeypatch.chdir(cwd)
        result = CliRunner().invoke(main, ["render", compact, "-o", out, "--format", "docx"])
        assert result.exit_code == 0, result.output
        manifests.append((project / "build" / "mini.docx.manifest.json").read_bytes())
    assert manifests[0] == manifests[1] == manifests[2]
    paths = {i["role"]: i["path"] for i in json.loads(manifests[0])["inputs"]}
    assert paths["compact"] == "../compacts/mini.yaml"
    assert paths["templates/fr/compact.md.j2"] == "cpc-docs:templates/fr/compact.md.j2"
    assert paths["cpc_docs/clauses.yaml"] == "cpc-docs:clauses.yaml"
