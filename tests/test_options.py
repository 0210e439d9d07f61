"""Options as a new user types them (issue 20, item 10): any case (`--lang EN`, `--paper A4`),
lists as commas or repeats (`--lang fr,en` as `cpc new --languages fr,en`), -q/-v after every
command's name as before it, and `cpc new` refusing what is not an acronym, in place at the
prompt, with the reason.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
from conftest import FIXTURES, MINI, REFERENCE, ROOT

from cpc_docs.cli.main import main
from cpc_docs.load.compact import load_compact

REPORT_2024 = ROOT / "reports" / "civ-2022-2024.yaml"


def cli(runner, *args: str, input: str | None = None):
    result = runner.invoke(main, list(args), input=input)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- any case, and lists as commas or repeats ----------------------------------------------------

# (arguments, the files written); {out} is the output folder
RENDERS = [
    (["render", str(MINI), "--lang", "EN", "--format", "DOCX", "--paper", "A4"],
     ["mini.en.docx", "mini.en.docx.manifest.json"]),
    (["render", str(MINI), "--lang", "fr,en", "--format", "docx", "--edition", "Single"],
     ["mini.docx.manifest.json", "mini.en.docx", "mini.fr.docx"]),
    (["render", str(MINI), "--lang", "fr", "--lang", "EN", "--format", "docx"],
     ["mini.docx.manifest.json", "mini.en.docx", "mini.fr.docx"]),
    (["render", str(MINI), "--lang", " en , fr,en", "--format", "Docx"],
     ["mini.docx.manifest.json", "mini.en.docx", "mini.fr.docx"]),
    (["report", "render", str(REPORT_2024), "--compact", str(REFERENCE), "--lang", "FR",
      "--format", "docx", "--paper", "Letter"],
     ["civ-2022-2024.fr.docx", "civ-2022-2024.fr.docx.manifest.json"]),
    (["report", "render", str(REPORT_2024), "--compact", str(REFERENCE), "--lang", "fr,EN",
      "--format", "docx"],
     ["civ-2022-2024.docx.manifest.json", "civ-2022-2024.en.docx", "civ-2022-2024.fr.docx"]),
]  # fmt: skip


@pytest.mark.parametrize(("args", "written"), RENDERS, ids=[" ".join(a[2:]) for a, _ in RENDERS])
@pytest.mark.slow
def test_languages_and_formats_in_any_case_as_commas_or_repeats(runner, tmp_path, args, written):
    result = cli(runner, *args, "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert names(tmp_path) == written


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["render", str(MINI), "--lang", "fr,de"], "'de' is not one of 'fr', 'en'"),
        (["render", str(MINI), "--format", "docx,odt"], "'odt' is not one of 'docx', 'pdf'"),
        (["render", str(MINI), "--lang", "fr,"], "'fr,' has an empty item; write e.g. fr,en"),
        (["report", "render", str(REPORT_2024), "--lang", "de"], "'de' is not one of"),
        (["render", str(MINI), "--paper", "A3"], "'A3' is not one of 'a4', 'letter'"),
    ],
)
def test_a_wrong_item_of_a_list_is_a_usage_error_naming_it(runner, tmp_path, args, said):
    result = cli(runner, *args, "-o", str(tmp_path))
    assert result.exit_code == 2
    assert said in result.output
    assert names(tmp_path) == []


def test_other_choices_take_any_case(runner):
    result = cli(runner, "schema", "--format", "MARKDOWN")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Compact YAML reference")
    result = cli(runner, "check", str(MINI), "--format", "JSON")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["files"] == 1


NEW = [
    "new", "--no-input",
    "--country-fr", "le Ghana", "--country-en", "Ghana", "--place", "Accra",
    "--date", "2025-03-14", "--amount", "5 million",
    "--focal-name-fr", "Le Secrétariat (HTS)", "--focal-name-en", "The Secretariat (HTS)",
    "--focal-email", "hts@example.gov.gh",
]  # fmt: skip


@pytest.mark.parametrize(
    "languages",
    [["--languages", "fr,en"], ["--languages", "fr", "--languages", "en"],
     ["--languages", "FR,EN"], ["--languages", "fr en"]],
    ids=lambda args: " ".join(args),
)  # fmt: skip
def test_new_takes_its_languages_as_commas_or_repeats(runner, tmp_path, languages):
    path = tmp_path / "gha-2025.yaml"
    result = cli(runner, *NEW, *languages, "-o", str(path))
    assert result.exit_code == 0, result.output
    assert load_compact(path)[0].languages == ["fr", "en"]


# --- -q and -v, before or after every command's name --------------------------------------------


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command of `cpc`, as the words that name it: ("report", "render")."""
    ctx = click.Context(group)
    found: list[tuple[str, ...]] = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found.extend(commands(command, (*prefix, name)))
    return found


def command_of(words: tuple[str, ...]) -> click.Command:
    command: click.Command = main
    for word in words:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), word)
        assert found is not None
        command = found
    return command


@pytest.mark.parametrize("words", commands(main), ids=" ".join)
def test_every_command_takes_quiet_and_verbose_after_its_name(words):
    options = {opt for param in command_of(words).params for opt in param.opts}
    assert {"-q", "--quiet", "-v", "--verbose"} <= options, words


