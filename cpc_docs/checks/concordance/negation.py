"""Negation: one version must not say "not" where the other says nothing.

A dropped or added negation turns a commitment into its opposite ("ne doit pas divulguer" /
"is to disclose") while every number, name and sentence stays in place, so no other check sees
it. We count the negations of each sentence and its translation, and report a difference.

What counts, per language (the `negation` lists of the pair file):

- a discontinuous negation, counted once: French "ne … pas", "ne … aucun", "n' … jamais",
  or "aucun … ne"; alone, "ne" is the expletive of "à moins que cela ne soit" and negates
  nothing;
- negative words: "sans", "non" / "not", "no", "never", "without", "cannot", "-n't";
- a negative prefix: "non-publiques", "nonjudgmental" (so "non-public" / "public" is caught);
- and not the phrases that only look negative: "ou non" / "whether or not", "non seulement" /
  "not only", "no later than", "sans préjudice de".

Negative lexical items without a marker ("inopinées" / "unannounced") are no negation on
either side: the rule compares markers, not a dictionary.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cpc_docs.checks.concordance.base import Reading, Side, reading
from cpc_docs.checks.concordance.lexicon import Lexicon, Token
from cpc_docs.checks.text import language_name as name

if TYPE_CHECKING:
    from cpc_docs.checks.fields import Context, Hit, TextPair

_STOPS = frozenset(".;:!?")


def negations(side: Side, lexicon: Lexicon, lo: int, hi: int) -> list[tuple[int, ...]]:
    """The negations of tokens [lo, hi): each as the indexes of its tokens."""
    lists = lexicon.lang("negation", side.lang)
    if not lists:
        return []
    tokens = side.tokens
    words = lexicon.phrases(
        "negation-words",
        side.lang,
        lambda: (
            [(p, "hide") for p in lists.get("not_negation") or ()]
            + [(p, "word") for p in lists.get("words") or ()]
        ),
    )
    found: list[tuple[int, ...]] = []
    taken: set[int] = set()
    for m in words.find(tokens, lo, hi):
        if m.label == "word":
            found.append(tuple(range(m.first, m.last)))
        # Tokens inside a "not negation" phrase are hidden from the rest too.
        taken.update(range(m.first, m.last))
    openers = lexicon.words(("neg-opener", side.lang), lists.get("opener"))
    closers = lexicon.words(("neg-closers", side.lang), lists.get("closers"))
    before = lexicon.words(("neg-before", side.lang), lists.get("before"))
    reach = int(lists.get("window") or 0)
    alone = lexicon.flag(lists.get("opener_alone"), False)
    norms = side.norms
    if openers and not openers.isdisjoint(side.norm_set):
        for i in range(lo, hi):
            if norms[i] not in openers or i in taken:
                continue
            partner = _partner(tokens, i, hi, reach, closers, taken, 1)
            if partner is None:
                partner = _partner(tokens, i, lo - 1, reach, before, taken, -1)
            if partner is not None:
                taken.update((i, partner))
                found.append((min(i, partner), max(i, partner)))
            elif alone:
                taken.add(i)
                found.append((i,))
    if lexicon.flag(lists.get("closers_alone"), False) and not closers.isdisjoint(side.norm_set):
        # Spanish "nunca podrá", "ningún Participante": a negative word before the verb.
        for i in range(lo, hi):
            if norms[i] in closers and i not in taken:
                taken.add(i)
                found.append((i,))
    prefixes = tuple(lexicon.words(("neg-prefixes", side.lang), lists.get("prefixes")))
    suffixes = tuple(lexicon.words(("neg-suffixes", side.lang), lists.get("suffixes")))
    exceptions = lexicon.words(("neg-exceptions", side.lang), lists.get("prefix_exceptions"))
    if prefixes or suffixes:
        for i in range(lo, hi):
            word = norms[i]
            if not (word.startswith(prefixes) or word.endswith(suffixes)):
                continue
            if i in taken or tokens[i].kind != "word" or word in exceptions:
                continue
            if any(word.startswith(p) and len(word) >= len(p) + 4 for p in prefixes) or any(
                word.endswith(s) and len(word) > len(s) for s in suffixes
            ):
                taken.add(i)
                found.append((i,))
    found.sort()
    return found


def _partner(
    tokens: list[Token], start: int, stop: int, reach: int, wanted: frozenset[str], taken: set[int],
    step: int,
) -> int | None:  # fmt: skip
    """The first token in `wanted` within `reach` tokens of `start`, in direction `step`,
    before a full stop or semicolon."""
    j = start + step
    steps = 0
    while j != stop and steps < reach:
        token = tokens[j]
        if token.kind == "punct" and token.norm in _STOPS:
            return None
        if j not in taken and token.norm in wanted:
            return j
        j += step
        steps += 1
    return None


def _shown(side: Side, negation: tuple[int, ...]) -> str:
    if len(negation) == 1:
        return side.quote(negation[0], negation[0] + 1)
    first, last = negation[0], negation[-1]
    if last - first == 1 or len(negation) > 2:
        return side.quote(first, last + 1)
    return side.quote(first, first + 1)[:-2] + " … " + side.quote(last, last + 1)[2:]


def negation(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    from cpc_docs.checks.fields import Hit

    read = reading(pair.a, pair.b)
    if read is None:
        return
    for (a_lo, a_hi), (b_lo, b_hi) in read.windows:
        found_a = negations(read.a, read.lexicon, a_lo, a_hi)
        found_b = negations(read.b, read.lexicon, b_lo, b_hi)
        if len(found_a) == len(found_b):
            continue
        yield Hit("negation", _message(read, found_a, found_b), _spans(read, found_a, found_b))


def _describe(side: Side, found: list[tuple[int, ...]]) -> str:
    if not found:
        return f"the {name(side.lang)} has none"
    shown = ", ".join(_shown(side, f) for f in found)
    return f"the {name(side.lang)} has {len(found)} ({shown})"


def _message(read: Reading, found_a: list[tuple[int, ...]], found_b: list[tuple[int, ...]]) -> str:
    return (
        f"negation differs: {_describe(read.a, found_a)}, {_describe(read.b, found_b)} — one "
        "version says the opposite of the other"
    )


def _spans(
    read: Reading, found_a: list[tuple[int, ...]], found_b: list[tuple[int, ...]]
) -> tuple[tuple[str, int, int], ...]:
    spans = []
    for side, found in ((read.a, found_a), (read.b, found_b)):
        for f in found:
            for i in f:
                spans.append(side.span(i, i + 1))
    return tuple(spans)
