"""`cpc watch` (the warm edit loop) and `cpc render --changed` (make-like batches).

The loop is driven directly: `Session.refresh` with the paths a watcher would report, so
that no test depends on how soon a file system says a file changed. One test runs the real
watcher in a thread and waits, with a generous timeout, for the report of a save; one runs
the command and stops it with Ctrl-C.
"""

from __future__ import annotations

import hashlib
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import MINI
from docx_read import text as docx_text
from pypdf import PdfReader

from cpc_docs.cli.main import main
from cpc_docs.pipeline import RenderJob
from cpc_docs.templating.jinja import TEMPLATE_ROOT as REPO_TEMPLATES
from cpc_docs.watch import Refresh, Session, forget, watch

FR_BEFORE = "vise à renforcer la lutte"
FR_AFTER = "vise à consolider la lutte"
EN_BEFORE = "aims to strengthen efforts"
EN_AFTER = "aims to reinforce efforts"


def compact_in(folder: Path, name: str = "mini.yaml", new_id: str | None = None) -> Path:
    """A copy of mini.yaml in `folder` (with another id if given), to edit."""
    folder.mkdir(parents=True, exist_ok=True)
    text = MINI.read_text(encoding="utf-8")
    if new_id:
        text = text.replace("id: mini\n", f"id: {new_id}\n", 1)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def only(refresh: Refresh):  # type: ignore[no-untyped-def]
    assert len(refresh.results) == 1, refresh.results
    return refresh.results[0]


# --------------------------------------------------------------------------- the loop itself


def test_first_render_writes_only_the_language_and_format_asked(tmp_path):
    compact = compact_in(tmp_path / "src")
    out = tmp_path / "out"
    session = Session([RenderJob(compact, out, ("en",), ("docx",))])
    result = only(session.refresh())
    assert result.ok, result.errors
    assert sorted(p.name for p in out.iterdir()) == ["mini.en.docx", "mini.en.docx.manifest.json"]
    assert EN_BEFORE in docx_text((out / "mini.en.docx").read_bytes())


@pytest.mark.slow
def test_an_edit_of_a_text_re_renders_and_the_pdf_has_the_new_words(tmp_path):
    compact = compact_in(tmp_path / "src")
    out = tmp_path / "out"
    session = Session([RenderJob(compact, out, ("fr",), ("pdf",))])
    assert only(session.refresh()).ok
    assert FR_BEFORE in pdf_text(out / "mini.fr.pdf")
    edit(compact, FR_BEFORE, FR_AFTER)
    refresh = session.refresh([compact])
    assert refresh.changed == [compact.resolve()]
    assert only(refresh).ok, only(refresh).errors
    words = pdf_text(out / "mini.fr.pdf")
    assert FR_AFTER in words and FR_BEFORE not in words
    assert sorted(p.name for p in out.iterdir()) == ["mini.fr.pdf", "mini.fr.pdf.manifest.json"]
    assert refresh.seconds > 0


def test_an_invalid_edit_keeps_the_last_good_files_and_says_where(tmp_path):
    compact = compact_in(tmp_path / "src")
    out = tmp_path / "out"
    session = Session([RenderJob(compact, out, ("en",), ("docx",))])
    assert only(session.refresh()).ok
    good = {path.name: digest(path) for path in out.iterdir()}
    edit(compact, EN_BEFORE, EN_AFTER)
    edit(compact, "up_to: true", "up_to: sometimes")
    line = 1 + compact.read_text(encoding="utf-8").splitlines().index("        up_to: sometimes")
    result = only(session.refresh([compact]))
    assert not result.ok
    errors = [f for f in result.findings if f.severity == "error"]
    assert errors, result.errors
    assert errors[0].location.file == str(compact) and errors[0].location.line == line
    assert f"{compact}:{line}:" in str(errors[0])
    assert {path.name: digest(path) for path in out.iterdir()} == good  # nothing rewritten
    # Fixed: the next save renders, with the text edited meanwhile.
    edit(compact, "up_to: sometimes", "up_to: true")
    assert only(session.refresh([compact])).ok
    assert EN_AFTER in docx_text((out / "mini.en.docx").read_bytes())


