"""The French↔English termbases and how terms are found in texts.

cpc-docs ships the CPC termbase (`termbase.yaml` beside this module), used by default; a
repository's `glossary.yaml` extends it: its terms are added, and a term that shares its
preferred (first) French or English form with a shipped term replaces that term. A project
glossary that starts with `shipped: false` is used alone.

    terms:
      - fr: [traite des enfants, traite d'enfants]   # first form preferred, others accepted
        en: [child trafficking, trafficking in children]
        note: …

A term found on one side whose translation (any of its forms) is missing on the other side is
a finding. Forms are matched as whole phrases, ignoring case, accents and the kind of
apostrophe, each word allowing a plural ending (-s, -x, -es), so the termbase need not list
"organisations de la société civile" beside "organisation de la société civile"; punctuation
between words is ignored, so "Compact (CPC) Partnership" is found as written. A form in
capitals (an acronym: ONG, NGO) is matched in capitals only, so "UN" is not found in "un".

Forms are indexed by their first word, so finding the terms of a text costs one dictionary
look-up per word whatever the size of the termbase. On the side where a term is looked for,
the longest form wins and the shorter terms inside it are not counted ("traite des enfants"
is not also "traite"); on the other side any form counts, inside a longer one or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cpc_docs.checks.text import fold
from cpc_docs.errors import InputError

LANGS = ("fr", "en")


@dataclass(frozen=True)
class Term:
    fr: tuple[str, ...]
    en: tuple[str, ...]
    note: str = ""
    line: int | None = None

    def forms(self, lang: str) -> tuple[str, ...]:
        return self.fr if lang == "fr" else self.en


_WORD = re.compile(r"[^\W_]+")
# Hyphenated compounds are read both ways: as their parts ("child-friendly" holds "child") and
# as one word without hyphens ("non-governmental" is "nongovernmental").
_COMPOUND = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def _words(text: str, pattern: re.Pattern[str] = _WORD) -> list[str]:
    return [w.replace("-", "") for w in pattern.findall(text)]


def _surfaces(word: str) -> tuple[str, ...]:
    """How a word of a form may be written in a text: as is, or with a plural ending."""
    if not word[-1:].isalpha() or len(word) < 3:
        return (word,)
    return (word, word + "s", word + "x", word + "es")


@dataclass
class _Index:
    """Forms by the way their first word may be written, longest first: one dictionary
    look-up per word of text."""

    by_first: dict[str, list[tuple[tuple[frozenset[str], ...], int]]]

    @classmethod
    def build(cls, terms: list[Term], lang: str, capitals: bool) -> _Index:
        by_first: dict[str, list[tuple[tuple[frozenset[str], ...], int]]] = {}
        for index, term in enumerate(terms):
            for form in term.forms(lang):
                if _is_capitals(form) != capitals:
                    continue
                folded = form if capitals else fold(form)
                for words in {tuple(_words(folded)), tuple(_words(folded, _COMPOUND))}:
                    if not words:
                        continue
                    accepted = tuple(frozenset(_surfaces(w)) for w in words)
                    for surface in accepted[0]:
                        by_first.setdefault(surface, []).append((accepted, index))
        for entries in by_first.values():
            entries.sort(key=lambda e: -len(e[0]))
        return cls(by_first)

    def scan(self, text: str) -> tuple[dict[int, tuple[int, int]], set[int]]:
        """(longest terms, left to right, not overlapping, with their spans; every term)."""
        longest: dict[int, tuple[int, int]] = {}
        every: set[int] = set()
        if not self.by_first:
            return longest, every
        self._scan(text, _WORD, longest, every)
        if "-" in text:
            self._scan(text, _COMPOUND, longest, every)
        return longest, every

    def _scan(
        self,
        text: str,
        pattern: re.Pattern[str],
        longest: dict[int, tuple[int, int]],
        every: set[int],
    ) -> None:
        by_first = self.by_first
        matches = list(pattern.finditer(text))
        words = [m.group().replace("-", "") for m in matches]
        count = len(words)
        skip_to = 0
        for i, word in enumerate(words):
            candidates = by_first.get(word)
            if candidates is None:
                continue
            for accepted, index in candidates:
                n = len(accepted)
                if n == 1 or (
                    i + n <= count and all(words[i + k] in accepted[k] for k in range(1, n))
                ):
                    every.add(index)
                    if i >= skip_to:
                        longest.setdefault(index, (matches[i].start(), matches[i + n - 1].end()))
                        skip_to = i + n


@dataclass
class Glossary:
    terms: list[Term] = field(default_factory=list)
    file: str = ""
    # The termbases it was made of, as `cpc check` names them: ["cpc-docs (120 terms)", …].
    sources: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._indexes: dict[tuple[str, bool], _Index] = {}

    def _index(self, lang: str, capitals: bool) -> _Index:
        key = (lang, capitals)
        if key not in self._indexes:
            self._indexes[key] = _Index.build(self.terms, lang, capitals)
        return self._indexes[key]

    def scan(
        self, text: str, folded: str, lang: str
    ) -> tuple[dict[int, tuple[int, int]], set[int]]:
        """The terms of a text: the longest ones with where each first appears, and every
        term present (including those inside longer ones)."""
        if not self.terms:
            return {}, set()
        longest, every = self._index(lang, False).scan(folded)
        caps_longest, caps_every = self._index(lang, True).scan(text)
        for index, span in caps_longest.items():
            longest.setdefault(index, span)
        return longest, every | caps_every

    def find(self, text: str, folded: str, lang: str) -> dict[int, tuple[int, int]]:
        """The terms of a text (by index) with where each first appears."""
        return self.scan(text, folded, lang)[0]

    def acronym_pairs(self) -> list[tuple[str, str]]:
        """(French, English) acronyms that name the same thing, for the acronym rule."""
        pairs = []
        for term in self.terms:
            for fr in term.fr:
                for en in term.en:
                    if _is_capitals(fr) and _is_capitals(en):
                        pairs.append((fr, en))
        return pairs


def _is_capitals(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and " " not in form.strip()


SHIPPED = Path(__file__).with_name("termbase.yaml")
SHIPPED_NAME = "cpc-docs"


def load(path: str | Path) -> Glossary:
    """Read one termbase, alone; raise InputError naming the line of anything malformed."""
    return _read(path)[0]


def load_termbases(project: str | Path | None = None, shipped: bool = True) -> Glossary:
    """The termbase `cpc check` uses: the shipped CPC termbase extended by a project's
    glossary (see the module docstring), or either alone."""
    base = _read(SHIPPED)[0] if shipped else Glossary()
    if shipped:
        base.sources = [f"{SHIPPED_NAME} ({len(base.terms)} terms)"]
    if project is None:
        return base
    own, extends = _read(project)
    if not extends:
        return own
    preferred = {("fr", fold(t.fr[0])) for t in own.terms} | {
        ("en", fold(t.en[0])) for t in own.terms
    }
    kept = [
        t
        for t in base.terms
        if ("fr", fold(t.fr[0])) not in preferred and ("en", fold(t.en[0])) not in preferred
    ]
    replaced = len(base.terms) - len(kept)
    note = f", {replaced} replaced" if replaced else ""
    return Glossary(
        kept + own.terms,
        own.file,
        [*base.sources, f"{project} ({len(own.terms)} terms{note})"],
    )


def _read(path: str | Path) -> tuple[Glossary, bool]:
    """A termbase file, and whether it extends the shipped one (`shipped:`, default true)."""
    from cpc_docs.load.yamlsource import parse_file

    source = parse_file(path)
    data = source.data
    file = str(path)
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise InputError(
            "a glossary is a mapping with a list `terms:`",
            source.locate(()),
            "terms: [{fr: [traite des enfants], en: [child trafficking]}]",
        )
    unknown_top = sorted(set(data) - {"terms", "shipped"})
    if unknown_top:
        raise InputError(
            f"unknown key {unknown_top[0]!r} in a glossary; the keys are 'terms' and 'shipped'",
            source.locate((unknown_top[0],), key=True),
        )
    extends = data.get("shipped", True)
    if not isinstance(extends, bool):
        raise InputError(
            "`shipped` is true (add these terms to the CPC termbase of cpc-docs) or false "
            "(use these terms alone)",
            source.locate(("shipped",)),
        )
    terms = []
    for i, entry in enumerate(data["terms"]):
        where = source.locate(("terms", i))
        if not isinstance(entry, dict):
            raise InputError("a term is a mapping with `fr` and `en`", where)
        unknown = set(entry) - {"fr", "en", "note"}
        if unknown:
            raise InputError(
                f"unknown key {sorted(unknown)[0]!r} in a term; the keys are 'fr', 'en', 'note'",
                source.locate(("terms", i, sorted(unknown)[0]), key=True),
            )
        forms: dict[str, tuple[str, ...]] = {}
        for lang in LANGS:
            value = entry.get(lang)
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not value:
                raise InputError(
                    f"the term has no {lang!r} form", where, f"{lang}: [the term, a variant]"
                )
            cleaned = tuple(str(v).strip() for v in value if str(v).strip())
            if not cleaned:
                raise InputError(f"the term's {lang!r} forms are empty", where)
            forms[lang] = cleaned
        note = entry.get("note") or ""
        terms.append(Term(forms["fr"], forms["en"], str(note), where.line))
    return Glossary(terms, file, [f"{file} ({len(terms)} terms)"]), extends
