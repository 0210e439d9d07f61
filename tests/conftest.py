"""Shared fixtures: the reference compact, a small complete one, and a CLI runner."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REFERENCE = ROOT / "compacts" / "civ-2022.yaml"
MINI = FIXTURES / "mini.yaml"
SEED = ROOT.parent / "shared" / "seeds" / "002_fb6daff13ea1fbcc.txt"


def need_program(name: str) -> str:
    """Path of an external program; skip locally when missing, fail in CI (CI=true)."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} is required in CI but is not installed")
    pytest.skip(f"{name} is not installed")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def mini_text() -> str:
    return MINI.read_text(encoding="utf-8")
