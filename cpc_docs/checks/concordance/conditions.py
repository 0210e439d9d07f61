"""Conditions: "sous réserve de", "à moins que", "uniquement", "et/ou" must be on both sides.

A condition decides when a commitment applies: "subject to the availability of funds" is what
lets the United States commit "up to" an amount without appropriations; "unless the
Participants decide otherwise" keeps confidentiality open to change; "only amicably" excludes
courts; "and/or" allows either or both. Dropping one, or putting another in its place, changes
the commitment. Each kind of condition of the pair file (subject-to, unless, only, and-or) seen
in a sentence on one side must be in its translation; French "ne … que" is an "only".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cpc_docs.checks.concordance.base import Side, reading
from cpc_docs.checks.concordance.lexicon import Lexicon
from cpc_docs.checks.text import language_name as name

if TYPE_CHECKING:
    from cpc_docs.checks.fields import Context, Hit, TextPair

_STOPS = frozenset(".;:!?,")


def conditions(side: Side, lexicon: Lexicon, lo: int, hi: int) -> list[tuple[str, int, int]]:
    """The conditions of tokens [lo, hi): (kind, first token, last token + 1)."""
    section = lexicon.section("conditions")
    lists = section.get(side.lang) or {}
    ignore = (section.get("not_condition") or {}).get(side.lang) or ()
    phrases = lexicon.phrases(
        "conditions", side.lang,
        lambda: [(str(p), str(kind)) for kind, words in lists.items() for p in words or ()]
        + [(str(p), "") for p in ignore],
    )  # fmt: skip
    found = [(m.label, m.first, m.last) for m in phrases.find(side.tokens, lo, hi)]
    construction = (section.get("only_construction") or {}).get(side.lang) or {}
    openers = lexicon.words(("only-opener", side.lang), construction.get("opener"))
    closers = lexicon.words(("only-closer", side.lang), construction.get("closer"))
    reach = int(construction.get("window") or 0)
    if openers and closers:
        negative = lexicon.words(  # "ne … pas que" is no "only"
            ("neg-closers", side.lang), (lexicon.lang("negation", side.lang) or {}).get("closers")
        )
        tokens = side.tokens
        for i in range(lo, hi):
            if tokens[i].norm not in openers:
                continue
            for j in range(i + 1, min(hi, i + 1 + reach)):
                norm = tokens[j].norm
                if norm in negative or (tokens[j].kind == "punct" and norm in _STOPS):
                    break
                if norm in closers:
                    found.append(("only", i, j + 1))
                    break
    return found


def condition(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    from cpc_docs.checks.fields import Hit

    read = reading(pair.a, pair.b)
    if read is None:
        return
    for (a_lo, a_hi), (b_lo, b_hi) in read.windows:
        found_a = conditions(read.a, read.lexicon, a_lo, a_hi)
        found_b = conditions(read.b, read.lexicon, b_lo, b_hi)
        if not found_a and not found_b:
            continue
        kinds_a = Counter(k for k, _, _ in found_a)
        kinds_b = Counter(k for k, _, _ in found_b)
        if set(kinds_a) == set(kinds_b):
            continue
        lone_a = [f for f in found_a if f[0] not in kinds_b]
        lone_b = [f for f in found_b if f[0] not in kinds_a]
        parts = []
        for side, lone in ((read.a, lone_a), (read.b, lone_b)):
            if lone:
                shown = ", ".join(f"{_quote(side, f)} ({f[0]})" for f in lone)
                parts.append(f"{shown} in the {name(side.lang)} only")
        yield Hit(
            "conditions",
            "conditions differ: " + "; ".join(parts) + " — the commitment applies otherwise",
            tuple(read.a.span(f[1], f[2]) for f in lone_a)
            + tuple(read.b.span(f[1], f[2]) for f in lone_b),
        )


def _quote(side: Side, found: tuple[str, int, int]) -> str:
    kind, first, last = found
    if kind == "only" and last - first > 2 and side.tokens[first].norm in ("ne", "n'"):
        return side.quote(first, first + 1)[:-2] + " … " + side.quote(last - 1, last)[2:]
    return side.quote(first, last)
