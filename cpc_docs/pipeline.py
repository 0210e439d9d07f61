"""Rendering many compacts: one job per file, in parallel, nothing printed from workers.

A job never raises: whatever goes wrong becomes messages in its result, so one bad file
never stops the others. Workers are forked after the heavy libraries are imported, so each
job pays only for its own work, not for start-up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpc_docs.errors import CpcError, ValidationFailed
from cpc_docs.findings import Finding
from cpc_docs.settings import RenderSettings

if TYPE_CHECKING:
    from concurrent.futures import Executor, ProcessPoolExecutor

    from cpc_docs.document import Document, DocumentSource, Image
    from cpc_docs.model.compact import Compact
    from cpc_docs.tree.markup import MarkupSource


@dataclass(frozen=True)
class RenderJob:
    path: Path
    output_dir: Path
    langs: tuple[str, ...] = ()
    formats: tuple[str, ...] = ("docx", "pdf")
    paper: str = "a4"
    template_root: Path | None = None
    force: bool = False
    date_epoch: int | None = None  # SOURCE_DATE_EPOCH; None: the signature date
    pdf_engine: str = "typst"
    edition: str = "single"  # or "side-by-side": French and English in two columns
    # Render although `cpc check` finds the language versions discordant (a draft to review;
    # the manifest records the findings). See checks.gate.
    allow_discordant: bool = False


@dataclass
class RenderResult:
    path: Path
    ok: bool = False
    outputs: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # errors that are not findings
    seconds: float = 0.0

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")


def epoch_for(signature_date: dt.date, configured: int | None) -> int:
    """SOURCE_DATE_EPOCH if given, else noon UTC on the signature date: never 'now'."""
    if configured is not None:
        return configured
    return int(dt.datetime.combine(signature_date, dt.time(12), tzinfo=dt.UTC).timestamp())


def render_job(job: RenderJob, alone: bool = False) -> RenderResult:
    """Validate, render and write one compact; every failure is reported in the result.

    `alone`: the only render of a fresh process, which a writer process helps (see
    `writer_process`).
    """
    with writer_process(job.formats if alone else (), job.pdf_engine) as writer:
        return _render_job(job, writer)


def _render_job(job: RenderJob, writer: Executor | None) -> RenderResult:
    from cpc_docs.checks import gate as concordance
    from cpc_docs.load.compact import load_compact
    from cpc_docs.outputs.files import (
        fingerprint,
        manifest_path,
        render_inputs,
        write_atomic,
        write_manifest,
    )
    from cpc_docs.rules.compact import check
    from cpc_docs.shipped import template_root_for
    from cpc_docs.tree.side_by_side import SideBySide

    started = time.perf_counter()
    result = RenderResult(job.path)
    written: list[Path] = []
    try:
        compact, source = load_compact(job.path)
        result.findings = check(compact, source)
        if any(f.severity == "error" for f in result.findings):
            result.errors.append(f"{job.path}: not rendered (fix the errors above)")
            return result
        # Nothing discordant gets signed: the translation check of this compact first.
        gate = concordance.run(job.path)
        result.findings.extend(gate.findings(job.allow_discordant))
        if not gate.concordant and not job.allow_discordant:
            result.errors.append(gate.refusal(job.path))
            return result
        missing = [lang for lang in job.langs if lang not in compact.languages]
        if missing:
            result.errors.append(
                f"{job.path}: the compact has no {missing[0]!r} text "
                f"(it has {', '.join(compact.languages)})"
            )
            return result
        root = template_root_for(job.path, job.template_root)
        langs = job.langs or tuple(compact.languages)
        inputs = render_inputs([("compact", job.path)], root, "compact.md.j2", compact.languages)
        digest, input_hashes = fingerprint(inputs, job.output_dir)
        settings = RenderSettings(
            template_root=root,
            date_epoch=epoch_for(compact.signature.date, job.date_epoch),
            fingerprint=f"SHA-256 {digest[:16]}",
            paper=job.paper,
            pdf_engine=job.pdf_engine,
        )
        if job.edition == "side-by-side" and len(langs) != 2:
            result.errors.append(f"{job.path}: the side-by-side edition needs two languages")
            return result

        def source(name: str) -> DocumentSource:
            if job.edition == "side-by-side":
                return SideBySide(*(compact_source(compact, lang, settings) for lang in langs))
            return compact_source(compact, name, settings)

        names = ["-".join(langs)] if job.edition == "side-by-side" else list(langs)
        outputs = write_outputs(
            job.output_dir / compact.id,
            names,
            source,
            job.formats,
            settings,
            force=job.force,
            writer=writer,
        )
        # Everything is rendered before anything is written: a failure above leaves the
        # previous outputs as they were.
        for target, data in outputs.items():
            write_atomic(target, data)
            written.append(target)
        manifest = manifest_path(
            job.output_dir, compact.id, names, list(compact.languages), job.formats
        )
        check = {"check": gate.record(job.allow_discordant)}
        write_manifest(manifest, compact.id, digest, input_hashes, outputs, check)
        result.outputs = [*outputs, manifest]
        result.ok = True
    except ValidationFailed as exc:
        result.findings.extend(exc.findings)
        result.errors.append(f"{job.path}: not rendered (fix the errors above)")
    except CpcError as exc:
        result.errors.append(str(exc))
        # Say what happened to the other files, so nobody takes a refused render for a
        # partly updated set.
        names = ", ".join(path.name for path in written)
        done = f"only {names} written before the error" if written else "nothing was written"
        result.errors.append(f"{job.path}: not rendered; {done}")
    finally:
        result.seconds = time.perf_counter() - started
    return result


def write_outputs(
    prefix: Path,
    names: list[str],
    source: Callable[[str], DocumentSource],
    formats: tuple[str, ...],
    settings: RenderSettings,
    force: bool = False,
    isolate_pdfs: bool = False,
    writer: Executor | None = None,
) -> dict[Path, bytes]:
    """The bytes of every output, `<prefix>.<name>.<format>` for each document name (its
    language, "fr", or languages, "fr-en"), in that order; nothing is written yet. Signed
    PDFs are refused before any work starts.

    `writer` (see `writer_process`) builds the trees and writes the files in its process;
    this one only renders the templates. Otherwise, see `_write_documents`.
    """
    from cpc_docs.outputs.files import refuse_signed

    if not force:
        for name in names:
            for fmt in formats:
                refuse_signed(_output(prefix, name, fmt))
    if writer is None:
        return _write_documents(prefix, names, source, formats, settings, isolate_pdfs)
    sources = {name: source(name) for name in names}
    with _child_deaths_reported("the document writer"):
        job = writer.submit(_write_documents, prefix, names, sources.__getitem__, formats, settings)
        return job.result()


def _write_documents(
    prefix: Path,
    names: list[str],
    source: Callable[[str], DocumentSource],
    formats: tuple[str, ...],
    settings: RenderSettings,
    isolate_pdfs: bool = False,
) -> dict[Path, bytes]:
    """Build each document and write its files.

    Typst works outside Python's GIL, so PDFs are typeset on a second thread, each as soon
    as its document is built, while this thread builds the next document, then writes the
    DOCX files: on two cores the typesetting, the longest part, overlaps the rest instead of
    following it.

    `isolate_pdfs` typesets each PDF in a child process of its own, one after the other,
    when this process can fork safely (else on the thread, as above). Typst keeps what it laid
    out cached for several compilations: a report with a chart for each of 200 indicators
    leaves ~200 MB behind per language, which the child gives back when it exits.
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    from cpc_docs.writers import write

    results: dict[Path, bytes | Future[bytes]] = {}
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="cpc-pdf") as typesetter:
        docs = []
        for name in names:
            doc, lang = source(name).document(), name.split("-")[0]
            docs.append((name, doc, lang))
            if "pdf" in formats and isolate_pdfs and fork_is_safe():
                results[_output(prefix, name, "pdf")] = _in_child(write, doc, "pdf", lang, settings)
            elif "pdf" in formats:
                pdf = typesetter.submit(write, doc, "pdf", lang, settings)
                results[_output(prefix, name, "pdf")] = pdf
        for name, doc, lang in docs:
            for fmt in formats:
                if fmt != "pdf":
                    results[_output(prefix, name, fmt)] = write(doc, fmt, lang, settings)
        done = {p: r.result() if isinstance(r, Future) else r for p, r in results.items()}
    return {path: done[path] for path in (_output(prefix, n, f) for n in names for f in formats)}


