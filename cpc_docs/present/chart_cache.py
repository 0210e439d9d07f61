"""A per-user cache of drawn charts, by what their bytes depend on.

Why: matplotlib takes ~70 ms a chart however it is driven (laying out and rasterising its
texts is most of it), so a ten-year report of 200 indicators spends ~30 s of CPU on ~420
charts, and the worked example two thirds of its time. A report is rendered again and again
while it is written, and most of its charts do not change between two renders: a chart
already drawn is read back (~0.1 ms) instead of drawn again.

The key is a SHA-256 of everything the PNG's bytes come from: the chart's inputs as the
report gives them (its language, series, words; `key`), the drawing code (charts.py and this
file) and the versions of matplotlib, Pillow, NumPy and Babel. The same inputs give the same
bytes whether drawn or read back, so the documents are the same either way. `CPC_CACHE_DIR`
moves the cache (beside Jinja's, templating/jinja.py); an empty value, or a folder that
cannot be written or that others can write, turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from functools import cache
from importlib import metadata
from pathlib import Path

_PNG = b"\x89PNG\r\n\x1a\n"


@cache
def folder() -> Path | None:
    """The cache's folder, made if need be, or None: off, or not safe to read."""
    base = os.environ.get("CPC_CACHE_DIR")
    if base is None:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        base = os.path.join(xdg, "cpc-docs")
    if not base:
        return None
    path = Path(base, "charts")
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.stat()
    except OSError:
        return None
    # A chart read from a folder others can write would put their picture in a signed report:
    # use it only if it is ours and closed to others (mkdir's mode does not apply to a folder
    # that already exists).
    if info.st_mode & 0o022 or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        return None
    return path


@cache
def _code() -> bytes:
    """The drawing code and the libraries whose versions can change a chart's pixels or bytes."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in ("charts.py", "chart_cache.py"):
        digest.update((here / name).read_bytes())
    for package in ("matplotlib", "pillow", "numpy", "babel"):
        try:
            digest.update(f"{package} {metadata.version(package)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package} -\n".encode())
    return digest.digest()


def key(*parts: object) -> str:
    """The key of a chart drawn from `parts` (plain values whose repr says all of them)."""
    return hashlib.sha256(_code() + repr(parts).encode("utf-8")).hexdigest()


def get(chart_key: str) -> bytes | None:
    """The PNG drawn before for `chart_key`, or None."""
    where = folder()
    if where is None:
        return None
    try:
        data = (where / f"{chart_key}.png").read_bytes()
    except OSError:
        return None
    return data if data.startswith(_PNG) else None


def put(chart_key: str, data: bytes) -> None:
    """Keep a drawn PNG; a cache that cannot be written is skipped, never an error."""
    where = folder()
    if where is None:
        return
    target = where / f"{chart_key}.png"
    partial = where / f".{chart_key}.{os.getpid()}.tmp"
    with contextlib.suppress(OSError):
        partial.write_bytes(data)
        os.replace(partial, target)  # whole or absent, even with renders side by side
    with contextlib.suppress(OSError):
        partial.unlink(missing_ok=True)
