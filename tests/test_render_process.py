"""`cpc render` and `cpc check` in a fresh process, as a user runs them. A render alone: a
writer process forked at the start builds the document trees and writes every file, while
the first process loads the compact and renders the templates; same bytes, same errors as
when one process does all. A batch: worker processes. Ctrl-C, a killed main process, a dead
child and a reader that goes away each end cleanly.

The Ctrl-C tests are driven by the pipeline's phases, not by sleeps: the command runs under a
script that prints each phase as it starts (and waits there), and the test sends Ctrl-C once
it has read the phase it wants. SIGINT is reset to its default in the child first, as a test
runner may have it ignored."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import MINI, REFERENCE, ROOT
from docx import Document as open_docx

from cpc_docs.cli.main import main
from cpc_docs.templating.jinja import TEMPLATE_ROOT

# Runs `cpc render ARGS` in a fresh process, noting which process wrote each file and which
# libraries the first process imported. In the test process (threads and Typst already
# running, so forking is unsafe) the same command writes the files itself: both are compared.
SCRIPT = """
import json, os, sys
from pathlib import Path
import cpc_docs.writers as settings

real_write = settings.write

def write(doc, fmt, lang, options):
    Path(os.environ["PIDS"], f"pid-{fmt}-{lang}").write_text(str(os.getpid()))
    return real_write(doc, fmt, lang, options)

settings.write = write
from cpc_docs.cli.main import main

try:
    main(["render", *sys.argv[1:]])
except SystemExit as exit:
    heavy = sorted({m.split(".")[0] for m in sys.modules} & {"markdown_it", "docx", "typst"})
    Path(os.environ["PIDS"], "parent.json").write_text(json.dumps([os.getpid(), heavy]))
    raise
"""


def run(script: str, pids: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`cpc render ARGS` by `script` in a fresh process, which notes its writers in `pids`."""
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PIDS": str(pids), "TMPDIR": str(pids)},
        check=False,
    )


def parent(pids: Path) -> tuple[int, list[str]]:
    pid, heavy = json.loads((pids / "parent.json").read_text())
    return pid, heavy


@pytest.mark.parametrize("edition", ["single", "side-by-side"])
def test_a_writer_process_writes_every_file_with_the_same_bytes(
    runner, tmp_path: Path, edition: str
) -> None:
    alone, here = tmp_path / "alone", tmp_path / "here"
    args = [str(MINI), "--edition", edition]
    done = run(SCRIPT, tmp_path, *args, "-o", str(alone))
    assert done.returncode == 0, done.stderr
    pid, heavy = parent(tmp_path)
    writers = {path.name: int(path.read_text()) for path in tmp_path.glob("pid-*")}
    assert len(writers) == (4 if edition == "single" else 2), writers
    assert pid not in writers.values(), f"written by the main process: {writers}"
    # The main process only rendered the templates: the parser and writers stayed out of it.
    assert heavy == []
    result = runner.invoke(main, ["render", *args, "-o", str(here)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in here.iterdir()) == sorted(p.name for p in alone.iterdir())
    for path in here.iterdir():
        assert path.read_bytes() == (alone / path.name).read_bytes(), path.name


# The writer (a render alone) or the workers (a batch) killed when writing a DOCX.
KILLED = SCRIPT.replace(
    "    return real_write(doc, fmt, lang, options)",
    "    if fmt == 'docx':\n        os.kill(os.getpid(), 9)\n"
    "    return real_write(doc, fmt, lang, options)",
)


def test_a_writer_process_that_dies_is_a_clear_error(tmp_path: Path) -> None:
    """The child killed (the out-of-memory killer, a crash): a message, no traceback, and
    nothing written."""
    done = run(KILLED, tmp_path, str(MINI), "-o", str(tmp_path))
    assert done.returncode == 1
    assert "the document writer stopped unexpectedly; nothing was written" in done.stderr
    assert "Traceback" not in done.stderr
    assert not list(tmp_path.glob("mini.*"))


def test_a_worker_that_dies_is_a_clear_error(tmp_path: Path) -> None:
    """A batch's worker killed: a message for its compact, no traceback, nothing written for
    it."""
    out = tmp_path / "out"
    done = run(KILLED, tmp_path, str(MINI), str(REFERENCE), "-j", "2", "-o", str(out))
    assert done.returncode == 1
    assert f"{MINI}: the renderer failed: its process stopped unexpectedly" in done.stderr
    assert "Traceback" not in done.stderr
    assert not list(out.glob("mini.*"))
    assert int((tmp_path / "pid-docx-fr").read_text()) != parent(tmp_path)[0]


def broken_templates(tmp_path: Path) -> list[str]:
    """Options for templates whose French reference DOCX lacks a style the compact uses."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATE_ROOT, templates)
    reference = templates / "fr" / "reference.docx"
    styles = open_docx(str(reference))
    definition = styles.styles["CPC Definition"].element
    definition.getparent().remove(definition)
    styles.save(str(reference))
    return ["--templates", str(templates), "--format", "docx"]


@pytest.mark.parametrize("batch", [[], [str(REFERENCE), "-j", "2"]], ids=["writer", "batch"])
def test_an_error_in_a_child_process_reads_as_in_one_process(
    runner, tmp_path: Path, batch: list[str]
) -> None:
    """An error a writer raises in the writer process or a batch's worker (here a reference
    DOCX without a style the compact uses) is the message the user would get without one."""
    args = [str(MINI), *broken_templates(tmp_path)]

    done = run(SCRIPT, tmp_path, *args, *batch, "-o", str(tmp_path / "alone"))
    here = runner.invoke(main, ["render", *args, "-o", str(tmp_path / "here")])

    assert done.returncode == here.exit_code == 1
    assert int((tmp_path / "pid-docx-fr").read_text()) != parent(tmp_path)[0]
    message = "the reference DOCX has no style 'CPC Definition'"
    assert message in done.stderr and message in here.output
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "alone").exists() or not list((tmp_path / "alone").iterdir())


# Runs `cpc COMMAND ARGS`, printing each phase as it starts: the rules' check of a compact,
# its templates, the writing of a file; `cpc check`'s checking of a file. At the phase named
# by CPC_TEST_PHASE, the main process then waits (reading its standard input, which the test
# never writes) until Ctrl-C comes; a worker, which leaves Ctrl-C to the main process, waits
# until the file CPC_TEST_GO exists, made once Ctrl-C is sent. The libraries are imported
# first: Ctrl-C while pydantic builds the model's validators surfaces as pydantic's
# SchemaError ("…KeyboardInterrupt"), not as an interrupt.
PHASES = """
import signal
# Ctrl-C as a terminal gives it, whatever the test runner made of it (ignored, or blocked):
# reset here, first thing, rather than in a preexec_fn, which can deadlock the child of a
# process running threads (the test runner's) before it even starts Python.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
signal.signal(signal.SIGINT, signal.default_int_handler)
import multiprocessing, os, sys, time
import cpc_docs.load.compact, cpc_docs.rules.compact, cpc_docs.pipeline as pipeline
import cpc_docs.writers as writers
from cpc_docs.checks.runner import Checker

