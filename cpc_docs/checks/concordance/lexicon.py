"""The word lists of a language pair, and how their phrases are found in a text.

A rule of meaning compares what the two versions *say* with words: "ne … pas" and "not",
"entend" and "intends", "sous réserve de" and "subject to". Those words are data, one YAML file
per language pair beside this module (`fr-en.yaml`, `es-en.yaml`), so that a language officer
extends a list without touching the code, and a new pair is a new file. Which pair a text is
comes from the data being checked (a compact's `languages:`), never from an assumption.

Texts are read as tokens: words (case and accents folded, so "Etat" is "État"), numbers,
placeholders (`{amount}` stays one token: it is a fact the renderer fills in) and single
punctuation marks. A French elided word is a token of its own ("l'annexe" is "l'" + "annexe"),
as the lists write them. Phrases of a list are tokenized the same way and found by their first
token: one dictionary look-up per token of text, however long the lists.

Rules compare the two versions sentence by sentence where the sentences align one to one (the
usual case in legal prose), and over the whole text otherwise, so that a negation moved from
one sentence to the next by a translator's restructuring is no finding.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import yaml

from cpc_docs.checks.text import Prepared, fold

DATA = Path(__file__).parent


class Token(NamedTuple):
    """One token of a text: its folded form, where it is, and what it is."""

    norm: str
    start: int
    end: int
    kind: str  # "word", "number", "placeholder" or "punct"


# Words (with inner apostrophes and hyphens), numbers (with an ordinal ending or decimals),
# and any other single non-space character.
_TOKEN = re.compile(
    r"(?P<number>\d+(?:[.,]\d+)*(?:\.(?=[ºª]))?[^\W_]*)"  # "1.º": a Spanish ordinal
    r"|(?P<word>[^\W\d_]+(?:['\-][^\W\d_]+)*'?)"
    r"|(?P<punct>[^\s\w])",
)


def tokenize(
    text: str, lang: str, elisions: frozenset[str] = frozenset(), clitics: tuple[str, ...] = ()
) -> list[Token]:
    """The tokens of a text, folded; `elisions`: the words that elide before a vowel;
    `clitics`: endings that are words of their own ("Ghana's" is "Ghana" + "'s")."""
    folded = fold(text)
    tokens: list[Token] = []
    for m in _TOKEN.finditer(folded):
        kind = m.lastgroup or "punct"
        start, end = m.span()
        piece = m.group()
        if kind != "word" or "'" not in piece:
            tokens.append(Token(piece, start, end, kind))
            continue
        # A word with an apostrophe: elided, possessive, or "n't".
        if piece.endswith("'") and not piece.endswith("n't") and piece[:-1] not in elisions:
            piece, end = piece[:-1], end - 1  # "Participants'": the apostrophe is no word
            if not piece:
                continue
        # "l'annexe", "qu'il", "jusqu'à": the elided word, then the rest.
        while elisions and "'" in piece:
            head, _, rest = piece.partition("'")
            if head not in elisions or not rest:
                break
            tokens.append(Token(head + "'", start, start + len(head) + 1, "word"))
            start += len(head) + 1
            piece = rest
        for clitic in clitics:
            if piece.endswith(clitic) and len(piece) > len(clitic):
                cut = end - len(clitic)
                tokens.append(Token(piece[: -len(clitic)], start, cut, kind))
                tokens.append(Token(clitic, cut, end, kind))
                break
        else:
            tokens.append(Token(piece, start, end, kind))
    return tokens


class Tokens(list[Token]):
    """A text's tokens, with their folded forms alongside (every phrase look-up reads them,
    and a list none of whose first words is among them is done at once) and, once a list with
    plurals needs them, their forms without a plural ending."""

    norms: list[str]
    norm_set: frozenset[str] = frozenset()
    stems: list[str] | None = None
    stem_set: frozenset[str] | None = None


def tokens_of(prep: Prepared, lexicon: Lexicon) -> Tokens:
    """The tokens of a prepared text, computed once: placeholders as tokens of their own,
    e-mail and web addresses and telephone numbers left out (other rules compare them)."""
    cached = prep.__dict__.get("_concordance_tokens")
    if cached is not None:
        return cached
    found = tokenize(
        prep.masked, prep.lang, lexicon.elisions(prep.lang), lexicon.clitics(prep.lang)
    )
    if prep.placeholders:
        found.extend(
            Token(p.norm, p.start, p.end, "placeholder")
            for p in prep.placeholders
            if p.norm not in ("{{", "}}")
        )
        found.sort(key=lambda t: t.start)
    tokens = Tokens(found)
    tokens.norms = [t.norm for t in found]
    tokens.norm_set = frozenset(tokens.norms)
    prep.__dict__["_concordance_tokens"] = tokens
    return tokens


# --- phrase lists -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Match:
    """A phrase of a list found in a text: its label, and tokens [first, last)."""

    label: str
    first: int
    last: int


class PhraseSet:
    """Labelled phrases, found longest first, left to right, without overlaps.

    A phrase's last word may end in "*" (any ending). Phrases labelled "" are found (and so
    hide the shorter phrases inside them) but not returned: the lists' "not negation" and
    "not modal" entries. With `plurals`, a word matches with or without a final s or x.
    """

    def __init__(
        self,
        entries: Iterable[tuple[str, str]],
        lang: str,
        elisions: frozenset[str],
        plurals: bool = False,
        clitics: tuple[str, ...] = (),
    ) -> None:
        self.plurals = plurals
        self.clitics = clitics
        self.by_first: dict[str, list[tuple[tuple[str, ...], bool, str]]] = {}
        self.prefixes: list[tuple[str, str]] = []
        for phrase, label in entries:
            wildcard = phrase.endswith("*")
            words = tuple(
                self._key(t.norm)
                for t in tokenize(phrase.rstrip("*"), lang, elisions, self.clitics)
            )
            if not words:
                continue
            if len(words) == 1 and wildcard:
                self.prefixes.append((words[0], label))
            else:
                self.by_first.setdefault(words[0], []).append((words, wildcard, label))
        for candidates in self.by_first.values():
            candidates.sort(key=lambda e: -len(e[0]))
        self.firsts = frozenset(self.by_first)

    def _key(self, word: str) -> str:
        if self.plurals and len(word) > 3 and word[-1] in "sx" and word[-2] != "s":
            return word[:-1]
        return word

    def __bool__(self) -> bool:
        return any(self.by_first.values()) or bool(self.prefixes)

    def find(self, tokens: Sequence[Token], lo: int = 0, hi: int | None = None) -> list[Match]:
        hi = len(tokens) if hi is None else hi
        by_first = self.by_first
        # A text's Tokens (tokens_of) carry their folded forms; any other list is folded here.
        folded = tokens if isinstance(tokens, Tokens) else None
        norms = folded.norms if folded is not None else None
        if (
            folded is not None
            and not self.plurals
            and not self.prefixes
            and self.firsts.isdisjoint(folded.norm_set)
        ):
            return []
        if self.plurals:
            stems = folded.stems if folded is not None else None
            if stems is None:
                stems = [self._key(t.norm) for t in tokens]
                if folded is not None:
                    folded.stems = stems
                    folded.stem_set = frozenset(stems)
            stem_set = folded.stem_set if folded is not None else None
            if stem_set is not None and not self.prefixes and self.firsts.isdisjoint(stem_set):
                return []
            keys = stems[lo:hi]
            if not self.prefixes and by_first.keys().isdisjoint(keys):
                return []
        else:
            keys = norms[lo:hi] if norms is not None else [t.norm for t in tokens[lo:hi]]
            if not self.prefixes and by_first.keys().isdisjoint(keys):
                return []
        found: list[Match] = []
        n = len(keys)
        prefixes = self.prefixes
        # Where a phrase may start: every token with prefixes, else those that are some
        # phrase's first word (found in one pass, not tried one by one).
        starts = range(n) if prefixes else [i for i, key in enumerate(keys) if key in by_first]
        after = 0  # the first token past the last phrase found: no overlaps
        for i in starts:
            if i < after:
                continue
            best: tuple[int, str] | None = None
            for words, wildcard, label in by_first.get(keys[i], ()):
                size = len(words)
                if i + size > n:
                    continue
                exact = size - 1 if wildcard else size
                if all(keys[i + k] == words[k] for k in range(1, exact)) and (
                    not wildcard or keys[i + size - 1].startswith(words[-1])
                ):
                    best = (size, label)
                    break
            if best is None:
                for prefix, label in prefixes:
                    if keys[i].startswith(prefix):
                        best = (1, label)
                        break
            if best is None:
                continue
            size, label = best
            if label:
                found.append(Match(label, lo + i, lo + i + size))
            after = i + size
        return found


# --- the lexicon of a pair --------------------------------------------------------------------

_T = TypeVar("_T")


class Lexicon:
    """The word lists of one language pair, compiled on first use."""

    def __init__(self, data: dict[str, Any], file: str) -> None:
        self.data = data
        self.file = file
        self.languages: tuple[str, ...] = tuple(data.get("languages", ()))
        self._cache: dict[tuple[str, ...], Any] = {}

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name) or {}
        return value if isinstance(value, dict) else {}

    def lang(self, name: str, lang: str) -> Any:
        return self.section(name).get(lang) or {}

    @staticmethod
    def flag(value: Any, default: bool) -> bool:
        """A yes/no of the lists (read as text: see `load`)."""
        if value is None:
            return default
        return str(value).strip().lower() in ("true", "yes", "1")

    def elisions(self, lang: str) -> frozenset[str]:
        key = ("elisions", lang)
        if key not in self._cache:
            words = (self.section("tokens").get(lang) or {}).get("elisions") or ()
            self._cache[key] = frozenset(str(w) for w in words)
        return self._cache[key]

    def clitics(self, lang: str) -> tuple[str, ...]:
        key = ("clitics", lang)
        if key not in self._cache:
            words = (self.section("tokens").get(lang) or {}).get("clitics") or ()
            self._cache[key] = tuple(fold(str(w)) for w in words)
        return self._cache[key]

    def phrases(
        self,
        key: str,
        lang: str,
        entries: Callable[[], Iterable[tuple[str, str]]],
        plurals: bool = False,
    ) -> PhraseSet:
        """A compiled phrase set, cached under `key`: `entries` is called once."""
        cache_key = ("phrases", key, lang)
        found = self._cache.get(cache_key)
        if found is None:
            found = PhraseSet(entries(), lang, self.elisions(lang), plurals, self.clitics(lang))
            self._cache[cache_key] = found
        return found

    def memo(self, key: tuple[Any, ...], make: Callable[[], _T]) -> _T:
        """Anything a rule derives from the lists, computed once per lexicon."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def number_words(self, lang: str) -> frozenset[str]:
        return self.words(("numbers", lang), self.section("numbers").get(lang))

    def words(self, key: tuple[str, ...], values: Any) -> frozenset[str]:
        """A list of single words, folded, computed once under `key`."""
        return self.memo(("words", *key), lambda: frozenset(fold(str(w)) for w in values or ()))


