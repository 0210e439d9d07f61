"""`cpc watch`: render again on every save, in one process that stays warm.

A person editing a compact wants to see the PDF of what they just wrote. A fresh `cpc
render` pays every time for what does not change between two saves: the imports (~0.3 s),
the Jinja environments, Typst's fonts and layouts, and the translation check of the hundreds
of pairs the save did not touch. Here one process renders once, then again after each change
of what the outputs are made from, keeping all of that:

- the caches of the modules (Jinja environments, formulas, word lists, the standard
  clauses) stay as they are while only compacts change; a change of a template folder, the
  clauses or the PDF layout empties them (`forget`), and the next render reads those files
  anew;
- the translation check keeps what it learned (`checks.runner.CheckMemo`): a save re-checks
  the pairs it changed, not the others;
- Typst memoises its layouts in the process, across compilations: a page that did not change
  is not laid out again. (Reusing one `typst.Compiler` gains ~1 ms more: not worth a fixed
  project folder, measured in benchmarks/README.md.)

Each render is `pipeline.render_job`, as `cpc render` does it: the compact's rules and
translation check before any file is written (an error stops the render and the files of
the last good render stay), every file written whole (`write_atomic`), only the languages
and formats asked.
Bursts of saves (an editor writing a file and its backup, a `git checkout`) make one render:
changes are gathered until none came for `STEP_MS`.
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from cpc_docs.checks.gate import waiver_file
from cpc_docs.checks.runner import CheckMemo
from cpc_docs.checks.waivers import DEFAULT_FILE
from cpc_docs.pipeline import RenderJob, RenderResult, render_job
from cpc_docs.shipped import PACKAGE_DIR, TEMPLATE_ROOT, template_root_for

# Quiet time that ends a burst of changes (watchfiles' `step`): an editor's save is a few
# writes within a millisecond or two; more would only add to every refresh's latency.
STEP_MS = 30
# The files of a template folder that a render reads (templates, language data, styles);
# never the editors' or Word's companions (".x.swp", "~$reference.docx") nor our outputs.
TEMPLATE_SUFFIXES = (".j2", ".yaml", ".yml")
TEMPLATE_NAMES = ("reference.docx",)
# The package's own inputs of every render (outputs/files.py render_inputs).
PACKAGE_INPUTS = (PACKAGE_DIR / "clauses.yaml", PACKAGE_DIR / "writers" / "instrument.typ")
# Caches that read no file a person edits: kept when templates change, being slow to fill.
KEEP_CACHES = frozenset({"cpc_docs.shipped.typst_fonts", "cpc_docs.tree.markup.parser"})


class StopEvent(Protocol):
    def is_set(self) -> bool: ...


@dataclass
class Refresh:
    """One render of the compacts a change concerned (all of them, the first time)."""

    changed: list[Path]  # what changed since the last refresh ([] the first time)
    results: list[RenderResult] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Session:
    """The compacts watched, how each is rendered, and what the process keeps warm."""

    jobs: list[RenderJob]
    memo: CheckMemo = field(default_factory=CheckMemo)

    def refresh(self, changed: Iterable[Path] | None = None) -> Refresh:
        """Render the compacts that `changed` concerns (None: every compact, the first
        render). A compact's own file concerns that compact; anything else watched (a
        template, the clauses, the layout, the waivers) concerns them all, and the caches
        that hold such files are emptied first."""
        started = time.perf_counter()
        paths = sorted({_resolved(path) for path in changed or ()})
        if changed is None:
            jobs = list(self.jobs)
        else:
            own = {_resolved(job.path) for job in self.jobs}
            shared = [path for path in paths if path not in own]
            if shared:
                forget()
                self.memo = CheckMemo()
            jobs = [job for job in self.jobs if shared or _resolved(job.path) in paths]
        refresh = Refresh(paths)
        with warnings.catch_warnings():
            # Said again at every refresh (Typst's, a PDF that claims less than PDF/A-2a),
            # not once per process as Python's default would.
            warnings.simplefilter("always")
            refresh.results = [render_job(job, memo=self.memo) for job in jobs]
        refresh.seconds = time.perf_counter() - started
        return refresh

    def watched(self) -> Watched:
        """What the renders read that a person may edit."""
        files = {_resolved(job.path) for job in self.jobs}
        files |= {_resolved(path) for path in PACKAGE_INPUTS}
        folders: set[Path] = set()
        for job in self.jobs:
            waivers = waiver_file(job.path)
            files.add(_resolved(waivers or job.path.parent / DEFAULT_FILE))
            for root in (template_root_for(job.path, job.template_root), TEMPLATE_ROOT):
                if root.is_dir():
                    folders |= {_resolved(p) for p in root.iterdir() if p.is_dir()}
        return Watched(frozenset(files), frozenset(folders))


@dataclass(frozen=True)
class Watched:
    """Files watched by name, and template folders watched for any file a render reads."""

    files: frozenset[Path]
    folders: frozenset[Path]

    def folders_to_watch(self) -> list[Path]:
        """Each folder once, not recursively: a compact's folder may be a whole project."""
        return sorted({path.parent for path in self.files} | self.folders)

    def concerns(self, path: Path) -> bool:
        path = _resolved(path)
        if path in self.files:
            return True
        if path.parent not in self.folders or path.name.startswith((".", "~")):
            return False
        return path.suffix in TEMPLATE_SUFFIXES or path.name in TEMPLATE_NAMES


def watch(
    session: Session,
    report: Callable[[Refresh], None],
    stop: StopEvent | None = None,
    step_ms: int = STEP_MS,
) -> None:
    """Render once, then after every change of what the compacts are made from, until
    `stop` is set (or Ctrl-C, which is the caller's to catch). `report` gets each refresh."""
    from watchfiles import watch as changes_of

    watched = session.watched()
    report(session.refresh())
    batches = changes_of(
        *watched.folders_to_watch(),
        watch_filter=lambda _change, path: watched.concerns(Path(path)),
        step=step_ms,
        stop_event=stop,
        recursive=False,
        # Wake up now and then to see `stop`, even when nothing changes.
        rust_timeout=500,
        yield_on_timeout=False,
        ignore_permission_denied=True,
    )
    for batch in batches:
        report(session.refresh(Path(path) for _change, path in batch))


def forget() -> None:
    """Empty the caches of cpc-docs's modules that hold what files said (Jinja
    environments, formulas, word lists, the standard clauses, the PDF layout), so that the
    next render reads them anew; those of `KEEP_CACHES`, which read no editable file, stay."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("cpc_docs.") or module is None:
            continue
        for attribute, value in list(vars(module).items()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and hasattr(value, "__wrapped__"):
                if getattr(value, "__module__", name) != name:
                    continue  # imported from another module: cleared there
                if f"{name}.{attribute}" not in KEEP_CACHES:
                    clear()


def _resolved(path: Path) -> Path:
    return Path(path).resolve()


def jobs_for(paths: Sequence[Path], job: Callable[[Path], RenderJob]) -> list[RenderJob]:
    """A job per compact file, each once."""
    seen: dict[Path, RenderJob] = {}
    for path in paths:
        seen.setdefault(_resolved(path), job(path))
    return list(seen.values())
