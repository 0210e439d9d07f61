"""What changed between two versions of a compact, field by field and language by language.

The language versions of a compact are equally valid, so an amendment must change them alike:
a paragraph edited in French and left as it was in English is the defect that slips through a
negotiation. This module compares two versions' YAML (after the standard clauses are filled
in) and says, for each field, whether it was added, removed or changed, and for a text, in
which languages; a text changed in some languages and not in the others is a *one-sided*
change, an error (`one_sided_findings`).

Fields are told apart by their path, with the `id` of list items in place of their index
(`objectives[protection].text`), so that inserting an objective does not make every later one
look changed. Lists without ids (a section's paragraphs) are aligned by their texts
(`align`): a paragraph inserted first is one insertion, not a change of every paragraph.

`align` and `word_tokens` are the comparison's tools, also used by the redline of the
document trees (tree/redline.py), which pairs blocks the same way.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from cpc_docs.errors import Location
from cpc_docs.findings import Finding
from cpc_docs.load.yamlsource import PathKey, Source
from cpc_docs.model.compact import LANGUAGES, is_bitext
from cpc_docs.model.compact import fold_spaces as _folded

T = TypeVar("T")
Pair = tuple[int | None, int | None]

# A word with the spaces after it, or a punctuation mark with them, or leading spaces: the
# units a redline marks (a whole word is struck, never half of one).
_TOKEN = re.compile(r"\s+|\w+\s*|[^\w\s]\s*")
# Beyond this many candidate pairs in one stretch of differences, blocks are paired by
# identity only (the alignment is quadratic in the stretch's length).
_MAX_PAIRS = 40_000


def word_tokens(text: str) -> list[str]:
    """`text` cut into words, each with its trailing spaces (joined, they give `text`)."""
    return _TOKEN.findall(text)


def word_ratio(a: str, b: str, floor: float = 0.5) -> float:
    """How alike two texts are, word by word (0: nothing in common, 1: the same words); 0
    when they are surely less alike than `floor` (which difflib's upper bounds tell cheaply)."""
    if a == b:
        return 1.0
    left = [t.strip() for t in word_tokens(a)]
    right = [t.strip() for t in word_tokens(b)]
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()


def align(
    old: Sequence[T],
    new: Sequence[T],
    key: Callable[[T], Hashable],
    similarity: Callable[[T, T], float],
    threshold: float = 0.5,
) -> list[Pair]:
    """The two sequences side by side: `(i, j)` pairs an old item with a new one, `(i, None)`
    is an item removed, `(None, j)` one added, in reading order (removals before additions).

    Items with equal keys in the longest common runs pair first (difflib); in each stretch
    between them, items pair where `similarity` is at least `threshold`, in order, so that the
    sum of the similarities paired is the largest (a small dynamic programme): an edited
    paragraph pairs with its old self, not with a new one inserted before it.
    """
    keys_old = [key(item) for item in old]
    keys_new = [key(item) for item in new]
    matcher = difflib.SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    out: list[Pair] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        if (i2 - i1) * (j2 - j1) > _MAX_PAIRS:
            region = _unpaired(keys_old[i1:i2], keys_new[j1:j2])
        else:

            def score(i: int, j: int, a: int = i1, b: int = j1) -> float:
                return similarity(old[a + i], new[b + j])

            region = _pair_region(i2 - i1, j2 - j1, score, threshold)
        out.extend(
            (None if i is None else i1 + i, None if j is None else j1 + j) for i, j in region
        )
    return out


def _pair_region(
    n: int, m: int, score: Callable[[int, int], float], threshold: float
) -> list[Pair]:
    """The order-keeping pairing of n old and m new items with the largest total score."""
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    scores: dict[tuple[int, int], float] = {}
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            value = score(i, j)
            scores[i, j] = value
            take = value + best[i + 1][j + 1] if value >= threshold else -1.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], take)
    out: list[Pair] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m:
            value = scores[i, j]
            if value >= threshold and abs(best[i][j] - (value + best[i + 1][j + 1])) < 1e-9:
                out.append((i, j))
                i, j = i + 1, j + 1
                continue
        if i < n and (j == m or abs(best[i][j] - best[i + 1][j]) < 1e-9):
            out.append((i, None))
            i += 1
        else:
            out.append((None, j))
            j += 1
    return out