def _output(prefix: Path, name: str, fmt: str) -> Path:
    return prefix.with_name(f"{prefix.name}.{name}.{fmt}")


_DECLARED_ID = re.compile(r"""^id:[ \t]*(["']?)([^\s"'#]+)\1[ \t]*(?:#.*)?$""", re.MULTILINE)


def declared_id(path: Path) -> str:
    """The id a compact file declares (a top-level `id:` line), or its stem if none is
    found: the name its outputs will take. Read from the text, not parsed: a batch must
    know every output name before any job writes one, and parsing every file twice would
    double a batch's reading time. A file whose id cannot be seen this way is rendered as
    usual; its id is validated when it is loaded."""
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return path.stem
    found = _DECLARED_ID.search(text)
    return found[2] if found else path.stem


def shared_ids(jobs: list[RenderJob]) -> dict[Path, list[Path]]:
    """Jobs whose compacts declare the same id, and so would write the same output files
    (a "save as" copy that kept its id): each such file, with the others that share its id."""
    by_output: dict[tuple[Path, str], list[Path]] = {}
    for job in jobs:
        key = (job.output_dir.resolve(), declared_id(job.path))
        by_output.setdefault(key, []).append(job.path)
    return {
        path: [other for other in paths if other != path]
        for paths in by_output.values()
        if len(paths) > 1
        for path in paths
    }


