"""Cross-references typed in prose: "section II" must be "Section II", not "Section III".

A compact cites its own parts — "la section V.A", "l'annexe A", "au point b" — and a
reference that differs sends one version's reader to another clause. The renderer fills
`{ref:ID}` the same in both languages; a reference typed by hand is compared here: a kind of
the pair file (section, annex, article, chapter, appendix, §; paragraph, point and item are
one kind, since languages name them differently) followed by identifiers — Roman numerals,
numbers, capital letters and their combinations ("IV.A", "2.1", "7103a"), bracketed letters
("(b)") — joined by "et", "and", "à", "to"… Each side's references must be the other's.

In a compact, a reference typed by hand where the renderer would number it (a section or an
annex) is also a warning: `{ref:ID}` keeps both versions and the numbering in step.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from cpc_docs.checks.concordance.base import Side, reading
from cpc_docs.checks.concordance.lexicon import Lexicon
from cpc_docs.checks.text import language_name as name

if TYPE_CHECKING:
    from cpc_docs.checks.fields import Context, Hit, TextPair

_ID = (
    r"(?:(?:[IVXLC]+|\d+(?:\.\d+)*[a-z]?|[A-Z])(?:\.(?:[IVXLC]+|\d+|[A-Z]))*"
    r"(?:\s?\((?:[a-z]|\d{1,2}|[ivx]{1,4})\))*"
    r"|\((?:[a-z]|\d{1,2}|[ivx]{1,4})\)|[a-z]\))"
    r"(?![\w-])"
)
_GAP = re.compile(r"[\s\u00a0]*")
# Kinds the renderer numbers in a compact: typed by hand, they should be {ref:ID}.
_RENDERED = frozenset({"section", "annex"})


@cache
def _identifiers(joiners: tuple[str, ...]) -> re.Pattern[str]:
    joined = "|".join(re.escape(j) for j in sorted(joiners, key=len, reverse=True))
    words = rf"|\s+(?:{joined})\s+" if joined else ""
    separator = rf"(?:\s*,\s*(?:(?:{joined})\s+)?{words}|\s?[-–]\s?)" if joined else r"\s*,\s*"
    return re.compile(rf"(?P<id>{_ID})(?P<more>(?:{separator}{_ID})*)")


_ONE_ID = re.compile(_ID)


def references(side: Side, lexicon: Lexicon, lo: int, hi: int) -> list[tuple[str, str, int, int]]:
    """References typed in tokens [lo, hi): (kind, identifier, start, end) in characters."""
    section = lexicon.section("references")
    lists = section.get(side.lang) or {}
    if not lists:
        return []
    strong = frozenset(str(k) for k in section.get("strong") or ())
    phrases = lexicon.phrases(
        "references", side.lang,
        lambda: [(str(p), str(kind)) for kind, words in lists.items() for p in words or ()],
    )  # fmt: skip
    joiners = tuple(str(j) for j in (section.get("joiners") or {}).get(side.lang) or ())
    pattern = _identifiers(joiners)
    text = side.prep.text
    found = []
    for m in phrases.find(side.tokens, lo, hi):
        kind = m.label if m.label in strong else "paragraph"
        after = side.tokens[m.last - 1].end
        gap = _GAP.match(text, after)
        start = gap.end() if gap else after
        ids = pattern.match(text, start)
        if ids is None:
            continue
        first = side.tokens[m.first].start
        for one in _ONE_ID.finditer(ids.group()):
            found.append((kind, _norm(one.group()), first, start + one.end()))
    return found


def _norm(identifier: str) -> str:
    return re.sub(r"[\s()]", "", identifier).rstrip(")")


def cross_references(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    from cpc_docs.checks.fields import Hit

    read = reading(pair.a, pair.b)
    if read is None:
        return
    typed: list[tuple[str, int, int]] = []
    for (a_lo, a_hi), (b_lo, b_hi) in read.windows:
        found_a = references(read.a, read.lexicon, a_lo, a_hi)
        found_b = references(read.b, read.lexicon, b_lo, b_hi)
        if not found_a and not found_b:
            continue
        typed += [(read.a.lang, s, e) for k, _, s, e in found_a if k in _RENDERED]
        typed += [(read.b.lang, s, e) for k, _, s, e in found_b if k in _RENDERED]
        count_a = Counter((k, i) for k, i, _, _ in found_a)
        count_b = Counter((k, i) for k, i, _, _ in found_b)
        if count_a == count_b:
            continue
        extra_a, extra_b = count_a - count_b, count_b - count_a
        lone_a = [f for f in found_a if extra_a[(f[0], f[1])] > 0]
        lone_b = [f for f in found_b if extra_b[(f[0], f[1])] > 0]
        parts = []
        for side, lone in ((read.a, lone_a), (read.b, lone_b)):
            shown = ", ".join(f"{_quote(side, f)}" for f in lone)
            parts.append(f"{shown or 'none'} in the {name(side.lang)}")
        yield Hit(
            "cross-references",
            "cross-references differ: " + "; ".join(parts) + " — each version must cite the "
            "same part",
            tuple((read.a.lang, s, e) for _, _, s, e in lone_a)
            + tuple((read.b.lang, s, e) for _, _, s, e in lone_b),
        )
    if typed and ctx.compact:
        shown = ", ".join(
            _quote_span(read.a if lang == read.a.lang else read.b, s, e) for lang, s, e in typed
        )
        yield Hit(
            "typed-reference",
            f"{shown} typed by hand: write {{ref:ID}} (the section's key, an item's id, or "
            "annex) so that the renderer numbers it the same in both versions",
            tuple(typed),
        )


def _quote(side: Side, found: tuple[str, str, int, int]) -> str:
    return _quote_span(side, found[2], found[3])


def _quote_span(side: Side, start: int, end: int) -> str:
    from cpc_docs.checks.concordance.lexicon import quote

    return quote(side.prep, start, end)
