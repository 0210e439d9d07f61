"""The compact's rules have the last word, though they run while the documents are rendered.

A render alone runs the compact's rules while its writer process typesets (pipeline.py
`_render_job`): their errors must still stop it before any file is written, and be what the
user reads, even when the rendering met another failure meanwhile (an invalid compact can
break a template).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from conftest import MINI, ROOT, mini_variant

from cpc_docs.cli.main import main


def _todo(data: dict[str, Any]) -> None:
    """A piece still to write in a final compact: an error of the rules."""
    data["sections"]["purpose"]["paragraphs"].append(
        {"fr": "TODO : préciser le rôle du comité.", "en": "TODO: specify the committee's role."}
    )


def test_a_fresh_process_refuses_before_writing_anything(tmp_path: Path) -> None:
    """`cpc render` as people run it: a new process, whose writer process is forked at once
    and typesets while the rules run."""
    compact = mini_variant(tmp_path, _todo)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "render", str(compact), "-o", str(out)],
        capture_output=True, text=True, cwd=ROOT, check=False,
        env={**os.environ, "CPC_CACHE_DIR": ""},
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "error: sections.purpose.paragraphs.1: still to write" in done.stderr
    assert "not rendered as final: 1 part(s) still to write" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists() or not any(out.iterdir())


def test_the_rules_errors_are_said_instead_of_a_failure_they_explain(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    for lang in ("fr", "en"):  # the shipped folders, with a template that cannot render
        shutil.copytree(ROOT / "templates" / lang, templates / lang)
        (templates / lang / "compact.md.j2").write_text("{{ no_such_name.title }}\n", "utf-8")
    compact = mini_variant(tmp_path, _todo)
    args = ["render", str(compact), "-o", str(tmp_path / "out"), "--templates", str(templates)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "still to write" in result.output and "not rendered as final" in result.output
    assert "no_such_name" not in result.output and "Traceback" not in result.output
    # The same templates with a compact the rules accept: now the template is the answer.
    valid = CliRunner().invoke(
        main, ["render", str(MINI), "-o", str(tmp_path / "out2"), "--templates", str(templates)]
    )
    assert valid.exit_code == 1 and "no_such_name" in valid.output, valid.output


def test_a_failure_after_the_rules_passed_still_lists_their_warnings() -> None:
    """A render that fails for another reason (no such amendment) says the rules' warnings
    first, as when they ran before everything else."""
    example = ROOT / "compacts" / "examples" / "civ-2022-amended.yaml"
    result = CliRunner().invoke(main, ["render", str(example), "--amendment", "9", "-o", "/x"])
    assert result.exit_code == 1
    assert "warning:" in result.output and "[us-ceiling]" in result.output
    assert result.output.index("[us-ceiling]") < result.output.index("has no amendment 9")
    assert "Traceback" not in result.output
