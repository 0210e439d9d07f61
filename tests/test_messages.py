"""What a new user reads when a file is wrong (issue 20, items 6 to 9): each message says what is
wrong in the words of someone who edits YAML, where, and what to write instead.

- YAML layout mistakes get a hint computed from the text (which line, how far it is indented,
  what it should line up with), next to libyaml's location, whatever libyaml's wording;
- a value of the wrong kind gets "expected …" with an example of the right form, chosen by
  pydantic's error *type*, never pydantic's English ("Input should be…", "instance of…");
- a report paired with another compact's file (or compact) is one line, naming the option that
  pairs them, and the options named in hints exist on the command that prints them.
"""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from conftest import MINI, REFERENCE, ROOT
from pydantic_core.core_schema import ErrorType

from cpc_docs.cli.main import main
from cpc_docs.load.compact import _findings
from cpc_docs.load.yamlsource import Source
from cpc_docs.model.compact import Compact

REPORT_2023 = ROOT / "reports" / "civ-2022-2023.yaml"
REPORT_2024 = ROOT / "reports" / "civ-2022-2024.yaml"
JARGON = ("Input should", "instance of", "Value error", "String should", "List should")


def cli(runner, *args: str):
    result = runner.invoke(main, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def broken(tmp_path: Path, old: str, new: str, source: Path = MINI, name: str = "b.yaml") -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text, f"the fixture no longer contains {old!r}"
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line]


# --- 6. YAML layout: a hint from the text ------------------------------------------------------

# (old, new, the line to fix (found by this text), where libyaml stops: that line or the next,
# the hint)
LAYOUT = [
    ("  originals: 2\n", "   originals: 2\n", "   originals: 2", 0,
     "line {line} is indented 3 spaces; the keys around it are at 2: keys of one mapping "
     "line up"),
    ("  originals: 2\n", " originals: 2\n", " originals: 2", 0,
     "line {line} is indented 1 space; the keys around it are at 0 or 2: keys of one mapping "
     "line up"),
    ("      name: Jane Doe\n", "     name: Jane Doe\n", "     name: Jane Doe", 0,
     "line {line} is indented 5 spaces; the keys around it are at 4 or 6: keys of one mapping "
     "line up"),
    ("  - id: us\n", "   - id: us\n", "   - id: us", 0,
     "line {line} is indented 3 spaces; the lines around it are at 2 or 4: the '-' of the "
     "items of one list line up"),
    ("        amount: {value: 5000000, currency: USD}\n",
     "        amount: 5000000\n          currency: USD\n", "currency: USD", 0,
     "line {line} is indented under `amount:` on line {previous}, which already has a value on "
     "its line: a value after `amount:` on the same line cannot be followed by an indented "
     "block; line `currency:` up with `amount:`"),
    ("  originals: 2\n", "  originals 2\n", "originals 2", 1,
     "line {line}, `originals 2`, is where a key goes but has no `key:`; is the ':' after "
     "`originals` missing?"),
    ("  originals: 2\n", "  originals:2\n", "originals:2", 1,
     "line {line} has no space after the ':' of its key; YAML needs one: originals: 2"),
    ("      name: Jane Doe\n", "      name: Note: Jane Doe\n", "Note: Jane Doe", 0,
     "the value of `name:` on line {line} contains ': ', which YAML reads as the start of "
     'another key; put the value in quotes: name: "Note: Jane Doe"'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "needle", "stop", "hint"), LAYOUT, ids=[c[1] for c in LAYOUT]
)
def test_a_layout_mistake_gets_a_hint_from_the_text(runner, tmp_path, old, new, needle, stop, hint):
    path = broken(tmp_path, old, new)
    result = cli(runner, "validate", str(path))
    assert result.exit_code == 1
    [error] = error_lines(result.output)
    line = line_of(path, needle)
    # libyaml's location stays; the hint names the line to fix.
    assert error.startswith(f"{path}:{line + stop}:"), error
    assert ": error: YAML syntax: " in error
    assert hint.format(line=line, previous=line - 1) in error, error


