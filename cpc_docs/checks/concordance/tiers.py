"""TIP Report tiers compared exactly: "Tier 2" is not "Tier 2 Watch List".

The tier a country was ranked in is a fact of the TIP Report that a compact cites; the numbers
check sees "2" on both sides of "Catégorie 2" / "Tier 2 Watch List" and is satisfied. Each
tier of the pair file is found by its longest name ("liste de surveillance de la
catégorie 2" before "catégorie 2"), and the tiers of the two versions must be the same.
`{tier}` writes the tier of `tip_report` in both languages and is better still.
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


def tiers(side: Side, lexicon: Lexicon, lo: int, hi: int) -> list[tuple[str, int, int]]:
    lists = lexicon.lang("tiers", side.lang)
    if not lists:
        return []
    phrases = lexicon.phrases(
        "tiers", side.lang,
        lambda: [(str(p), str(tier)) for tier, words in lists.items() for p in words or ()],
    )  # fmt: skip
    return [(m.label, m.first, m.last) for m in phrases.find(side.tokens, lo, hi)]


def tier(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    from cpc_docs.checks.fields import Hit

    read = reading(pair.a, pair.b)
    if read is None:
        return
    found_a = tiers(read.a, read.lexicon, 0, len(read.a.tokens))
    found_b = tiers(read.b, read.lexicon, 0, len(read.b.tokens))
    if not found_a and not found_b:
        return
    count_a = Counter(t for t, _, _ in found_a)
    count_b = Counter(t for t, _, _ in found_b)
    if count_a == count_b:
        return
    lone_a = [f for f in found_a if (count_a - count_b)[f[0]] > 0]
    lone_b = [f for f in found_b if (count_b - count_a)[f[0]] > 0]
    parts = [
        (", ".join(f"{side.quote(f, l_)} ({_tier(t)})" for t, f, l_ in lone) or "no such tier")
        + f" in the {name(side.lang)}"
        for side, lone in ((read.a, lone_a), (read.b, lone_b))
    ]
    yield Hit(
        "tiers",
        "TIP tiers differ: " + "; ".join(parts) + " — the ranking cited is not the same",
        tuple(read.a.span(f, l_) for _, f, l_ in lone_a)
        + tuple(read.b.span(f, l_) for _, f, l_ in lone_b),
    )


def _tier(label: str) -> str:
    return f"Tier {label}" if label[:1].isdigit() else label.replace("-", " ").capitalize()