def phase(name, func):
    def announced(*args, **kwargs):
        os.write(1, (name + '\\n').encode())  # one write, whatever Python's buffer holds
        if name != os.environ["CPC_TEST_PHASE"]:
            pass
        elif multiprocessing.parent_process() is None:
            sys.stdin.readline()
        else:
            while not os.path.exists(os.environ["CPC_TEST_GO"]):
                time.sleep(0.01)
        return func(*args, **kwargs)
    return announced

if sys.argv[1] == "check":
    Checker.check_yaml = phase("checking a file", Checker.check_yaml)
else:
    cpc_docs.rules.compact.check = phase("checking", cpc_docs.rules.compact.check)
    pipeline.compact_source = phase("templates", pipeline.compact_source)
    writers.write = phase("writing", writers.write)
from cpc_docs.cli.main import main
main(sys.argv[1:])
"""


def start(*args: str, held: str = "", go: Path | None = None) -> subprocess.Popen[str]:
    """`cpc ARGS` under PHASES, in a process group of its own (as a terminal's job), held at
    phase `held` (its workers until the file `go` exists)."""
    return subprocess.Popen(
        [sys.executable, "-X", "faulthandler", "-c", PHASES, *args],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
        env={**os.environ, "CPC_TEST_PHASE": held, "CPC_TEST_GO": str(go)},
    )  # fmt: skip


def wait_for(process: subprocess.Popen[str], phase: str, timeout: float = 120) -> None:
    """Read the phases the process prints until `phase`. A process that never gets there
    is killed after `timeout` seconds, so that the test fails instead of waiting forever;
    SIGABRT first, for faulthandler (-X faulthandler) to print where every process stood."""
    assert process.stdout is not None

    def kill() -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGABRT)
            time.sleep(2)
            os.killpg(process.pid, signal.SIGKILL)

    watchdog = threading.Timer(timeout, kill)
    watchdog.start()
    try:
        for line in process.stdout:
            if phase in line:  # two workers' lines may arrive run together
                return
    finally:
        watchdog.cancel()
    pytest.fail(f"the process ended (or was stopped) before {phase!r}: {process.communicate()[1]}")


def interrupt(process: subprocess.Popen[str], go: Path | None = None) -> str:
    """Ctrl-C to the whole group, as a terminal sends it, then `go` made (the workers held
    there go on); the process's stderr once it ends."""
    os.killpg(process.pid, signal.SIGINT)
    if go is not None:
        go.touch()
    stderr = process.communicate(timeout=120)[1]
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    return stderr


def group_gone(process: subprocess.Popen[str]) -> None:
    """No process of the group is left (a worker, say)."""
    for _ in range(50):
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    pytest.fail("a process of the group is still running")


def whole_sets(folder: Path) -> list[str]:
    """The files of `folder`, after checking that every set with a manifest is whole and
    as its manifest says, and that no temporary file is left."""
    assert not [p.name for p in folder.glob(".*")], "a temporary file was left"
    for manifest in folder.glob("*.manifest.json"):
        for entry in json.loads(manifest.read_text())["outputs"]:
            data = (folder / entry["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("phase", ["checking", "templates", "writing"])
def test_ctrl_c_stops_the_render_with_one_message_and_nothing_written(
    tmp_path: Path, phase: str
) -> None:
    """Ctrl-C reaches every process of the group: the writer leaves it to the main process,
    which says "Aborted!" once; no traceback from either, no file, no process left behind.
    Sent while the compact is checked, its templates rendered, its files written (by the
    writer)."""
    out, go = tmp_path / "out", tmp_path / "go"
    render = start("render", str(REFERENCE), "-o", str(out), held=phase, go=go)
    wait_for(render, phase)
    stderr = interrupt(render, go)
    assert render.returncode == 1, stderr
    assert stderr.count("Aborted!") == 1
    assert whole_sets(out) == []
    group_gone(render)


def test_ctrl_c_stops_a_batch_leaving_only_whole_sets(tmp_path: Path) -> None:
    """Ctrl-C while the workers write: they leave it to the main process, which says
    "Aborted!" once; the compacts under way are finished, the others not started, so every
    set written is whole (its files as its manifest says) and no process is left."""
    compacts = sorted((ROOT / "compacts").glob("*.yaml"))
    out, go = tmp_path / "out", tmp_path / "go"
    render = start("render", str(MINI), *map(str, compacts), "-j", "2", "-o", str(out),
                   held="writing", go=go)  # fmt: skip
    wait_for(render, "writing")
    stderr = interrupt(render, go)
    assert render.returncode == 1, stderr
    assert stderr.count("Aborted!") == 1
    whole_sets(out)
    group_gone(render)


def test_ctrl_c_stops_cpc_check_over_a_folder(tmp_path: Path) -> None:
    """`cpc check` over a folder, its files checked by workers: Ctrl-C stops it with one
    message, no traceback from any process, and no process left."""
    folder, go = tmp_path / "compacts", tmp_path / "go"
    folder.mkdir()
    for copy in range(4):
        for compact in (ROOT / "compacts").glob("*.yaml"):
            shutil.copy(compact, folder / f"{compact.stem}-{copy}.yaml")
    check = start("check", str(folder), "-j", "2", held="checking a file", go=go)
    wait_for(check, "checking a file")
    stderr = interrupt(check, go)
    assert check.returncode == 1, stderr
    assert stderr.count("Aborted!") == 1
    group_gone(check)


@pytest.mark.parametrize("batch", [[], [str(MINI), "-j", "2"]], ids=["writer", "batch"])
def test_children_exit_when_the_main_process_is_killed(tmp_path: Path, batch: list[str]) -> None:
    """`cpc render … | tee log` killed by a CI cancel: the writer or the workers hold the
    pipes too, so they must not outlive the main process, or the reader waits forever."""
    render = start("render", str(REFERENCE), *batch, "-o", str(tmp_path))
    wait_for(render, "writing")  # printed by the writer or a worker: they are running
    render.kill()
    render.communicate(timeout=10)  # returns once every holder of the pipes is gone


def test_a_reader_that_goes_away_does_not_fail_the_render(tmp_path: Path) -> None:
    """`cpc render … 2>&1 | head -1`: the messages after the first go nowhere, the render
    finishes, and the exit status is the render's (it was 0 or 1 at random). The small
    compact's lines come first; the reference compact's, later, meet the closed pipe."""
    render = subprocess.Popen(
        [sys.executable, "-c", "from cpc_docs.cli.main import main; main()", "render", "-v",
         str(MINI), str(REFERENCE), "-o", str(tmp_path)],
        cwd=ROOT, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert render.stderr is not None
    render.stderr.readline()
    render.stderr.close()  # as `head -1` does once it has its line
    assert render.wait(timeout=120) == 0
    names = {p.name for p in tmp_path.iterdir()}
    assert {"mini.fr.pdf", "mini.manifest.json", "civ-2022.en.docx"} <= names
    assert "civ-2022.manifest.json" in names  # written last, after the pipe had closed
