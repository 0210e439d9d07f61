"""How long `cpc check` takes on 100 compacts (the target: under two seconds).

    python benchmarks/bench_check.py [--count 100] [--keep DIR]

Generates `count` variants of compacts/civ-2022.yaml (or of the test fixture when the compact
is not there) in a temporary folder and times the check in-process (one process, then the
default parallel run) and as a subprocess (`python -m cpc_docs.cli.check DIR --format json`), the
way CI runs it. Variants are realistic, not copies: each names one of ten countries, has its
own id and signature date, and the first activity of each objective of its own in both
languages, so the pair cache sees what it would see in a folder of real compacts (shared
clauses, different specifics). `--distinct` makes every text of every compact different: the
worst case.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCES = [
    ROOT / "compacts" / "civ-2022.yaml",
    ROOT / "tests" / "fixtures" / "checks" / "compact.yaml",
]
COUNTRIES = ["Côte d'Ivoire", "Ghana", "Mali", "Niger", "Togo", "Gabon", "Burkina Faso",
             "Madagascar", "Djibouti", "Haïti"]  # fmt: skip


def source() -> Path:
    for path in SOURCES:
        if path.is_file():
            return path
    raise SystemExit("no compact to copy: neither compacts/civ-2022.yaml nor the fixture exists")


_FOLDED = re.compile(r"^([ \t]+)(fr|en): >-\n", re.M)
_FIRST_ACTIVITY = re.compile(r"- id: [\w.-]*a0?1\n")


def _code(i: int) -> str:
    """A number written in letters ("bd"), so that a mark on one side only is no number."""
    letters = ""
    while True:
        i, digit = divmod(i, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
        if not i:
            return letters


def _mark(text: str, i: int, start: int = 0, count: int = 2) -> str:
    """Put "Variante bd :" / "Variant bd:" at the head of the next `count` folded texts."""
    for _ in range(count):
        m = _FOLDED.search(text, start)
        if not m:
            break
        indent, lang = m.group(1), m.group(2)
        words = f"Variante {_code(i)} :" if lang == "fr" else f"Variant {_code(i)}:"
        line = f"{indent}  {words}\n"
        text = text[: m.end()] + line + text[m.end() :]
        start = m.end() + len(line)
    return text


def variant(text: str, i: int, distinct: bool = False) -> str:
    """A compact of its own, formatted as the source (the YAML is edited as text)."""
    # Also where a folded line breaks the name ("Côte\n      d'Ivoire"): else the French
    # and the English name different countries and the render's translation check refuses.
    text = re.sub(r"Côte(\s+)d'Ivoire", COUNTRIES[i % len(COUNTRIES)], text)
    text = re.sub(r"^id: .*$", f"id: variant-{i:03d}", text, count=1, flags=re.M)
    text = re.sub(r"^(\s+date: )\d{4}-\d{2}-\d{2}", rf"\g<1>20{22 + i % 3}-0{1 + i % 9}-1{i % 9}",
                  text, flags=re.M)  # fmt: skip
    if distinct:
        return _mark(text, i, 0, count=10_000)
    positions = [m.end() for m in _FIRST_ACTIVITY.finditer(text)]
    for position in reversed(positions):
        text = text[:position] + _mark(text[position:], i)
    return text


def generate(folder: Path, count: int, distinct: bool = False) -> Path:
    text = source().read_text(encoding="utf-8")
    for i in range(count):
        (folder / f"variant-{i:03d}.yaml").write_text(variant(text, i, distinct), encoding="utf-8")
    return folder


def _cpu() -> float:
    """CPU seconds of this process and of its finished children: unlike the wall clock, not
    inflated by other work on a shared machine."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(label: str, func) -> float:  # type: ignore[no-untyped-def]
    start, cpu = time.perf_counter(), _cpu()
    result = func()
    elapsed, used = time.perf_counter() - start, _cpu() - cpu
    print(f"{label:<40} wall {elapsed:5.2f} s  cpu {used:5.2f} s   {result}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument(
        "--distinct", action="store_true",
        help="make every text of every compact different (the worst case: no pair repeats)",
    )  # fmt: skip
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="cpc-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        generate(folder, args.count, args.distinct)
        glossary = ROOT / "glossary.yaml"
        gloss = str(glossary) if glossary.is_file() else None
        print(f"{args.count} compacts from {source().relative_to(ROOT)} in {folder}")
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")

        from cpc_docs.checks import check_paths

        def run(jobs: int | None) -> str:
            report = check_paths([folder], glossary=gloss, jobs=jobs)
            return str(report.summary)

        timed("in-process, one process", lambda: run(1))
        timed("in-process, parallel (default)", lambda: run(None))
        command = [sys.executable, "-m", "cpc_docs.cli.check", str(folder), "--format", "json"]
        command += ["--glossary", gloss] if gloss else ["--no-glossary"]

        def subprocess_run() -> str:
            done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
            summary = json.loads(done.stdout)["summary"] if done.stdout else done.stderr[-200:]
            return f"exit {done.returncode} {summary}"

        elapsed = timed("subprocess: python -m cpc_docs.cli.check", subprocess_run)
        verdict = "met" if elapsed < 2 else "NOT met"
        print(f"target: the subprocess under 2.00 s (wall clock) — {verdict}")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