def _unpaired(old: list[Hashable], new: list[Hashable]) -> list[Pair]:
    """Too long a stretch to score every pair: removals, then additions."""
    return [(i, None) for i in range(len(old))] + [(None, j) for j in range(len(new))]


# ------------------------------------------------------------------ the fields of a compact

Status = Literal["unchanged", "changed", "added", "removed"]


@dataclass(frozen=True)
class Entry:
    """One value of a compact: a text in each language, or a language-neutral fact."""

    path: PathKey  # where it is in the file: ("objectives", 1, "text")
    key: str  # the same with list items named by their id: "objectives[protection].text"
    shape: str  # the key with unnamed items as *: only entries of one shape pair
    value: Any  # {lang: text} for a text, else the YAML value
    is_text: bool

    @property
    def dotted(self) -> str:
        return ".".join(str(part) for part in self.path)


@dataclass(frozen=True)
class FieldChange:
    """A field added, removed or changed, with each language's status (texts)."""

    key: str
    kind: Literal["added", "removed", "changed"]
    old: Entry | None
    new: Entry | None
    old_location: Location | None
    new_location: Location | None
    languages: dict[str, Status]  # texts only: each language's own status

    @property
    def changed_in(self) -> tuple[str, ...]:
        return tuple(lang for lang, status in self.languages.items() if status == "changed")

    @property
    def unchanged_in(self) -> tuple[str, ...]:
        return tuple(lang for lang, status in self.languages.items() if status == "unchanged")

    @property
    def one_sided(self) -> bool:
        """Changed in some language and not in another that both versions have."""
        return bool(self.changed_in and self.unchanged_in)

    @property
    def location(self) -> Location:
        where = self.new_location or self.old_location
        assert where is not None  # a change has at least one side
        return where

    def as_dict(self) -> dict[str, Any]:
        def side(entry: Entry | None, where: Location | None) -> dict[str, Any] | None:
            if entry is None or where is None:
                return None
            value = entry.value if entry.is_text else _plain(entry.value)
            return {"path": entry.dotted, "file": where.file, "line": where.line,
                    "value": value}  # fmt: skip

        return {
            "field": self.key,
            "change": self.kind,
            "one_sided": self.one_sided,
            "languages": self.languages,
            "old": side(self.old, self.old_location),
            "new": side(self.new, self.new_location),
        }


@dataclass(frozen=True)
class Comparison:
    """Two versions' fields, paired, and what changed."""

    pairs: list[tuple[Entry | None, Entry | None]]
    changes: list[FieldChange]

    @property
    def one_sided(self) -> list[FieldChange]:
        return [change for change in self.changes if change.one_sided]


def entries(source: Source) -> list[Entry]:
    """Every text and every other value of a compact's data, in the file's order."""
    return list(_entries(source.data, (), (), ()))