def run_jobs(jobs: list[RenderJob], workers: int | None = None) -> Iterator[RenderResult]:
    """Results as jobs finish; in this process when there is one job or one worker.

    Compacts that share an id are refused, none of them rendered: their outputs would
    overwrite each other and the batch would report success for files holding one of them.
    """
    clashes = shared_ids(jobs)
    for job in jobs:
        if job.path in clashes:
            others = ", ".join(map(str, clashes[job.path]))
            yield RenderResult(
                job.path,
                errors=[
                    f"{job.path}: not rendered: {others} has the same id "
                    f"{declared_id(job.path)!r}, which names the outputs (the id is the "
                    "file's stem: give each file its own)"
                ],
            )
    jobs = [job for job in jobs if job.path not in clashes]
    workers = workers or os.cpu_count() or 1
    if len(jobs) <= 1 or workers <= 1:
        for job in jobs:
            yield render_job(job, alone=len(jobs) == 1)
        return
    import multiprocessing  # only for batches: a single render does not pay for them
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("fork" if fork_is_safe() else "spawn")
    _warm_up()
    with ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)),
        mp_context=context,
        initializer=worker_setup,
        initargs=(os.getpid(),),
    ) as pool:
        with _interrupts_held():  # the first job forks the workers
            futures = {pool.submit(render_job, job): job for job in jobs}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # a worker that died: report it, keep the others
                job = futures[future]
                yield RenderResult(job.path, errors=[f"{job.path}: the renderer failed: {exc}"])


@contextlib.contextmanager
def writer_process(formats: tuple[str, ...], pdf_engine: str) -> Iterator[Executor | None]:
    """A child process forked now, before this one imports anything heavy, that builds the
    document trees and writes the files in `formats` (None when there are none, or forking is
    unsafe or fails).

    A render alone is one core's work until its templates are rendered (importing pydantic
    and Jinja, loading and checking the compact: ~0.4 s), then short of CPU on two cores while
    Typst typesets. Meanwhile, on the idle core, the child imports the markup parser and the
    writers (~0.2 s), and lays out a page in French and in English so that Typst's fonts and
    hyphenation patterns are loaded before the first document comes. This process then only
    renders the templates, and never imports markdown-it, Typst or python-docx.
    """
    if not formats or not fork_is_safe():
        yield None
        return
    typst = "pdf" in formats and pdf_engine == "typst"
    with forked_pool(1, _prepare_writer, typst, "docx" in formats) as pool:
        yield pool


def _prepare_writer(typst: bool, docx: bool) -> None:
    """Import the parser and the writers needed, and typeset a page in each language. Only
    a preparation: whatever fails here fails again, and is reported, with the real document
    (an exception escaping here would break the pool instead)."""
    from cpc_docs.document import Document, Heading, Metadata, Paragraph, Run
    from cpc_docs.writers import WriteOptions, get_writer

    with contextlib.suppress(Exception):
        from cpc_docs.tree import markup

        markup.parser()
    if typst:
        with contextlib.suppress(Exception):
            write_pdf = get_writer("pdf-typst")
            for language, text in _WARM_UP.items():
                runs = [Run(text, italic=True), Run(" " + text * 8)]
                page = [Heading(1, [Run(text)]), Paragraph(runs)]
                write_pdf(Document(Metadata(text, text, language), page), WriteOptions())
    if docx:
        with contextlib.suppress(Exception):
            get_writer("docx")


# Words of each language in the fonts' roman, bold and italic, so that Typst's font, shaping
# and hyphenation data are loaded before the first real document (~20 ms less to typeset).
_WARM_UP = {
    "fr-FR": "Les Parties s’engagent à renforcer la protection de l’enfance « effective » ; ",
    "en-US": "The Participants intend to strengthen child protection, “effectively”; ",
}