def test_only_the_compact_that_changed_is_rendered_again(tmp_path):
    first = compact_in(tmp_path / "src", "mini.yaml")
    second = compact_in(tmp_path / "src", "other.yaml", new_id="other")
    out = tmp_path / "out"
    session = Session([RenderJob(path, out, ("en",), ("docx",)) for path in (first, second)])
    assert [r.ok for r in session.refresh().results] == [True, True]
    other_docx = digest(out / "other.en.docx")
    edit(first, EN_BEFORE, EN_AFTER)
    refresh = session.refresh([first])
    assert [r.path for r in refresh.results] == [first]
    assert EN_AFTER in docx_text((out / "mini.en.docx").read_bytes())
    assert digest(out / "other.en.docx") == other_docx


def test_an_edit_of_the_template_folder_is_seen_by_the_warm_process(tmp_path):
    """Jinja's environments are cached for the process without reloading (fast renders):
    a template's change must empty them, and render every compact again."""
    project = tmp_path / "project"
    shutil.copytree(REPO_TEMPLATES, project / "templates")
    compact = compact_in(project)  # templates/ beside it: the project's own
    out = tmp_path / "out"
    session = Session([RenderJob(compact, out, ("en",), ("docx",))])
    assert only(session.refresh()).ok
    assert "BETWEEN" in docx_text((out / "mini.en.docx").read_bytes())
    template = project / "templates" / "en" / "compact.md.j2"
    edit(template, '"BETWEEN" if loop.first', '"BETWIXT" if loop.first')
    assert session.watched().concerns(template)
    result = only(session.refresh([template]))
    assert result.ok, result.errors
    assert "BETWIXT" in docx_text((out / "mini.en.docx").read_bytes())


def test_what_is_watched(tmp_path):
    """The compacts, the language folders' templates and data, the clauses and the layout;
    not the outputs, the editors' companion files, nor other files of the compact's folder."""
    compact = compact_in(tmp_path / "src")
    watched = Session([RenderJob(compact, tmp_path / "src", ("en",), ("docx",))]).watched()
    en = REPO_TEMPLATES / "en"
    assert watched.concerns(compact)
    for name in ("compact.md.j2", "formulas.yaml", "locale.yaml", "reference.docx"):
        assert watched.concerns(en / name), name
    assert watched.concerns(tmp_path / "src" / ".cpc-check.yaml")  # waivers, once written
    for path in (
        tmp_path / "src" / "mini.en.docx",  # an output beside the compact
        tmp_path / "src" / "notes.yaml",
        en / ".compact.md.j2.swp",
        en / "~$reference.docx",
        en / "mini.en.docx",
    ):
        assert not watched.concerns(path), path
    folders = watched.folders_to_watch()
    assert compact.parent.resolve() in folders and en.resolve() in folders


def test_watch_renders_on_a_save_and_stops(tmp_path):
    """The real watcher (watchfiles), in a thread: the first render, then a save's."""
    compact = compact_in(tmp_path / "src")
    out = tmp_path / "out"
    session = Session([RenderJob(compact, out, ("en",), ("docx",))])
    reports: queue.Queue[Refresh] = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(session, reports.put, stop), daemon=True)
    thread.start()
    try:
        assert only(reports.get(timeout=60)).ok
        edit(compact, EN_BEFORE, EN_AFTER)
        refresh = reports.get(timeout=60)
        while compact.resolve() not in refresh.changed:  # a shared template edited meanwhile
            refresh = reports.get(timeout=60)
        assert only(refresh).ok
        assert EN_AFTER in docx_text((out / "mini.en.docx").read_bytes())
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