@pytest.fixture
def defects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with a compact whose French and English disagree."""
    (tmp_path / ".git").mkdir()
    shutil.copy(FIXTURES / "checks" / "defects.yaml", tmp_path / "defects.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "defects.yaml"


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_check_prints_the_findings_and_no_summary(runner, defects, where):
    loud = cli(runner, "check", "defects.yaml")
    assert loud.exit_code == 1
    assert loud.stdout.startswith("termbases: ")
    summary = loud.stdout.splitlines()[-1]
    assert " error(s), " in summary
    args = ["-q", "check", "defects.yaml"] if where == "before" else ["check", "defects.yaml", "-q"]
    quiet = cli(runner, *args)
    assert quiet.exit_code == 1  # the same verdict
    assert "termbases" not in quiet.output and summary not in quiet.output
    # The findings are all there: the loud report without the termbases line, the blank line
    # and the summary.
    assert loud.stdout.splitlines()[-2] == ""
    assert quiet.stdout.splitlines() == loud.stdout.splitlines()[1:-2]
    assert "  error  " in quiet.stdout


def test_verbose_check_says_what_it_checks(runner, defects):
    result = cli(runner, "check", "defects.yaml", "-v")
    assert "checking defects.yaml" in result.output


@pytest.mark.parametrize(
    "args",
    [["schema", "-q"], ["-q", "schema"], ["schema", "-v"], ["report", "schema", "-q"],
     ["schema", "--format", "json", "--quiet"]],
    ids=" ".join,
)  # fmt: skip
def test_schema_takes_quiet_and_verbose(runner, args):
    result = cli(runner, *args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["$schema"].startswith("https://json-schema.org/")


# --- cpc new: an acronym is an acronym ---------------------------------------------------------

BODY = ["Comité National", "National Committee"]


@pytest.mark.parametrize(
    ("acronym", "why"),
    [
        ("4000000", "an acronym has two letters at least"),
        ("ab", "an acronym is written in capitals: AB"),
        ("A", "an acronym has two letters at least"),
        ("C-N", "an acronym has only capital letters, digits and &"),
        ("CNLTPPPAXXXXX", "an acronym has at most 12 characters"),
        ("Comité National", "an acronym is one word"),
    ],
)
def test_new_refuses_what_is_not_an_acronym(runner, tmp_path, acronym, why):
    result = cli(runner, *NEW, "--body", acronym, *BODY, "-o", str(tmp_path / "x.yaml"))
    assert result.exit_code == 2
    assert f"Invalid value for '--body': {acronym!r} is not an acronym: {why}" in result.output
    assert names(tmp_path) == []


@pytest.mark.parametrize("acronym", ["CNS", "C&T", "PNLTE2", "CNLTPPPA"])
def test_new_takes_an_acronym(runner, tmp_path, acronym):
    path = tmp_path / "gha-2025.yaml"
    result = cli(runner, *NEW, "--body", acronym, *BODY, "-o", str(path))
    assert result.exit_code == 0, result.output
    assert acronym in [b.acronym for b in load_compact(path)[0].bodies]


# The questions of `cpc new`, answered (see tests/test_new.py for what each one is).
ANSWERS = [
    "", "le Ghana", "", "", "", "", "Accra", "", "2025-03-14", "", "",
    "AMOUNT", "HTS", "Secrétariat", "Secretariat", "",
    "Le Secrétariat (HTS)", "The Secretariat (HTS)", "hts@example.gov.gh", "",
]  # fmt: skip


def interactive(runner, tmp_path: Path, amount: list[str], bodies: list[str]):
    answers = list(ANSWERS)
    at = answers.index("AMOUNT")
    answers[at : at + 2] = [*amount, *bodies]
    path = tmp_path / "gha-2025.yaml"
    result = cli(runner, "new", "-o", str(path), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    return result.output, load_compact(path)[0]


def test_a_wrong_acronym_at_the_prompt_is_asked_again_in_place(runner, tmp_path):
    """The amount typed once more where the acronym is asked: refused there, with the reason,
    and the question asked again; the answers after it stay with their questions."""
    output, compact = interactive(runner, tmp_path, ["5000000"], ["4000000", "HTS"])
    refused = "Error: '4000000' is not an acronym: an acronym has two letters at least"
    assert refused in output
    after = output.split(refused, 1)[1].split("\n", 1)[1]  # the line after the error
    assert after.startswith("Acronym of a body")
    hts = next(b for b in compact.bodies if b.acronym == "HTS")
    assert hts.name.root == {"fr": "Secrétariat", "en": "Secretariat"}
    assert compact.sections.commitments.items[0].amount.value == 5_000_000  # type: ignore[union-attr]


def test_the_amount_typed_again_at_its_confirmation_is_taken(runner, tmp_path):
    """ "4" (US$4) is asked to be confirmed; the amount typed there instead is the answer,
    rather than "invalid input" and the answers after it sliding into that question."""
    output, compact = interactive(runner, tmp_path, ["4", "4000000"], ["HTS"])
    assert "Keep US$4? [y/N]" in output
    assert "invalid input" not in output
    assert compact.sections.commitments.items[0].amount.value == 4_000_000  # type: ignore[union-attr]
    assert "HTS" in [b.acronym for b in compact.bodies]


def test_a_wrong_answer_at_the_confirmation_is_asked_again(runner, tmp_path):
    output, compact = interactive(runner, tmp_path, ["4", "maybe", "y"], ["HTS"])
    assert "Error: answer y or n, or give the amount again ('maybe' is not an amount" in output
    assert output.count("Keep US$4? [y/N]") == 2
    assert compact.sections.commitments.items[0].amount.value == 4  # type: ignore[union-attr]
