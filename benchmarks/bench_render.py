"""How long the whole signing set takes, against the office-suite pipelines (`make bench`).

    python benchmarks/bench_render.py [--rounds 5] [--count 100] [--lo-count 200]
                                      [--batch-rounds 2] [--quick] [--pandoc PATH]

Each figure is a fresh process, as a person or a CI job runs it, and the tasks alternate
within each round (ours, LibreOffice, pandoc, ours in batch, check, then again), so a busy
moment on the machine spreads over all of them instead of falling on one:

- the full set of the Côte d'Ivoire compact (FR+EN × DOCX+PDF, with the manifest) as one
  `cpc render` process;
- LibreOffice converting our French DOCX to PDF (`soffice --headless --convert-to pdf`, a
  new soffice process each time, with a profile of its own made before timing);
- pandoc on the same text (the Markdown our templates produce): Markdown → DOCX, and
  Markdown → Typst → PDF (pandoc ≥ 3.1.2 writes Typst; the PDF is compiled by the `typst`
  wheel from a new Python process, standing in for the typst CLI), for both languages;
- a batch of `--count` generated compacts (the variants of bench_check.py) through one
  `cpc render FOLDER` on every core;
- `cpc check` over those compacts;
- batches side by side: `cpc render FOLDER` over `--lo-count` generated compacts (200), and
  ONE `soffice --headless --convert-to pdf` process converting the French DOCX files of the
  same compacts (`--lo-count` files, listed on its command line). `--batch-rounds` of each
  (fewer than `--rounds`: they are long), alternating with the others.

It prints medians, min–max, CPU time, the peak memory of the largest process (every timed
run) and of the whole process tree (one more, untimed run per task), and the ratios the
targets are stated in. It prints figures and never fails on them: timing belongs here, not in
the tests. Missing tools (soffice, pandoc) are reported and skipped.

Before timing, the package's bytecode is compiled (as installing a wheel does) and each
command runs once untimed, so a run measures what every later run of a user pays, not the
very first one (which also fills Jinja's template cache, see cpc_docs/templating/jinja.py).
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from bench_check import generate  # noqa: E402
from common import Run, Series, machine, run, seconds, tree_peak  # noqa: E402

COMPACT = ROOT / "compacts" / "civ-2022.yaml"
LANGS = ("fr", "en")
TARGETS = {
    "set": 0.6,  # s, the full four-file set of one compact, cold process
    "lo_ratio": 0.5,  # at most half of one LibreOffice conversion of the French DOCX
    "batch": 15.0,  # s, 100 compacts, 400 files
    "check": 2.0,  # s, cpc check over 100 compacts
    "memory": 300.0,  # MB, any of these; a batch: all its processes together
    "lo_batch_ratio": 0.3,  # N compacts rendered ≤ 0.3 × one soffice converting N DOCX
    "cpu_per_compact": 0.35,  # s of CPU (user + system, every process) per compact, in batch
}


def cpc() -> list[str]:
    """The installed `cpc` next to this Python, else the checkout's cli.py."""
    script = Path(sys.executable).parent / "cpc"
    return [str(script)] if script.exists() else [sys.executable, str(ROOT / "cli.py")]


def find_pandoc(given: str | None) -> tuple[str | None, str]:
    """A pandoc that writes Typst, and what was found (for the table's notes)."""
    candidates = [given, os.environ.get("PANDOC"), shutil.which("pandoc")]
    for candidate in filter(None, candidates):
        try:
            done = subprocess.run(
                [candidate, "--version"], capture_output=True, text=True, check=True
            )
            formats = subprocess.run(
                [candidate, "--list-output-formats"], capture_output=True, text=True, check=True
            ).stdout.split()
        except (OSError, subprocess.CalledProcessError):
            continue
        version = done.stdout.splitlines()[0]
        if "typst" not in formats:
            return candidate, f"{version} (no Typst writer: needs pandoc ≥ 3.1.2)"
        return candidate, version
    return None, "not installed"


def soffice_version(soffice: str) -> str:
    try:
        done = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=60)
        return done.stdout.strip().split("\n")[0]
    except (OSError, subprocess.SubprocessError):
        return "unknown version"


