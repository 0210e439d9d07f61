"""Limits: a ceiling, a floor or a bound on a number must be the same bound on both sides.

"jusqu'à 10 millions de dollars" / "up to US$10 million" is a ceiling; "at least
US$10 million" is a floor with the same number, so the numbers check is satisfied and the
commitment reversed. "moins de 18 ans" (under 18) excludes the eighteen-year-olds that
"18 or younger" includes. Each comparator of the pair file has a kind — ceiling (at most),
below (strictly less), floor (at least), above (strictly more), approximately, deadline (no
later than) — and counts only beside a number: right before it ("up to {amount}", a currency
sign allowed between), or after it ("18 ans ou moins"). "jusqu'à la fin" is "until the end",
no limit. The kinds of each sentence must be the same in its translation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cpc_docs.checks.concordance.base import Side, reading
from cpc_docs.checks.concordance.lexicon import Lexicon, Token, tokenize
from cpc_docs.checks.text import fold
from cpc_docs.checks.text import language_name as name

if TYPE_CHECKING:
    from cpc_docs.checks.fields import Context, Hit, TextPair

_CURRENCY = frozenset({"$", "€", "£", "us", "usd", "eur", "cfa", "fcfa", "xof", "f"})


def is_number(token: Token, numbers: frozenset[str]) -> bool:
    return token.kind in ("number", "placeholder") or token.norm in numbers


def limits(side: Side, lexicon: Lexicon, lo: int, hi: int) -> list[tuple[str, int, int]]:
    """The limits of tokens [lo, hi): (kind, first token, last token + 1)."""
    lists = lexicon.lang("limits", side.lang)
    if not lists:
        return []

    section = lexicon.section("limits")

    def entries() -> list[tuple[str, str]]:
        out = []
        for kind, where in lists.items():
            for place in ("before", "after"):
                out += [(str(p), f"{kind}|{place}") for p in (where or {}).get(place) or ()]
        for phrase in (section.get("not_limit") or {}).get(side.lang) or ():
            out += [(str(phrase), "|before"), (str(phrase), "|after")]
        return out

    periods = lexicon.words(("periods", side.lang), (section.get("periods") or {}).get(side.lang))
    time_units = lexicon.memo(
        ("unit-words", side.lang),
        lambda: frozenset(
            t.norm
            for words in (lexicon.lang("units", side.lang) or {}).values()
            for w in words or ()
            for t in tokenize(str(w), side.lang, lexicon.elisions(side.lang))
        ),
    )
    # One phrase set per position: "au plus" is a ceiling before a number and after one.
    numbers = lexicon.number_words(side.lang)
    tokens = side.tokens
    found = []
    for place in ("before", "after"):

        def placed(place: str = place) -> list[tuple[str, str]]:
            return [e for e in entries() if e[1].endswith(place)]

        phrases = lexicon.phrases(f"limits-{place}", side.lang, placed)
        for m in phrases.find(tokens, lo, hi):
            kind = m.label.split("|")[0]
            if not kind:
                continue  # a phrase that only looks like a comparator
            if (
                place == "before"
                and fold(side.text(m.first, m.last)) in periods
                and (_number_then_unit(tokens, m.last, hi, time_units))
            ):
                continue  # "over three years": a period
            needs_number = lexicon.flag((lists.get(kind) or {}).get("number"), True)
            if not needs_number or (
                _number_after(tokens, m.last, hi, numbers)
                if place == "before"
                else _number_before(tokens, m.first, lo, numbers)
            ):
                found.append((kind, m.first, m.last))
    # A phrase found in both positions ("au plus") counts once.
    unique = {(first, last): (kind, first, last) for kind, first, last in found}
    return sorted(unique.values(), key=lambda f: f[1])


def _number_after(tokens: list[Token], i: int, hi: int, numbers: frozenset[str]) -> bool:
    skipped = 0
    while i < hi and skipped <= 2:
        if is_number(tokens[i], numbers):
            return True
        if tokens[i].norm not in _CURRENCY:
            return False
        i += 1
        skipped += 1
    return False


def _number_then_unit(tokens: list[Token], i: int, hi: int, units: frozenset[str]) -> bool:
    """A number, then a unit of time: "three years", "trois (03) ans"."""
    j = i
    while j < hi and j < i + 4 and tokens[j].norm not in units:
        j += 1
    return j < hi and tokens[j].norm in units


def _number_before(tokens: list[Token], i: int, lo: int, numbers: frozenset[str]) -> bool:
    return any(is_number(tokens[j], numbers) for j in range(max(lo, i - 4), i))


def limit(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    from cpc_docs.checks.fields import Hit

    read = reading(pair.a, pair.b)
    if read is None:
        return
    for (a_lo, a_hi), (b_lo, b_hi) in read.windows:
        found_a = limits(read.a, read.lexicon, a_lo, a_hi)
        found_b = limits(read.b, read.lexicon, b_lo, b_hi)
        if not found_a and not found_b:
            continue
        count_a = Counter(k for k, _, _ in found_a)
        count_b = Counter(k for k, _, _ in found_b)
        if count_a == count_b:
            continue
        extra_a, extra_b = count_a - count_b, count_b - count_a
        lone_a = _surplus(found_a, extra_a)
        lone_b = _surplus(found_b, extra_b)
        parts = []
        for side, lone in ((read.a, lone_a), (read.b, lone_b)):
            if lone:
                shown = ", ".join(f"{side.quote(f, l_)} ({k})" for k, f, l_ in lone)
                parts.append(f"{shown} in the {name(side.lang)}")
            else:
                parts.append(f"no such bound in the {name(side.lang)}")
        yield Hit(
            "limits",
            "limits differ: " + "; ".join(parts) + " — the bound on the number is not the same",
            tuple(read.a.span(f, l_) for _, f, l_ in lone_a)
            + tuple(read.b.span(f, l_) for _, f, l_ in lone_b),
        )


def _surplus(found: list[tuple[str, int, int]], extra: Counter[str]) -> list[tuple[str, int, int]]:
    """The last occurrences of each kind in surplus."""
    left = Counter(extra)
    out = []
    for item in reversed(found):
        if left[item[0]] > 0:
            left[item[0]] -= 1
            out.append(item)
    return sorted(out, key=lambda f: f[1])
