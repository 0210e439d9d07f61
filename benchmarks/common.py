"""What the benchmarks share: timing a command as a fresh process, its peak memory, medians.

Each measurement is one new process, so every figure includes interpreter start-up and
imports, as a person typing the command pays them. Wall time comes from the clock around
`Popen` … `wait4`; CPU time and the peak resident set of the largest process of the tree
come from the kernel (`wait4`'s rusage: a child's own, plus that of the descendants it waited
for). The peak of the whole process tree (a batch's workers together) is sampled in a
separate, untimed run (`tree_peak`), so that sampling never slows a timed one.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds, the process and its waited-for descendants
    max_rss_mb: float  # the largest single process of the tree
    returncode: int
    stderr: str = ""


@dataclass
class Series:
    """The runs of one task, in the order they were made."""

    label: str
    runs: list[Run] = field(default_factory=list)
    tree_peak_mb: float | None = None  # sampled, all processes of the tree together
    note: str = ""

    def median(self, attribute: str = "wall") -> float:
        return statistics.median(getattr(run, attribute) for run in self.runs)

    @property
    def failed(self) -> list[Run]:
        return [run for run in self.runs if run.returncode not in (0, 1)]


def run(command: Sequence[str | Path], cwd: Path | None = None, env: dict | None = None) -> Run:
    """Run `command` as a new process; its wall time, CPU time and peak memory."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    # Read stderr in a thread: a full pipe would block the child and inflate its time.
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.append(process.stderr.read()), daemon=True)
    reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / 1024,  # Linux reports kilobytes
        returncode=process.returncode,
        stderr=b"".join(chunks).decode("utf-8", "replace")[-2000:],
    )


def _descendants(pid: int) -> list[int]:
    """`pid` and every process below it (Linux /proc), best effort."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    queue.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return found


def _pss_kb(pid: int) -> int:
    """Proportional set size: pages shared by forked workers are counted once in a sum."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_peak(
    command: Sequence[str | Path], cwd: Path | None = None, env: dict | None = None
) -> float | None:
    """Peak total memory (PSS, MB) of the command's process tree, sampled every 10 ms.

    None where /proc has no smaps_rollup (not Linux). Untimed: sampling costs CPU.
    """
    if not Path(f"/proc/{os.getpid()}/smaps_rollup").exists():
        return None
    process = subprocess.Popen(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_pss_kb(pid) for pid in _descendants(process.pid)))
        time.sleep(0.01)
    return peak / 1024


def machine() -> str:
    """Cores, CPU model and load, for the table's heading."""
    model = ""
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores ({model or 'unknown CPU'}), load average {load}"


def seconds(value: float) -> str:
    return f"{value:6.3f} s" if value < 10 else f"{value:6.2f} s"