def pandoc_markdown(folder: Path) -> dict[str, Path]:
    """The Markdown our templates produce for each language, as pandoc reads it: our block
    attribute lines (`{.motto}`) dropped, and front matter reduced to title and language
    (pandoc's Typst template cannot print our other keys)."""
    from cpc_docs.load.compact import load_compact
    from cpc_docs.present.compact import compact_context
    from cpc_docs.templating.jinja import TEMPLATE_ROOT, render_template

    compact, _ = load_compact(COMPACT)
    out = {}
    for lang in LANGS:
        text = render_template("compact.md.j2", lang, compact_context(compact, lang), TEMPLATE_ROOT)
        _, front, body = text.split("---\n", 2)
        title = re.search(r"^title: (.*)$", front, re.M)
        body = re.sub(r"^\{[^}\n]*\}\n", "", body, flags=re.M)
        path = folder / f"civ-2022.{lang}.md"
        path.write_text(f"---\ntitle: {title[1] if title else 'CPC'}\nlang: {lang}\n---\n{body}")
        out[lang] = path
    return out


TYPST_COMPILE = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])"


def boost() -> str:
    """Priority over the machine's other work: nice -15, for this process (inherited by
    what it runs) and for its autogroup, which Linux shares CPU time between sessions by."""
    try:
        os.nice(-15)
        with open("/proc/self/autogroup", "w") as handle:
            handle.write("-15")
    except OSError as exc:
        return f"; --boost failed ({exc.strerror})"
    return "; boosted: nice -15 (process and session)"


def combined(runs: list[Run]) -> Run:
    """Processes run one after the other, counted as one task."""
    return Run(
        wall=sum(r.wall for r in runs),
        cpu=sum(r.cpu for r in runs),
        max_rss_mb=max(r.max_rss_mb for r in runs),
        returncode=max(r.returncode for r in runs),
        stderr="".join(r.stderr for r in runs),
    )


