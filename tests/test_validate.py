"""`cpc validate`: schema and domain errors name file, line and field; never a traceback."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import MINI, ROOT

from cpc_docs.cli.main import main


def run_validate(runner, path: Path):
    result = runner.invoke(main, ["validate", str(path)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def broken(tmp_path: Path, text: str, old: str, new: str) -> Path:
    assert old in text, f"fixture no longer contains {old!r}"
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_valid_compact_exits_zero(runner):
    result = run_validate(runner, MINI)
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def test_duplicate_key_names_both_lines(runner, tmp_path, mini_text):
    path = broken(tmp_path, mini_text, "term:\n", "term:\n  duration: 4 years\n")
    result = run_validate(runner, path)
    assert result.exit_code == 1
    first = line_of(path, "duration: 4 years")
    second = line_of(path, "duration: 5 years")
    assert f"broken.yaml:{second}:" in result.output
    assert "duplicate key 'duration'" in result.output
    assert f"first at line {first}" in result.output


def test_unknown_field_suggests_the_right_one(runner, tmp_path, mini_text):
    path = broken(tmp_path, mini_text, "  originals: 2", "  orignals: 2")
    result = run_validate(runner, path)
    assert result.exit_code == 1
    line = line_of(path, "orignals")
    assert re.search(
        rf"broken\.yaml:{line}:3: error: signature\.orignals: unknown field "
        r"'orignals'; did you mean 'originals'\?",
        result.output,
    ), result.output


@dataclass(frozen=True)
class Edit:
    """One edit of mini.yaml and what `cpc validate` must then say."""

    old: str
    new: str
    says: tuple[str, ...]  # each of these is in the output
    at: str | None = None  # the output names the line of the edited file holding this text
    exit_code: int = 1  # 0: warnings only


EDITS = [
    pytest.param(
        Edit("  date: 2022-12-01", "  date: first of December",
             ("signature.date", "'first of December'"), at="first of December"),
        id="wrong_type_names_field_and_value",
    ),
    pytest.param(
        Edit("duration: 5 years", "duration: 6 years",
             ("term.duration: a CPC partnership lasts at most 5 years",), at="duration: 6 years"),
        id="six_years_is_an_error_at_the_duration",
    ),
    pytest.param(
        Edit("        emails: [JTIPGrants@state.gov]\n", "",
             ("parties.1.focal_points", "at least one focal point with an e-mail")),
        id="missing_focal_point_email_is_an_error",
    ),
    pytest.param(
        Edit("[cn@patria.example]", "[cn-at-patria.example]",
             ("parties.0.focal_points.0.emails.0",), at="cn-at-patria.example"),
        id="invalid_email_is_an_error",
    ),
    pytest.param(
        Edit(', en: "Minister of the Family"', "",
             ("signature.signatories.1.titles.0", "'en' text is missing")),
        id="missing_language_side_is_an_error",
    ),
    pytest.param(
        Edit("(section {ref:amendment})", "(section {ref:amendmnt})",
             ("sections.entry_into_force.paragraphs.0.fr", "{ref:amendmnt} names nothing")),
        id="unknown_cross_reference_is_an_error",
    ),
    pytest.param(
        Edit("(section {ref:amendment})", "(section {ref:amendment)",
             ("sections.entry_into_force.paragraphs.0.fr",
              "looks like a placeholder that is not closed")),
        id="unclosed_placeholder_is_an_error",
    ),
    pytest.param(
        Edit("        up_to: true\n        subject_to_funds: true\n", "",
             ("'up to'", "availability of funds")),
        id="us_amount_must_be_up_to_and_subject_to_funds",
    ),
    pytest.param(
        Edit("value: 5000000", "value: 10000000", ("warning", "usual ceiling"), exit_code=0),
        id="amount_above_ceiling_is_a_warning_only",
    ),
    pytest.param(
        Edit("value: 5000000", "value: 4", ("warning", "unusually small amount"), exit_code=0),
        id="unusually_small_us_amount_is_a_warning",
    ),
    pytest.param(
        Edit("value: 5000000, currency: USD", "value: 5000000, currency: EUR",
             ("warning", "in EUR"), exit_code=0),
        id="us_amount_in_euros_is_a_warning",
    ),
    pytest.param(
        Edit("  G: [part-a02]\n", "", ("22 U.S.C. § 7103a(d)(2)(G)",)),
        id="missing_statute_element_is_an_error",
    ),
    pytest.param(
        Edit("  duration: 5 years\n",
             "  duration: 5 years\n  extensions:\n    - {decided: 2028-01-01, duration: 1 year}\n",
             ("term.extensions.0.decided", "after the compact ended")),
        id="extension_after_end_is_an_error",
    ),
    pytest.param(
        Edit("    annex_text:", "    anex_text:",
             ("objectives.1.anex_text: unknown field 'anex_text'; did you mean 'annex_text'?",)),
        id="unknown_field_inside_a_list_suggests_the_right_one",
    ),
    pytest.param(
        Edit("  date: 2022-12-01", "  date: 2022-12-01T10:00:00",
             ("expected a date without a time (YYYY-MM-DD)",)),
        id="date_with_a_time_is_explained",
    ),
    pytest.param(
        Edit("  date: 2022-12-01", "  date: 2025-02-30",
             ("is not a date of the calendar",), at="2025-02-30"),
        id="february_30_is_not_a_date_of_the_calendar",
    ),
    pytest.param(
        Edit("  date: 2022-12-01", "  date: 2025-13-01",
             ("is not a date of the calendar",), at="2025-13-01"),
        id="month_13_is_not_a_date_of_the_calendar",
    ),
]  # fmt: skip


@pytest.mark.parametrize("edit", EDITS)
def test_an_edit_of_the_mini_compact_gets_its_message(runner, tmp_path, mini_text, edit: Edit):
    """The common shape: one edit, the exit code, the messages, and where one says the line."""
    path = broken(tmp_path, mini_text, edit.old, edit.new)
    result = run_validate(runner, path)
    assert result.exit_code == edit.exit_code, result.output
    if edit.at is not None:
        assert f"broken.yaml:{line_of(path, edit.at)}:" in result.output, result.output
    for said in edit.says:
        assert said in result.output, result.output


@pytest.mark.parametrize("typed", ["{MDTF_name}", "{Duration}", "x{Amount:legal}y"])
def test_braces_that_read_as_a_placeholder_are_refused_not_printed(
    runner, tmp_path, mini_text, typed
):
    """ "{MDTF_name}" matched no placeholder and printed as typed in the instrument."""
    path = broken(tmp_path, mini_text, "(section {ref:amendment})", f"(section {typed})")
    result = run_validate(runner, path)
    assert result.exit_code == 1
    assert "unknown placeholder {" in result.output
    assert "placeholders are in lower case" in " ".join(result.output.split())


@pytest.mark.parametrize("name", ["tip_report", "format_duration", "markup", "__init__"])
def test_a_resolver_method_is_not_a_placeholder(runner, tmp_path, mini_text, name):
    """Only the documented placeholders are filled: a name that happens to be a method of
    the resolver is an unknown placeholder, not a crash."""
    path = broken(tmp_path, mini_text, "(section {ref:amendment})", f"(section {{{name}}})")
    result = run_validate(runner, path)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"unknown placeholder {{{name}}}" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("a: 1\na: 2\n", "duplicate key 'a'"),
        ("key: [unclosed\n", "YAML syntax"),
        ("\tkey: tab\n", "YAML syntax"),
        ("- just\n- a list\n", "must be a mapping"),
        ("", "the file is empty"),
    ],
)
def test_unreadable_yaml_is_a_located_error(runner, tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    result = run_validate(runner, path)
    assert result.exit_code == 1
    assert message in result.output
    assert "bad.yaml:" in result.output


def test_non_utf8_bytes_are_located(runner, tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: x\ntitle: {fr: é}\n".encode("latin-1"))
    result = run_validate(runner, path)
    assert result.exit_code == 1
    assert "latin1.yaml:2:" in result.output
    assert "not UTF-8" in result.output


def test_missing_file_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_schema_is_json_schema_with_fields(runner):
    import json

    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"parties", "sections", "objectives", "signature"} <= set(schema["properties"])


def test_standard_clause_is_taken_from_the_library(tmp_path, mini_text):
    from cpc_docs.load.compact import load_compact, standard_clauses

    standard = "  disputes: standard\n  confidentiality: standard\nobjectives:\n"
    text = mini_text.replace("objectives:\n", standard, 1)
    path = tmp_path / "standard.yaml"
    path.write_text(text, encoding="utf-8")
    compact, _ = load_compact(path)
    library = standard_clauses()
    # The library's title in the compact's languages (French and English), not its Spanish.
    title = library["disputes"]["title"]
    assert compact.sections.disputes.title.root == {"fr": title["fr"], "en": title["en"]}
    assert compact.sections.confidentiality.paragraphs[0]["fr"].startswith("Les Participants")


def test_unknown_standard_clause_is_a_located_error(runner, tmp_path, mini_text):
    text = mini_text.replace("  purpose:\n", "  purpose: standard\n  purpose_old:\n", 1)
    path = tmp_path / "standard.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_validate(runner, path)
    assert result.exit_code == 1
    assert "no standard text for section 'purpose'" in result.output
    assert f"standard.yaml:{line_of(path, 'purpose: standard')}:" in result.output


def test_yaml_reference_is_generated_from_the_model():
    from cpc_docs.authoring.schema import markdown
    from cpc_docs.model.compact import Compact

    committed = (ROOT / "docs" / "yaml-reference.md").read_text(encoding="utf-8")
    generated = markdown(Compact, "Compact YAML reference")
    assert committed == generated, "run: cpc schema --format markdown > docs/yaml-reference.md"
    assert "| `duration` | [Duration](#duration) | yes |" in committed


@pytest.mark.parametrize(
    ("old", "new", "needle", "path", "message"),
    [
        ("  originals: 2\n", "  originals: 2\n  originals: 3\n", "originals: 3",
         "signature.originals", "duplicate key 'originals'"),
        ("  originals: 2\n", "  orignals: 2\n", "orignals", "signature.orignals",
         "did you mean 'originals'?"),
        ("  date: 2022-12-07\n", "  date: le 7 décembre\n", "le 7 décembre",
         "signature.date", "expected a date written YYYY-MM-DD"),
        ("  duration: 5 years\n", "  duration: 6 years\n", "duration: 6 years",
         "term.duration", "lasts at most 5 years"),
        ("        emails: [cns@1eredame.ci]\n", "        emails: [cns-at-1eredame.ci]\n",
         "cns-at-1eredame.ci", "parties.0.focal_points.0.emails.0", "is not an e-mail address"),
    ],
)  # fmt: skip
def test_broken_copies_of_the_reference_compact(runner, tmp_path, old, new, needle, path, message):
    from conftest import REFERENCE

    copy = broken(tmp_path, REFERENCE.read_text(encoding="utf-8"), old, new)
    result = run_validate(runner, copy)
    assert result.exit_code == 1
    assert f"broken.yaml:{line_of(copy, needle)}:" in result.output, result.output
    assert path in result.output and message in result.output


def test_reference_compact_without_us_emails_is_an_error(runner, tmp_path):
    from conftest import REFERENCE

    text = REFERENCE.read_text(encoding="utf-8")
    text = text.replace("        emails: [JTIPGrants@state.gov]\n", "")
    copy = broken(tmp_path, text, "        emails: [abidjan_polecon_all@state.gov]\n", "")
    result = run_validate(runner, copy)
    assert result.exit_code == 1
    assert "parties.1.focal_points: us: each party needs at least one focal point" in (
        result.output
    )


def test_a_value_that_fits_no_form_gets_one_message(runner, tmp_path, mini_text):
    path = broken(tmp_path, mini_text, "    pillar: prevention", "    pillar: prevension")
    result = run_validate(runner, path)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "objectives.0.pillar" in line]
    assert len(errors) == 1
    expected = "expected one of: prevention, protection, prosecution, partnership, or a text"
    assert expected in errors[0]
    assert "did you mean 'prevention'?" in errors[0]


def test_validate_reads_annual_reports_and_empty_folders_are_usage_errors(runner, tmp_path):
    result = runner.invoke(main, ["validate", str(ROOT / "reports" / "civ-2022-2024.yaml")])
    assert result.exit_code == 0, result.output
    assert "civ-2022-2024.yaml: valid" in result.output
    assert "1 valid, 0 with errors" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(main, ["validate", str(empty)])
    assert result.exit_code == 2 and "no .yaml files found" in result.output


REPORT_FILE = str(ROOT / "reports" / "civ-2022-2024.yaml")
COMPACT_FILE = str(ROOT / "compacts" / "civ-2022.yaml")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["render", REPORT_FILE, "-o"], "is an annual report, not a compact"),
        (["report", "render", COMPACT_FILE, "-o"], "is a compact, not an annual report"),
        (["report", "draft", REPORT_FILE, "--year", "2025", "-o"],
         "is an annual report, not a compact"),
    ],
)  # fmt: skip
def test_a_file_given_to_the_wrong_command_gets_one_line(runner, args, said, tmp_path):
    """Not a hundred schema errors: what the file is, and the command that takes it."""
    result = runner.invoke(main, [*args, str(tmp_path / "out")])
    assert result.exit_code == 1
    assert said in result.output
    assert "cpc report" in result.output
    assert len(result.output.strip().splitlines()) <= 3


def test_a_wrong_report_value_is_quoted_once(runner, tmp_path):
    text = Path(REPORT_FILE).read_text(encoding="utf-8")
    bad = tmp_path / "r.yaml"
    bad.write_text(text.replace("{year: 2023, value: 7,", "{year: 2023, value: twelve,", 1))
    compact = ["--compact", COMPACT_FILE]
    result = runner.invoke(main, ["report", "render", str(bad), *compact, "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.count("(got 'twelve')") == 1, result.output


@pytest.mark.slow
def test_quiet_after_the_report_group_too(runner, tmp_path):
    args = ["report", "-q", "render", REPORT_FILE, "--format", "docx", "--lang", "fr"]
    result = runner.invoke(main, [*args, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output == ""