def test_the_hint_does_not_depend_on_libyamls_words(monkeypatch, tmp_path):
    """The same text gets the same hint whatever libyaml calls the problem."""
    import yaml

    from cpc_docs.load import yamlsource

    path = broken(tmp_path, "  originals: 2\n", "   originals: 2\n")
    real = yamlsource._Builder.build

    def reworded(self):  # type: ignore[no-untyped-def]
        try:
            return real(self)
        except yaml.MarkedYAMLError as exc:
            exc.problem = "something else entirely"
            raise

    monkeypatch.setattr(yamlsource._Builder, "build", reworded)
    with pytest.raises(yamlsource.InputError) as caught:
        yamlsource.parse_file(path)
    assert "something else entirely" in str(caught.value)
    assert "line 153 is indented 3 spaces; the keys around it are at 2" in caught.value.hint


def test_a_well_indented_syntax_error_gets_no_indentation_hint(runner, tmp_path):
    """An unclosed bracket is not an indentation mistake: no hint says it is."""
    path = broken(tmp_path, "  place: {fr: Capitale, en: Capital City}\n",
                  "  place: {fr: Capitale, en: Capital City\n")  # fmt: skip
    result = cli(runner, "validate", str(path))
    assert result.exit_code == 1
    [error] = error_lines(result.output)
    said = error.split(": error: ", 1)[1]
    assert "indented" not in said and "line up" not in said and "`key:`" not in said, said


# --- 7. Values of the wrong kind: expected what, with an example --------------------------------