def rendered(command: list[str], out: Path, count: int, pdfs: int = 2) -> Callable[[], Run]:
    """A batch's run, failed (exit 2) unless every compact gave its `pdfs` PDFs: a compact
    the render refuses costs less than one it renders, and would flatter the figure."""

    def job() -> Run:
        done = run(command, cwd=ROOT)
        made = len(list(out.glob("*.pdf"))) if out.is_dir() else 0
        if made < pdfs * count and done.returncode in (0, 1):
            done.returncode = 2
            done.stderr += f"\n{made} PDFs of {pdfs * count}: compacts were not rendered"
        return done

    return job


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed runs of each task")
    parser.add_argument("--count", type=int, default=100, help="compacts in the batch")
    parser.add_argument("--lo-count", type=int, default=200,
                        help="compacts in the batch timed against one soffice converting "
                        "their French DOCX files (0: skip)")  # fmt: skip
    parser.add_argument(
        "--batch-rounds",
        type=int,
        default=2,
        help="timed runs of the two --lo-count batches (at most --rounds)",
    )
    parser.add_argument("--quick", action="store_true", help="skip the batch and check tasks")
    parser.add_argument("--pandoc", help="pandoc executable (default: $PANDOC, then PATH)")
    parser.add_argument("--soffice", default=shutil.which("soffice") or shutil.which("libreoffice"))
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument(
        "--boost", action="store_true",
        help="on a shared machine (root only): raise this benchmark's CPU priority, and its "
        "session's, so that other users' work does not stand in for the cores it measures",
    )  # fmt: skip
    args = parser.parse_args()
    boosted = boost() if args.boost else ""

    work = args.keep or Path(tempfile.mkdtemp(prefix="cpc-bench-render-"))
    work.mkdir(parents=True, exist_ok=True)
    compileall.compile_dir(ROOT / "cpc_docs", quiet=1)  # as installing a wheel does
    pandoc, pandoc_note = find_pandoc(args.pandoc)
    soffice = args.soffice
    tasks: list[tuple[Series, Callable[[], Run], list[str] | None]] = []
    timing = False

    single = work / "single"
    set_command = [*cpc(), "-q", "render", str(COMPACT), "-o", str(single), "--force"]
    ours = Series("cpc render: civ-2022, FR+EN × DOCX+PDF + manifest")
    tasks.append((ours, lambda: run(set_command, cwd=ROOT), set_command))
    # The same with no user cache at all (cpc_docs/cache.py): every template compiled and the
    # translation check run, as on a machine's very first render, or after cpc-docs changed.
    uncached_env = {**os.environ, "CPC_CACHE_DIR": ""}
    uncached = Series("cpc render: the same, no user cache (CPC_CACHE_DIR='')")
    tasks.append((uncached, lambda: run(set_command, cwd=ROOT, env=uncached_env), None))

    lo = None
    if soffice:
        profile = (work / "lo-profile").as_uri()
        lo_out = work / "lo"
        lo_command = [
            soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", str(lo_out), str(single / "civ-2022.fr.docx"),
        ]  # fmt: skip
        lo = Series(f"LibreOffice: our FR DOCX → PDF ({soffice_version(soffice)})")
        tasks.append((lo, lambda: run(lo_command), lo_command))

    pandoc_set = pandoc_docx = pandoc_pdf = None
    if pandoc and "no Typst" not in pandoc_note:
        sources = pandoc_markdown(work)
        out = work / "pandoc"
        out.mkdir(exist_ok=True)

        def docx(lang: str) -> list[str]:
            return [pandoc, str(sources[lang]), "-o", str(out / f"{lang}.docx")]

        def typst(lang: str) -> list[list[str]]:
            typ, pdf = out / f"{lang}.typ", out / f"{lang}.pdf"
            return [
                [pandoc, str(sources[lang]), "-t", "typst", "-s", "-o", str(typ)],
                [sys.executable, "-c", TYPST_COMPILE, str(typ), str(pdf)],
            ]

        pandoc_docx = Series("pandoc: FR Markdown → DOCX")
        pandoc_pdf = Series("pandoc: FR Markdown → Typst → PDF")
        pandoc_set = Series("pandoc: the same four files (FR+EN × DOCX+PDF)")

        def pandoc_round() -> Run:
            runs = {}
            for lang in LANGS:
                runs[f"{lang}.docx"] = run(docx(lang))
                runs[f"{lang}.pdf"] = combined([run(c) for c in typst(lang)])
            if timing:  # not the untimed first run
                pandoc_docx.runs.append(runs["fr.docx"])
                pandoc_pdf.runs.append(runs["fr.pdf"])
            return combined(list(runs.values()))

        tasks.append((pandoc_set, pandoc_round, None))

    batch = check = None
    if not args.quick:
        variants = work / "variants"
        variants.mkdir(exist_ok=True)
        generate(variants, args.count)
        batch_command = [*cpc(), "-q", "render", str(variants), "-o", str(work / "batch")]
        batch_command.append("--force")
        batch = Series(f"cpc render: {args.count} compacts, {4 * args.count} files, all cores")
        tasks.append((batch, rendered(batch_command, work / "batch", args.count), batch_command))
        check_command = [*cpc(), "check", str(variants), "--format", "json"]
        check = Series(f"cpc check: {args.count} compacts")
        tasks.append((check, lambda: run(check_command, cwd=ROOT), check_command))

    ours_lo = lo_batch = ours_fr = None
    heavy: list[Series] = []  # timed in the first --batch-rounds rounds only
    if not args.quick and args.lo_count > 0:
        lo_variants = work / "lo-variants"
        lo_variants.mkdir(exist_ok=True)
        generate(lo_variants, args.lo_count)
        lo_batch_out = work / "lo-batch"
        ours_lo_command = [*cpc(), "-q", "render", str(lo_variants), "-o", str(lo_batch_out)]
        ours_lo_command.append("--force")
        ours_lo = Series(f"cpc render: {args.lo_count} compacts, {4 * args.lo_count} files")
        job = rendered(ours_lo_command, lo_batch_out, args.lo_count)
        tasks.append((ours_lo, job, ours_lo_command))
        heavy.append(ours_lo)
        # What soffice makes of them, no more: one French PDF a compact (for scale only; the
        # target is for the whole set).
        fr_out = work / "lo-batch-fr"
        fr_command = [*cpc(), "-q", "render", str(lo_variants), "-o", str(fr_out), "--force",
                      "--lang", "fr", "--format", "pdf"]  # fmt: skip
        ours_fr = Series(f"cpc render: {args.lo_count} compacts, French PDF only")
        tasks.append((ours_fr, rendered(fr_command, fr_out, args.lo_count, pdfs=1), None))
        heavy.append(ours_fr)
        if soffice:
            lo_pdfs = work / "lo-batch-pdf"

            def lo_batch_command() -> list[str]:
                # Our French DOCX of each compact, written by the untimed first run above.
                docx = sorted(str(p) for p in lo_batch_out.glob("*.fr.docx"))
                return [
                    soffice, f"-env:UserInstallation={(work / 'lo-profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
                    str(lo_pdfs), *docx,
                ]  # fmt: skip

            def lo_batch_run() -> Run:
                shutil.rmtree(lo_pdfs, ignore_errors=True)
                command = lo_batch_command()
                done = run(command)
                made = len(list(lo_pdfs.glob("*.pdf"))) if lo_pdfs.is_dir() else 0
                given = len(command) - command.index(str(lo_pdfs)) - 1
                if done.returncode == 0 and made != given:  # a conversion failed: no figure
                    done.returncode = 2
                    done.stderr += f"\nsoffice wrote {made} PDFs of {given}"
                return done

            lo_batch = Series(f"LibreOffice: {args.lo_count} FR DOCX → PDF, one soffice process")
            tasks.append((lo_batch, lo_batch_run, None))
            heavy.append(lo_batch)

    print(f"machine: {machine()}")
    print(f"python {sys.version.split()[0]}; pandoc: {pandoc_note}; soffice: {soffice or 'none'}")
    print(f"work folder: {work}; {args.rounds} rounds, tasks alternating{boosted}")
    # One untimed run of each: bytecode and template caches as every later run finds them,
    # LibreOffice's profile created, our French DOCX there for it to convert.
    for series, job, _ in tasks:
        first = job()
        if first.returncode not in (0, 1):
            series.note = f"failed (exit {first.returncode}): {first.stderr.strip()[-300:]}"
    timing = True
    for index in range(args.rounds):
        for series, job, _ in tasks:
            if series in heavy and index >= args.batch_rounds:
                continue
            if not series.note:
                series.runs.append(job())
        print(f"  round {index + 1}/{args.rounds} done", file=sys.stderr)
    for series, _, command in tasks:
        if command and series.runs:
            series.tree_peak_mb = tree_peak(command, cwd=ROOT)

    table = [
        ours,
        uncached,
        lo,
        pandoc_docx,
        pandoc_pdf,
        pandoc_set,
        batch,
        check,
        ours_lo,
        ours_fr,
        lo_batch,
    ]
    report([s for s in table if s is not None], ours, lo, pandoc_set, batch, check, uncached)
    batches = [s for s in (batch, ours_lo) if s]
    report_batches(ours_lo, lo_batch, args.lo_count, batches, ours_fr)
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


