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
moves the cache (see cpc_docs/cache.py); an empty value, or a folder that cannot be written
or that others can write, turns it off.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

from cpc_docs import cache as user_cache

_PNG = b"\x89PNG\r\n\x1a\n"
_FOLDER = "charts"


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
    data = user_cache.read(_FOLDER, chart_key, ".png")
    return data if data is not None and data.startswith(_PNG) else None


def put(chart_key: str, data: bytes) -> None:
    """Keep a drawn PNG; a cache that cannot be written is skipped, never an error."""
    user_cache.write(_FOLDER, chart_key, ".png", data)
