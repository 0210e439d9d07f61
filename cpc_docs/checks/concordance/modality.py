"""Modality: how strongly each version commits must be the same.

"Les Parties entendent" (intend), "s'efforcent" (endeavour), "peuvent" (may), "devraient"
(should), "doivent" (must): in a non-binding instrument the difference between intending and
being bound is the whole point of the wording, and a translation that turns "may" into "shall"
changes what a government signs. Each modal phrase of the pair file has a class; a class on one
side of a sentence must be on the other:

- a class on one side and another class on the other is a change of strength (an error), or
  a nuance (a warning) for the neighbours the pair file lists: must / should, intend /
  endeavour, and "will" against an intention or an obligation;
- an intention, an endeavour, a permission or a recommendation with no modal at all on the
  other side was dropped (an error);
- an obligation needs no modal on the other side: legal French says "shall" in the present
  indicative ("entre en vigueur" / "shall enter into force"); "will" is a tense, and needs
  none either; nor does what something merely can do ("échangeables" / "can be shared",
  "susceptibles de" / "may"): the pair file's `silent` classes.

A phrase may belong to two classes ("is to": an obligation, or what a French "est censé"
expects): it matches either.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cpc_docs.checks.concordance.base import Reading, Side, reading
from cpc_docs.checks.concordance.lexicon import Lexicon
from cpc_docs.checks.text import language_name as name

if TYPE_CHECKING:
    from cpc_docs.checks.fields import Context, Hit, TextPair


@dataclass(frozen=True)
class Modal:
    classes: frozenset[str]
    first: int
    last: int


def modals(side: Side, lexicon: Lexicon, lo: int, hi: int) -> list[Modal]:
    """The modal phrases of tokens [lo, hi) with their classes."""
    lists = lexicon.lang("modality", side.lang)
    if not lists:
        return []

    def entries() -> list[tuple[str, str]]:
        classes: dict[str, set[str]] = {}
        for cls, phrases in lists.items():
            for phrase in phrases or ():
                classes.setdefault(str(phrase), set()).add(str(cls))
        out = [(phrase, "|".join(sorted(c))) for phrase, c in classes.items()]
        out += [(str(p), "") for p in (lexicon.section("modality").get("not_modal") or {}).get(
            side.lang) or ()]  # fmt: skip
        return out

    phrases = lexicon.phrases("modality", side.lang, entries)
    tokens = side.tokens
    found = []
    for m in phrases.find(tokens, lo, hi):
        if _month(side, m.first, m.last, lo, hi):
            continue
        found.append(Modal(frozenset(m.label.split("|")), m.first, m.last))
    return found


def _month(side: Side, first: int, last: int, lo: int, hi: int) -> bool:
    """ "May 7" and "7 May 2024": a capitalised word beside a number is a month, no modal."""
    word = side.text(first, last)
    if last - first != 1 or not word[:1].isupper():
        return False
    near = [side.tokens[i] for i in (first - 1, last) if lo <= i < hi]
    return any(t.kind == "number" for t in near)


def modality(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    from cpc_docs.checks.fields import Hit

    read = reading(pair.a, pair.b)
    if read is None:
        return
    nuances = {
        frozenset(str(c) for c in pair_)
        for pair_ in read.lexicon.section("modality").get("nuances") or ()
    }
    strength = [str(c) for c in read.lexicon.section("modality").get("strength") or ()]
    silent = frozenset(str(c) for c in read.lexicon.section("modality").get("silent") or ())
    for (a_lo, a_hi), (b_lo, b_hi) in read.windows:
        found_a = modals(read.a, read.lexicon, a_lo, a_hi)
        found_b = modals(read.b, read.lexicon, b_lo, b_hi)
        if not found_a and not found_b:
            continue
        classes_a = frozenset().union(*(m.classes for m in found_a))
        classes_b = frozenset().union(*(m.classes for m in found_b))
        lone_a = [m for m in found_a if not m.classes & classes_b]
        lone_b = [m for m in found_b if not m.classes & classes_a]
        if not lone_a and not lone_b:
            continue
        if lone_a and lone_b:
            grave = [
                (x, y) for x in lone_a for y in lone_b if not _nuance(x.classes, y.classes, nuances)
            ]
            if (
                not grave
                and all(m.classes & silent for m in lone_a + lone_b)
                and all(m.classes <= {"future", "capability"} for m in lone_a + lone_b)
            ):
                continue
            rule = "modality" if grave else "modality-nuance"
            message = (
                f"modality differs: {_said(read.a, lone_a, strength)} in the "
                f"{name(read.a.lang)}, {_said(read.b, lone_b, strength)} in the "
                f"{name(read.b.lang)} — "
                + (
                    "the strength of the commitment must be the same"
                    if grave
                    else "a nuance of strength; check that it is meant"
                )
            )
            yield Hit(rule, message, _spans(read, lone_a + lone_b, len(lone_a)))
            continue
        lone, side, other = (lone_a, read.a, read.b) if lone_a else (lone_b, read.b, read.a)
        dropped = [m for m in lone if not m.classes & silent]
        if not dropped:
            continue
        yield Hit(
            "modality",
            f"modality differs: the {name(side.lang)} says {_said(side, dropped, strength)}, "
            f"the {name(other.lang)} has no word of that strength — the commitment changes",
            tuple(side.span(m.first, m.last) for m in dropped),
        )


def _nuance(a: frozenset[str], b: frozenset[str], nuances: set[frozenset[str]]) -> bool:
    return any(frozenset((x, y)) in nuances for x in a for y in b)


def _said(side: Side, found: list[Modal], strength: list[str]) -> str:
    parts = []
    for m in found:
        classes = sorted(m.classes, key=lambda c: strength.index(c) if c in strength else 99)
        parts.append(f"{side.quote(m.first, m.last)} ({' or '.join(classes)})")
    return ", ".join(parts)


def _spans(read: Reading, found: list[Modal], count_a: int) -> tuple[tuple[str, int, int], ...]:
    return tuple(
        (read.a if i < count_a else read.b).span(m.first, m.last) for i, m in enumerate(found)
    )
