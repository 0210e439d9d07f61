"""Golden text: each shipped compact, in each of its languages, through the text writer.

The text writer lists the words a reader reads, in order, so a checked-in copy of its output
(tests/golden/<id>.<lang>.txt) shows any change to the wording of the instruments — a clause,
a formula, a number, an ordering — as a reviewable diff, not only the changes that some
targeted assertion happens to cover. A difference fails with the first lines of a unified
diff; when the change is intended, `pytest --update-golden tests/test_golden_text.py` (or
CPC_UPDATE_GOLDEN=1) rewrites the files, to be read in `git diff` and committed.
"""

from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path

import pytest
from conftest import ROOT

from cpc_docs.load.compact import load_compact
from cpc_docs.model.compact import Compact
from cpc_docs.pipeline import compact_document
from cpc_docs.settings import RenderSettings
from cpc_docs.writers import write

_HERE = Path(__file__).resolve()
GOLDEN = _HERE.parent / "golden"
SETTINGS = RenderSettings(date_epoch=1670414400)
DIFF_LINES = 40  # of the unified diff shown on a failure; the rest is counted, not printed

# (compact id, language): every shipped compact in every language it is written in.
CASES = [
    ("civ-2022", "fr"),
    ("civ-2022", "en"),
    ("per-2017", "es"),
    ("per-2017", "en"),
    ("mng-2020", "en"),
    ("col-2022", "es"),
    ("col-2022", "en"),
    ("phl-2017", "en"),
    ("jam-2018", "en"),
]


@cache
def _compact(compact_id: str) -> Compact:
    compact, _ = load_compact(ROOT / "compacts" / f"{compact_id}.yaml")
    return compact


def _diff(expected: str, actual: str, golden: Path) -> str:
    """The first DIFF_LINES lines of a unified diff from the golden file to today's text."""
    lines = list(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=str(golden.relative_to(ROOT)),
            tofile="text writer today",
            n=2,
        )
    )
    shown = "".join(lines[:DIFF_LINES])
    if len(lines) > DIFF_LINES:
        shown += f"... {len(lines) - DIFF_LINES} more diff lines\n"
    return shown


def test_every_shipped_compact_language_has_a_case() -> None:
    """A compact or a language added to compacts/ gets its golden file, not silence."""
    shipped = {
        (path.stem, lang)
        for path in sorted((ROOT / "compacts").glob("*.yaml"))
        for lang in _compact(path.stem).languages
    }
    assert shipped == set(CASES)


@pytest.mark.parametrize(
    ("compact_id", "lang"), CASES, ids=[f"{compact_id}.{lang}" for compact_id, lang in CASES]
)
def test_text_matches_the_golden_file(compact_id: str, lang: str, update_golden: bool) -> None:
    actual = write(compact_document(_compact(compact_id), lang, SETTINGS), "txt", lang, SETTINGS)
    golden = GOLDEN / f"{compact_id}.{lang}.txt"
    accept = f"if the change is intended: pytest --update-golden {_HERE.relative_to(ROOT)}"
    if golden.exists() and golden.read_bytes() == actual:
        return
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(actual)
        pytest.skip(f"rewrote {golden.relative_to(ROOT)}: read it in git diff before committing")
    if not golden.exists():
        pytest.fail(f"{golden.relative_to(ROOT)} does not exist; {accept}", pytrace=False)
    diff = _diff(golden.read_text(encoding="utf-8"), actual.decode("utf-8"), golden)
    pytest.fail(
        f"the text of {compact_id} ({lang}) differs from its golden file\n{diff}\n{accept}",
        pytrace=False,
    )
