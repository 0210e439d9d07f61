"""How long an annual report takes to render, against the targets of issue 19 (`make bench`).

    python benchmarks/bench_report.py [--rounds 5] [--indicators 200] [--years 10] [--quick]

Two reports, each figure a fresh `cpc report render` process (benchmarks/common.py), the two
alternating within each round so that a busy moment of the machine falls on both:

- the worked example, reports/civ-2022-2024.yaml on compacts/civ-2022.yaml: FR+EN ×
  DOCX+PDF, a chart per indicator with data and one of each objective's activity statuses;
  target ≤ 2 s;
- a generated final report for year ten of a ten-year term (tests/strategies.py
  `large_compact` and `large_report`, the generators tests/test_hostile_scale.py checks):
  200 indicators with a baseline, ten targets and ten values each, 500 activities with a
  status each, FR+EN × DOCX+PDF (~420 charts); target ≤ 10 s.

Each report is timed twice over: "charts cached", as every render after the first one of the
same data (cpc_docs/present/chart_cache.py reads back a chart drawn before from the same
inputs), and "charts drawn", with the chart cache emptied before each run (the first render
of a report, or of a report whose every value changed). The benchmark has a cache folder of
its own (`CPC_CACHE_DIR`). Before timing, the package's bytecode is compiled (as installing a
wheel does) and each command runs once untimed (Jinja's template cache, the charts).

It prints the median, min–max, CPU time (user + system, children included),
the peak resident set of the largest process (every timed run) and the peak of the whole
process tree (PSS, one more, untimed run), the ratio to the target and a verdict. It prints
figures and never fails on them.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "tests")]

from common import Run, Series, machine, run, seconds, tree_peak  # noqa: E402
from strategies import large_compact, large_report  # noqa: E402

CPC = Path(sys.executable).with_name("cpc")
EXAMPLE = ROOT / "reports" / "civ-2022-2024.yaml"
EXAMPLE_TARGET, LARGE_TARGET = 2.0, 10.0  # seconds, the median of fresh processes


def write_yaml(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--activities", type=int, default=500)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="a fifth of the size")
    args = parser.parse_args()
    if args.quick:
        args.indicators, args.activities = args.indicators // 5, 100

    folder = Path(tempfile.mkdtemp(prefix="cpc-bench-report-"))
    try:
        term = large_compact(args.activities, args.indicators, years=args.years)
        term_file = write_yaml(folder / "large-term.yaml", term)
        large = write_yaml(folder / "large-report.yaml", large_report(term, years=args.years))
        big = f"ten years, {args.indicators} indicators"
        commands = {
            "worked example": [CPC, "-q", "report", "render", EXAMPLE, "-o", folder / "ex"],
            big: [
                CPC, "-q", "report", "render", large, "--compact", term_file,
                "-o", folder / "large",
            ],
        }  # fmt: skip
        tasks = {f"{name}, {how}": command for name, command in commands.items()
                 for how in ("charts drawn", "charts cached")}  # fmt: skip
        targets = {name: EXAMPLE_TARGET if name.startswith("worked") else LARGE_TARGET
                   for name in tasks}  # fmt: skip
        cache = folder / "cache"
        env = {**os.environ, "CPC_CACHE_DIR": str(cache)}

        def timed(name: str) -> Run:
            if name.endswith("drawn"):
                shutil.rmtree(cache / "charts", ignore_errors=True)
            return run(tasks[name], cwd=ROOT, env=env)

        print(f"machine: {machine()}")
        print(f"inputs: {args.indicators} indicators, {args.activities} activities, "
              f"{args.years} years; {args.rounds} rounds, alternating")  # fmt: skip

        compileall.compile_dir(ROOT / "cpc_docs", quiet=1)  # as installing a wheel does
        for command in commands.values():  # once, untimed: bytecode, template cache, charts
            run(command, cwd=ROOT, env=env)
        series = {name: Series(name) for name in tasks}
        for _ in range(args.rounds):
            for name in tasks:  # each report drawn, then cached: its drawn run fills the cache
                series[name].runs.append(timed(name))
        trees = {}
        for name, command in tasks.items():
            if name.endswith("drawn"):
                shutil.rmtree(cache / "charts", ignore_errors=True)
            trees[name] = tree_peak(command, cwd=ROOT, env=env)

        width = max(map(len, tasks))
        print(f"\n{'report':<{width}}  {'median':>8}  {'min–max':>15}  {'CPU':>8}  "
              f"{'target':>7}  {'ratio':>5}  verdict  {'peak MB':>7}  {'tree MB':>7}")  # fmt: skip
        for name, s in series.items():
            walls = [r.wall for r in s.runs]
            median, target = s.median(), targets[name]
            peak = max(r.max_rss_mb for r in s.runs)
            tree = trees[name]
            tree_shown = f"{tree:>7.0f}" if tree is not None else f"{'-':>7}"
            verdict = "met" if median <= target else "missed"
            print(f"{name:<{width}}  {seconds(median)}  {min(walls):6.2f}–{max(walls):<6.2f} s  "
                  f"{seconds(s.median('cpu'))}  {target:>5.1f} s  {median / target:>5.2f}  "
                  f"{verdict:<7}  {peak:>7.0f}  {tree_shown}")  # fmt: skip
            for failed in s.failed:
                print(f"    exit {failed.returncode}: {failed.stderr.strip()[-300:]}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
