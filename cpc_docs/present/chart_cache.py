"""A per-user cache of drawn charts, by what their bytes depend on.

Why: a ten-year report of 200 indicators has ~420 charts. Typst draws one in ~6 ms (charts.py),
but a report is rendered again and again while it is written, and most of its charts do not
change between two renders: a chart already drawn is read back (~0.1 ms) instead of drawn
again, and a render whose charts are all known starts no drawing process at all.

The key is a SHA-256 of everything the PNG's bytes come from: the chart's inputs as the
report gives them (its language, series, words; `key`), the drawing code (charts.py,
charts.typ and this file), the shipped fonts, and the versions of Typst and Babel. The same
inputs give the same bytes whether drawn or read back, so the documents are the same either
way. `CPC_CACHE_DIR` moves the cache (see cpc_docs/cache.py); an empty value, or a folder
that cannot be written or that others can write, turns it off.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

from cpc_docs import cache as user_cache
from cpc_docs.shipped import FONTS

_PNG = b"\x89PNG\r\n\x1a\n"
_FOLDER = "charts"


@cache
def _code() -> bytes:
    """What can change a chart's pixels or bytes besides its inputs: the layout (charts.py),
    the template that places it (charts.typ), this file, the fonts it is drawn with, and the
    versions of Typst (which draws it) and Babel (which formats its numbers); and, as every
    cache of cpc-docs, all its code and data (`cache.installed_code`): the numbers a chart
    prints are formatted by present/report.py with the patterns of `templates/<lang>/report.yaml`,
    which the chart's own inputs do not show."""
    digest = hashlib.sha256(user_cache.installed_code())
    here = Path(__file__).parent
    for name in ("charts.py", "charts.typ", "chart_cache.py"):
        digest.update((here / name).read_bytes())
    for font in sorted(FONTS.glob("*.ttf")):
        digest.update(font.name.encode() + hashlib.sha256(font.read_bytes()).digest())
    for package in ("typst", "babel"):
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
