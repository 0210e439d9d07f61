"""Dates compared as dates: 7 December 2022 is not 12 July 2022.

The numbers check compares the numbers of a text as a bag, so "le 7 décembre 2022" and
"July 12, 2022" (7, 12, 2022 on both sides) pass it. Here each date is read whole — day, month
and year — in each language's own order and month names (the pair file's `dates`): "le
1er mars 2024", "March 1, 2024", "this 15th day of June 2019", "1 de marzo de 2024",
"07/12/2022" (day first in French and Spanish, month first in U.S. English, either when it
is ambiguous), "2022-12-07", and ranges ("du 6 au 8 novembre 2017" / "November 6-8, 2017").
A date on one side must be a date on the other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cpc_docs.checks.concordance.base import Side, reading
from cpc_docs.checks.concordance.lexicon import Lexicon, Token
from cpc_docs.checks.text import language_name as name

if TYPE_CHECKING:
    from cpc_docs.checks.fields import Context, Hit, TextPair

Date = tuple[int | None, int, int | None]  # day, month, year
_RANGE = frozenset({"au", "a", "et", "-", "–", "to", "through", "and", "al", "y", "hasta"})


def _int(token: Token) -> int | None:
    digits = ""
    for c in token.norm:
        if not c.isdigit():
            break
        digits += c
    return int(digits) if digits and token.kind == "number" else None


def _day(token: Token, firsts: frozenset[str]) -> int | None:
    if token.norm in firsts:
        return 1
    value = _int(token)
    return value if value is not None and 1 <= value <= 31 and len(token.norm) <= 4 else None


def _year(token: Token) -> int | None:
    value = _int(token)
    return value if value is not None and 1800 <= value <= 2200 and len(token.norm) == 4 else None


def dates(side: Side, lexicon: Lexicon, lo: int, hi: int) -> list[tuple[set[Date], int, int]]:
    """The dates of tokens [lo, hi): (the dates it may be, first token, last token + 1)."""
    lists = lexicon.lang("dates", side.lang)
    if not lists:
        return []
    tokens = side.tokens
    months = lexicon.phrases(
        "months", side.lang,
        lambda: [(str(n), str(i + 1)) for i, names in enumerate(lists.get("months") or ())
                 for n in names],
    )  # fmt: skip
    firsts = lexicon.words(("first-day", side.lang), lists.get("first_day"))
    found: list[tuple[set[Date], int, int]] = []
    used: set[int] = set()
    for m in months.find(tokens, lo, hi):
        month = int(m.label)
        if side.text(m.first, m.last)[:1].islower() and side.lang == "en":
            continue  # "may", "march": the verbs
        first, last = m.first, m.last
        days: list[int] = []
        # A day before the month: "7 décembre", "15th day of June", "1 de marzo".
        j = first - 1
        while j >= lo and tokens[j].norm in ("of", "de", "day", "del", "le", "el"):
            j -= 1
        if j >= lo and _day(tokens[j], firsts) is not None:
            days.append(_day(tokens[j], firsts) or 0)
            first = j
            k = j - 1
            if k - 1 >= lo and tokens[k].norm in _RANGE and _day(tokens[k - 1], firsts):
                days.insert(0, _day(tokens[k - 1], firsts) or 0)
                first = k - 1
        # A day after it (English): "December 7", "November 6-8".
        if not days and last < hi and _day(tokens[last], firsts) and not _year(tokens[last]):
            days.append(_day(tokens[last], firsts) or 0)
            last += 1
            if (
                last + 1 < hi
                and tokens[last].norm in _RANGE
                and _day(tokens[last + 1], firsts)
                and not _year(tokens[last + 1])
            ):
                days.append(_day(tokens[last + 1], firsts) or 0)
                last += 2
        year = None
        k = last
        while k < hi and k <= last + 1 and tokens[k].norm in (",", "de", "del", "of"):
            k += 1
        if k < hi and _year(tokens[k]):
            year, last = _year(tokens[k]), k + 1
        if not days and year is None:
            continue  # a month alone: "en décembre", "May"
        found.append(({(d, month, year) for d in days} if days else {(None, month, year)},
                      first, last))  # fmt: skip
        used.update(range(first, last))
    found.extend(_numeric(tokens, lo, hi, used, str(lists.get("order") or "dmy")))
    return sorted(found, key=lambda f: f[1])


def _numeric(
    tokens: list[Token], lo: int, hi: int, used: set[int], order: str
) -> Iterator[tuple[set[Date], int, int]]:
    """ "07/12/2022", "7.12.2022", "2022-12-07"."""
    i = lo
    while i + 4 < hi:
        if i in used:
            i += 1
            continue
        a, sep, b, sep2, c = tokens[i : i + 5]
        touching = a.end == sep.start and sep.end == b.start and b.end == sep2.start
        if not (sep.norm == sep2.norm and sep.norm in ("/", ".", "-") and touching
                and sep2.end == c.start):  # fmt: skip
            i += 1
            continue
        x, y, z = _int(a), _int(b), _int(c)
        if x is None or y is None or z is None:
            i += 1
            continue
        candidates: set[Date] = set()
        if len(a.norm) == 4 and sep.norm == "-":
            if 1 <= y <= 12 and 1 <= z <= 31:
                candidates.add((z, y, x))
        elif len(c.norm) in (2, 4) and sep.norm != "-":
            year = z if len(c.norm) == 4 else 2000 + z
            day_first = (x, y, year) if 1 <= y <= 12 and 1 <= x <= 31 else None
            month_first = (y, x, year) if 1 <= x <= 12 and 1 <= y <= 31 else None
            primary, other = (
                (month_first, day_first) if order == "mdy" else (day_first, month_first)
            )
            if primary:
                candidates.add(primary)
            if other and not primary:
                candidates.add(other)
            if order == "mdy" and other and primary:
                candidates.add(other)  # U.S. English is month first; a British writer is not
        if candidates:
            yield candidates, i, i + 5
            i += 5
        else:
            i += 1


def date(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    from cpc_docs.checks.fields import Hit

    read = reading(pair.a, pair.b)
    if read is None:
        return
    for (a_lo, a_hi), (b_lo, b_hi) in read.windows:
        found_a = dates(read.a, read.lexicon, a_lo, a_hi)
        found_b = dates(read.b, read.lexicon, b_lo, b_hi)
        if not found_a and not found_b:
            continue
        lone_a, lone_b = _unmatched(found_a, found_b)
        lone_a = [f for f in lone_a if lone_b or _full(f[0])]
        lone_b = [f for f in lone_b if lone_a or _full(f[0])]
        if not lone_a and not lone_b:
            continue
        parts = []
        for side, lone in ((read.a, lone_a), (read.b, lone_b)):
            shown = ", ".join(f"{side.quote(f, l_)} ({_show(d)})" for d, f, l_ in lone)
            parts.append(f"{shown or 'no such date'} in the {name(side.lang)}")
        yield Hit(
            "dates",
            "dates differ: " + "; ".join(parts),
            tuple(read.a.span(f, l_) for _, f, l_ in lone_a)
            + tuple(read.b.span(f, l_) for _, f, l_ in lone_b),
        )


def _full(candidates: set[Date]) -> bool:
    return any(d is not None and y is not None for d, _, y in candidates)


def _unmatched(
    found_a: list[tuple[set[Date], int, int]], found_b: list[tuple[set[Date], int, int]]
) -> tuple[list[tuple[set[Date], int, int]], list[tuple[set[Date], int, int]]]:
    """Dates of each side that no date of the other matches (one to one; a date whose year one
    side leaves out matches the same day and month)."""
    left_b = list(found_b)
    lone_a = []
    for item in found_a:
        match = next((other for other in left_b if _same(item[0], other[0])), None)
        if match is None:
            lone_a.append(item)
        else:
            left_b.remove(match)
    return lone_a, left_b


def _same(a: set[Date], b: set[Date]) -> bool:
    for d1, m1, y1 in a:
        for d2, m2, y2 in b:
            if m1 == m2 and d1 == d2 and (y1 == y2 or y1 is None or y2 is None):
                return True
    return False


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


def _show(candidates: set[Date]) -> str:
    shown = []
    for d, m, y in sorted(candidates, key=lambda x: (x[2] or 0, x[1], x[0] or 0)):
        shown.append(" ".join(str(p) for p in (d, _MONTHS[m - 1], y) if p is not None))
    return " or ".join(shown)
