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


def mini_variant(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    """mini.yaml after `edit(data)`, written as tmp_path/mini.yaml (its id, its stem)."""
    import yaml

    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--update-golden`: rewrite tests/golden/ from today's writers instead of failing on a
    difference (CPC_UPDATE_GOLDEN=1 does the same). Never implicit: a golden file changes only
    when someone asks, and the rewritten files are then read in `git diff`."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden text files of tests/golden/ from the current writers",
    )


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The suite's own user cache (cpc_docs/cache.py), shared by its tests and the processes
    they start: the thousands of compacts the tests render leave their verdicts there, not
    in the developer's ~/.cache. A run that sets CPC_CACHE_DIR keeps its own."""
    os.environ.setdefault("CPC_CACHE_DIR", str(tmp_path_factory.mktemp("cpc-cache")))


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run was asked to rewrite the golden files (--update-golden)."""
    flag = bool(request.config.getoption("--update-golden"))
    return flag or os.environ.get("CPC_UPDATE_GOLDEN") == "1"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def mini_text() -> str:
    return MINI.read_text(encoding="utf-8")


# Hypothesis profiles for the hostile-input properties (tests/test_hostile_properties.py).
# `ci`, the default: few examples, no deadline (a render takes a second), derandomized so a
# CI run is reproducible. `fuzz` (HYPOTHESIS_PROFILE=fuzz, `make fuzz`): many random examples,
# failures kept in .hypothesis/ and replayed first next time. Tests that set their own
# max_examples keep it.
from hypothesis import HealthCheck, settings  # noqa: E402

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "ci", max_examples=5, deadline=None, derandomize=True, suppress_health_check=_SLOW
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "500")),  # ~1 s each for a render
    deadline=None,
    suppress_health_check=_SLOW,
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
