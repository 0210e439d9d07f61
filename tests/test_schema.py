"""The JSON Schema of `cpc schema` agrees with `cpc validate`, and the YAML reference is whole.

The README sends users to this schema for their editor (yaml-language-server). A schema that
flags correct files (`duration: 5 years`, `confidentiality: standard`) teaches them to ignore
its squiggles, and one that passes broken files gives false comfort; so every file that
validates must fit the schema, and each invalid file here is refused by both. Files are read as
an editor sees them: yaml-language-server reads YAML timestamps as text and keys as text, so
dates become ISO strings and `2023:` keys strings before the schema sees them.
"""

from __future__ import annotations

import copy
import datetime as dt
import inspect
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import MINI, REFERENCE, ROOT
from jsonschema import Draft202012Validator, ValidationError
from test_new import OPTIONS

from cpc_docs.authoring import schema as schema_doc
from cpc_docs.authoring.report_draft import draft_text
from cpc_docs.cli.main import main
from cpc_docs.errors import ValidationFailed
from cpc_docs.load.compact import load_compact, standard_clauses
from cpc_docs.model.compact import PLACEHOLDER, Compact, Duration, Sections, walk_texts
from cpc_docs.present.prose import Resolver
from cpc_docs.rules.report import load_report

REPORTS = sorted((ROOT / "reports").glob("*.yaml"))
DELETE = object()  # a mutation that removes the key


def cli_schema(*args: str) -> dict[str, Any]:
    """The schema exactly as `cpc … schema` prints it for an editor."""
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def compact_schema() -> dict[str, Any]:
    return cli_schema("schema")


@pytest.fixture(scope="module")
def report_schema() -> dict[str, Any]:
    return cli_schema("report", "schema")