@contextlib.contextmanager
def forked_pool(
    workers: int, prepare: Callable[..., None] | None = None, *args: Any
) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes forked from this one now (call only when `fork_is_safe()`), each set
    up by `worker_setup` then `prepare(*args)`, sharing this process's memory until either
    writes to it; None when no process can be had (a container's process limit, memory),
    and the caller does the work itself.

    The garbage collector writes to every object it scans, which would give each worker a
    private copy of the whole heap: the objects are frozen (not scanned, in either process)
    while the pool lives."""
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    gc.freeze()
    try:
        pool = ProcessPoolExecutor(
            workers,
            multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(os.getpid(), prepare, args),
        )
        try:
            with _interrupts_held():
                pool.submit(int)  # forks the workers now, not when the first job is due
        except OSError:
            pool.shutdown(wait=False)
            yield None
            return
        with pool:
            yield pool
    finally:
        gc.unfreeze()


def _start_worker(parent: int, prepare: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    worker_setup(parent)
    if prepare is not None:
        prepare(*args)


def _in_child(func: Callable[..., bytes], *args: Any) -> bytes:
    """`func(*args)` in a forked child process, which exits (freeing its memory) once done;
    an exception raised there is raised here."""
    with _child_deaths_reported("the PDF typesetter"), forked_pool(1) as child:
        return func(*args) if child is None else child.submit(func, *args).result()


@contextlib.contextmanager
def _child_deaths_reported(who: str) -> Iterator[None]:
    """A child process that died is a clear error naming `who`, not a traceback."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        yield
    except BrokenProcessPool:
        # Killed (the system out of memory?), crashed, or raised what cannot be sent back.
        raise CpcError(
            f"{who} stopped unexpectedly; nothing was written",
            hint="if the machine is short of memory, render one --lang or --format at a time",
        ) from None


def worker_setup(parent: int) -> None:
    """In a worker process forked from `parent`:

    - Ctrl-C is the main process's to handle (it stops the work and says so once); the
      worker, which gets the signal too, would print a traceback.
    - The worker exits when `parent` is gone (killed, say): a forked worker holds both ends
      of its job pipe, so it would wait for work forever, and keep the pipes of a `cpc … | tee`
      open, so that its reader would never finish either.
    """
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # see _interrupts_held

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.1)
        os._exit(1)

    threading.Thread(target=watch, name="cpc-parent-watch", daemon=True).start()


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl-C held back while workers are forked: a worker inherits the hold and gets the
    signal only once it leaves interrupts to this process (worker_setup), instead of dying
    with a traceback in between; this process gets it as soon as the forking is done."""
    import signal

    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def fork_is_safe() -> bool:
    """Forking copies one thread: safe in a fresh `cpc` process, not in one running other
    threads (their locks are copied held) or one where Typst has already typeset (its worker
    threads are gone in the child, which then waits for them forever). There, workers are
    spawned: slower to start, never stuck."""
    import sys
    import threading

    return os.name == "posix" and threading.active_count() == 1 and "typst" not in sys.modules


def _warm_up() -> None:
    """Import what every job needs before forking, so workers share it."""
    from cpc_docs.load import compact as _load  # noqa: F401
    from cpc_docs.present import compact as _present  # noqa: F401
    from cpc_docs.rules import compact as _rules  # noqa: F401
    from cpc_docs.templating import jinja as _jinja  # noqa: F401
    from cpc_docs.tree import markup as _markup  # noqa: F401
    from cpc_docs.writers import get_writer

    for fmt in ("docx", "pdf-typst"):
        with contextlib.suppress(ImportError):  # a missing engine is reported per job
            get_writer(fmt)


def markup_source(
    template: str,
    lang: str,
    context: dict[str, Any],
    settings: RenderSettings,
    images: dict[str, Image] | None = None,
) -> MarkupSource:
    """Template → markup, for any document (compacts, reports)."""
    from cpc_docs.templating.jinja import render_template
    from cpc_docs.tree.markup import MarkupSource

    text = render_template(template, lang, context, settings.template_root)
    return MarkupSource(
        text,
        f"{lang}/{template}",
        lang,
        settings.date_epoch,
        settings.fingerprint,
        settings.paper,
        images,
    )


def compact_source(compact: Compact, lang: str, settings: RenderSettings) -> MarkupSource:
    from cpc_docs.present.compact import compact_context

    context = compact_context(compact, lang, settings.template_root)
    return markup_source("compact.md.j2", lang, context, settings)


def compact_document(compact: Compact, lang: str, settings: RenderSettings) -> Document:
    return compact_source(compact, lang, settings).document()
