"""Does the writer process pay for itself? `cpc render` of one compact, with and without it.

    python benchmarks/bench_writer_process.py [--runs 21] [--tree DIR]

Until issue 14, a render alone forked a "writer process" at start-up (pipeline.py
`writer_process`): it imported markdown-it, Typst and python-docx and typeset a page per
language on the second core while the first process loaded the compact, then built the
document trees and wrote the files. The review measured it slower, not faster. This script
settles it: `cpc render compacts/civ-2022.yaml -o <tmp>` as a fresh process, `--runs` times
with the writer process and as many times without it, the two alternating (the order swapped
every round), so that a busy moment of the machine falls on both. It prints the median and
quartiles of each, the paired differences, and whether every run wrote the same bytes.

The code measured is `--tree`, a source tree that has the writer process (default: this
repository if its pipeline still has one; else a tree made from the commit before its
removal, e.g. `mkdir /tmp/w && git archive e3d82c2 | tar -x -C /tmp/w`). Without the writer
is that same tree with `pipeline.writer_process` replaced, in the measured process, by one
that gives no process: nothing else differs. `--current` also times this repository's render
(the current code) in the same rounds.

It prints figures and never fails on them (see README.md for those measured).
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE)]

from common import Run, machine, run  # noqa: E402

COMPACT = Path("compacts") / "civ-2022.yaml"

# The measured process: `cpc render …` from the tree on PYTHONPATH, its writer process
# switched off when asked. The pipeline is imported first in every variant, so that the
# switch costs the same import in both.
SCRIPT = """
import contextlib, os, sys
import cpc_docs.pipeline as pipeline
if os.environ.get("BENCH_NO_WRITER"):
    pipeline.writer_process = lambda *args, **kwargs: contextlib.nullcontext()
from cpc_docs.cli.main import main
main(["render", *sys.argv[1:]])
"""


@dataclass
class Variant:
    label: str
    tree: Path
    no_writer: bool
    runs: list[Run]
    digests: set[tuple[str, str]]  # (the documents, the manifest) of each run

    def command(self, output: Path) -> list[str]:
        return [sys.executable, "-c", SCRIPT, str(COMPACT), "-q", "-o", str(output)]

    def environment(self) -> dict[str, str]:
        env = {**os.environ, "PYTHONPATH": str(self.tree)}
        env.pop("BENCH_NO_WRITER", None)
        if self.no_writer:
            env["BENCH_NO_WRITER"] = "1"
        return env

    def once(self, scratch: Path) -> Run:
        output = Path(tempfile.mkdtemp(dir=scratch))
        result = run(self.command(output), cwd=self.tree, env=self.environment())
        if result.returncode != 0:
            raise SystemExit(f"{self.label}: cpc render failed:\n{result.stderr}")
        self.digests.add(_digest(output))
        return result


def _digest(folder: Path) -> tuple[str, str]:
    """A hash of the documents written (names and bytes), and one of the manifest (which
    names its inputs by their paths: the same only for the same tree)."""
    documents, manifest = hashlib.sha256(), hashlib.sha256()
    for path in sorted(folder.iterdir()):
        part = manifest if path.name.endswith(".manifest.json") else documents
        part.update(path.name.encode() + b"\0" + path.read_bytes())
    return documents.hexdigest(), manifest.hexdigest()


def _has_writer(tree: Path) -> bool:
    return "def writer_process(" in (tree / "cpc_docs" / "pipeline.py").read_text()


def _quartiles(values: list[float]) -> tuple[float, float, float]:
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, median, q3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each variant (≥ 21)")
    parser.add_argument("--tree", type=Path, default=ROOT, help="a source tree with the writer")
    parser.add_argument("--current", action="store_true", help="time this repository too")
    args = parser.parse_args()
    tree = args.tree.resolve()
    if not _has_writer(tree):
        raise SystemExit(
            f"{tree} has no writer process (pipeline.writer_process): give --tree a tree from "
            "before its removal, e.g. mkdir /tmp/w && git archive e3d82c2 | tar -x -C /tmp/w"
        )
    variants = [
        Variant("writer process", tree, False, [], set()),
        Variant("no writer process", tree, True, [], set()),
    ]
    if args.current and tree != ROOT:
        variants.append(Variant("this repository", ROOT, False, [], set()))
    for folder in {variant.tree for variant in variants}:
        compileall.compile_dir(folder / "cpc_docs", quiet=1)  # as installing a wheel does
    print(f"# {machine()}")
    print(f"# {args.runs} runs each, alternating; tree with the writer: {tree}")
    with tempfile.TemporaryDirectory(prefix="bench-writer-") as scratch:
        for variant in variants:  # untimed: Jinja's template cache, the page cache
            variant.once(Path(scratch))
        for round_ in range(args.runs):
            order = variants if round_ % 2 == 0 else variants[::-1]
            for variant in order:
                variant.runs.append(variant.once(Path(scratch)))
    print(f"{'variant':<20} {'median':>8} {'q1':>8} {'q3':>8} {'min':>8} {'max':>8} {'cpu':>8}")
    for variant in variants:
        walls = [r.wall for r in variant.runs]
        q1, median, q3 = _quartiles(walls)
        cpu = statistics.median(r.cpu for r in variant.runs)
        print(f"{variant.label:<20} {median:8.3f} {q1:8.3f} {q3:8.3f} {min(walls):8.3f} "
              f"{max(walls):8.3f} {cpu:8.3f}")  # fmt: skip
    with_writer, without = variants[0].runs, variants[1].runs
    differences = [a.wall - b.wall for a, b in zip(with_writer, without, strict=True)]
    q1, median, q3 = _quartiles(differences)
    faster = sum(d < 0 for d in differences)
    print(f"writer − no writer, paired by round: median {median:+.3f} s "
          f"(quartiles {q1:+.3f}, {q3:+.3f}); the writer faster in {faster} of "
          f"{len(differences)} rounds")  # fmt: skip
    same_tree = variants[0].digests | variants[1].digests
    print("with and without the writer: " + ("the same bytes in every run (documents and "
          "manifest)" if len(same_tree) == 1 else f"DIFFERENT BYTES: {same_tree}"))  # fmt: skip
    if len(variants) > 2:
        documents = {digest[0] for variant in variants for digest in variant.digests}
        print("this repository: " + ("the same documents" if len(documents) == 1 else
              "OTHER DOCUMENTS than the tree's (its code or templates differ)"))  # fmt: skip


if __name__ == "__main__":
    main()