def as_an_editor_sees(value: Any) -> Any:
    """YAML data as yaml-language-server checks it: dates as text, mapping keys as text."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): as_an_editor_sees(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_an_editor_sees(item) for item in value]
    return value


def schema_errors(schema: dict[str, Any], data: Any) -> list[ValidationError]:
    """Every error the schema finds, `format` included (editors check `date`)."""
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return list(validator.iter_errors(as_an_editor_sees(data)))


def with_causes(errors: list[ValidationError]) -> list[ValidationError]:
    """The errors and, for "fits none of anyOf", each option's own error (an optional field
    is `anyOf: [its schema, null]`, so its real error is one level down)."""
    return [cause for error in errors for cause in (error, *with_causes(list(error.context)))]


def describe(errors: list[ValidationError]) -> str:
    return "\n".join(f"{list(e.absolute_path)}: {e.validator}: {e.message[:200]}" for e in errors)


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- The schemas are schemas ------------------------------------------------------------------


def test_both_schemas_are_valid_draft_2020_12(compact_schema, report_schema):
    for schema in (compact_schema, report_schema):
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)


# --- What validates fits the schema -----------------------------------------------------------


@pytest.mark.parametrize("path", [REFERENCE, MINI], ids=lambda p: p.name)
def test_a_compact_that_validates_fits_the_schema(compact_schema, path):
    load_compact(path)  # valid for `cpc validate`, or this test would prove nothing
    errors = schema_errors(compact_schema, read_yaml(path))
    assert not errors, describe(errors)


def test_the_reference_compact_uses_the_written_forms_the_schema_must_accept():
    """If the reference stopped writing durations as text, the test above would no longer
    show that the schema accepts them."""
    data = read_yaml(REFERENCE)
    assert data["term"]["duration"] == "5 years"
    assert data["sections"]["amendment"]["notice"] == "3 months"


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_a_report_that_validates_fits_the_schema(report_schema, path):
    load_report(path, REFERENCE)
    errors = schema_errors(report_schema, read_yaml(path))
    assert not errors, describe(errors)


def test_a_report_draft_fits_the_schema(report_schema):
    """`cpc report draft` writes nulls for every value to fill in; they must not be flagged."""
    compact, _ = load_compact(REFERENCE)
    data = yaml.safe_load(draft_text(compact, 2023, str(REFERENCE), None))
    assert data["objectives"][0]["activities"][0]["status"] is None
    errors = schema_errors(report_schema, data)
    assert not errors, describe(errors)


@pytest.mark.parametrize("extra", [[], ["--inline-clauses"]], ids=["standard", "inline"])
def test_a_new_compact_fits_the_schema(compact_schema, tmp_path, extra):
    out = tmp_path / "gha-2025.yaml"
    result = CliRunner().invoke(main, ["new", *OPTIONS, *extra, "--output", str(out)])
    assert result.exit_code == 0, result.output
    data = read_yaml(out)
    assert data["term"]["duration"] == "5 years"
    standard = [key for key, value in data["sections"].items() if value == "standard"]
    assert bool(standard) is not bool(extra)  # the shorthand is there to be checked
    errors = schema_errors(compact_schema, data)
    assert not errors, describe(errors)


# --- The written forms, one by one ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("5 years", True), ("1 year", True), ("36 months", True), ("1 month", True),
        ("30 days", True), ("1 day", True), ("5years", True), ("05 years", True),
        (" 5 years ", True), ("5 yrs", False), ("five years", False), ("0 years", False),
        ("00 days", False), ("-5 years", False), ("5.5 years", False), ("5 Years", False),
        ("5 years 2 months", False), ("years", False), ("5", False), ("", False),
    ],
)  # fmt: skip
def test_a_duration_text_fits_the_schema_exactly_when_the_model_reads_it(
    compact_schema, text, valid
):
    duration = {"$defs": compact_schema["$defs"], "$ref": "#/$defs/Duration"}
    try:
        Duration.model_validate(text)
        model_reads_it = True
    except ValueError:
        model_reads_it = False
    assert model_reads_it is valid
    assert not schema_errors(duration, text) if valid else schema_errors(duration, text)


@pytest.mark.parametrize("key", list(Sections.model_fields))
@pytest.mark.slow
def test_standard_fits_the_schema_exactly_where_the_loader_takes_it(compact_schema, tmp_path, key):
    data = read_yaml(REFERENCE)
    data["sections"][key] = "standard"
    path = tmp_path / "standard.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        load_compact(path)
        loader_takes_it = True
    except ValidationFailed:
        loader_takes_it = False
    assert loader_takes_it is (key in standard_clauses())
    errors = schema_errors(compact_schema, data)
    assert not errors if loader_takes_it else errors, describe(errors)


# --- What `cpc validate` refuses, the schema refuses ------------------------------------------


@dataclass(frozen=True)
class Broken:
    """A file made invalid by one change: `value` at `path` (DELETE removes the key)."""

    name: str
    path: tuple[str | int, ...]
    value: Any
    schema_path: tuple[str | int, ...]  # where the schema's error is, and its keyword
    keyword: str
    field: str  # where `cpc validate` puts its error, and a part of its message
    message: str


COMPACT_CASES = [
    Broken("duration typed wrong", ("term", "duration"), "5 yrs",
           ("term", "duration"), "anyOf", "term.duration", "is not a duration"),
    Broken("duration of nothing", ("term", "duration"), "0 years",
           ("term", "duration"), "anyOf", "term.duration", "greater than 0"),
    Broken("duration in an unknown unit", ("term", "duration"), {"value": 5, "unit": "weeks"},
           ("term", "duration"), "anyOf", "term.duration.unit", "years, months, days"),
    Broken("notice without a unit", ("sections", "amendment", "notice"), 3,
           ("sections", "amendment", "notice"), "anyOf", "sections.amendment.notice",
           "expected a duration: 5 years"),
    Broken("wrong type", ("signature", "originals"), "two",
           ("signature", "originals"), "type", "signature.originals", "expected a whole number"),
    Broken("missing required field", ("party_term",), DELETE,
           (), "required", "party_term", "required field 'party_term' is missing"),
    Broken("unknown key", ("colour",), "blue",
           (), "additionalProperties", "colour", "unknown field 'colour'"),
    Broken("standard without a library text", ("sections", "purpose"), "standard",
           ("sections", "purpose"), "type", "sections.purpose", "no standard text"),
    Broken("standard misspelt", ("sections", "disputes"), "standrad",
           ("sections", "disputes"), "anyOf", "sections.disputes", "expected a mapping"),
    Broken("unknown language", ("title",), {"fr": "Partenariat", "de": "Partnerschaft"},
           ("title",), "enum", "title.de", "one of: fr, en"),  # under propertyNames
    Broken("tier as a number", ("sections", "description", "tip_report", "tier"), 2,
           ("sections", "description", "tip_report", "tier"), "enum",
           "sections.description.tip_report.tier", "2 Watch List"),
    Broken("date in words", ("signature", "date"), "7 December 2022",
           ("signature", "date"), "format", "signature.date", "expected a date"),
    Broken("currency in lower case", ("sections", "commitments", "items", 0, "amount",
           "currency"), "usd", ("sections", "commitments", "items", 0, "amount", "currency"),
           "pattern", "sections.commitments.items.0.amount.currency", "'usd' is not"),
]  # fmt: skip

REPORT_CASES = [
    Broken("unknown status", ("objectives", 0, "activities", 0, "status"), "done",
           ("objectives", 0, "activities", 0, "status"), "anyOf",
           "objectives.0.activities.0.status", "one of: not_started"),
    Broken("number in quotes", ("objectives", 0, "indicators", 0, "values", 0, "value"), "12",
           ("objectives", 0, "indicators", 0, "values", 0, "value"), "type",
           "objectives.0.indicators.0.values.0.value", "expected a number"),
    Broken("missing period", ("period",), DELETE,
           (), "required", "period", "required field 'period' is missing"),
    Broken("unknown key", ("summry",), {"fr": "x", "en": "x"},
           (), "additionalProperties", "summry", "did you mean 'summary'"),
]  # fmt: skip


def broken_data(base: Path, case: Broken) -> Any:
    data = read_yaml(base)
    parent = data
    for step in case.path[:-1]:
        parent = parent[step]
    key = case.path[-1]
    if case.value is DELETE:
        del parent[key]
    else:
        assert key not in parent or parent[key] != case.value, "the change changes nothing"
        parent[key] = copy.deepcopy(case.value)
    return data


def write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def assert_refused_by_both(path: Path, data: Any, schema: dict[str, Any], case: Broken) -> None:
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert "Traceback" not in result.output
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if f": error: {case.field}: " in line]
    assert any(case.message in line for line in lines), result.output
    errors = schema_errors(schema, data)
    found = [(tuple(e.absolute_path), e.validator) for e in with_causes(errors)]
    assert (case.schema_path, case.keyword) in found, describe(errors)


@pytest.mark.parametrize("case", COMPACT_CASES, ids=lambda case: case.name)
@pytest.mark.slow
def test_a_broken_compact_is_refused_by_validate_and_by_the_schema(compact_schema, tmp_path, case):
    data = broken_data(REFERENCE, case)
    assert_refused_by_both(write(tmp_path / "civ-2022.yaml", data), data, compact_schema, case)


@pytest.mark.parametrize("case", REPORT_CASES, ids=lambda case: case.name)
@pytest.mark.slow
def test_a_broken_report_is_refused_by_validate_and_by_the_schema(report_schema, tmp_path, case):
    write(tmp_path / "compacts" / "civ-2022.yaml", read_yaml(REFERENCE))  # found beside it
    data = broken_data(REPORTS[0], case)
    path = write(tmp_path / "reports" / REPORTS[0].name, data)
    assert_refused_by_both(path, data, report_schema, case)


def test_the_files_rewritten_unbroken_are_valid_for_both(compact_schema, report_schema, tmp_path):
    """The broken files above are written by yaml.safe_dump; unchanged, they pass both checks,
    so each refusal comes from the one change it makes."""
    write(tmp_path / "compacts" / "civ-2022.yaml", read_yaml(REFERENCE))
    report = write(tmp_path / "reports" / REPORTS[0].name, read_yaml(REPORTS[0]))
    compact = tmp_path / "compacts" / "civ-2022.yaml"
    result = CliRunner().invoke(main, ["validate", str(compact), str(report)])
    assert result.exit_code == 0, result.output
    assert not schema_errors(compact_schema, read_yaml(compact))
    assert not schema_errors(report_schema, read_yaml(report))


# --- The YAML reference -----------------------------------------------------------------------


def placeholder_names() -> set[str]:
    """The placeholders the resolver knows: its methods `_name(self, arg, scopes)`."""
    return {
        name[1:]
        for name, method in inspect.getmembers(Resolver, inspect.isfunction)
        if name.startswith("_") and not name.startswith("__")
        and list(inspect.signature(method).parameters) == ["self", "arg", "scopes"]
    }  # fmt: skip


def test_every_placeholder_of_the_resolver_is_documented():
    documented = {placeholder.name for placeholder in schema_doc.PLACEHOLDERS}
    assert documented == placeholder_names() | {"{{", "}}"}
    tokens = {placeholder.token for placeholder in schema_doc.PLACEHOLDERS}
    for style in ("number", "adjective", "digits"):  # locale.format_duration's styles
        assert f"{{duration:{style}}}" in tokens


def test_every_placeholder_the_compacts_use_is_documented():
    texts = [
        source
        for path in (REFERENCE, MINI)
        for _path, text, _scopes in walk_texts(load_compact(path)[0])
        for source in text.root.values()
    ]
    texts.append(json.dumps(standard_clauses(), ensure_ascii=False))
    used = {match[1] for text in texts for match in PLACEHOLDER.finditer(text) if match[1]}
    assert used <= placeholder_names(), used - placeholder_names()


def test_the_placeholder_examples_are_the_resolvers_output_for_the_reference():
    compact, _ = load_compact(REFERENCE)
    reference = (ROOT / "docs" / "yaml-reference.md").read_text(encoding="utf-8")
    examples = schema_doc.placeholder_examples(compact)
    assert len(examples) == len(schema_doc.PLACEHOLDERS)
    by_token = {token: (french, english) for _p, token, french, english in examples}
    assert by_token["{duration}"] == ("cinq \\(05\\) ans", "five \\(5\\) years")
    assert by_token[f"{{letter:{compact.sections.commitments.items[0].id}}}"] == ("A", "A")
    for _placeholder, token, french, english in examples:
        assert f"| `{token}` |" in reference and f"| {french} | {english} |" in reference


def test_without_the_reference_compact_the_placeholders_are_listed_without_examples(
    monkeypatch, tmp_path
):
    monkeypatch.setattr(schema_doc, "REFERENCE", tmp_path / "civ-2022.yaml")
    schema_doc.reference_compact.cache_clear()
    try:
        text = schema_doc.markdown(Compact, "Compact YAML reference")
    finally:
        schema_doc.reference_compact.cache_clear()
    assert "| placeholder | what it prints |\n" in text and "| French |" not in text
    assert all(f"| `{p.token}` |" in text for p in schema_doc.PLACEHOLDERS)
    assert "civ-2022.yaml, not found here" in text


def test_the_reference_documents_the_written_forms():
    reference = (ROOT / "docs" / "yaml-reference.md").read_text(encoding="utf-8")
    assert "Written as text, a whole number and a unit" in reference
    assert "`5 years`, `36 months`, `30 days`" in reference
    for key in standard_clauses():
        assert f"| `{key}` | [`standard`](#standard-sections) or [" in reference
        assert re.search(rf"^\| `{key}` \| [^|`]+ \| [^|`]+ \|", reference, re.M), key
    assert "| `purpose` | [Section](#section) | yes |" in reference  # no standard text


def test_neither_a_new_compact_nor_the_reference_sends_users_to_python(tmp_path):
    out = tmp_path / "gha-2025.yaml"
    assert CliRunner().invoke(main, ["new", *OPTIONS, "--output", str(out)]).exit_code == 0
    for text in (out.read_text(encoding="utf-8"), schema_doc.markdown(Compact, "Reference")):
        assert "docstring" not in text
        assert not re.search(r"\b\w+\.py\b", text)
