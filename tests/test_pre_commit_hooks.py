"""The pre-commit hooks a repository of compacts uses run commands `cpc` really has, on the
files they are meant for."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml
from click.testing import CliRunner

from cpc_docs.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_each_hook_runs_a_real_cpc_command() -> None:
    assert [hook["id"] for hook in HOOKS] == ["cpc-validate", "cpc-check"]
    for hook in HOOKS:
        program, *args = shlex.split(hook["entry"])
        assert program == "cpc" and hook["language"] == "python"
        result = CliRunner().invoke(main, [*args, "--help"])
        assert result.exit_code == 0, result.output


def test_the_hooks_match_the_files_they_are_for() -> None:
    validate, check = (re.compile(hook["files"]) for hook in HOOKS)
    for name in ("compacts/civ-2022.yaml", "reports/civ-2022-2024.yml"):
        assert validate.search(name), name
    for name in ("README.md", "templates/fr/compact.md.j2", ".pre-commit-hooks.yaml"):
        assert not validate.search(name), name
    for name in ("compacts/civ-2022.yaml", "templates/fr/compact.md.j2", "glossary.yaml"):
        assert check.search(name), name
    assert not check.search("README.md")


def test_the_validate_hook_passes_the_files_and_they_validate(monkeypatch) -> None:
    """pre-commit appends the changed files to the entry: `cpc validate FILE…`."""
    monkeypatch.chdir(ROOT)
    _program, *args = shlex.split(HOOKS[0]["entry"])
    result = CliRunner().invoke(
        main, [*args, "compacts/civ-2022.yaml", "reports/civ-2022-2024.yaml"]
    )
    assert result.exit_code == 0, result.output
