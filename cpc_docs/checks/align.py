"""Sentences, and which sentence of one language answers which of the other.

A sentence dropped from one version of a legal text changes what is agreed, yet every other
check can miss it (it may hold no number, no name). Gale and Church (1993) showed that sentence
lengths alone align a text with its translation: a sentence and its translation have lengths in
a nearly constant ratio, with a variance proportional to length. Dynamic programming finds the
most probable sequence of "beads" — 1-1, 1-0 / 0-1 (a sentence with no counterpart), 2-1 / 1-2
(a sentence split or merged), 2-2. We report the beads that are not 1-1.

Splitting sentences in legal prose needs care with abbreviations ("M.", "art.", "U.S.C.",
"Joann M. Lockard", "EE. UU.", "núm."), list items on their own lines, "etc." inside a
sentence, and a Spanish sentence that opens with "¿" or "¡".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from cpc_docs.checks.langcheck import abbreviations

_END = re.compile(
    r"[.!?…]+[»”\"')\]]*(?=\s+[«“\"'(\[¿¡]?\s*[A-ZÀ-Ý0-9{])|\n\s*\n|\n(?=\s*(?:[-*•–]|\d+[.)]|\(?[a-z]\))\s)"
)
_TOKEN_BEFORE = re.compile(r"(\S+)$")


_MAYBE_END = re.compile(r"[.!?…][^\S\n]*\S|\n")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a text, list items counted as sentences."""
    if not _MAYBE_END.search(text.rstrip()):
        stripped = text.strip()
        if not stripped:
            return []
        return [_trim(text, 0, len(text))]
    spans: list[tuple[int, int]] = []
    start = 0
    # Abbreviations after which a full stop does not end a sentence: every shipped language's
    # (templates/<lang>/check.yaml), as a text quotes the others' names and laws.
    known = abbreviations()
    for m in _END.finditer(text):
        if m.group().startswith("."):
            before = _TOKEN_BEFORE.search(text, start, m.start())
            word = before.group(1).lower().lstrip("(«“\"'") if before else ""
            if word in known or (len(word) == 1 and word.isalpha()):
                continue  # "art. 5", "Joann M. Lockard"
            if re.fullmatch(r"(?:[a-zà-ÿ]\.)+[a-zà-ÿ]?", word):
                continue  # "U.S. Department", "p.ex."
        end = m.end()
        if text[start:end].strip():
            spans.append(_trim(text, start, end))
        start = end
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n\u00a0-*•–":
        if text[start] in "-*•–" and start + 1 < end and text[start + 1] not in " \t":
            break
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Gale & Church's parameters: the prior of each bead, and the variance per character.
_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2,
           (1, 2): 0.089 / 2, (2, 2): 0.011}  # fmt: skip
VARIANCE = 6.8
# English is about 10% shorter than French in official texts (measured on our fixtures): the
# ratio of a pair is its languages' `length` in templates/<lang>/check.yaml.
RATIO_EN_PER_FR = 0.9


def delta(len_fr: float, len_en: float, ratio: float = RATIO_EN_PER_FR) -> float:
    """How many standard deviations `len_en` is from what `len_fr` predicts, a translation
    being `ratio` times as long as its original."""
    mean = (len_fr + len_en / ratio) / 2
    if mean == 0:
        return 0.0
    return (len_en - len_fr * ratio) / math.sqrt(mean * VARIANCE)


def _cost(len_fr: float, len_en: float, bead: tuple[int, int], ratio: float) -> float:
    d = abs(delta(len_fr, len_en, ratio))
    p_length = max(math.erfc(d / math.sqrt(2)), 1e-300)
    return -math.log(_PRIORS[bead]) - math.log(p_length)


@dataclass(frozen=True, slots=True)
class Bead:
    fr: tuple[int, ...]  # indexes of the French sentences
    en: tuple[int, ...]
    delta: float


Anchors = list[frozenset[str]]


def _anchor_cost(a: frozenset[str], b: frozenset[str]) -> float:
    """Sentences that hold the same numbers are likely translations of each other; sentences
    that hold different ones are not (the anchors of Brown et al., 1991, in their simplest form).
    """
    if not a and not b:
        return 0.0
    if a == b:
        return -2.0
    if a & b:
        return 0.0
    return 3.0


def align(
    fr: list[int],
    en: list[int],
    fr_anchors: Anchors | None = None,
    en_anchors: Anchors | None = None,
    ratio: float = RATIO_EN_PER_FR,
) -> list[Bead]:
    """Align two lists of sentence lengths; the most probable beads, in order.

    `fr_anchors` / `en_anchors` give, for each sentence, the numbers it holds; `ratio`, the
    length of the second language per character of the first (`langcheck.length_ratio`).
    """
    n, m = len(fr), len(en)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == j == 0:
                continue
            best, step = inf, None
            for di, dj in _PRIORS:
                if di > i or dj > j:
                    continue
                prev = cost[i - di][j - dj]
                if prev == inf:
                    continue
                c = prev + _cost(sum(fr[i - di : i]), sum(en[j - dj : j]), (di, dj), ratio)
                if fr_anchors is not None and en_anchors is not None and di and dj:
                    c += _anchor_cost(
                        frozenset().union(*fr_anchors[i - di : i]),
                        frozenset().union(*en_anchors[j - dj : j]),
                    )
                if c < best:
                    best, step = c, (di, dj)
            cost[i][j], back[i][j] = best, step
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None
        di, dj = step
        beads.append(
            Bead(
                tuple(range(i - di, i)),
                tuple(range(j - dj, j)),
                delta(sum(fr[i - di : i]), sum(en[j - dj : j]), ratio),
            )
        )
        i, j = i - di, j - dj
    beads.reverse()
    return beads
