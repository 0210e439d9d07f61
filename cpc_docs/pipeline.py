"""Rendering a compact or an annual report: from its file to its outputs and manifest.

Both go through the same steps (`_write_set`): the inputs, the fingerprint over them, the
settings, every output's bytes (`write_outputs`), then the files, each written whole
(`write_atomic`), the manifest last. Nothing is printed here: whatever goes wrong becomes
messages in the result, so one bad file of a batch never stops the others. A batch renders
its compacts in worker processes (`run_jobs`, through cpc_docs.parallel); a compact rendered
alone has a writer process (`writer_process`).

The stages that read and check a compact (pydantic and its models, the compact's rules: ~0.2 s
of imports) are imported where a job needs them, not with this module: a render alone forks
its writer process first, whose own preparation then overlaps them on the second core.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpc_docs import parallel, writers
from cpc_docs.checks import gate as concordance
from cpc_docs.errors import CpcError, InputError, Location, ValidationFailed
from cpc_docs.findings import Finding
from cpc_docs.outputs.files import (
    Input,
    current_manifest,
    fingerprint,
    manifest_path,
    refuse_signed,
    render_inputs,
    write_atomic,
    write_manifest,
)
from cpc_docs.settings import RenderSettings
from cpc_docs.shipped import template_root_for
from cpc_docs.tree.side_by_side import SideBySide

if TYPE_CHECKING:
    from cpc_docs.checks.runner import CheckMemo
    from cpc_docs.document import Document, DocumentSource, Image
    from cpc_docs.load.report import LoadedReport
    from cpc_docs.load.yamlsource import Source
    from cpc_docs.model.compact import Compact
    from cpc_docs.parallel import Executor, Future
    from cpc_docs.tree.markup import MarkupSource

# What a process that died was doing, and what to try.
_MEMORY = "if the machine is short of memory, render one --lang or --format at a time"


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
    # Render as a draft for review whatever the compact's `status` (`cpc render --draft`):
    # TODOs highlighted, every page marked, no signature fields. See rules.compact.MISSING_RULES.
    draft: bool = False
    # `cpc render --amendment N`: the instrument of the compact's N-th amendment, instead of
    # the compact; `--as-signed`: the compact as signed, not as amended (present.amendment).
    amendment: int | None = None
    as_signed: bool = False


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


def epoch_for(day: dt.date, configured: int | None) -> int:
    """The documents' timestamp: SOURCE_DATE_EPOCH (`configured`, which the CLI reads) if
    given, else noon UTC on the document's date (a compact's signature, a report's meeting):
    never 'now', so that the same inputs give the same bytes."""
    if configured is not None:
        return configured
    return int(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC).timestamp())


def unknown_language(file: Path | str, wanted: Sequence[str], available: Sequence[str]) -> str:
    """Why `wanted` cannot be rendered when the compact lacks one of them ("" when it has
    them all): compacts and reports say it alike."""
    missing = [lang for lang in wanted if lang not in available]
    if not missing:
        return ""
    return f"{file}: the compact has no {missing[0]!r} text (it has {', '.join(available)})"


def render_job(job: RenderJob, alone: bool = False, memo: CheckMemo | None = None) -> RenderResult:
    """Validate, check, render and write one compact; every failure is reported in the
    result. `alone`: the only render of a fresh process, which a writer process helps (see
    `writer_process`). `memo`: what the translation checks of this process learned (`cpc
    watch` renders the same compact again and again; see checks.runner.CheckMemo)."""
    with writer_process(job.formats if alone else (), job.pdf_engine) as writer:
        return _render_job(job, writer, memo)


def _render_job(
    job: RenderJob, writer: Executor | None, memo: CheckMemo | None = None
) -> RenderResult:
    """The compact's own rules decide first, as they always did: their errors are the answer,
    whatever else went wrong. They are run, though, while the writer process typesets (see
    `write_outputs`' `meanwhile`): on the critical path of a render alone they cost ~40 ms,
    for nothing in the usual case of a compact they find no error in. Nothing is written
    before they have passed."""
    from cpc_docs.load.compact import load_compact

    result = RenderResult(job.path)
    written: list[Path] = []
    with _reported(result, written):
        compact, fields = load_compact(job.path)
        rules = _Rules(compact, fields, job.draft or compact.status == "draft")
        try:
            _render_compact(job, compact, fields, rules, result, written, writer, memo)
        except Exception:
            if not rules.refuse():  # an invalid compact may break a template: say why
                result.findings[:0] = rules.run()  # its warnings too, before the failure
                raise
        if rules.refuse():
            result.findings, result.outputs, result.ok = rules.run(), [], False
            result.errors = [rules.refusal(job.path)]
            return result
        result.findings[:0] = rules.run()
    return result


@dataclass
class _Rules:
    """The compact's rules (rules/compact.py `check`), run once, when first asked."""

    compact: Compact
    fields: Source
    draft: bool
    findings: list[Finding] | None = None

    def run(self) -> list[Finding]:
        if self.findings is None:
            from cpc_docs.rules.compact import check

            self.findings = check(self.compact, self.fields, draft=self.draft)
        return self.findings

    def refuse(self) -> bool:
        return any(f.severity == "error" for f in self.run())

    def passed(self) -> None:
        """Raise when they found errors (the render's files are then not written)."""
        if self.refuse():
            raise _Refused("the compact's rules found errors")

    def refusal(self, path: Path) -> str:
        from cpc_docs.rules.compact import draft_hint

        hint = draft_hint(self.run())
        return (
            f"{path}: not rendered as final: {hint}"
            if hint
            else (f"{path}: not rendered (fix the errors above)")
        )


class _Refused(CpcError):
    """The compact's rules found errors while its documents were being rendered."""


def _render_compact(
    job: RenderJob,
    compact: Compact,
    fields: Source,
    rules: _Rules,
    result: RenderResult,
    written: list[Path],
    writer: Executor | None,
    memo: CheckMemo | None,
) -> None:
    draft = rules.draft
    # Nothing discordant gets signed: the translation check of this compact first. A
    # draft is for review: its errors are warnings, which its manifest records.
    gate = concordance.run(job.path, memo)
    allowed = job.allow_discordant or draft
    result.findings.extend(
        gate.findings(allowed, "a draft, for review")
        if draft and not job.allow_discordant
        else gate.findings(allowed)
    )
    if not gate.concordant and not allowed:
        result.errors.append(gate.refusal(job.path))
        return
    problem = unknown_language(job.path, job.langs, compact.languages)
    if problem:
        result.errors.append(problem)
        return
    langs = job.langs or tuple(compact.languages)
    if job.edition == "side-by-side" and len(langs) != 2:
        result.errors.append(f"{job.path}: the side-by-side edition needs two languages")
        return

    def source(name: str, settings: RenderSettings) -> DocumentSource:
        if job.edition == "side-by-side":
            return SideBySide(
                *(compact_source(compact, lang, settings, fields, draft) for lang in langs)
            )
        return compact_source(compact, name, settings, fields, draft)

    outputs = _compact_outputs(job, compact, langs)
    amended: dict[str, Any] = {}
    documents: Callable[[str, RenderSettings], DocumentSource] = source
    if job.amendment is not None or (compact.amendments and not job.as_signed):
        outputs, documents = _amended(job, compact, langs, outputs, draft, amended)
    if not gate.concordant:  # rendered all the same: its files say not for signature
        documents = partial(_discordant, documents, len(gate.errors))

    def record() -> dict[str, Any]:
        """The manifest's record of the render: once the rules have passed."""
        rules.passed()
        return {
            **status_record(compact, draft, rules.run()),
            "check": gate.record(allowed),
            "options": render_options(job),
            **amended,
        }

    result.outputs = _write_set(outputs, documents, written, record, writer)
    result.ok = True


def _discordant(
    source: Callable[[str, RenderSettings], DocumentSource],
    errors: int,
    name: str,
    settings: RenderSettings,
) -> DocumentSource:
    """The document `source` gives, its metadata marked with the check's errors (gate)."""
    return concordance.Discordant(source(name, settings), errors)


def _compact_outputs(job: RenderJob, compact: Compact, langs: Sequence[str]) -> _OutputSet:
    """The files of a compact's render, and what they are made from."""
    return _OutputSet(
        stem=compact.id,
        output_dir=job.output_dir,
        main=[("compact", job.path)],
        template_root=template_root_for(job.path, job.template_root),
        template="compact.md.j2",
        languages=list(compact.languages),
        names=["-".join(langs)] if job.edition == "side-by-side" else list(langs),
        formats=job.formats,
        day=compact.signature.date,
        date_epoch=job.date_epoch,
        paper=job.paper,
        pdf_engine=job.pdf_engine,
        force=job.force,
    )


def render_options(job: RenderJob) -> dict[str, Any]:
    """What the manifest keeps of a render's options: those that change its files' bytes
    or whether it is rendered at all, and are neither inputs (in the fingerprint) nor in the
    files' names. `cpc render --changed` compares them (see `up_to_date`)."""
    return {
        "paper": job.paper,
        "edition": job.edition,
        "pdf_engine": job.pdf_engine,
        "source_date_epoch": job.date_epoch,
        "allow_discordant": job.allow_discordant,
        "draft": job.draft,
    }


def up_to_date(job: RenderJob) -> bool:
    """Whether rendering `job` again would give the files it already has (`cpc render
    --changed`, make-like): its manifest records the fingerprint its inputs have now and the
    same options, and every output it should have is there with the SHA-256 recorded. The
    compact is read (for its id and languages), not checked or rendered; any doubt (a file
    that cannot be read, an invalid compact) is "no", and the render then says why.

    Like make, it knows the inputs, not the program: after upgrading cpc-docs, render
    without --changed."""
    from cpc_docs.load.compact import load_compact

    try:
        compact, _fields = load_compact(job.path)
        if unknown_language(job.path, job.langs, compact.languages):
            return False
        out = _compact_outputs(job, compact, job.langs or tuple(compact.languages))
        digest, _hashes = fingerprint(_inputs(out), out.output_dir)
    except (CpcError, OSError):
        return False
    prefix = out.output_dir / out.stem
    files = [_output(prefix, name, fmt) for name in out.names for fmt in out.formats]
    manifest = manifest_path(out.output_dir, out.stem, out.names, out.languages, out.formats)
    recorded = current_manifest(manifest, digest, files)
    return recorded is not None and recorded.get("options") == render_options(job)


def status_record(compact: Compact, draft: bool, findings: list[Finding]) -> dict[str, Any]:
    """What a compact's manifest says of its status: final, or a draft with its version and
    the pieces still to write (rule, field, line, message; no file path, as the check's), so
    that nobody takes a draft's files for the text to sign."""
    from cpc_docs.rules.compact import is_missing

    if not draft:
        return {"status": "final"}
    version = compact.version
    return {
        "status": "draft",
        "version": None
        if version is None
        else {"label": version.label, "date": version.date.isoformat() if version.date else None},
        "missing": [
            {
                "rule": f.rule,
                "path": f.location.path,
                "line": f.location.line,
                "message": f.message,
            }
            for f in findings
            if is_missing(f)
        ],
    }


def render_report(
    loaded: LoadedReport,
    langs: Sequence[str],
    formats: Sequence[str],
    output_dir: Path,
    *,
    paper: str = "a4",
    template_root: Path | None = None,
    force: bool = False,
    date_epoch: int | None = None,
) -> RenderResult:
    """Render and write an annual report (already loaded: its gaps are the CLI's to list);
    every failure is reported in the result, as for a compact. Its date is the annual
    meeting's, else the period's end."""
    from cpc_docs.present.report import TEMPLATE  # the report's own modules: only here

    result = RenderResult(Path(loaded.file))
    written: list[Path] = []
    with _reported(result, written):
        problem = unknown_language(loaded.file, langs, loaded.compact.languages)
        if problem:
            result.errors.append(problem)
            return result
        outputs = _OutputSet(
            stem=f"{loaded.compact.id}-{loaded.report.year}",
            output_dir=output_dir,
            main=[("report", Path(loaded.file)), ("compact", loaded.compact_path)],
            template_root=template_root_for(Path(loaded.file), template_root),
            template=TEMPLATE,
            words=("locale.yaml", "report.yaml"),
            languages=list(loaded.compact.languages),
            names=list(langs),
            formats=tuple(formats),
            day=loaded.report.meeting.date or loaded.report.period.end,
            date_epoch=date_epoch,
            paper=paper,
            force=force,
            # A chart per indicator: each PDF typeset in a child process, so that the
            # memory Typst keeps of them is given back.
            isolate_pdfs=True,
        )
        result.outputs = _write_set(
            outputs, lambda lang, settings: report_source(loaded, lang, settings), written
        )
        result.ok = True
    return result


@contextlib.contextmanager
def _reported(result: RenderResult, written: list[Path]) -> Iterator[None]:
    """A document's errors as messages of its result, and the time it took."""
    started = time.perf_counter()
    try:
        yield
    except ValidationFailed as exc:
        result.findings.extend(exc.findings)
        result.errors.append(f"{result.path}: not rendered (fix the errors above)")
    except CpcError as exc:
        result.errors.append(str(exc))
        # Say what happened to the other files, so nobody takes a refused render for a
        # partly updated set.
        names = ", ".join(path.name for path in written)
        done = f"only {names} written before the error" if written else "nothing was written"
        result.errors.append(f"{result.path}: not rendered; {done}")
    finally:
        result.seconds = time.perf_counter() - started


@dataclass(frozen=True)
class _OutputSet:
    """The files of one render, and what they are made from."""

    stem: str  # of every file's name: the compact's id, "<compact>-<year>" for a report
    output_dir: Path
    main: list[tuple[str, Path]]  # the document's own inputs, by role
    template_root: Path
    template: str
    languages: list[str]  # the compact's: the manifest of them all names the whole set
    names: list[str]  # the documents: a language each, or "fr-en" (side by side)
    formats: tuple[str, ...]
    day: dt.date  # the document's date (see epoch_for)
    date_epoch: int | None
    paper: str
    pdf_engine: str = "typst"
    force: bool = False
    isolate_pdfs: bool = False
    words: tuple[str, ...] = ("locale.yaml",)  # the language data it prints (render_inputs)


def _write_set(
    out: _OutputSet,
    source: Callable[[str, RenderSettings], DocumentSource],
    written: list[Path],
    extra: Callable[[], dict[str, Any]] | None = None,
    writer: Executor | None = None,
) -> list[Path]:
    """Inputs → fingerprint → settings → every output's bytes → the files → the manifest
    (with what `extra()` gives, a compact's check); the paths written, in that order, each
    added to `written` as soon as it is. `extra()` is asked for while the writer process
    works (`write_outputs`' `meanwhile`): it may refuse, by raising, and nothing is written.
    `writer`: see `write_outputs`."""
    record: dict[str, Any] = {}
    digest, input_hashes = fingerprint(_inputs(out), out.output_dir)
    settings = RenderSettings(
        template_root=out.template_root,
        date_epoch=epoch_for(out.day, out.date_epoch),
        fingerprint=f"SHA-256 {digest[:16]}",
        paper=out.paper,
        pdf_engine=out.pdf_engine,
    )
    outputs = write_outputs(
        out.output_dir / out.stem,
        out.names,
        lambda name: source(name, settings),
        out.formats,
        settings,
        force=out.force,
        isolate_pdfs=out.isolate_pdfs,
        writer=writer,
        meanwhile=lambda: record.update(extra() if extra else {}),
    )
    # Everything is rendered before anything is written: a failure above leaves the
    # previous outputs as they were.
    for target, data in outputs.items():
        write_atomic(target, data)
        written.append(target)
    manifest = manifest_path(out.output_dir, out.stem, out.names, out.languages, out.formats)
    write_manifest(manifest, out.stem, digest, input_hashes, outputs, record)
    return [*outputs, manifest]


def _inputs(out: _OutputSet) -> list[Input]:
    return render_inputs(out.main, out.template_root, out.template, out.languages, out.words)


def write_outputs(
    prefix: Path,
    names: list[str],
    source: Callable[[str], DocumentSource],
    formats: tuple[str, ...],
    settings: RenderSettings,
    force: bool = False,
    isolate_pdfs: bool = False,
    writer: Executor | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> dict[Path, bytes]:
    """The bytes of every output, `<prefix>.<name>.<format>` for each document name (its
    language, "fr", or languages, "fr-en"), in that order; nothing is written yet. Signed
    PDFs are refused before any work starts.

    `writer` (see `writer_process`) builds the trees and writes the files in its process;
    this one only renders the templates, then does `meanwhile()` while it waits (without a
    writer, `meanwhile()` comes first). Otherwise, see `_write_documents`.
    """
    if not force:
        for name in names:
            for fmt in formats:
                refuse_signed(_output(prefix, name, fmt))
    if writer is None:
        if meanwhile is not None:
            meanwhile()
        return _write_documents(prefix, names, source, formats, settings, isolate_pdfs)
    sources = {name: source(name) for name in names}
    # The writer process has the machine's second core to itself (this one waits): its
    # PDFs are typeset side by side, one thread each: two layouts overlap instead of
    # following each other (benchmarks/README.md, issue 19).
    job = writer.submit(
        _write_documents, prefix, names, sources.__getitem__, formats, settings, False, len(names)
    )
    if meanwhile is not None:
        meanwhile()
    died = "the document writer stopped unexpectedly; nothing was written"
    return parallel.outcome(job, died, _MEMORY)


def _write_documents(
    prefix: Path,
    names: list[str],
    source: Callable[[str], DocumentSource],
    formats: tuple[str, ...],
    settings: RenderSettings,
    isolate_pdfs: bool = False,
    typesetters: int = 1,
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

    `typesetters`: threads typesetting PDFs at once. One in a batch's workers, which keep
    every core busy already; one per document in the writer process of a render alone.
    """
    done: dict[Path, bytes] = {}
    pending: dict[Path, Future[bytes]] = {}
    with parallel.thread("cpc-pdf", typesetters) as typesetter:
        docs = []
        for name in names:
            doc, lang = source(name).document(), name.split("-")[0]
            docs.append((name, doc, lang))
            pdf = _output(prefix, name, "pdf")
            if "pdf" in formats and isolate_pdfs and parallel.fork_is_safe():
                done[pdf] = parallel.in_child(
                    writers.write, doc, "pdf", lang, settings,
                    died="the PDF typesetter stopped unexpectedly; nothing was written",
                    hint=_MEMORY,
                )  # fmt: skip
            elif "pdf" in formats:
                pending[pdf] = typesetter.submit(writers.write, doc, "pdf", lang, settings)
        for name, doc, lang in docs:
            for fmt in formats:
                if fmt != "pdf":
                    done[_output(prefix, name, fmt)] = writers.write(doc, fmt, lang, settings)
        done.update((path, typeset.result()) for path, typeset in pending.items())
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
    """Results as jobs finish: in worker processes (cpc_docs.parallel), or in this one when
    there is one job or one worker, or no process can be had.

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
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        for job in jobs:
            yield render_job(job, alone=True) if len(jobs) == 1 else _batch_job(job)
        return
    with parallel.processes(workers, before_fork=_warm_up) as pool:
        if pool is None:
            yield from map(_batch_job, jobs)
            return
        died = "its process stopped unexpectedly"
        for _job, result in parallel.unordered(
            pool, _batch_job, jobs, died=died, hint=_MEMORY, failed=_failed
        ):
            yield result


_BATCH_MEMO: list[CheckMemo] = []  # this process's, made by its first job of a batch


def _batch_job(job: RenderJob) -> RenderResult:
    """One compact of a batch, its translation check sharing what the process's earlier
    ones learned: compacts share most of their pairs (the standard clauses), which each
    render's gate checked again, ~45 % of a batch's CPU (measured: 30 variants in one
    process, 0.49 -> 0.39 s of CPU a compact, the same bytes). A pair's findings depend on
    its texts and context, not on the compact (see checks.runner.CheckMemo; `cpc check`
    shares them across a folder the same way)."""
    if not _BATCH_MEMO:
        from cpc_docs.checks.runner import CheckMemo

        _BATCH_MEMO.append(CheckMemo())
    result = render_job(job, memo=_BATCH_MEMO[0])
    if "pdf" in job.formats and job.pdf_engine == "typst":
        from cpc_docs.writers.pdf import forget_layouts

        forget_layouts()  # a batch's processes together under 300 MB: see there
    return result


def _failed(job: RenderJob, error: Exception) -> RenderResult:
    """The result of a job whose worker died (or raised what render_job does not catch)."""
    reason = error.message if isinstance(error, CpcError) else str(error)
    return RenderResult(job.path, errors=[f"{job.path}: the renderer failed: {reason}"])


def _warm_up() -> None:
    """Import what every job needs before the workers are forked, so that they share it."""
    from cpc_docs.present import compact as _present  # noqa: F401
    from cpc_docs.templating import jinja as _jinja  # noqa: F401
    from cpc_docs.tree import markup as _markup  # noqa: F401

    for fmt in ("docx", "pdf-typst"):
        with contextlib.suppress(ImportError):  # a missing engine is reported per job
            writers.get_writer(fmt)


@contextlib.contextmanager
def writer_process(formats: tuple[str, ...], pdf_engine: str) -> Iterator[Executor | None]:
    """A child process forked now, that builds the document trees and writes the files in
    `formats` (None when there are none, or forking is unsafe or fails).

    A render alone is one core's work until its templates are rendered (loading, checking
    the compact and its translation: ~0.5 s), then short of CPU on two cores while Typst
    typesets. Meanwhile, on the idle core, the child imports the markup parser and the
    writers (~0.2 s), and lays out a page in French and in English so that Typst's fonts and
    hyphenation patterns are loaded before the first document comes. This process then only
    renders the templates, and never imports markdown-it, Typst or python-docx. Measured
    against a render without it (benchmarks/bench_writer_process.py, README.md there): ~90 ms
    faster when the machine has a core to spare, no faster when it has none.
    """
    if not formats:
        yield None
        return
    typst = "pdf" in formats and pdf_engine == "typst"
    prepare = partial(_prepare_writer, typst, "docx" in formats)
    with parallel.processes(1, fork_only=True, prepare=prepare) as pool:
        yield pool


def _prepare_writer(typst: bool, docx: bool) -> None:
    """Import the parser and the writers needed, and typeset a page in each language. Only
    a preparation: whatever fails here fails again, and is reported, with the real document
    (an exception escaping here would break the pool instead)."""
    from cpc_docs.document import Block, Document, Heading, Metadata, Paragraph, Run
    from cpc_docs.writers import WriteOptions

    with contextlib.suppress(Exception):
        from cpc_docs.tree import markup

        markup.parser()
    if typst:
        with contextlib.suppress(Exception):
            write_pdf = writers.get_writer("pdf-typst")
            for language, text in _WARM_UP.items():
                runs = [Run(text, italic=True), Run(" " + text * 8)]
                page: list[Block] = [Heading(1, [Run(text)]), Paragraph(runs)]
                write_pdf(Document(Metadata(text, text, language), page), WriteOptions())
    if docx:
        with contextlib.suppress(Exception):
            writers.get_writer("docx")


# Words of each language in the fonts' roman, bold and italic, so that Typst's font, shaping
# and hyphenation data are loaded before the first real document (~20 ms less to typeset).
_WARM_UP = {
    "fr-FR": "Les Parties s’engagent à renforcer la protection de l’enfance « effective » ; ",
    "en-US": "The Participants intend to strengthen child protection, “effectively”; ",
}


def markup_source(
    template: str,
    lang: str,
    context: dict[str, Any],
    settings: RenderSettings,
    images: dict[str, Image] | None = None,
) -> MarkupSource:
    """Template → markup, for any document (compacts, reports)."""
    from cpc_docs.templating.jinja import render_with_origins
    from cpc_docs.tree.markup import MarkupSource

    rendered = render_with_origins(template, lang, context, settings.template_root)
    return MarkupSource(
        rendered.text,
        f"{lang}/{template}",
        lang,
        settings.date_epoch,
        settings.fingerprint,
        settings.paper,
        images,
        rendered.origins,
    )


def compact_source(
    compact: Compact,
    lang: str,
    settings: RenderSettings,
    fields: Source | None = None,
    draft: bool | None = None,
) -> MarkupSource:
    """`fields`: the YAML file `compact` was read from, for its nodes' locations. `draft`:
    render it as a draft for review (default: as its `status` says)."""
    from cpc_docs.present.compact import compact_context

    context = compact_context(compact, lang, settings.template_root, fields, draft)
    return markup_source("compact.md.j2", lang, context, settings)


def _amended(
    job: RenderJob,
    compact: Compact,
    langs: Sequence[str],
    outputs: _OutputSet,
    draft: bool,
    record: dict[str, Any],
) -> tuple[_OutputSet, Callable[[str, RenderSettings], DocumentSource]]:
    """The files and documents of an amended compact: the instrument of its amendment
    `job.amendment` (<id>.amendment-N.<lang>.<format>), or its consolidated text
    (<id>.consolidated.<lang>.<format>): never the names of the text as signed, whose PDFs
    may carry signatures."""
    from cpc_docs.present.amendment import NoSuchAmendment, step_of

    number = job.amendment
    if number is not None:
        try:
            step_of(compact, number)
        except NoSuchAmendment as exc:
            raise InputError(str(exc), Location(str(job.path))) from None
        if job.edition == "side-by-side":
            raise InputError(
                "an amendment is rendered one language a file (not side by side)",
                Location(str(job.path)),
            )
        signed = compact.amendments[number - 1].date
        record["amendment"] = number
        out = replace(outputs, stem=f"{compact.id}.amendment-{number}",
                      template="amendment.md.j2", day=signed)  # fmt: skip
        return out, lambda name, settings: amendment_source(compact, number, name, settings)
    record["consolidated"] = [index for index, _ in enumerate(compact.amendments, start=1)]

    def source(name: str, settings: RenderSettings) -> DocumentSource:
        if job.edition == "side-by-side":
            return SideBySide(
                *(consolidated_source(compact, lang, settings, draft) for lang in langs)
            )
        return consolidated_source(compact, name, settings, draft)

    last = compact.amendments[-1].date
    return replace(outputs, stem=f"{compact.id}.consolidated", day=last), source


def amendment_source(
    compact: Compact, number: int, lang: str, settings: RenderSettings
) -> MarkupSource:
    """The instrument of the compact's `number`-th amendment (from 1) in one language."""
    from cpc_docs.present.amendment import amendment_context

    context = amendment_context(compact, number, lang, settings.template_root)
    return markup_source("amendment.md.j2", lang, context, settings)


def consolidated_source(
    compact: Compact, lang: str, settings: RenderSettings, draft: bool | None = None
) -> MarkupSource:
    """The compact as amended by all its amendments, with a note of them on its title page."""
    from cpc_docs.model.amendment import consolidate
    from cpc_docs.present.amendment import amendment_notes
    from cpc_docs.present.compact import compact_context

    amended = consolidate(compact)
    context = compact_context(amended, lang, settings.template_root, None, draft)
    context["amendments"] = amendment_notes(compact)
    return markup_source("compact.md.j2", lang, context, settings)


def compact_document(compact: Compact, lang: str, settings: RenderSettings) -> Document:
    return compact_source(compact, lang, settings).document()


def report_source(loaded: LoadedReport, lang: str, settings: RenderSettings) -> MarkupSource:
    """An annual report's markup in one language, its gaps highlighted and counted."""
    from cpc_docs.present.report import TEMPLATE, report_context
    from cpc_docs.rules.report import gaps

    context, images = report_context(loaded, lang, gaps(loaded))
    return markup_source(TEMPLATE, lang, context, settings, images)


def report_document(loaded: LoadedReport, lang: str, settings: RenderSettings) -> Document:
    return report_source(loaded, lang, settings).document()