def pair_files() -> dict[frozenset[str], Path]:
    """The shipped pair files, by the two languages their name gives ("fr-en.yaml")."""
    found = {}
    for path in sorted(DATA.glob("*-*.yaml")):
        a, _, b = path.stem.partition("-")
        if a and b:
            found[frozenset((a, b))] = path
    return found


def known_languages() -> frozenset[str]:
    """Every language some pair file covers: the languages `cpc check` can compare."""
    return frozenset(lang for pair in _pair_files() for lang in pair)


@cache
def _pair_files() -> dict[frozenset[str], Path]:
    return pair_files()


@cache
def load(a: str, b: str) -> Lexicon | None:
    """The lexicon of a language pair (in either order), or None when none is shipped."""
    path = _pair_files().get(frozenset((a, b)))
    if path is None:
        return None
    # Every scalar a string: "no", "y", "on" are words here, not YAML 1.1 booleans.
    with path.open(encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    return Lexicon(data if isinstance(data, dict) else {}, path.name)


# --- aligned stretches of text ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stretch:
    """A stretch of each text that says the same thing: a sentence and its translation, or
    the whole texts when their sentences do not align one to one."""

    a: tuple[int, int]
    b: tuple[int, int]


def stretches(a: Prepared, b: Prepared) -> list[Stretch]:
    """Sentence by sentence when both texts have as many sentences, else the whole texts."""
    sa, sb = a.sentences, b.sentences
    if len(sa) == len(sb) and len(sa) > 1:
        return [Stretch(x, y) for x, y in zip(sa, sb, strict=True)]
    return [Stretch((0, len(a.text)), (0, len(b.text)))]


def window(tokens: Sequence[Token], span: tuple[int, int]) -> tuple[int, int]:
    """The indexes [lo, hi) of the tokens inside a character span."""
    starts = [t.start for t in tokens]
    return bisect.bisect_left(starts, span[0]), bisect.bisect_left(starts, span[1])


def quote(prep: Prepared, start: int, end: int) -> str:
    """A piece of text quoted as its language quotes."""
    piece = " ".join(prep.text[start:end].split())
    if len(piece) > 60:
        piece = piece[:59] + "…"
    if prep.lang == "fr":
        return f"«\u00a0{piece}\u00a0»"
    if prep.lang == "es":
        return f"«{piece}»"
    return f"“{piece}”"
