"""The per-user cache: work done once and read back, by a key of everything it depends on.

Three things are kept there, each in a folder of its own under `~/.cache/cpc-docs`
(`$XDG_CACHE_HOME/cpc-docs`; `CPC_CACHE_DIR` moves it, an empty value turns it off):

- `jinja-…/`: the compiled templates (templating/jinja.py), ~50 ms a language;
- `charts/`: the PNG of each report chart (present/chart_cache.py), ~6 ms a chart;
- `gate/`: the verdict of the render's translation check on a compact file (checks/gate.py),
  ~0.15 s a compact.

Each entry is named by a SHA-256 of its inputs, so the same inputs give the same result
whether it was computed or read back, and an entry is never wrong, only unused. Entries are
written whole (a temporary file renamed), so renders side by side never read half of one.

A folder that others can write is not used: what is read from it goes into signed documents
(a chart, a verdict that a compact is concordant) or is run (Jinja's bytecode).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from functools import cache
from pathlib import Path

from cpc_docs.shipped import PACKAGE_DIR, TEMPLATE_ROOT


def base() -> str | None:
    """The cache's root (not made yet), or None when it is turned off."""
    where = os.environ.get("CPC_CACHE_DIR")
    if where is None:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        where = os.path.join(xdg, "cpc-docs")
    return where or None


def folder(name: str) -> Path | None:
    """`<root>/<name>`, made if need be, or None: turned off, cannot be made, or not safe
    (not ours, or others can write it; mkdir's mode does not apply to a folder that exists).
    Looked at on every use (~20 µs): a folder opened to others meanwhile is not used."""
    root = base()
    if root is None:
        return None
    path = Path(root, name)
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.stat()
    except OSError:
        return None
    if info.st_mode & 0o022 or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        return None
    return path


def read(name: str, key: str, suffix: str) -> bytes | None:
    """The entry `key` of folder `name`, or None when there is none (or no cache)."""
    where = folder(name)
    if where is None:
        return None
    try:
        return (where / f"{key}{suffix}").read_bytes()
    except OSError:
        return None


def write(name: str, key: str, suffix: str, data: bytes) -> None:
    """Keep an entry; a cache that cannot be written is skipped, never an error."""
    where = folder(name)
    if where is None:
        return
    target = where / f"{key}{suffix}"
    partial = where / f".{key}.{os.getpid()}.tmp"
    with contextlib.suppress(OSError):
        partial.write_bytes(data)
        os.replace(partial, target)  # whole or absent, even with renders side by side
    with contextlib.suppress(OSError):
        partial.unlink(missing_ok=True)


@cache
def installed_code() -> bytes:
    """A digest of the code and data that cpc-docs runs with: every file of the package and
    of its shipped templates (path, size, modification time, as Python's own bytecode cache
    tells a changed source), the installed distributions with their versions (the names of
    their `*.dist-info` folders), and Python's version. Any change to any of them gives another
    digest, so a cached result is never one of other code. ~2 ms: no file is read."""
    entries: list[str] = [sys.version]
    roots = [PACKAGE_DIR]
    if not TEMPLATE_ROOT.is_relative_to(PACKAGE_DIR):
        roots.append(TEMPLATE_ROOT)
    for root in roots:
        entries += _files(root)
    for entry in sys.path:
        if entry.endswith(("site-packages", "dist-packages")) and os.path.isdir(entry):
            with contextlib.suppress(OSError):
                entries += sorted(n for n in os.listdir(entry) if n.endswith(".dist-info"))
    return hashlib.sha256("\n".join(entries).encode("utf-8", "surrogateescape")).digest()


def _files(root: Path) -> list[str]:
    found: list[str] = []
    folders = [str(root)]
    while folders:
        folder = folders.pop()
        try:
            listing = list(os.scandir(folder))
        except OSError as exc:  # said in the digest: a folder that cannot be read
            found.append(f"{folder}\0{exc.errno}")
            continue
        for entry in listing:
            if entry.name == "__pycache__" or entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
                continue
            try:
                info = entry.stat()
            except OSError as exc:  # a broken link: itself an entry, the others still listed
                found.append(f"{entry.path}\0{exc.errno}")
                continue
            found.append(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}")
    return sorted(found)
