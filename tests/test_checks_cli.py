"""`cpc check` as users and CI run it: exit codes, formats, waivers, defaults."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from cpc_docs.cli.check import check_command

FIXTURES = Path(__file__).parent / "fixtures" / "checks"
GLOSSARY = str(FIXTURES / "glossary.yaml")


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository folder holding copies of the fixtures, as the current folder."""
    (tmp_path / ".git").mkdir()
    for name in ("compact.yaml", "defects.yaml", "glossary.yaml"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(check_command, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_a_clean_file_exits_0(work: Path) -> None:
    code, out = run("compact.yaml")
    assert code == 0
    assert out.strip().endswith("0 error(s), 0 warning(s) in 1 file(s), 15 bilingual text(s)")


def test_errors_exit_1_and_the_text_report_shows_both_texts_marked(work: Path) -> None:
    code, out = run("defects.yaml")
    assert code == 1
    assert "defects.yaml\n" in out
    assert "7:23  error  [numbers] objectives.0.text" in out
    assert "fr: Réduire de ⟦50⟧ % la traite des enfants d'ici 2027." in out
    assert "en: Reduce child trafficking by ⟦40⟧% by 2027." in out


def test_warnings_pass_unless_strict(work: Path) -> None:
    (work / "warn.yaml").write_text('t:\n  fr: "Voici:"\n  en: "Here:"\n', encoding="utf-8")
    assert run("warn.yaml")[0] == 0
    assert run("warn.yaml", "--strict")[0] == 1


def test_unreadable_input_exits_2(work: Path) -> None:
    (work / "broken.yaml").write_text("a:\n  fr: x\n  fr: y\n", encoding="utf-8")
    code, out = run("broken.yaml", "--format", "json")
    assert code == 2
    (finding,) = json.loads(out)["findings"]
    assert finding["rule"] == "input" and finding["line"] == 3
    assert "duplicate key" in finding["message"]
    assert run("no-such-file.yaml")[0] == 2
    assert run("--format", "xml", "compact.yaml")[0] == 2  # a usage error


def test_json_has_the_documented_shape(work: Path) -> None:
    _code, out = run("defects.yaml", "compact.yaml", "--format", "json")
    data = json.loads(out)
    assert set(data) == {"findings", "summary"}
    assert set(data["summary"]) == {"errors", "warnings", "files", "pairs", "termbases"}
    assert data["summary"]["files"] == 2
    for finding in data["findings"]:
        assert set(finding) == {"rule", "severity", "file", "line", "column", "path", "message"}
    rules = {f["rule"] for f in data["findings"]}
    assert {"missing-translation", "numbers", "placeholders", "typography"} <= rules


def test_sarif_is_what_github_code_scanning_reads(work: Path) -> None:
    _code, out = run("defects.yaml", "--format", "sarif")
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"].endswith("sarif-2.1.0.json")
    (run_,) = sarif["runs"]
    rules = run_["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning")
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "defects.yaml"  # relative, no scheme
        assert location["region"]["startLine"] >= 1
        assert result["partialFingerprints"]
    assert "numbers" in ids


def test_github_annotations_are_escaped_workflow_commands(work: Path) -> None:
    _code, out = run("defects.yaml", "--format", "github")
    lines = out.strip().splitlines()
    assert lines[0].startswith(
        "::error file=defects.yaml,line=3,col=3,title=missing-translation title::"
    )
    assert all(line.startswith(("::error ", "::warning ")) for line in lines[:-1])
    assert lines[-1].startswith("cpc check: 3 error(s), 1 warning(s)")


def test_junit_counts_errors_as_failures(work: Path) -> None:
    _code, out = run("defects.yaml", "compact.yaml", "--format", "junit")
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    assert root.get("failures") == "3"
    (suite,) = root.findall("testsuite")  # the clean file has no findings
    assert suite.get("name") == "defects.yaml"
    assert len(suite.findall("testcase/failure")) == 3


def test_output_goes_to_a_file(work: Path) -> None:
    code, _out = run("defects.yaml", "--format", "json", "--output", "report.json")
    assert code == 1
    assert json.loads((work / "report.json").read_text())["summary"]["errors"] == 3


def test_a_waiver_silences_one_rule_at_one_field(work: Path) -> None:
    (work / ".cpc-check.yaml").write_text(
        "waivers:\n"
        "  - rule: numbers\n    path: objectives.0.text\n    file: defects.yaml\n"
        "    reason: the target was revised in the English only, on purpose\n",
        encoding="utf-8",
    )
    _code, out = run("defects.yaml", "--format", "json")
    rules = [f["rule"] for f in json.loads(out)["findings"]]
    assert "numbers" not in rules and "placeholders" in rules
    _code, out = run("defects.yaml", "--no-waivers", "--format", "json")
    assert "numbers" in [f["rule"] for f in json.loads(out)["findings"]]


def test_a_stale_waiver_is_reported(work: Path) -> None:
    (work / ".cpc-check.yaml").write_text(
        "waivers:\n  - rule: urls\n    path: title\n    file: compact.yaml\n    reason: old\n",
        encoding="utf-8",
    )
    _code, out = run("compact.yaml", "--format", "json")
    (finding,) = json.loads(out)["findings"]
    assert finding["rule"] == "unused-waiver" and finding["line"] == 2


def test_a_waiver_needs_a_reason(work: Path) -> None:
    (work / ".cpc-check.yaml").write_text(
        "waivers:\n  - rule: numbers\n    path: title\n", encoding="utf-8"
    )
    code, out = run("compact.yaml", "--format", "json")
    assert code == 2
    assert "reason" in json.loads(out)["findings"][0]["message"]


def test_the_glossary_at_the_repository_root_is_used_by_default(work: Path) -> None:
    (work / "g.yaml").write_text(
        't:\n  fr: "La traite des enfants est un crime."\n  en: "Exploiting minors is a crime."\n',
        encoding="utf-8",
    )
    sub = work / "sub"
    sub.mkdir()
    import os

    os.chdir(sub)
    _code, out = run("../g.yaml", "--format", "json")
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["glossary"]
    _code, out = run("../g.yaml", "--format", "json", "--no-glossary")
    assert json.loads(out)["findings"] == []


def test_help_has_an_example() -> None:
    code, out = run("--help")
    assert code == 0
    assert "cpc check compacts/civ-2022.yaml" in out
    assert "--strict" in out and "--waivers" in out and "--glossary" in out


def test_without_paths_a_repository_checks_its_compacts_reports_templates_and_glossary(
    work: Path,
) -> None:
    # A checkout: deliberately defective fixtures under tests/ must not fail `cpc check`.
    (work / "compacts").mkdir()
    shutil.move(work / "compact.yaml", work / "compacts" / "sample.yaml")
    (work / "tests" / "fixtures").mkdir(parents=True)
    shutil.move(work / "defects.yaml", work / "tests" / "fixtures" / "defects.yaml")
    shutil.copytree(FIXTURES / "templates", work / "templates")
    (work / "compacts" / "gap.yaml").write_text('t:\n  fr: "Voici :"\n  en: ""\n', "utf-8")
    code, out = run("--format", "json")
    assert code == 1, out  # compacts/ is read: its missing translation is an error
    data = json.loads(out)
    files = {Path(f["file"]).as_posix() for f in data["findings"]}
    assert files == {"compacts/gap.yaml", "templates/fr/compact.md.j2"}  # not tests/
    assert data["summary"]["files"] == 5  # two compacts, two templates, the glossary
    (work / "compacts" / "gap.yaml").unlink()
    assert run()[0] == 0


def test_without_paths_nor_repository_folders_the_current_folder_is_checked(
    work: Path,
) -> None:
    (work / "glossary.yaml").unlink()
    code, out = run()
    assert code == 1
    assert "defects.yaml" in out


def test_a_missing_path_is_said_like_the_other_commands_say_it(work: Path) -> None:
    result = CliRunner().invoke(check_command, ["compact.yaml", "nothere", "nor/this"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "nothere: error: no such file or folder",
        "nor/this: error: no such file or folder",
    ]
    assert result.stdout == ""


def test_help_says_what_is_checked_without_paths() -> None:
    code, out = run("--help")
    assert code == 0
    assert "Without PATH: compacts, reports, templates and glossary.yaml" in " ".join(out.split())


# --- termbases: the shipped one always, a project's on top ------------------------------------

MISTRANSLATED = (
    't:\n  fr: "La traite des enfants est un crime."\n  en: "Exploiting minors is a crime."\n'
)


def test_outside_a_repository_the_shipped_termbase_is_used_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A translator who checks one file, in a folder with no glossary.yaml, still gets the
    CPC termbase, and the report says so."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "one.yaml").write_text(MISTRANSLATED, encoding="utf-8")
    _code, out = run("one.yaml")
    assert "[glossary]" in out
    assert out.startswith("termbases: cpc-docs (")
    _code, out = run("one.yaml", "--format", "json")
    data = json.loads(out)
    assert [f["rule"] for f in data["findings"]] == ["glossary"]
    (used,) = data["summary"]["termbases"]
    assert used.startswith("cpc-docs (") and used.endswith(" terms)")
    _code, out = run("one.yaml", "--no-glossary")
    assert out.startswith("termbases: none (--no-glossary)")
    assert "[glossary]" not in out


def _project_glossary(folder: Path, text: str) -> None:
    (folder / ".git").mkdir(exist_ok=True)
    (folder / "glossary.yaml").write_text(text, encoding="utf-8")


def test_a_project_glossary_adds_terms_to_the_shipped_termbase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _project_glossary(tmp_path, "terms:\n  - fr: [cellule de veille]\n    en: [watch unit]\n")
    (tmp_path / "two.yaml").write_text(
        MISTRANSLATED + 'u:\n  fr: "La cellule de veille se réunit."\n  en: "The team meets."\n',
        encoding="utf-8",
    )
    _code, out = run("two.yaml", "--format", "json")
    data = json.loads(out)
    # the shipped term (t) and the project's own (u) are both checked
    assert sorted(f["path"] for f in data["findings"]) == ["t", "u"]
    assert data["summary"]["termbases"][1] == "glossary.yaml (1 terms)"


def test_a_project_term_with_the_same_preferred_form_replaces_the_shipped_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _project_glossary(
        tmp_path, "terms:\n  - fr: [traite des enfants]\n    en: [exploiting minors]\n"
    )
    (tmp_path / "one.yaml").write_text(MISTRANSLATED, encoding="utf-8")
    code, out = run("one.yaml", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["findings"] == []
    assert data["summary"]["termbases"][1] == "glossary.yaml (1 terms, 1 replaced)"


def test_a_project_glossary_marked_shipped_false_is_used_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _project_glossary(tmp_path, "shipped: false\nterms:\n  - fr: [veille]\n    en: [watch]\n")
    (tmp_path / "one.yaml").write_text(MISTRANSLATED, encoding="utf-8")
    code, out = run("one.yaml", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["findings"] == []
    assert data["summary"]["termbases"] == ["glossary.yaml (1 terms)"]
    _project_glossary(tmp_path, "shipped: maybe\nterms: []\n")
    code, out = run("one.yaml", "--format", "json")
    assert code == 2
    assert "`shipped` is true" in json.loads(out)["findings"][0]["message"]
