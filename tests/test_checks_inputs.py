"""What `cpc check` reads: any YAML with {fr, en} mappings, located to the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpc_docs.checks import check_paths
from cpc_docs.checks.glossary import load as load_glossary
from cpc_docs.checks.pairs import walk
from cpc_docs.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "checks"
REPO = Path(__file__).parent.parent


def write(tmp_path: Path, text: str, name: str = "x.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_pairs_are_found_anywhere_with_their_field_path() -> None:
    data = {"a": [{"text": {"fr": "x", "en": "y"}}], "b": {"id": "k", "fr": "x", "en": "y"},
            "glossary": {"fr": ["a"], "en": ["b"], "note": "n"},
            "c": {"fr": {"t": 1}, "x": [1]}}  # fmt: skip
    assert [p.dotted for p in walk(data)] == ["a.0.text", "b", "glossary"]


def test_a_finding_points_at_the_line_and_column_of_the_offending_words(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "objectives:\n"
        "  - text:\n"
        "      fr: >-\n"
        "        Les Parties se réunissent une fois par an\n"
        "        pendant cinq (05) ans.\n"
        "      en: >-\n"
        "        The Participants meet once a year\n"
        "        for six (6) years.\n",
    )
    (finding,) = [f for f in check_paths([path]).findings if f.rule == "numbers"]
    assert (finding.location.line, finding.location.column) == (5, 17)
    assert finding.location.path == "objectives.0.text"


def test_a_monolingual_document_is_not_missing_its_english(tmp_path: Path) -> None:
    path = write(tmp_path, "languages: [fr]\ntitle: {fr: Objet}\n")
    assert check_paths([path]).findings == []


def test_empty_and_mismatched_sides_are_missing_translations(tmp_path: Path) -> None:
    path = write(
        tmp_path, "a: {fr: Objet, en: ''}\nb: {fr: [x, y], en: [x]}\nc: {fr: x, en: [y]}\n"
    )
    findings = check_paths([path]).findings
    assert [(f.rule, f.location.path) for f in findings] == [
        ("missing-translation", "a"), ("missing-translation", "b"), ("missing-translation", "c"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [unclosed\n", "YAML syntax"),
        ("a: {fr: x}\na: {fr: y}\n", "duplicate key"),
    ],
)
def test_unreadable_yaml_is_an_input_finding(tmp_path: Path, text: str, message: str) -> None:
    report = check_paths([write(tmp_path, text)])
    (finding,) = report.findings
    assert finding.rule == "input" and message in finding.message
    assert report.exit_code() == 2


def test_a_malformed_glossary_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "terms:\n  - fr: [traite]\n  - fr: [enfant]\n    en: []\n", "g.yaml")
    with pytest.raises(InputError) as caught:
        load_glossary(path)
    assert caught.value.location.line == 2
    report = check_paths([FIXTURES / "compact.yaml"], glossary=path)
    assert [f.rule for f in report.findings] == ["input"]


def test_the_glossary_itself_is_checked_as_bilingual_data(tmp_path: Path) -> None:
    path = write(tmp_path, "terms:\n  - fr: [traite, traites]\n    en: [trafficking]\n"
                 "  - fr: [enfant]\n", "glossary.yaml")  # fmt: skip
    findings = check_paths([path]).findings
    assert [(f.rule, f.location.path) for f in findings] == [("missing-translation", "terms.1")]


def test_parallel_and_serial_runs_agree(tmp_path: Path) -> None:
    for i in range(8):
        write(tmp_path, (FIXTURES / "defects.yaml").read_text(encoding="utf-8"), f"d{i}.yaml")
    serial = check_paths([tmp_path], jobs=1)
    parallel = check_paths([tmp_path], jobs=2)
    assert [str(f) for f in serial.findings] == [str(f) for f in parallel.findings]
    assert serial.summary == parallel.summary
    assert len(serial.details) == len(parallel.details)


def test_the_reference_compact_has_no_translation_error() -> None:
    report = check_paths([REPO / "compacts" / "civ-2022.yaml"], shipped_termbase=True)
    assert report.termbases and report.termbases[0].startswith("cpc-docs (")
    assert [str(f) for f in report.findings if f.severity == "error"] == []
