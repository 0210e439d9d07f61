"""What every rule of meaning needs: the pair's lexicon, each side's tokens, the stretches
that say the same thing, and how to say which words disagree."""

from __future__ import annotations

from dataclasses import dataclass

from cpc_docs.checks.concordance.lexicon import (
    Lexicon,
    Stretch,
    Tokens,
    load,
    quote,
    stretches,
    tokens_of,
    window,
)
from cpc_docs.checks.text import Prepared


@dataclass
class Side:
    """One language version as a rule reads it."""

    prep: Prepared
    tokens: Tokens

    @property
    def lang(self) -> str:
        return self.prep.lang

    @property
    def norms(self) -> list[str]:
        """The folded form of each token."""
        return self.tokens.norms

    @property
    def norm_set(self) -> frozenset[str]:
        """Every folded form of the text: a list none of whose words is here is done."""
        return self.tokens.norm_set

    def text(self, first: int, last: int) -> str:
        """The original text of tokens [first, last)."""
        return self.prep.text[self.tokens[first].start : self.tokens[last - 1].end]

    def quote(self, first: int, last: int) -> str:
        return quote(self.prep, self.tokens[first].start, self.tokens[last - 1].end)

    def span(self, first: int, last: int) -> tuple[str, int, int]:
        return (self.lang, self.tokens[first].start, self.tokens[last - 1].end)


@dataclass
class Reading:
    """A pair ready for the rules of meaning: its lexicon, its two sides, its stretches (as
    token windows of each side)."""

    lexicon: Lexicon
    a: Side
    b: Side
    windows: list[tuple[tuple[int, int], tuple[int, int]]]


def reading(a: Prepared, b: Prepared) -> Reading | None:
    """The pair as the rules of meaning read it, computed once per pair; None when no
    lexicon is shipped for its two languages."""
    cached = a.__dict__.get("_concordance_reading")
    if cached is not None and cached[0] is b:
        return cached[1]
    lexicon = load(a.lang, b.lang)
    result = None
    if lexicon is not None:
        side_a, side_b = Side(a, tokens_of(a, lexicon)), Side(b, tokens_of(b, lexicon))
        result = Reading(lexicon, side_a, side_b, _windows(stretches(a, b), side_a, side_b))
    a.__dict__["_concordance_reading"] = (b, result)
    return result


def _windows(
    found: list[Stretch], a: Side, b: Side
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    return [(window(a.tokens, s.a), window(b.tokens, s.b)) for s in found]