# (old, new, field path, message) on tests/fixtures/mini.yaml
WRONG_VALUES = [
    ("amount: {value: 5000000, currency: USD}", "amount: 4000000",
     "sections.commitments.items.0.amount",
     "expected an amount: {value: 4000000, currency: USD} (got 4000000)"),
    ("amount: {value: 5000000, currency: USD}", "amount: {value: 4,000,000, currency: USD}",
     "sections.commitments.items.0.amount.value",
     "4,000,000 is not one number here: in {…}, a comma separates two entries (write the "
     "number without thousands separators: {value: 4000000, currency: USD})"),
    ("amount: {value: 5000000, currency: USD}", 'amount: {value: "4,000,000", currency: USD}',
     "sections.commitments.items.0.amount.value",
     "expected a number, e.g. 4000000 (got '4,000,000': write the number without thousands "
     "separators: 4000000)"),
    ("amount: {value: 5000000, currency: USD}", "amount: {value: 4 million, currency: USD}",
     "sections.commitments.items.0.amount.value",
     "(got '4 million': write it in digits: 4000000)"),
    ("amount: {value: 5000000, currency: USD}", "amount: {value: 0, currency: USD}",
     "sections.commitments.items.0.amount.value", "expected a number greater than 0 (got 0)"),
    ("amount: {value: 5000000, currency: USD}", "amount: {value: 5000000, currency: usd}",
     "sections.commitments.items.0.amount.currency",
     "'usd' is not a currency code: three capital letters (e.g. USD, XOF); did you mean "
     "'USD'?"),
    ("amount: {value: 5000000, currency: USD}",
     "amount: {value: 5000000, currency: USD, style: long}",
     "sections.commitments.items.0.amount.style", "expected one of: short, legal (got 'long')"),
    ("  date: 2022-12-01", "  date: 14/03/2026", "signature.date",
     "expected a date written YYYY-MM-DD, e.g. 2026-03-14 (got '14/03/2026': write "
     "2026-03-14)"),
    ("  date: 2022-12-01", "  date: 03/04/2026", "signature.date",
     "write 2026-04-03 or 2026-03-04 (day and month cannot be told apart)"),
    ("  date: 2022-12-01", "  date: [2022]", "signature.date",
     "expected a date written YYYY-MM-DD, e.g. 2026-03-14 (got a list)"),
    ("  date: 2022-12-01", "  date: 2022-12-01T10:00:00", "signature.date",
     "expected a date without a time (YYYY-MM-DD) (got 2022-12-01 10:00:00: write "
     "2022-12-01)"),
    ("  entry_into_force: signature", "  entry_into_force: tomorrow", "term.entry_into_force",
     "expected 'signature' or a date written YYYY-MM-DD, e.g. 2026-03-14 (got 'tomorrow')"),
    ("unit: yes_no", "unit: yesno", "objectives.3.indicators.0.unit",
     "expected one of: count, percentage, yes_no (got 'yesno': did you mean 'yes_no'?)"),
    ("pillar: prosecution", "pillar: Prosecution", "objectives.2.pillar",
     "did you mean 'prosecution'?"),
    ('tier: "2"', "tier: 2", "sections.description.tip_report.tier",
     'expected one of: "1", "2", 2 Watch List, "3" (got 2: write it in quotes, "2": YAML '
     "reads 2 as a number)"),
    ("languages: [fr, en]", "languages: [fr, de]", "languages.1",
     "expected one of: fr, en, es (got 'de')"),
    ("languages: [fr, en]", "languages: []", "languages", "expected at least 1 item (got none)"),
    ("languages: [fr, en]", "languages: fr", "languages",
     "expected a list (lines starting with '- ', or [a, b]) (got 'fr')"),
    ("originals: 2", "originals: two", "signature.originals",
     "expected a whole number, e.g. 2 (got 'two')"),
    ("originals: 2", "originals: 2.5", "signature.originals",
     "expected a whole number, e.g. 2 (got 2.5)"),
    ("originals: 2", "originals: 0", "signature.originals", "expected 1 or more (got 0)"),
    ("originals: 2", "originals: 11", "signature.originals", "expected 10 or less (got 11)"),
    ("originals: 2", "originals: .nan", "signature.originals", "expected a number"),
    ("up_to: true", "up_to: maybe", "sections.commitments.items.0.up_to",
     "expected true or false (got 'maybe')"),
    ("name: Jane Doe", "name: {fr: Jane}", "signature.signatories.0.name",
     "expected text (got a mapping (key: value))"),
    ("name: Jane Doe", 'name: ""', "signature.signatories.0.name",
     "expected a text that is not empty (got '')"),
    ("  - id: pa\n", "  - id: " + "p" * 70 + "\n", "parties.0.id",
     "expected a text of at most 64 characters (got 70 characters)"),
    ("  - acronym: CN\n", "  - acronym: C\n", "bodies.2.acronym",
     "expected an acronym (2 to 20 letters or digits, e.g. CNS), or a text in each language, "
     "e.g. {fr: …, en: …} (got 'C')"),
    ("    name: {fr: Comité National, en: National Committee}", "    name: National Committee",
     "bodies.2.name",
     "expected a text in each language, e.g. {fr: …, en: …} (got 'National Committee')"),
    ("  duration: 5 years", "  duration: [5]", "term.duration",
     "expected a duration: 5 years, 36 months or 30 days (got a list)"),
    ("  duration: 5 years", "  duration: 5 yrs", "term.duration",
     "'5 yrs' is not a duration; write a number and a unit"),
    ("statute:\n  F:", "statute:\n  H:", "statute.H",
     "expected one of: A, B, C, D, E, F, G (got 'H')"),
    ("  originals: 2\n", "  originals: 2\n  orignals: 3\n", "signature.orignals",
     "unknown field 'orignals'; did you mean 'originals'?"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "path", "message"), WRONG_VALUES, ids=[c[1] for c in WRONG_VALUES]
)
def test_a_value_of_the_wrong_kind_says_what_was_expected(
    runner, tmp_path, old, new, path, message
):
    file = broken(tmp_path, old, new)
    result = cli(runner, "validate", str(file))
    assert result.exit_code == 1
    errors = [line for line in error_lines(result.output) if f": error: {path}: " in line]
    assert len(errors) == 1, result.output  # one message per field, its forms joined
    assert message in errors[0], errors[0]
    for jargon in JARGON:
        assert jargon not in result.output, result.output


