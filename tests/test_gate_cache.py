"""The render's translation check is kept in the user's cache: the same verdict, never a stale one.

A verdict read back must be the one the check would give now: the same errors at the same
places, the same refusal, the same manifest. Any change to what it depends on (the compact's
bytes, its waiver file, the code and data of cpc-docs) is a new check.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI

from cpc_docs import cache as user_cache
from cpc_docs.checks import gate
from cpc_docs.cli.main import main

DISCORDANT = ("The Participants meet once a year.", "The Participants do not meet once a year.")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CPC_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "gate"


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The compacts the check really ran on (not read back)."""
    ran: list[Path] = []
    real = gate._check

    def counted(compact: Path, *args: object) -> gate.Gate:
        ran.append(compact)
        return real(compact, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(gate, "_check", counted)
    return ran


def compact(folder: Path, discordant: bool = False) -> Path:
    text = MINI.read_text(encoding="utf-8")
    if discordant:
        text = text.replace(*DISCORDANT)
    path = folder / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def same(a: gate.Gate, b: gate.Gate) -> bool:
    kept = ("errors", "warnings", "waived", "waivers")
    return all(getattr(a, name) == getattr(b, name) for name in kept)


def test_a_verdict_is_read_back_as_the_check_gave_it(
    tmp_path: Path, cache: Path, checks: list[Path]
) -> None:
    path = compact(tmp_path, discordant=True)
    first = gate.run(path)
    again = gate.run(path)
    assert checks == [path]  # the second came from the cache
    assert not first.cached and again.cached
    assert same(first, again) and not again.concordant
    (error,) = again.errors
    assert error.rule == "negation" and error.location.file == str(path)
    assert error.location.line and error.location.path.startswith("sections.monitoring")
    assert again.record(False) == first.record(False)
    assert [p.suffix for p in cache.iterdir()] == [".json"]


def test_a_changed_compact_or_waiver_file_is_checked_again(
    tmp_path: Path, cache: Path, checks: list[Path]
) -> None:
    path = compact(tmp_path, discordant=True)
    assert not gate.run(path).concordant
    compact(tmp_path)  # the English fixed
    assert gate.run(path).concordant
    compact(tmp_path, discordant=True)
    back = gate.run(path)
    assert back.cached and not back.concordant  # the first one's bytes: its verdict
    waivers = tmp_path / ".cpc-check.yaml"
    waivers.write_text(
        "waivers:\n  - rule: negation\n    path: sections.monitoring.items.0.paragraphs.0\n"
        "    reason: reviewed\n",
        encoding="utf-8",
    )
    waived = gate.run(path)
    assert waived.concordant and waived.waived == 1 and not waived.cached
    assert len(checks) == 3


def test_a_save_during_the_check_files_no_verdict_under_other_bytes(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`cpc watch` renders on save: the file may change while it is checked. The verdict is
    on the bytes of its key, never on text read again later."""
    from cpc_docs.checks import runner

    path = compact(tmp_path, discordant=True)
    real = runner.check_paths

    def saved_meanwhile(*args: object, **kwargs: object) -> runner.CheckReport:
        compact(tmp_path)  # fixed while the discordant bytes are being checked
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "check_paths", saved_meanwhile)
    first = gate.run(path)
    assert not first.concordant  # the bytes it read first, as hashed
    monkeypatch.setattr(runner, "check_paths", real)
    compact(tmp_path, discordant=True)  # back to them (undo, git checkout)
    assert not gate.run(path).concordant
    assert gate.run(path).cached  # the verdict kept is theirs


def test_a_changed_waiver_file_during_the_check_keeps_nothing(
    tmp_path: Path, cache: Path, checks: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cpc_docs.checks import runner

    path = compact(tmp_path, discordant=True)
    waivers = tmp_path / ".cpc-check.yaml"
    waivers.write_text("waivers: []\n", encoding="utf-8")
    real = runner.check_paths

    def edited_meanwhile(*args: object, **kwargs: object) -> runner.CheckReport:
        report = real(*args, **kwargs)  # type: ignore[arg-type]
        waivers.write_text("waivers: []\n# reviewed\n", encoding="utf-8")
        return report

    monkeypatch.setattr(runner, "check_paths", edited_meanwhile)
    gate.run(path)
    assert not cache.exists() or not any(cache.iterdir())


def test_the_same_file_named_otherwise_is_checked_again(
    tmp_path: Path, cache: Path, checks: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A finding names the file as the command was given it."""
    path = compact(tmp_path, discordant=True)
    gate.run(path)
    monkeypatch.chdir(tmp_path)
    (error,) = gate.run(Path("mini.yaml")).errors
    assert error.location.file == "mini.yaml" and len(checks) == 2


def test_other_code_is_another_key(
    tmp_path: Path, cache: Path, checks: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = compact(tmp_path)
    gate.run(path)
    monkeypatch.setattr(user_cache, "installed_code", lambda: b"another version")
    assert not gate.run(path).cached and len(checks) == 2


def test_a_damaged_entry_or_a_folder_others_can_write_is_not_trusted(
    tmp_path: Path, cache: Path, checks: list[Path]
) -> None:
    path = compact(tmp_path, discordant=True)
    gate.run(path)
    (entry,) = cache.iterdir()
    entry.write_text('{"errors": []', encoding="utf-8")  # cut short: would say concordant
    assert not gate.run(path).concordant and len(checks) == 2
    os.chmod(cache, 0o777)
    assert not gate.run(path).cached and len(checks) == 3


def test_no_cache_when_it_is_turned_off(
    tmp_path: Path, checks: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPC_CACHE_DIR", "")
    path = compact(tmp_path)
    gate.run(path)
    gate.run(path)
    assert len(checks) == 2


def test_a_render_from_the_cache_refuses_and_records_alike(
    tmp_path: Path, cache: Path, checks: list[Path]
) -> None:
    path = compact(tmp_path, discordant=True)
    outputs = []
    for run in ("first", "again"):
        out = tmp_path / run
        args = [str(path), "-o", str(out), "--lang", "fr", "--format", "docx"]
        refused = CliRunner().invoke(main, ["render", *args])
        assert refused.exit_code == 1 and "negation differs" in refused.output
        assert not out.exists() or not any(out.iterdir())
        allowed = CliRunner().invoke(main, ["render", *args, "--allow-discordant"])
        assert allowed.exit_code == 0, allowed.output
        outputs.append(json.loads((out / "mini.fr.docx.manifest.json").read_bytes())["check"])
    assert checks == [path]
    assert outputs[0] == outputs[1] and outputs[0]["errors"] == 1


def test_installed_code_changes_with_any_file(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    module = tmp_path / "pkg" / "rules.py"
    module.write_text("A = 1\n", encoding="utf-8")
    before = user_cache._files(tmp_path)
    module.write_text("A = 12\n", encoding="utf-8")
    assert user_cache._files(tmp_path) != before
    # The same size, another time of change (an edit that keeps the length).
    again = user_cache._files(tmp_path)
    module.write_text("A = 13\n", encoding="utf-8")
    stamp = module.stat().st_mtime_ns + 1_000_000_000
    os.utime(module, ns=(stamp, stamp))
    assert user_cache._files(tmp_path) != again
    (tmp_path / "pkg" / "__pycache__").mkdir()
    (tmp_path / "pkg" / "__pycache__" / "rules.pyc").write_bytes(b"x")
    assert len(user_cache._files(tmp_path)) == 1
