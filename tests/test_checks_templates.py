"""Template parity: the French and English templates build the same document."""

from __future__ import annotations

from pathlib import Path

from cpc_docs.checks import check_paths
from cpc_docs.checks.templates import check_folders, parse

FIXTURES = Path(__file__).parent / "fixtures" / "checks"


def _rules(findings: list) -> list[str]:
    return [f.rule for f in findings]


def test_templates_that_differ_only_in_words_have_no_error() -> None:
    findings, files = check_folders(FIXTURES / "templates" / "fr", FIXTURES / "templates" / "en")
    assert files == 2
    assert "template-parity" not in _rules(findings)


def test_a_different_filter_is_a_warning_naming_both_files_and_lines() -> None:
    findings, _ = check_folders(FIXTURES / "templates" / "fr", FIXTURES / "templates" / "en")
    (finding,) = findings
    assert finding.rule == "template-filters" and finding.severity == "warning"
    assert "templates/fr/compact.md.j2:14" in finding.message
    assert "templates/en/compact.md.j2:14" in finding.message
    assert "ordinal" in finding.message
    assert finding.location.line == 14


def test_structure_conditions_macro_calls_and_files_must_match() -> None:
    bad = FIXTURES / "templates-bad"
    findings, _ = check_folders(bad / "fr", bad / "en")
    parity = [f for f in findings if f.rule == "template-parity"]
    messages = "\n".join(f.message for f in parity)
    assert "heading #" in messages and "heading ##" in messages  # section structure
    assert "'goal'" in messages and "'purpose'" in messages  # a condition
    assert "signature_block" in messages  # a macro call
    assert "macros.j2 has no English counterpart" in messages  # a missing file
    assert all(f.severity == "error" for f in parity)
    lines = {f.location.line for f in parity if f.location.file.endswith("compact.md.j2")}
    assert lines == {10, 11, 18}


def test_string_constants_are_prose_but_keys_are_compared() -> None:
    fr = parse(FIXTURES / "templates" / "fr" / "compact.md.j2")
    en = parse(FIXTURES / "templates" / "en" / "compact.md.j2")
    shown_fr = [e.detail for e in fr]
    assert "(STR if loop.first else STR)" in shown_fr  # "ENTRE" / "BETWEEN"
    assert "key == 'goal'" in shown_fr
    assert [e.detail for e in fr] == [e.detail for e in en]


def test_folders_are_found_under_a_templates_folder_or_as_two_language_folders() -> None:
    by_parent = check_paths([FIXTURES / "templates"])
    by_languages = check_paths([FIXTURES / "templates" / "fr", FIXTURES / "templates" / "en"])
    by_file = check_paths([FIXTURES / "templates" / "fr" / "compact.md.j2"])
    for report in (by_parent, by_languages, by_file):
        assert _rules(report.findings) == ["template-filters"]


def test_a_template_syntax_error_is_an_input_error(tmp_path: Path) -> None:
    for lang in ("fr", "en"):
        (tmp_path / "templates" / lang).mkdir(parents=True)
        (tmp_path / "templates" / lang / "x.md.j2").write_text("{% if a %}\nno end\n")
    report = check_paths([tmp_path])
    assert {f.rule for f in report.findings} == {"input"}
    assert report.exit_code() == 2