def _entries(
    node: Any, path: PathKey, key: tuple[str, ...], shape: tuple[str, ...]
) -> Iterator[Entry]:
    if is_bitext(node):
        yield Entry(path, _join(key), _join(shape), dict(node), True)
    elif isinstance(node, dict):
        named = isinstance(node.get("id"), str) and key and key[-1].startswith("[")
        for name, value in node.items():
            if named and name == "id":
                continue  # a list item's id names it (its key): no value of its own
            yield from _entries(value, (*path, name), (*key, str(name)), (*shape, str(name)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            ident = value.get("id") if isinstance(value, dict) else None
            if isinstance(ident, str) and ident:
                step = f"[{ident}]"
                yield from _entries(value, (*path, index), (*key, step), (*shape, step))
            else:
                yield from _entries(value, (*path, index), (*key, str(index)), (*shape, "*"))
    else:
        yield Entry(path, _join(key), _join(shape), node, False)


def _join(parts: tuple[str, ...]) -> str:
    return ".".join(parts).replace(".[", "[")


def _canonical(entry: Entry) -> Hashable:
    if entry.is_text:
        return (entry.shape, tuple(sorted((k, _folded(v)) for k, v in entry.value.items())))
    return (entry.shape, repr(entry.value))


def _similarity(old: Entry, new: Entry) -> float:
    if old.shape != new.shape or old.is_text != new.is_text:
        return 0.0
    if old.is_text:
        langs = set(old.value) & set(new.value)
        ratio = (
            sum(word_ratio(_folded(old.value[x]), _folded(new.value[x])) for x in langs)
            / len(langs)
            if langs
            else 0.0
        )
    else:
        ratio = 1.0 if old.value == new.value else 0.0
    # The same field (same key) pairs even when rewritten: a change, not a removal.
    return max(ratio, 0.6) if old.key == new.key else ratio


def compare(old: Source, new: Source) -> Comparison:
    """The fields of two versions of a compact, paired, and each change."""
    before, after = entries(old), entries(new)
    pairs: list[tuple[Entry | None, Entry | None]] = []
    changes: list[FieldChange] = []
    for i, j in align(before, after, _canonical, _similarity):
        a = before[i] if i is not None else None
        b = after[j] if j is not None else None
        pairs.append((a, b))
        change = _change(a, b, old, new)
        if change is not None:
            changes.append(change)
    return Comparison(pairs, changes)


def _change(a: Entry | None, b: Entry | None, old: Source, new: Source) -> FieldChange | None:
    where_a = old.locate(a.path) if a is not None else None
    where_b = new.locate(b.path) if b is not None else None
    if a is None or b is None:
        entry = b or a
        assert entry is not None
        kind: Literal["added", "removed"] = "added" if a is None else "removed"
        langs: dict[str, Status] = dict.fromkeys(entry.value, kind) if entry.is_text else {}
        return FieldChange(entry.key, kind, a, b, where_a, where_b, langs)
    if not a.is_text:
        if a.value == b.value:
            return None
        return FieldChange(b.key, "changed", a, b, where_a, where_b, {})
    statuses: dict[str, Status] = {}
    for lang in _ordered(set(a.value) | set(b.value)):
        if lang not in b.value:
            statuses[lang] = "removed"
        elif lang not in a.value:
            statuses[lang] = "added"
        elif _folded(a.value[lang]) == _folded(b.value[lang]):
            statuses[lang] = "unchanged"
        else:
            statuses[lang] = "changed"
    if all(status == "unchanged" for status in statuses.values()):
        return None
    return FieldChange(b.key, "changed", a, b, where_a, where_b, statuses)


def _ordered(langs: set[str]) -> list[str]:
    return sorted(langs, key=lambda lang: (LANGUAGES.index(lang) if lang in LANGUAGES else 99,
                                           lang))  # fmt: skip


def _plain(value: Any) -> Any:
    """A YAML value as JSON can hold it (dates as ISO text)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value.isoformat() if hasattr(value, "isoformat") else value)


def one_sided_findings(comparison: Comparison) -> list[Finding]:
    """An error per text changed in some languages and not in the others."""
    findings = []
    for change in comparison.one_sided:
        changed, unchanged = ", ".join(change.changed_in), ", ".join(change.unchanged_in)
        message = (
            f"changed in {changed} but not in {unchanged}: the language versions no longer "
            f"say the same thing (change the {unchanged} text too, or undo the change)"
        )
        findings.append(Finding("one-sided-change", "error", message, change.location))
    return findings


def inline_diff(old: str, new: str) -> str:
    """`old` → `new` in one line, words removed in [-…-] and added in {+…+} (as git's
    --word-diff writes them), for a terminal."""
    a, b = word_tokens(_folded(old)), word_tokens(_folded(new))
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b],
                                      autojunk=False)  # fmt: skip
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append("".join(b[j1:j2]))
            continue
        gone, came = "".join(a[i1:i2]), "".join(b[j1:j2])
        space = " " if (came or gone).endswith(" ") else ""
        if gone:
            out.append(f"[-{gone.rstrip()}-]" + ("" if came else space))
        if came:
            out.append(f"{{+{came.rstrip()}+}}" + space)
    return "".join(out).strip()