def report(table, ours, lo, pandoc_set, batch, check, uncached) -> None:  # type: ignore[no-untyped-def]
    width = max(len(s.label) for s in table)
    print()
    heading = f"{'task':<{width}}  {'median':>8}  {'min–max':>15}  {'CPU':>8}  "
    print(heading + f"{'peak RSS':>9}  {'tree peak':>9}  vs ours")
    for series in table:
        if not series.runs:
            print(f"{series.label:<{width}}  {series.note or 'not run'}")
            continue
        walls = [r.wall for r in series.runs]
        ratio = series.median() / ours.median() if ours.runs and series is not ours else None
        tree = f"{series.tree_peak_mb:6.0f} MB" if series.tree_peak_mb else "        –"
        print(
            f"{series.label:<{width}}  {seconds(series.median())}  "
            f"{min(walls):6.3f}–{max(walls):6.3f} s  {seconds(series.median('cpu'))}  "
            f"{max(r.max_rss_mb for r in series.runs):6.0f} MB  {tree}  "
            + (f"×{ratio:.2f}" if ratio and series in (lo, pandoc_set) else "")
        )
        if series.failed:
            print(f"    {len(series.failed)} run(s) failed: {series.failed[0].stderr[-300:]}")
    print()
    print("targets (medians):")

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    if ours.runs:
        t = ours.median()
        print(line("full set, cold process", t, "s", TARGETS["set"], t <= TARGETS["set"]))
        if lo and lo.runs:
            share = t / lo.median()
            print(
                f"  full set vs one LibreOffice conversion: {t:.3f} s / {lo.median():.3f} s = "
                f"×{share:.3f} (target ≤ {TARGETS['lo_ratio']}; "
                f"×{share / TARGETS['lo_ratio']:.2f} of it) — "
                f"{verdict(share <= TARGETS['lo_ratio'])}"
            )
        if lo and lo.runs and uncached.runs:
            share = uncached.median() / lo.median()
            print(
                f"  … with no user cache: {uncached.median():.3f} s = ×{share:.3f} of LibreOffice "
                f"(target ≤ {TARGETS['lo_ratio']}) — {verdict(share <= TARGETS['lo_ratio'])}"
            )
        if pandoc_set and pandoc_set.runs:
            print(f"  pandoc for the same four files takes ×{pandoc_set.median() / t:.2f} ours")
    if batch and batch.runs:
        t = batch.median()
        print(line(batch.label, t, "s", TARGETS["batch"], t < TARGETS["batch"], "<"))
    if check and check.runs:
        t = check.median()
        print(line(check.label, t, "s", TARGETS["check"], t < TARGETS["check"], "<"))
    ours_tasks = [s for s in (ours, batch, check) if s and s.runs]
    peak = max(
        max([r.max_rss_mb for s in ours_tasks for r in s.runs] or [0]),
        max([s.tree_peak_mb or 0 for s in ours_tasks] or [0]),
    )
    print(line("peak memory, any of these", peak, "MB", TARGETS["memory"], peak < 300, "<"))
    print(
        "\npeak RSS: the largest single process (kernel rusage, every timed run); tree peak:"
        "\nall processes of the task together (PSS sampled every 10 ms, one untimed run)."
    )


