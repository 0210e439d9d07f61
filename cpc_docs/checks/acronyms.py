"""Acronyms: the same bodies named on both sides.

An acronym is a capitalised token that is not a word of the language. The preamble's
"RAPPELANT" / "RECOGNIZING" are participles in capitals, headings are written in capitals,
and "ENTRE" / "AND" are words: none of them is an acronym. We tell them apart without a
dictionary:

- a token with a digit, an "&", or no vowel (CNLTP, SDLTETDJ, M&E, G20) is an acronym;
- a token in capitals with an accent (CONSIDÉRANT, PRÉOCCUPÉES) is a French word;
- a short token is an acronym unless it is a common word in capitals (ET, AND, POUR, PACTE…);
- a longer token with vowels (RAPPELANT, PROTECTION) is a word, unless the document defines it
  as an acronym: in brackets after its expansion — "(SOSTECI)" — or in `bodies[].acronym`.

In a run of three or more capitalised tokens (a heading), only the tokens that are surely
acronyms count.

Where the two languages use different acronyms for the same body (ONU/UN, ONG/NGO, POS/SOP),
a built-in table, the glossary and the compact's own `bodies` say they are equal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from cpc_docs.checks.text import Prepared
from cpc_docs.errors import CpcError
from cpc_docs.shipped import language_data, shipped_languages

# Tokens that start with a capital or a digit: the only ones that can be acronyms or break a
# run of capitals; a word in lower case between two of them shows in the gap.
_TOKEN = re.compile(r"(?<![\w&])[A-ZÀ-Ý0-9][\w&]*(?:-[\w&]+)*")
_QUICK = re.compile(r"[A-ZÀ-Ý0-9&][A-ZÀ-Ý0-9&]|[A-ZÀ-Ý][a-z]*\d")
_SEPARATOR = re.compile(r"[\s'’]*")
_VOWELS = frozenset("AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸ")
_ACCENTED = frozenset("ÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÇ")
_ROMAN = re.compile(r"^(?=[IVXLCDM]+$)M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


@cache
def capital_words(lang: str) -> frozenset[str]:
    """Words of a language that are often written in capitals: articles, prepositions, the
    words of headings and signature blocks ("UN" is a French article and the English for
    ONU). The language folder's check.yaml lists them (`capitals`); none for a language
    without one."""
    try:
        data = language_data(lang, "check.yaml")
    except CpcError:
        return frozenset()
    return frozenset(str(data.get("capitals") or "").split())


def equivalents(
    pairs: Iterable[tuple[str, str]] = (), others: Iterable[tuple[str, str, str]] = ()
) -> dict[str, set[str]]:
    """A map from each acronym (`"es:ONU"`) to the acronyms that name the same body in
    another language: each language folder's check.yaml gives its acronyms' English ones
    (`acronyms`: ONU/UN, ONG/NGO…), and two languages' acronyms of one English acronym are
    equal too (ONU in French and in Spanish: UN). `pairs`: (French, English) of a glossary or
    of the document's bodies; `others`: (language, its acronym, English) of the bodies."""
    from cpc_docs.checks.langcheck import check_language

    table: dict[str, set[str]] = {}

    def add(lang: str, local: str, en: str) -> None:
        table.setdefault(f"{lang}:{local}", set()).add(en)
        table.setdefault("en:" + en, set()).add(local)

    by_english: dict[str, list[tuple[str, str]]] = {}
    for lang in shipped_languages():
        if lang == "en":
            continue
        for local, english in check_language(lang).acronyms.items():
            for en in english:
                add(lang, local, en)
                by_english.setdefault(en, []).append((lang, local))
    for fr, en in pairs:
        add("fr", normalize(fr), normalize(en))
    for lang, local, en in others:
        add(lang, normalize(local), normalize(en))
    for names in by_english.values():  # ODD (French), ODS (Spanish): both SDG
        for lang, local in names:
            table[f"{lang}:{local}"].update(o for la, o in names if la != lang)
    return table


def normalize(token: str) -> str:
    """NGOs -> NGO, SOPs -> SOP: the plural mark is not part of the acronym."""
    if len(token) > 2 and token.endswith("s") and token[:-1].isupper():
        return token[:-1]
    return token


def is_acronym_shape(token: str) -> bool:
    """A capitalised token that could be an acronym (before asking whether it is a word)."""
    core = normalize(token)
    letters = [c for c in core if c.isalpha()]
    if len(core) < 2 or len(letters) < 1:
        return False
    if not all(c.isupper() or c.isdigit() or c in "&-/" for c in core):
        return False
    if sum(c.isupper() for c in core) < (1 if any(c.isdigit() for c in core) else 2):
        return False
    return not core.isdigit()


def _surely_acronym(core: str) -> bool:
    if any(c.isdigit() or c == "&" for c in core):
        return True
    letters = [c for c in core if c.isalpha()]
    return not any(c in _VOWELS for c in letters)


def find(prep: Prepared, defined: frozenset[str]) -> dict[str, tuple[int, int]]:
    """The acronyms of a text, normalised, with where each first appears (computed once per
    text and set of defined acronyms: the acronym check and the entities rule both ask)."""
    cached = prep.__dict__.get("_acronyms")
    if cached is not None and cached[0] == defined:
        return cached[1]
    found = _find(prep, defined)
    prep.__dict__["_acronyms"] = (defined, found)
    return found


def _find(prep: Prepared, defined: frozenset[str]) -> dict[str, tuple[int, int]]:
    text = prep.masked
    if not _QUICK.search(text):
        return {}
    words = capital_words(prep.lang)
    candidates: list[tuple[str, int, int]] = []
    previous_end = 0
    for m in _TOKEN.finditer(text):
        token = m.group()
        if "_" in token or text[m.end() : m.end() + 1] == "$":
            continue  # an identifier, or a currency ("US$")
        if _SEPARATOR.fullmatch(text, previous_end, m.start()) is None:
            candidates.append(("", previous_end, previous_end))  # punctuation ends a run
        previous_end = m.end()
        if is_acronym_shape(token):
            candidates.append((token, m.start(), m.end()))
        else:
            candidates.append(("", m.start(), m.end()))  # a word in lower case ends a run
    found: dict[str, tuple[int, int]] = {}
    i = 0
    while i < len(candidates):
        j = i
        while j < len(candidates) and candidates[j][0]:
            j += 1
        run = candidates[i:j]
        # A heading: three capitalised tokens or more in a row, one of them a long word.
        heading = len(run) >= 3 and any(
            len(t) >= 6 and not _surely_acronym(normalize(t)) for t, _, _ in run
        )
        for token, start, end in run:
            core = normalize(token)
            if _ROMAN.match(core) or ("-" in core and not any(c.isdigit() for c in core)):
                continue
            if core in defined or _surely_acronym(core):
                found.setdefault(core, (start, end))
                continue
            if heading or core in words or any(c in _ACCENTED for c in core):
                continue
            if len(core) >= 6:
                continue  # a word in capitals (RAPPELANT, RECOGNIZING)
            found.setdefault(core, (start, end))
        i = max(j, i + 1)
    return found


_DEFINED = re.compile(r"\(([A-ZÀ-Ý][A-Za-zÀ-ÿ0-9&/-]{1,15})\)")


def defined_in(text: str) -> set[str]:
    """Acronyms a text defines in brackets after their expansion: "… (SOSTECI)"."""
    return {normalize(m.group(1)) for m in _DEFINED.finditer(text) if is_acronym_shape(m.group(1))}
