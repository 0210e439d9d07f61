"""`cpc render` of one compact in a fresh process, as a user runs it: the DOCX files come from
a child process forked at the start (it imports python-docx while the parent loads the compact),
with the same bytes and the same errors as when they are written in the parent."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import MINI, ROOT
from docx import Document as open_docx

from cpc_docs.cli import main
from cpc_docs.templating import TEMPLATE_ROOT

# Runs `cpc render` in a fresh process and records which process wrote each DOCX. In the
# test process (threads and Typst already running, so forking is unsafe), the same command
# writes them itself: the bytes of both runs are compared.
SCRIPT = """
import os, sys
from pathlib import Path
import cpc_docs.writers as writers

real_write_as = writers.write_as

def write_as(fmt, doc, options):
    if fmt == "docx":
        Path(os.environ["PIDS"], f"pid-{doc.meta.language[:2]}").write_text(str(os.getpid()))
    return real_write_as(fmt, doc, options)

writers.write_as = write_as
from cpc_docs.cli import main

print(os.getpid(), flush=True)
main(["render", *sys.argv[1:]])
"""


def run(script: str, pids: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`cpc render ARGS` by `script` in a fresh process, which notes its DOCX writers in `pids`."""
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PIDS": str(pids)},
        check=False,
    )


def test_the_docx_files_are_written_by_a_child_with_the_same_bytes(runner, tmp_path: Path):
    alone, here = tmp_path / "alone", tmp_path / "here"
    done = run(SCRIPT, tmp_path, str(MINI), "-o", str(alone))
    assert done.returncode == 0, done.stderr
    parent = int(done.stdout.split()[0])
    for lang in ("fr", "en"):
        child = int((tmp_path / f"pid-{lang}").read_text())
        assert child != parent, f"the {lang} DOCX was written by the main process"
    result = runner.invoke(main, ["render", str(MINI), "-o", str(here)])
    assert result.exit_code == 0, result.output
    for path in here.iterdir():
        assert path.read_bytes() == (alone / path.name).read_bytes(), path.name


def test_a_docx_writer_that_dies_is_a_clear_error(tmp_path: Path):
    """The child killed (the out-of-memory killer, a crash): a message, no traceback, and
    nothing written, not even the PDFs the parent finished."""
    script = SCRIPT.replace(
        "    return real_write_as(fmt, doc, options)",
        "    if fmt == 'docx':\n        os.kill(os.getpid(), 9)\n"
        "    return real_write_as(fmt, doc, options)",
    )
    done = run(script, tmp_path, str(MINI), "-o", str(tmp_path))
    assert done.returncode == 1
    assert "the DOCX writer stopped unexpectedly; nothing was written" in done.stderr
    assert "Traceback" not in done.stderr
    assert not list(tmp_path.glob("mini.*"))


def test_an_error_in_the_docx_writer_reads_as_in_the_parent(runner, tmp_path: Path):
    """An error the writer raises in the child (here a reference DOCX without a style the
    compact uses) is the message the user would get without a child."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATE_ROOT, templates)
    reference = templates / "fr" / "reference.docx"
    styles = open_docx(str(reference))
    definition = styles.styles["CPC Definition"].element
    definition.getparent().remove(definition)
    styles.save(str(reference))
    args = [str(MINI), "--templates", str(templates), "--format", "docx"]

    done = run(SCRIPT, tmp_path, *args, "-o", str(tmp_path / "alone"))
    here = runner.invoke(main, ["render", *args, "-o", str(tmp_path / "here")])

    assert done.returncode == here.exit_code == 1
    assert int((tmp_path / "pid-fr").read_text()) != int(done.stdout.split()[0])
    message = "the reference DOCX has no style 'CPC Definition'"
    assert message in done.stderr and message in here.output
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "alone").exists() or not list((tmp_path / "alone").iterdir())