def line(name: str, value: float, unit: str, target: float, ok: bool, op: str = "≤") -> str:
    """One target: the figure, the target, their ratio and the verdict."""
    return (
        f"  {name}: {value:.3f} {unit} (target {op} {target:g} {unit}; ×{value / target:.2f} "
        f"of it) — {'met' if ok else 'NOT met'}"
    )


def report_batches(
    ours: Series | None,
    lo: Series | None,
    count: int,
    batches: list[Series],
    ours_fr: Series | None = None,
) -> None:
    """The targets of issue 19 for batches: against one soffice converting the same DOCX
    files, CPU per compact, and the memory of all a batch's processes together."""
    if ours is None or not ours.runs:
        return
    print("batches (issue 19), medians:")
    mine = ours.median()
    if lo is not None and lo.runs:
        share = mine / lo.median()
        print(
            f"  {count} compacts (4 files each) vs one soffice converting their {count} FR "
            f"DOCX: {mine:.2f} s / {lo.median():.2f} s = ×{share:.3f} (target ≤ "
            f"{TARGETS['lo_batch_ratio']}; ×{share / TARGETS['lo_batch_ratio']:.2f} of it) — "
            f"{'met' if share <= TARGETS['lo_batch_ratio'] else 'NOT met'}"
        )
        print(f"    LibreOffice: {lo.median() / count:.3f} s a document (wall), "
              f"{lo.median('cpu') / count:.3f} s of CPU")  # fmt: skip
        if ours_fr is not None and ours_fr.runs:
            print(f"    for scale, {ours_fr.label}: {ours_fr.median():.2f} s = "
                  f"×{ours_fr.median() / lo.median():.3f} of soffice")  # fmt: skip
    elif lo is not None:
        print(f"  LibreOffice batch: {lo.note or 'not run'}")
    per = ours.median("cpu") / count
    print(line("CPU per compact (all processes)", per, "s", TARGETS["cpu_per_compact"],
               per <= TARGETS["cpu_per_compact"]))  # fmt: skip
    print(f"    wall per compact {mine / count:.3f} s on {os.cpu_count()} cores")
    for series in batches:
        if series.tree_peak_mb:
            peak = series.tree_peak_mb
            name = f"all processes together, {series.label}"
            print(line(name, peak, "MB", TARGETS["memory"], peak < TARGETS["memory"], "<"))
        largest = max(r.max_rss_mb for r in series.runs) if series.runs else 0
        print(f"    largest single process {largest:.0f} MB (RSS)")


if __name__ == "__main__":
    main()
