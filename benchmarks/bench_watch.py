"""Save → refreshed outputs with `cpc watch` (issue 19: ≤ 0.2 s for one language's PDF, ≤ 0.3 s
for the four files, median, on the reference compact).

    python benchmarks/bench_watch.py [--saves 21] [--profile]

The same code path as the command: `cpc_docs.watch.watch` (watchfiles, the debounce, the
warm session, `pipeline.render_job`) runs in a thread of this process on a copy of
compacts/civ-2022.yaml in a temporary folder, and reports each refresh to a callback, as it
does to the CLI's printer. The main thread saves the file as an editor does (the whole file
rewritten in place) with one word of a French paragraph changed ("intensifier" ↔
"amplifier": Typst lays that paragraph out again, the check compares that pair again), then
waits for the callback. A save's latency is from just before the write to the callback,
after every file and the manifest are written: the file system's notification, the
debounce (cpc_docs.watch.STEP_MS), the render and the writes. Each refresh is checked: it
rendered, and the new PDF holds the new word. Two untimed saves warm up first; saves are
0.3 s apart, so no two merge.

For scale it also times a fresh `cpc render` of the same outputs (a new process, 3 runs).
`--profile` prints where a warm refresh's time goes (cProfile, 10 refreshes).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cpc_docs.pipeline import RenderJob  # noqa: E402
from cpc_docs.watch import STEP_MS, Refresh, Session, watch  # noqa: E402

COMPACT = ROOT / "compacts" / "civ-2022.yaml"
SENTENCE = "Le présent Partenariat CPC vise à renforcer et à {} les efforts"
WORDS = ("intensifier", "amplifier")
CASES = {
    "one language's PDF (--lang fr --format pdf)": (("fr",), ("pdf",)),
    "the four files (fr, en × DOCX, PDF)": ((), ("docx", "pdf")),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--saves", type=int, default=21, help="timed saves per case")
    parser.add_argument("--profile", action="store_true", help="cProfile of warm refreshes")
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {platform.node()}, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.2f}, Python {platform.python_version()}, "
          f"debounce step {STEP_MS} ms")  # fmt: skip
    for label, (langs, formats) in CASES.items():
        with tempfile.TemporaryDirectory(prefix="cpc-bench-watch-") as tmp:
            latencies, renders = _saves(Path(tmp), langs, formats, args.saves)
            cold = _cold(Path(tmp), langs, formats)
        print(f"\n{label}: {len(latencies)} saves")
        print(f"  save → refreshed: median {_ms(statistics.median(latencies))}, "
              f"q1–q3 {_quartiles(latencies)}, min–max {_ms(min(latencies))}–"
              f"{_ms(max(latencies))}")  # fmt: skip
        print(f"  of which the render (refresh.seconds): median {_ms(statistics.median(renders))}")
        print(f"  a fresh `cpc render` of the same files: median {_ms(statistics.median(cold))}")
    if args.profile:
        _profile()


def _saves(
    folder: Path, langs: tuple[str, ...], formats: tuple[str, ...], saves: int
) -> tuple[list[float], list[float]]:
    compact = folder / COMPACT.name
    shutil.copyfile(COMPACT, compact)
    text = compact.read_text(encoding="utf-8")
    assert SENTENCE.format(WORDS[0]) in text, "the sentence edited is no longer in the compact"
    job = RenderJob(compact, folder / "out", langs, formats)
    done: queue.Queue[tuple[float, Refresh]] = queue.Queue()
    stop = threading.Event()
    watcher = threading.Thread(
        target=watch,
        args=(Session([job]), lambda refresh: done.put((time.perf_counter(), refresh)), stop),
        daemon=True,
    )
    watcher.start()
    _check(done.get(timeout=60)[1], WORDS[0], folder, langs, formats)
    latencies, renders = [], []
    for i in range(saves + 2):
        word = WORDS[(i + 1) % 2]
        time.sleep(0.3)
        started = time.perf_counter()
        compact.write_text(text.replace(SENTENCE.format(WORDS[0]), SENTENCE.format(word)),
                           encoding="utf-8")  # fmt: skip
        finished, refresh = done.get(timeout=30)
        while compact.resolve() not in refresh.changed:  # another file's change (a template)
            finished, refresh = done.get(timeout=30)
        _check(refresh, word, folder, langs, formats)
        if i >= 2:
            latencies.append(finished - started)
            renders.append(refresh.seconds)
    stop.set()
    watcher.join(timeout=5)
    return latencies, renders


def _check(
    refresh: Refresh, word: str, folder: Path, langs: tuple[str, ...], formats: tuple[str, ...]
) -> None:
    """The refresh rendered, and the French PDF says the new word (when there is one)."""
    result = refresh.results[0]
    assert result.ok, result.errors
    if "pdf" in formats:
        from pypdf import PdfReader

        pdf = next(p for p in result.outputs if p.name.endswith(".fr.pdf"))
        text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
        if word not in re.sub(r"[-\u00ad]\s+", "", text):  # a word hyphenated at a line's end
            raise AssertionError(f"{pdf} does not say {word!r} after the save {refresh}")


def _cold(folder: Path, langs: tuple[str, ...], formats: tuple[str, ...]) -> list[float]:
    cpc = Path(sys.executable).with_name("cpc")
    command = [str(cpc), "-q", "render", str(folder / COMPACT.name), "-o", str(folder / "cold")]
    for lang in langs:
        command += ["--lang", lang]
    for fmt in formats:
        command += ["--format", fmt]
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times


def _profile() -> None:
    """Where the time of a warm refresh goes: 10 refreshes of one changed word, one PDF."""
    with tempfile.TemporaryDirectory(prefix="cpc-bench-watch-") as tmp:
        compact = Path(tmp) / COMPACT.name
        shutil.copyfile(COMPACT, compact)
        text = compact.read_text(encoding="utf-8")
        session = Session([RenderJob(compact, Path(tmp) / "out", ("fr",), ("pdf",))])
        session.refresh()
        profiler = cProfile.Profile()
        for i in range(10):
            word = WORDS[(i + 1) % 2]
            compact.write_text(text.replace(SENTENCE.format(WORDS[0]), SENTENCE.format(word)),
                               encoding="utf-8")  # fmt: skip
            profiler.enable()
            session.refresh([compact])
            profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
    print("\n" + out.getvalue())


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _quartiles(values: list[float]) -> str:
    q1, _, q3 = statistics.quantiles(values, n=4)
    return f"{_ms(q1)}–{_ms(q3)}"


if __name__ == "__main__":
    main()
