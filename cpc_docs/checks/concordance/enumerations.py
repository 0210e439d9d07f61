"""Lists inside a sentence: as many items on each side, none written twice.

"des Magistrats, des Policiers, des Douaniers et des Gendarmes" names who is trained; a
translation that drops one, or writes one twice in place of another (a copy-and-paste slip),
changes who the activity is for, and no other check sees it (no number, no acronym). Two rules:

- `duplicate-item` (error): an item of a list (the words between two commas, semicolons or
  the final "et" / "and", its article aside) written twice in one version's sentence and not
  in the other's.
- `inline-list` (warning): the lists of a sentence do not have as many items. A list is a run
  of short items (six words or fewer) separated by commas or semicolons whose last item comes
  after a conjunction ("A, B et C", "A; B; and C"), or the items after a colon separated by
  semicolons. Translators merge and split items, so this is worth a look, not an error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING

from cpc_docs.checks.concordance.base import Side, reading
from cpc_docs.checks.concordance.lexicon import Lexicon
from cpc_docs.checks.text import language_name as name

if TYPE_CHECKING:
    from cpc_docs.checks.fields import Context, Hit, TextPair

_SEPARATORS = frozenset({",", ";"})
_ENDS = frozenset({".", ":", "!", "?", "(", ")", "«", "»", "“", "”"})
LONGEST_ITEM = 6


def _words(lexicon: Lexicon, lang: str, key: str) -> frozenset[str]:
    lists = lexicon.lang("enumerations", lang)
    return lexicon.words(("enumerations", lang, key), (lists or {}).get(key))


def items(side: Side, lexicon: Lexicon, lo: int, hi: int) -> list[list[tuple[int, int]]]:
    """The lists of tokens [lo, hi): each a list of items (token ranges)."""
    tokens = side.tokens
    conjunctions = _words(lexicon, side.lang, "conjunctions")
    if not conjunctions:
        return []
    found: list[list[tuple[int, int]]] = []
    for c in range(lo, hi):
        if tokens[c].norm not in conjunctions:
            continue
        # The last item: after the conjunction, up to a separator or the end.
        end = c + 1
        while end < hi and tokens[end].norm not in _SEPARATORS | _ENDS:
            end += 1
        last = (c + 1, end)
        if not 1 <= end - c - 1 <= LONGEST_ITEM:
            continue
        # The items before it, back over separators, while they are short.
        run: list[tuple[int, int]] = []
        stop = c
        if stop - 1 >= lo and tokens[stop - 1].norm in _SEPARATORS:
            stop -= 1  # "A, B, and C"
        start = stop
        while True:
            start = stop
            while start > lo and tokens[start - 1].norm not in _SEPARATORS | _ENDS:
                start -= 1
            if not 1 <= stop - start <= LONGEST_ITEM:
                # The first item ends a longer stretch ("… privilégie une approche axée sur les
                # victimes, coordonnée, durable et multisectorielle"): it counts, and ends the run.
                if stop > start:
                    run.insert(0, (max(start, stop - LONGEST_ITEM), stop))
                break
            run.insert(0, (start, stop))
            if start - 1 < lo or tokens[start - 1].norm not in _SEPARATORS:
                break
            stop = start - 1
        if len(run) >= 2:
            found.append([*run, last])
    return found


def _key(side: Side, item: tuple[int, int], articles: frozenset[str]) -> str:
    words = [t.norm for t in side.tokens[item[0] : item[1]] if t.kind != "punct"]
    while words and words[0] in articles:
        words.pop(0)
    return " ".join(words)


def _duplicates(
    side: Side, lexicon: Lexicon, found: list[list[tuple[int, int]]]
) -> list[tuple[str, tuple[int, int]]]:
    articles = _words(lexicon, side.lang, "articles")
    dupes = []
    for items_ in found:
        keys = [_key(side, item, articles) for item in items_]
        seen: Counter[str] = Counter()
        for index, (key, item) in enumerate(zip(keys, items_, strict=True)):
            if index == 0:
                # The first item may hold words before the list ("former les juges"): it is
                # the item its end names, if another item is that.
                key = next((k for k in keys[1:] if k and key.endswith(" " + k)), key)
            if len(key) < 3:
                continue
            seen[key] += 1
            if seen[key] == 2:
                dupes.append((key, item))
    return dupes


def duplicate_item(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    from cpc_docs.checks.fields import Hit

    read = reading(pair.a, pair.b)
    if read is None:
        return
    for (a_lo, a_hi), (b_lo, b_hi) in read.windows:
        lists_a = items(read.a, read.lexicon, a_lo, a_hi)
        lists_b = items(read.b, read.lexicon, b_lo, b_hi)
        dupes_a = _duplicates(read.a, read.lexicon, lists_a)
        dupes_b = _duplicates(read.b, read.lexicon, lists_b)
        if len(dupes_a) == len(dupes_b):
            continue
        side, dupes, other = (read.a, dupes_a, read.b) if len(dupes_a) > len(dupes_b) else (
            read.b, dupes_b, read.a)  # fmt: skip
        shown = ", ".join(side.quote(*item) for _, item in dupes)
        yield Hit(
            "duplicate-item",
            f"{shown} is written twice in a list of the {name(side.lang)}, not in the "
            f"{name(other.lang)}: an item was copied in place of another",
            tuple(side.span(*item) for _, item in dupes),
        )


def inline_list(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    from cpc_docs.checks.fields import Hit

    read = reading(pair.a, pair.b)
    if read is None:
        return
    for (a_lo, a_hi), (b_lo, b_hi) in read.windows:
        counts_a = _counts(read.a, read.lexicon, a_lo, a_hi)
        counts_b = _counts(read.b, read.lexicon, b_lo, b_hi)
        if not counts_a or not counts_b or sorted(counts_a) == sorted(counts_b):
            continue
        if max(n for n, _ in counts_a + counts_b) < 3:
            continue
        if len(counts_a) != len(counts_b):
            continue  # a list on one side is prose on the other: no telling which is which
        pairs = [(x, y) for x, y in zip(counts_a, counts_b, strict=True) if x[0] != y[0]]
        if not pairs:
            continue
        (n_a, span_a), (n_b, span_b) = pairs[0]
        yield Hit(
            "inline-list",
            f"a list of {n_a} item(s) in the {name(read.a.lang)}, {n_b} in the "
            f"{name(read.b.lang)}: an item may be missing or added",
            (read.a.span(*span_a), read.b.span(*span_b)),
        )


def _counts(side: Side, lexicon: Lexicon, lo: int, hi: int) -> list[tuple[int, tuple[int, int]]]:
    """The list of a stretch that a colon introduces, as [(number of items, token range)]:
    items separated by semicolons, or by commas and a final conjunction ("comprend : les
    salaires, les frais et les déplacements"). A list inside running prose has no such marked
    start: whether the words before its first comma belong to it is anyone's guess, and
    translators punctuate it differently, so it is not counted (an item written twice in it
    still is, by `duplicate-item`)."""
    tokens = side.tokens
    colon = next((i for i in range(lo, hi) if tokens[i].norm == ":"), None)
    if colon is None:
        return []
    end = hi
    while end > colon + 1 and tokens[end - 1].kind == "punct" and tokens[end - 1].norm in ".;,":
        end -= 1
    body = range(colon + 1, end)
    semicolons = [i for i in body if tokens[i].norm == ";"]
    if semicolons:
        return [(len(semicolons) + 1, (colon + 1, end))] if len(semicolons) >= 2 else []
    conjunctions = _words(lexicon, side.lang, "conjunctions")
    commas = [i for i in body if tokens[i].norm == ","]
    # The last item follows the final conjunction (after a comma or not: "B, and C").
    last_comma = commas[-1] if commas else colon
    joined = any(tokens[i].norm in conjunctions for i in range(last_comma + 1, end))
    count = len(commas) + 1 + (1 if joined else 0)
    if commas and tokens[last_comma + 1].norm in conjunctions:
        count -= 1  # the serial comma: "A, B, and C" is three
    bounds = [colon, *commas, end]
    if any(b - a - 1 > 2 * LONGEST_ITEM for a, b in pairwise(bounds)):
        return []  # prose after a colon, not a list
    return [(count, (colon + 1, end))] if count >= 2 else []
