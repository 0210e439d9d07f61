"""`cpc render` of one compact in a fresh process, as a user runs it: a writer process forked
at the start builds the document trees and writes every file, while the first process loads
the compact and renders the templates. Same bytes, same errors as when one process does all."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
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


def test_a_writer_process_that_dies_is_a_clear_error(tmp_path: Path) -> None:
    """The child killed (the out-of-memory killer, a crash): a message, no traceback, and
    nothing written."""
    script = SCRIPT.replace(
        "    return real_write(doc, fmt, lang, options)",
        "    if fmt == 'docx':\n        os.kill(os.getpid(), 9)\n"
        "    return real_write(doc, fmt, lang, options)",
    )
    done = run(script, tmp_path, str(MINI), "-o", str(tmp_path))
    assert done.returncode == 1
    assert "the document writer stopped unexpectedly; nothing was written" in done.stderr
    assert "Traceback" not in done.stderr
    assert not list(tmp_path.glob("mini.*"))


def test_an_error_in_the_writer_process_reads_as_in_one_process(runner, tmp_path: Path) -> None:
    """An error a writer raises in the child (here a reference DOCX without a style the
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
    assert int((tmp_path / "pid-docx-fr").read_text()) != parent(tmp_path)[0]
    message = "the reference DOCX has no style 'CPC Definition'"
    assert message in done.stderr and message in here.output
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "alone").exists() or not list((tmp_path / "alone").iterdir())


# Interrupted once the libraries are imported: Ctrl-C while pydantic builds the model's
# validators surfaces as pydantic's SchemaError ("…KeyboardInterrupt"), not as an interrupt.
INTERRUPTED = """
import sys
import cpc_docs.load.compact, cpc_docs.pipeline, cpc_docs.rules.compact
from cpc_docs.cli.main import main
print("ready", flush=True)
main(["render", *sys.argv[1:]])
"""


@pytest.mark.parametrize("after", [0.02, 0.15, 0.3])
def test_ctrl_c_stops_the_render_with_one_message_and_no_process_left(
    tmp_path: Path, after: float
) -> None:
    """Ctrl-C reaches every process of the group: the writer leaves it to the main process,
    which says "Aborted!" once; no traceback from either, no file, no process left behind.
    Sent while the compact is checked, its templates rendered, its files written."""
    render = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED, str(REFERENCE), "-o", str(tmp_path)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    assert render.stdout is not None and render.stdout.readline() == "ready\n"
    time.sleep(after)
    os.killpg(render.pid, signal.SIGINT)
    stderr = render.communicate(timeout=60)[1]
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    written = sorted(p.name for p in tmp_path.glob("civ-2022.*"))
    if render.returncode == 1:  # interrupted: one message, nothing written
        assert "Aborted!" in stderr
        assert written == []
    else:  # on a fast machine the render may be over before the signal: then all of it
        assert render.returncode in (0, -signal.SIGINT), stderr
        manifest = json.loads((tmp_path / "civ-2022.manifest.json").read_text())
        for entry in manifest["outputs"]:
            data = (tmp_path / entry["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(written) == 5
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.killpg(render.pid, 0)  # the whole group is gone: the writer too


def test_the_writer_exits_when_the_main_process_is_killed(tmp_path: Path) -> None:
    """`cpc render … | tee log` killed by a CI cancel: the writer holds the pipes too, so it
    must not outlive the main process, or the reader waits forever."""
    render = subprocess.Popen(
        [sys.executable, "-c", "from cpc_docs.cli.main import main; main()", "render",
         str(REFERENCE), "-o", str(tmp_path)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    time.sleep(0.35)
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