def test_a_report_status_is_one_of_the_statuses_with_a_suggestion(runner, tmp_path):
    report = broken(tmp_path, "status: in_progress\n", "status: complete\n", REPORT_2023,
                    name="civ-2022-2023.yaml")  # fmt: skip
    result = cli(runner, "validate", str(report), "--compact", str(REFERENCE))
    assert result.exit_code == 1
    [error] = error_lines(result.output)
    assert error.startswith(f"{report}:{line_of(report, 'status: complete')}:")
    assert (
        "objectives.0.activities.0.status: expected one of: not_started, in_progress, completed, "
        "delayed, dropped (got 'complete': did you mean 'completed'?)"
    ) in error


def fake_error(kind: str) -> dict[str, typing.Any]:
    """A pydantic error of type `kind` in pydantic's own words, context left out (what a
    future pydantic may well do): the message must still be ours."""
    return {
        "type": kind,
        "loc": ("signature", "originals"),
        "msg": "Input should be a valid thing or an instance of Thing",
        "input": "twelve",
        "ctx": {},
    }


@pytest.mark.parametrize("kind", typing.get_args(ErrorType))
def test_no_pydantic_error_type_reaches_the_user_in_pydantics_words(kind):
    source = Source("f.yaml", {"signature": {"originals": "twelve"}})
    source.positions[("signature", "originals")] = (3, 14)
    [finding] = _findings(source, Compact, [fake_error(kind)])
    assert str(finding).startswith("f.yaml:3:14: error: signature.originals: ")
    assert finding.message
    for jargon in (*JARGON, "None"):
        assert jargon not in finding.message, (kind, finding.message)


# --- 8. The option a hint names exists on the command ------------------------------------------


def test_validate_takes_the_compact_its_hint_names(runner, tmp_path, monkeypatch):
    """A report away from its compact: the hint says --compact, and `validate` takes it."""
    monkeypatch.chdir(tmp_path)  # no ./compacts to find it in
    report = tmp_path / "civ-2022-2024.yaml"
    report.write_text(REPORT_2024.read_text(encoding="utf-8"), encoding="utf-8")
    result = cli(runner, "validate", str(report))
    assert result.exit_code == 1
    assert "the compact 'civ-2022' was not found" in result.output
    assert "give its file with --compact" in result.output
    result = cli(runner, "validate", str(report), "--compact", str(REFERENCE))
    assert result.exit_code == 0, result.output
    assert f"{report}: valid" in result.output


# --- 9. A report paired with another compact: one line -----------------------------------------


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["report", "draft", str(MINI), "--year", "2024", "--previous", str(REPORT_2024),
          "-o", "-"], "give a report of mini to --previous"),
        (["report", "render", str(REPORT_2024), "--compact", str(MINI), "-o", "{out}"],
         "give the file of the compact civ-2022 to --compact"),
        (["validate", str(REPORT_2024), "--compact", str(MINI)],
         "give the file of the compact civ-2022 to --compact"),
    ],
    ids=["draft --previous", "report render --compact", "validate --compact"],
)  # fmt: skip
def test_a_report_on_another_compact_is_one_line(runner, tmp_path, args, hint):
    result = cli(runner, *[arg.format(out=tmp_path) for arg in args])
    assert result.exit_code == 1
    line = line_of(REPORT_2024, "compact: civ-2022")
    assert error_lines(result.output) == [
        f"{REPORT_2024}:{line}:10: error: compact: this report is on civ-2022; the compact is "
        f"mini ({hint})"
    ], result.output
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_a_compact_found_by_its_name_with_another_id_is_one_line(runner, tmp_path):
    """compacts/civ-2022.yaml is found for a report on civ-2022, but its id is mini."""
    (tmp_path / "compacts").mkdir()
    (tmp_path / "reports").mkdir()
    (tmp_path / "compacts" / "civ-2022.yaml").write_text(MINI.read_text(encoding="utf-8"))
    report = tmp_path / "reports" / "civ-2022-2024.yaml"
    report.write_text(REPORT_2024.read_text(encoding="utf-8"), encoding="utf-8")
    result = cli(runner, "validate", str(report))
    assert result.exit_code == 1
    [error] = error_lines(result.output)
    assert "this report is on civ-2022; the compact is mini" in error
    assert "civ-2022.yaml has the id mini; give the compact's file with --compact" in error