@pytest.mark.slow
def test_ctrl_c_stops_the_command_with_one_line(tmp_path):
    compact = compact_in(tmp_path / "src")
    out = tmp_path / "out"
    cpc = Path(sys.executable).with_name("cpc")
    command = [str(cpc), "watch", str(compact), "--lang", "en", "--format", "docx",
               "-o", str(out)]  # fmt: skip
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    assert process.stderr is not None
    lines = []
    for line in process.stderr:
        lines.append(line)
        if "wrote mini.en.docx" in line:
            break
    process.send_signal(signal.SIGINT)
    rest = process.communicate(timeout=30)[1]
    assert process.returncode == 0, [*lines, rest]
    assert "Traceback" not in rest and "KeyboardInterrupt" not in rest
    assert rest.strip() == "cpc watch: stopped"
    assert lines[0].startswith(f"watching {compact}")
    assert (out / "mini.en.docx").is_file()
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]  # no temporary left


# --------------------------------------------------------------------- cpc render --changed


def render(runner, *args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["render", *args, "--lang", "en", "--format", "docx"])
    assert "Traceback" not in result.output
    return result


def mtimes(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}


def test_changed_renders_nothing_the_second_time_and_says_so(runner, tmp_path):
    compact = compact_in(tmp_path / "src")
    out = tmp_path / "out"
    first = render(runner, str(compact), "-o", str(out), "--changed")
    assert first.exit_code == 0, first.output
    assert "0 up to date, 1 rendered, 0 failed" in first.output
    before = mtimes(out)
    second = render(runner, str(compact), "-o", str(out), "--changed")
    assert second.exit_code == 0, second.output
    assert f"{compact}: up to date" in second.output
    assert "1 up to date, 0 rendered, 0 failed" in second.output
    assert "wrote" not in second.output
    assert mtimes(out) == before


def test_changed_renders_again_after_a_template_edit(runner, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(REPO_TEMPLATES, project / "templates")
    compact = compact_in(project)
    out = tmp_path / "out"
    assert render(runner, str(compact), "-o", str(out), "--changed").exit_code == 0
    template = project / "templates" / "en" / "compact.md.j2"
    os.utime(template)  # touched, same content: the fingerprint is of contents
    assert "1 up to date, 0 rendered" in render(runner, str(compact), "-o", str(out),
                                                "--changed").output  # fmt: skip
    edit(template, '"BETWEEN" if loop.first', '"BETWIXT" if loop.first')
    forget()  # each `cpc render` is a new process; this one keeps Jinja's environments
    again = render(runner, str(compact), "-o", str(out), "--changed")
    assert "0 up to date, 1 rendered" in again.output, again.output
    assert "BETWIXT" in docx_text((out / "mini.en.docx").read_bytes())


def test_changed_renders_again_when_an_output_or_an_option_differs(runner, tmp_path):
    compact = compact_in(tmp_path / "src")
    out = tmp_path / "out"
    assert render(runner, str(compact), "-o", str(out)).exit_code == 0
    (out / "mini.en.docx").write_bytes(b"edited by hand")
    result = render(runner, str(compact), "-o", str(out), "--changed")
    assert "0 up to date, 1 rendered" in result.output, result.output
    assert EN_BEFORE in docx_text((out / "mini.en.docx").read_bytes())
    result = render(runner, str(compact), "-o", str(out), "--changed", "--paper", "letter")
    assert "0 up to date, 1 rendered" in result.output, result.output
    assert "1 up to date" in render(runner, str(compact), "-o", str(out), "--changed",
                                    "--paper", "letter").output  # fmt: skip


def test_changed_in_a_batch_renders_only_the_compact_edited(runner, tmp_path):
    source = tmp_path / "src"
    first = compact_in(source, "mini.yaml")
    compact_in(source, "other.yaml", new_id="other")
    out = tmp_path / "out"
    assert render(runner, str(source), "-o", str(out), "-j", "1").exit_code == 0
    edit(first, EN_BEFORE, EN_AFTER)
    result = render(runner, str(source), "-o", str(out), "-j", "1", "--changed")
    assert result.exit_code == 0, result.output
    assert "1 up to date, 1 rendered, 0 failed" in result.output
    assert EN_AFTER in docx_text((out / "mini.en.docx").read_bytes())
