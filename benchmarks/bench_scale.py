"""Scale: a compact with 500 activities and 200 indicators, a report with ten years of data.

    python benchmarks/bench_scale.py [--rounds 3] [--activities 500] [--indicators 200]
                                     [--years 10] [--quick]

The inputs are generated (tests/strategies.py: `large_compact`, `large_report`), written as
YAML, and rendered the way a person does, each figure a fresh process (benchmarks/common.py):

- `cpc render`: the compact, FR+EN × DOCX+PDF and the manifest (a five-year term);
- `cpc report render`: a final report for year ten of a ten-year term (five years and a
  five-year extension), a baseline, ten targets and ten values for every indicator and a
  status for every activity, FR+EN × DOCX+PDF: a chart per indicator;
- `cpc validate` of each file alone, and loading the hostile YAML of the tests (an alias bomb,
  150,000 values, 100,000 nested brackets) through `cpc validate`: what a refusal costs.

It prints the median wall time, CPU time (user + system, children included), the peak
resident set of the largest process (kernel rusage) and the peak of the whole process tree
(PSS sampled every 10 ms in one more, untimed run), against the target of the hostile-input
issue: peak memory under 500 MB. It also checks the outputs read back whole (every activity
and indicator marker in each DOCX and PDF) and says so; it prints figures and never fails on
them: timing belongs here, not in the tests (tests/test_hostile_scale.py checks correctness on
the same generators).
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(Path(__file__).resolve().parent)]

from common import Series, run, tree_peak  # noqa: E402
from strategies import large_compact, large_report  # noqa: E402

CPC = Path(sys.executable).with_name("cpc")
TARGET_MB = 500


def write_yaml(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def hostile_files(folder: Path) -> dict[str, Path]:
    """The refusals of tests/test_hostile_yaml.py, as files."""
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    bomb += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    files = {
        "alias bomb": "\n".join(bomb) + "\n",
        "150,000 values": "x: [" + ", ".join(["1"] * 150_000) + "]\n",
        "100,000 nested [": "x: " + "[" * 100_000 + "]" * 100_000 + "\n",
    }
    out = {}
    for name, text in files.items():
        path = folder / (re.sub(r"\W+", "-", name).strip("-") + ".yaml")
        path.write_text(text, encoding="utf-8")
        out[name] = path
    return out


def markers_everywhere(folder: Path, activities: int, indicators: int) -> str:
    """Whether every DOCX and PDF in `folder` holds every activity and indicator marker."""
    from docx import Document
    from pypdf import PdfReader

    wanted = {f"A{n:04d}" for n in range(1, activities + 1)}
    wanted |= {f"I{n:04d}" for n in range(1, indicators + 1)}
    verdicts = []
    for path in sorted(folder.glob("*.docx")) + sorted(folder.glob("*.pdf")):
        if path.suffix == ".docx":
            document = Document(io.BytesIO(path.read_bytes()))
            text = "\n".join(p.text for p in document.paragraphs)
            text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        else:
            text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
        missing = wanted - set(re.findall(r"\b[AI]\d{4}\b", text))
        verdicts.append(f"{path.name}: {'whole' if not missing else f'{len(missing)} missing'}")
    return "; ".join(verdicts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--activities", type=int, default=500)
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="one round, a fifth of the size")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.activities, args.indicators = (
            1,
            args.activities // 5,
            args.indicators // 5,
        )

    folder = Path(tempfile.mkdtemp(prefix="cpc-bench-scale-"))
    try:
        compact = write_yaml(folder / "large.yaml", large_compact(args.activities, args.indicators))
        term = large_compact(args.activities, args.indicators, years=args.years)
        report_data = large_report(term, years=args.years)
        term_file = write_yaml(folder / "large-term.yaml", term)
        report = write_yaml(folder / "large-report.yaml", report_data)
        sizes = {p.name: p.stat().st_size for p in (compact, term_file, report)}
        shown = ", ".join(f"{name} {size / 1024:.0f} KB" for name, size in sizes.items())
        print(f"inputs: {args.activities} activities, {args.indicators} indicators, "
              f"{args.years} years of data; {shown}")  # fmt: skip

        out_compact, out_report = folder / "out-compact", folder / "out-report"
        tasks = {
            "validate compact": [CPC, "-q", "validate", compact],
            "render compact (FR+EN × DOCX+PDF)": [CPC, "-q", "render", compact, "-o", out_compact],
            "render report (FR+EN × DOCX+PDF)": [
                CPC, "-q", "report", "render", report, "--compact", term_file, "-o", out_report,
            ],
        }  # fmt: skip
        for name, path in hostile_files(folder).items():
            tasks[f"refuse {name}"] = [CPC, "-q", "validate", path]

        for command in tasks.values():  # once untimed: bytecode, template cache
            run(command)
        series = {name: Series(name) for name in tasks}
        for _ in range(args.rounds):
            for name, command in tasks.items():
                series[name].runs.append(run(command))

        # The whole tree too: a report's PDFs are typeset in child processes.
        trees = {name: tree_peak(command) for name, command in tasks.items()}

        width = max(map(len, tasks))
        print(f"\n{'task':<{width}}  {'wall s':>7}  {'CPU s':>7}  {'peak MB':>8}  "
              f"{'tree MB':>8}  exit")  # fmt: skip
        for name, s in series.items():
            peak = max(r.max_rss_mb for r in s.runs)
            tree = trees[name]
            codes = sorted({r.returncode for r in s.runs})
            flag = "" if max(peak, tree or 0) < TARGET_MB else f"  over {TARGET_MB} MB"
            shown = f"{tree:>8.0f}" if tree is not None else f"{'-':>8}"
            print(f"{name:<{width}}  {s.median():>7.2f}  {s.median('cpu'):>7.2f}  "
                  f"{peak:>8.0f}  {shown}  {codes}{flag}")  # fmt: skip
            if any(code not in (0, 1) for code in codes):
                print(f"    {s.runs[-1].stderr.strip()[-300:]}")
        print(f"\npeak memory target: < {TARGET_MB} MB for every task")
        print("compact outputs:", markers_everywhere(out_compact, args.activities, args.indicators))
        print("report outputs:", markers_everywhere(out_report, args.activities, args.indicators))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
