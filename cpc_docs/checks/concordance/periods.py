"""Periods and frequencies: "30 jours" is "30 days", "une fois par an" is "once a year".

The numbers check sees 30 on both sides of "30 jours" / "30 months" and is satisfied; the
notice period has become thirty times longer. Two rules read what a number counts:

- `units`: a unit of time of the pair file (day, business day, week, month, quarter, year,
  hour) right after a number ("30 jours", "cinq (05) ans", "the next {duration:number}
  years"). The units of each sentence are matched by number and unit; a unit left over on
  both sides (30 days against 30 months, or "30 jours et 3 mois" against "30 months and
  3 days") is an error. A unit on one side only is no finding: "moins de 18 ans" is rightly
  "under the age of 18".
- `frequencies`: how often ("une fois par an", "mensuel", "quarterly", "twice a year"). A
  frequency on one side that the other replaces by another is an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cpc_docs.checks.concordance.base import Side, reading
from cpc_docs.checks.concordance.lexicon import Lexicon, Token
from cpc_docs.checks.text import language_name as name

if TYPE_CHECKING:
    from cpc_docs.checks.fields import Context, Hit, TextPair

Unit = tuple[str, int | None, int, int]  # unit, value (None: not in digits), first, last


def _number_before(
    tokens: list[Token], i: int, lo: int, numbers: frozenset[str]
) -> tuple[int, int | None] | None:
    """The number that ends just before token i, as (its first token, its value in digits or
    None): "30 jours", "cinq (05) ans", "les {duration:number} prochaines années" (one word
    between), or None."""
    j = i - 1
    if j > lo and tokens[j].kind == "word" and tokens[j].norm not in numbers:
        j -= 1  # an adjective: "prochaines", "consecutive", "full"
    if j >= lo and tokens[j].norm == ")" and j - 2 >= lo and tokens[j - 2].norm == "(":
        j -= 1  # "(05)"
    if j < lo:
        return None
    token = tokens[j]
    if token.kind == "number":
        digits = "".join(c for c in token.norm.split(",")[0].split(".")[0] if c.isdigit())
        value = int(digits) if digits else None
        if j - 2 >= lo and tokens[j - 1].norm == "(" and tokens[j - 2].norm in numbers:
            j -= 2  # "cinq (05)": the words and their digits
        return j, value
    if token.kind == "placeholder" or token.norm in numbers:
        return j, None
    return None


def units(side: Side, lexicon: Lexicon, lo: int, hi: int) -> list[Unit]:
    """The units of time of tokens [lo, hi) that follow a number: (unit, value, first token of
    the number, last token of the unit + 1)."""
    lists = lexicon.lang("units", side.lang)
    if not lists:
        return []
    phrases = lexicon.phrases(
        "units", side.lang,
        lambda: [(str(p), str(unit)) for unit, words in lists.items() for p in words or ()],
    )  # fmt: skip
    numbers = lexicon.number_words(side.lang)
    found = []
    for m in phrases.find(side.tokens, lo, hi):
        number = _number_before(side.tokens, m.first, lo, numbers)
        if number is not None:
            found.append((m.label, number[1], number[0], m.last))
    return found


def _match(a: list[Unit], b: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """Pair units of the same kind, by value first; a number not in digits matches any."""
    left_a, left_b = list(a), list(b)
    for exact in (True, False):
        for item in list(left_a):
            for other in left_b:
                if item[0] != other[0]:
                    continue
                if exact and (item[1] is None or item[1] != other[1]):
                    continue
                if not exact and item[1] is not None and other[1] is not None:
                    # Two numbers in digits that differ: the same unit unless the value is
                    # counted in another unit on the other side (then the units were swapped).
                    values_b = {o[1] for o in b if o[0] != item[0]}
                    values_a = {o[1] for o in a if o[0] != other[0]}
                    if item[1] in values_b or other[1] in values_a:
                        continue
                left_a.remove(item)
                left_b.remove(other)
                break
    return left_a, left_b


def unit(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    from cpc_docs.checks.fields import Hit

    read = reading(pair.a, pair.b)
    if read is None:
        return
    for (a_lo, a_hi), (b_lo, b_hi) in read.windows:
        found_a = units(read.a, read.lexicon, a_lo, a_hi)
        found_b = units(read.b, read.lexicon, b_lo, b_hi)
        if not found_a or not found_b:
            continue
        lone_a, lone_b = _match(found_a, found_b)
        if not lone_a or not lone_b:
            continue
        yield Hit(
            "units",
            f"units of time differ: {_shown(read.a, lone_a)} in the {name(read.a.lang)}, "
            f"{_shown(read.b, lone_b)} in the {name(read.b.lang)} — the period is not the same",
            tuple(read.a.span(u[2], u[3]) for u in lone_a)
            + tuple(read.b.span(u[2], u[3]) for u in lone_b),
        )


def _shown(side: Side, found: list[Unit]) -> str:
    return ", ".join(f"{side.quote(u[2], u[3])} ({u[0]})" for u in found)


# --- frequencies ------------------------------------------------------------------------------


def frequencies(side: Side, lexicon: Lexicon, lo: int, hi: int) -> list[tuple[str, int, int]]:
    lists = lexicon.lang("frequencies", side.lang)
    if not lists:
        return []
    phrases = lexicon.phrases(
        "frequencies", side.lang,
        lambda: [(str(p), str(kind)) for kind, words in lists.items() for p in words or ()],
    )  # fmt: skip
    return [(m.label, m.first, m.last) for m in phrases.find(side.tokens, lo, hi)]


def frequency(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    from cpc_docs.checks.fields import Hit

    read = reading(pair.a, pair.b)
    if read is None:
        return
    for (a_lo, a_hi), (b_lo, b_hi) in read.windows:
        found_a = frequencies(read.a, read.lexicon, a_lo, a_hi)
        found_b = frequencies(read.b, read.lexicon, b_lo, b_hi)
        if not found_a or not found_b:
            continue
        kinds_a = {k for k, _, _ in found_a}
        kinds_b = {k for k, _, _ in found_b}
        lone_a = [f for f in found_a if f[0] not in kinds_b]
        lone_b = [f for f in found_b if f[0] not in kinds_a]
        if not lone_a or not lone_b:
            continue
        parts = [
            ", ".join(f"{side.quote(f, l_)} ({k})" for k, f, l_ in lone)
            + f" in the {name(side.lang)}"
            for side, lone in ((read.a, lone_a), (read.b, lone_b))
        ]
        yield Hit(
            "frequencies",
            "frequencies differ: " + "; ".join(parts) + " — how often is not the same",
            tuple(read.a.span(f, l_) for _, f, l_ in lone_a)
            + tuple(read.b.span(f, l_) for _, f, l_ in lone_b),
        )
