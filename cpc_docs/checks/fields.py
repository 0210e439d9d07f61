"""The checks run on each bilingual text: French on one side, English on the other.

Every rule has the same signature, `rule(pair, context) -> iterator of Hit`, and reports what
it found with the spans of text at fault, so the report can show both texts with the offending
parts marked. The rules learn from Translate Toolkit's pofilter and Weblate's checks, and go
further where legal prose needs it: numbers are compared by value across languages and
scripts ("cinq (05)" = "five (5)"), sentences are aligned to find one that was dropped, and a
capitalised participle is not taken for an acronym.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from cpc_docs.checks import acronyms as acr
from cpc_docs.checks import numbers as num
from cpc_docs.checks.align import Bead, align, delta
from cpc_docs.checks.glossary import LANGS as GLOSSARY_LANGS
from cpc_docs.checks.glossary import Glossary
from cpc_docs.checks.langcheck import check_language
from cpc_docs.checks.langcheck import length_ratio as expected_ratio
from cpc_docs.checks.text import Prepared, excerpt, fold
from cpc_docs.checks.text import language_name as _name


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's finding inside one pair, before it gets a file and a line."""

    rule: str
    message: str
    spans: tuple[tuple[str, int, int], ...] = ()  # (language, start, end)

    @property
    def side(self) -> str | None:
        return self.spans[0][0] if self.spans else None


class TextPair:
    """A text in one language and its translation, each prepared once for all rules.

    `a` and `b` are the two sides in the order of `langs`; the rules written for French and
    English read them as `fr` and `en` (they run on that pair only, see `check_pair`)."""

    __slots__ = ("a", "b")

    def __init__(self, fr: str, en: str, langs: tuple[str, str] = ("fr", "en")) -> None:
        self.a = Prepared(fr, langs[0])
        self.b = Prepared(en, langs[1])

    @property
    def fr(self) -> Prepared:
        return self.a

    @property
    def en(self) -> Prepared:
        return self.b

    @property
    def langs(self) -> tuple[str, str]:
        return (self.a.lang, self.b.lang)

    def sides(self) -> tuple[tuple[Prepared, Prepared], tuple[Prepared, Prepared]]:
        return ((self.a, self.b), (self.b, self.a))


@dataclass
class Context:
    """What the rules know beyond the pair: the termbase, the document's acronyms, its own
    entities (parties and bodies, for the rules of meaning), and whether it is a compact
    (whose cross-references the renderer numbers)."""

    glossary: Glossary | None = None
    defined_acronyms: frozenset[str] = frozenset()
    acronym_table: dict[str, set[str]] = field(default_factory=acr.equivalents)
    # (id, ((language, (forms…)), …)) per party or body of the document.
    entities: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = ()
    compact: bool = False


Rule = Callable[[TextPair, Context], Iterator[Hit]]


def _quote(prep: Prepared, start: int, end: int) -> str:
    open_, close = ("«\u00a0", "\u00a0»") if prep.lang == "fr" else ("“", "”")
    return f"{open_}{excerpt(prep.text, start, end)}{close}"


# --- facts that must be equal ------------------------------------------------------------


def placeholders(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    fr, en = pair.a.placeholders, pair.b.placeholders
    if not fr and not en:
        return
    count_fr, count_en = Counter(t.norm for t in fr), Counter(t.norm for t in en)
    if count_fr == count_en:
        return
    lang_a, lang_b = pair.langs
    for mine, theirs, tokens, lang in (
        (count_fr, count_en, fr, lang_a),
        (count_en, count_fr, en, lang_b),
    ):
        other = _name(lang_b if lang == lang_a else lang_a)
        for token, n in (mine - theirs).items():
            spans = tuple((lang, t.start, t.end) for t in tokens if t.norm == token)
            times = "" if n == 1 else f" ({n} more times)"
            yield Hit(
                "placeholders",
                f"{token} is in the {_name(lang)}{times} but not in the {other}: "
                "a fact or cross-reference is missing from one version",
                spans,
            )


def _contacts(rule: str, what: str, attr: str, same: Callable[[str, str], bool]) -> Rule:
    def check(pair: TextPair, ctx: Context) -> Iterator[Hit]:
        fr, en = getattr(pair.a, attr), getattr(pair.b, attr)
        if not fr and not en:
            return
        lang_a, lang_b = pair.langs
        lonely = [
            (lang, t)
            for lang, mine, theirs in ((lang_a, fr, en), (lang_b, en, fr))
            for t in mine
            if not any(same(t.norm, o.norm) for o in theirs)
        ]
        if not lonely:
            return
        parts = []
        for lang, prep in ((lang_a, pair.a), (lang_b, pair.b)):
            items = [prep.text[t.start : t.end] for la, t in lonely if la == lang]
            if items:
                parts.append(f"{_name(lang)} only: {', '.join(items)}")
        yield Hit(rule, f"{what} differ — " + "; ".join(parts),
                  tuple((lang, t.start, t.end) for lang, t in lonely))  # fmt: skip

    check.__name__ = rule
    return check


def _same_phone(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 8 and long_.endswith(short)  # the same number, with a country code


emails = _contacts("emails", "e-mail addresses", "emails", str.__eq__)
urls = _contacts("urls", "web addresses", "urls", lambda a, b: a.rstrip("/") == b.rstrip("/"))
phones = _contacts("phones", "telephone numbers", "phones", _same_phone)


def numbers(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    fr_q, en_q = num.quantities(pair.fr), num.quantities(pair.en)
    if fr_q or en_q:
        diff = num.compare(fr_q, en_q)
        if diff.fr or diff.en:
            parts = []
            spans: list[tuple[str, int, int]] = []
            for lang, prep, left in (
                (pair.a.lang, pair.a, diff.fr),
                (pair.b.lang, pair.b, diff.en),
            ):
                if left:
                    shown = ", ".join(
                        f"{num.show(q.value, q.kind)} ({_quote(prep, q.start, q.end)})"
                        for q in left
                    )
                    parts.append(f"{_name(lang)} only: {shown}")
                    spans.extend((lang, q.start, q.end) for q in left)
            if diff.fatal:
                yield Hit("numbers", "numbers differ — " + "; ".join(parts), tuple(spans))
            else:
                yield Hit(
                    "number-words",
                    "a number in words has no counterpart — " + "; ".join(parts),
                    tuple(spans),
                )
        for lang, found in ((pair.a.lang, fr_q), (pair.b.lang, en_q)):
            # "cinq (06)": the words and the digits of one number disagree.
            by_span: dict[tuple[int, int], set[float]] = {}
            for q in found:
                by_span.setdefault((q.start, q.end), set()).add(q.value)
            for (start, end), values in by_span.items():
                prep = pair.a if lang == pair.a.lang else pair.b
                if len(values) > 1 and "(" in prep.text[start:end]:
                    yield Hit(
                        "numbers",
                        f"{_quote(prep, start, end)} says two different numbers in words and "
                        "in digits",
                        ((lang, start, end),),
                    )
    cur_fr, cur_en = num.currencies(pair.fr), num.currencies(pair.en)
    if cur_fr and cur_en and set(cur_fr) != set(cur_en):
        unmatched = tuple(  # the currencies one text names and the other does not
            [(pair.a.lang, *cur_fr[c]) for c in cur_fr if c not in cur_en]
            + [(pair.b.lang, *cur_en[c]) for c in cur_en if c not in cur_fr]
        )
        yield Hit(
            "numbers",
            f"currencies differ: {', '.join(sorted(cur_fr))} in {_name(pair.a.lang)}, "
            f"{', '.join(sorted(cur_en))} in {_name(pair.b.lang)}",
            unmatched,
        )


# --- untranslated, wrong language ----------------------------------------------------------

_LOWER_WORD = re.compile(r"(?<![\w])[a-zà-ÿœ]{2,}(?![\w])")


def _prose_words(text: str) -> int:
    return len(_LOWER_WORD.findall(text))


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())


_LONG_WORD = re.compile(r"[^\W\d_]{6,}")


def untranslated(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    fr, en = pair.a, pair.b
    a, b = len(fr.masked), len(en.masked)
    if abs(a - b) <= 0.1 * max(a, b) + 3 and _normal(fr.masked) == _normal(en.masked):
        if _prose_words(fr.masked) >= 3:
            yield Hit(
                "untranslated",
                f"the {_name(en.lang)} is the same as the {_name(fr.lang)}: the text was not "
                "translated",
                ((en.lang, 0, len(en.text)), (fr.lang, 0, len(fr.text))),
            )
        return
    if len(fr.sentences) < 2 and len(en.sentences) < 2:
        return
    # A sentence left in the original language shares its long words with the other side.
    shared = set(_LONG_WORD.findall(fr.masked.lower())) & set(_LONG_WORD.findall(en.masked.lower()))
    if len(shared) < 3:
        return
    english = {}
    for start, end in en.sentences:
        key = _normal(en.masked[start:end])
        if key.count(" ") >= 4:
            english[key] = (start, end)
    for start, end in fr.sentences:
        key = _normal(fr.masked[start:end])
        if key in english and _prose_words(fr.masked[start:end]) >= 4:
            e_start, e_end = english[key]
            yield Hit(
                "untranslated",
                f"the sentence {_quote(fr, start, end)} is the same in {_name(en.lang)}: it was "
                "not translated",
                ((en.lang, e_start, e_end), (fr.lang, start, end)),
            )


_EDGE = "\"'’«»“”()[],;:.!?"


def _stop_counts(text: str, langs: tuple[str, str]) -> dict[str, int]:
    """Function words of each language of the pair (templates/<lang>/check.yaml), counted only
    before a word in lower case, so the French name of a body quoted in English ("Comité de
    Lutte contre la Traite") is not French prose. A word both languages use ("la", "de" in
    French and Spanish) counts for neither."""
    counts = dict.fromkeys(langs, 0)
    a, b = (check_language(lang).function_words for lang in langs)
    only_a, only_b = a - b, b - a
    for word, following in pairwise(text.split()):
        if not following[:1].islower():
            continue
        word = word.strip(_EDGE).lower()
        if word in only_a:
            counts[langs[0]] += 1
        elif word in only_b:
            counts[langs[1]] += 1
    return counts


def wrong_language(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    lang_a, lang_b = pair.langs
    if lang_a == lang_b:
        return
    for prep, other in ((pair.a, lang_b), (pair.b, lang_a)):
        if len(prep.text) < 40:
            continue
        counts = _stop_counts(prep.masked, pair.langs)
        own = counts[prep.lang]
        if counts[other] >= 5 and counts[other] > 3 * own:
            yield Hit(
                "wrong-language",
                f"the {_name(prep.lang)} text reads as {_name(other)}",
                ((prep.lang, 0, len(prep.text)),),
            )


# --- acronyms, glossary --------------------------------------------------------------------


def _written(word: str, text: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", text) is not None


def acronyms(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    if not (any(c.isupper() for c in pair.a.text) or any(c.isupper() for c in pair.b.text)):
        return
    lang_a, lang_b = pair.langs
    if lang_a == lang_b:
        return
    found = {
        lang_a: acr.find(pair.a, ctx.defined_acronyms),
        lang_b: acr.find(pair.b, ctx.defined_acronyms),
    }
    if not found[lang_a] and not found[lang_b]:
        return
    lonely: list[tuple[str, str, tuple[int, int]]] = []
    for lang, other in ((lang_a, lang_b), (lang_b, lang_a)):
        theirs = found[other]
        text = (pair.b if other == lang_b else pair.a).masked
        for token, span in found[lang].items():
            if token in theirs:
                continue
            equal = ctx.acronym_table.get(f"{lang}:{token}", set())
            if equal & set(theirs):
                continue
            if any(not acr.is_acronym_shape(e) and _written(e, text) for e in equal):
                continue  # a body's short name that is no acronym ("MinInterior" for MOI)
            lonely.append((lang, token, span))
    if not lonely:
        return
    parts = []
    for lang in pair.langs:
        tokens = [t for la, t, _ in lonely if la == lang]
        if tokens:
            parts.append(f"{', '.join(tokens)} in the {_name(lang)} only")
    yield Hit(
        "acronyms",
        "acronyms differ: "
        + "; ".join(parts)
        + " (if they name the same body, add the pair to the glossary)",
        tuple((lang, *span) for lang, _, span in lonely),
    )


def glossary(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    gloss = ctx.glossary
    if gloss is None or not gloss.terms or not set(pair.langs) <= set(GLOSSARY_LANGS):
        return  # a termbase holds French and English terms: no other language's
    scans = {
        prep.lang: gloss.scan(prep.masked, fold(prep.masked), prep.lang)
        for prep in (pair.fr, pair.en)
    }
    for prep, other in ((pair.fr, pair.en), (pair.en, pair.fr)):
        longest, _ = scans[prep.lang]
        _, present = scans[other.lang]
        for index, (start, end) in longest.items():
            if index in present:
                continue
            term = gloss.terms[index]
            wanted = " / ".join(term.forms(other.lang))
            yield Hit(
                "glossary",
                f"{_quote(prep, start, end)} is in the {_name(prep.lang)} but the "
                f"{_name(other.lang)} has none of its translations ({wanted})",
                ((prep.lang, start, end),),
            )


# --- form: brackets, quotes, repeated words, typography ------------------------------------

_ENUMERATOR_CLOSE = re.compile(r"(?:^|(?<=\s))(?:[a-zA-Z]|\d{1,2}|[ivx]{1,4})\)")
_PAIRS = {"(": ")", "[": "]"}


_BRACKET = re.compile(r"[()\[\]]")


def _read_brackets(text: str) -> tuple[list[int], set[int]]:
    """Offsets of the brackets without their partner, and of the ")" that close a bracket
    although they look like a list label.

    A ")" after a lone letter, number or roman numeral at the start of a word is ambiguous:
    "a)" opens a list item ("a) les salaires ; b) les frais"), but "A)" also ends "(annexe A)"
    and "(see section B)". Such a ")" closes the bracket open before it only when it follows
    a word (not the start of a line, nor a ";", "," or ":" that ends the list item before)
    and nothing after it can close that bracket: "(notamment a) x et b) y)" is one bracket
    with two labels inside, "(annexe A)." is one bracket closed by the ")" after the A.
    """
    stack: list[tuple[str, int]] = []
    lonely: list[int] = []
    closing: set[int] = set()
    labels: set[int] = set()
    surely: set[int] = set()  # labels that cannot close a bracket
    for e in _ENUMERATOR_CLOSE.finditer(text) if ")" in text else ():
        labels.add(e.end() - 1)
        before = text[: e.start()].rstrip(" \t\u00a0")
        if not before or before[-1] in "\n;,:":
            surely.add(e.end() - 1)
    found = list(_BRACKET.finditer(text))
    for index, m in enumerate(found):
        c, i = m.group(), m.start()
        if c in _PAIRS:
            stack.append((c, i))
        elif i in labels:
            if (
                i not in surely
                and stack
                and stack[-1][0] == "("
                and not _closed_later(found, index + 1, labels)
            ):
                stack.pop()
                closing.add(i)
        elif stack and _PAIRS[stack[-1][0]] == c:
            stack.pop()
        else:
            lonely.append(i)
    lonely.extend(i for _, i in stack)
    return sorted(lonely), closing


def _closed_later(found: list[re.Match[str]], start: int, labels: Container[int]) -> bool:
    """Whether a ")" that is no list label closes, after `start`, the bracket open now."""
    depth = 0
    for m in found[start:]:
        c = m.group()
        if c in _PAIRS:
            depth += 1
        elif m.start() in labels:
            continue
        elif depth:
            depth -= 1
        else:
            return c == ")"
    return False


def _unbalanced(text: str) -> list[int]:
    """Offsets of brackets without their partner ("a)" opening a list item is no bracket)."""
    return _read_brackets(text)[0]


def _quoted_phrases(text: str) -> int:
    return text.count("«") + text.count("“") + text.count('"') // 2


def brackets(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    for prep in (pair.a, pair.b):
        text = prep.masked
        if "(" in text or ")" in text or "[" in text or "]" in text:
            lonely = _unbalanced(text)
            if lonely:
                i = lonely[0]
                yield Hit(
                    "brackets",
                    f"unbalanced {text[i]!r} in the {_name(prep.lang)}",
                    tuple((prep.lang, j, j + 1) for j in lonely),
                )
        for opening, closing in (("«", "»"), ("“", "”")):
            a, b = text.count(opening), text.count(closing)
            if a != b:
                mark = opening if a > b else closing
                i = text.rfind(mark)
                yield Hit(
                    "brackets",
                    f"unbalanced quotation marks {opening} {closing} in the "
                    f"{_name(prep.lang)} ({a} opening, {b} closing)",
                    ((prep.lang, i, i + 1),),
                )
        if text.count('"') % 2:
            i = text.rfind('"')
            yield Hit(
                "brackets",
                f'an odd number of straight quotes " in the {_name(prep.lang)}',
                ((prep.lang, i, i + 1),),
            )
    q_fr, q_en = _quoted_phrases(pair.a.masked), _quoted_phrases(pair.b.masked)
    if q_fr != q_en and (q_fr or q_en):
        yield Hit(
            "brackets",
            f"{q_fr} quoted phrase(s) in the {_name(pair.a.lang)}, {q_en} in the "
            f"{_name(pair.b.lang)}",
            (),
        )


_REPEATED = re.compile(r"(?<![\w'’-])([^\W\d_]+)\s+(\1)(?![\w'’-])", re.IGNORECASE)
_LEGITIMATE_REPEATS = frozenset({"nous", "vous", "had", "that", "is", "do"})


def _may_repeat(text: str) -> bool:
    words = text.lower().split()
    return any(a == b.rstrip(",.;:!?)»”") for a, b in pairwise(words))


def repeated_word(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    for prep in (pair.a, pair.b):
        if not _may_repeat(prep.masked):
            continue
        for m in _REPEATED.finditer(prep.masked):
            word = m.group(1)
            if word.lower() in _LEGITIMATE_REPEATS or (len(word) == 1 and word.isupper()):
                continue
            yield Hit(
                "repeated-word",
                f"{word!r} twice in a row in the {_name(prep.lang)}",
                ((prep.lang, m.start(), m.end()),),
            )


def typography(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    """What each side's language must not write (templates/<lang>/check.yaml, `typography`):
    the first place each rule finds, in the order the language lists its rules."""
    for prep in (pair.a, pair.b):
        text = prep.solid
        for rule in check_language(prep.lang).typography:
            m = rule.find(text)
            if m:
                yield Hit("typography", rule.say(m), ((prep.lang, m.start(), m.end()),))


# --- structure: list items, enumerators, sentences, length ---------------------------------

_LIST_ITEM = re.compile(
    r"^[ \t]*(?:[-*•–]|\d{1,2}[.)]|[a-zA-Z][.)]|\((?:[a-z]|\d{1,2}|[ivx]{1,4})\))[ \t]+\S", re.M
)


def _inline_enumerators(text: str) -> list[tuple[int, int]]:
    """Spans of "(a)", "b)", "(iv)" inside a line (not at its start); the ")" that closes a
    bracket, as in "(voir le point b)", is no enumerator."""
    found = []
    closing = _read_brackets(text)[1] if "(" in text else set()
    i = text.find(")")
    while i != -1:
        j = i
        while j > 0 and i - j < 5 and text[j - 1] in "abcdefghivx":
            j -= 1
        start = j - 1 if j > 0 and text[j - 1] == "(" else j
        after = text[i + 1 : i + 2]
        if (
            i > j
            and (after == "" or after.isspace())
            and (start == 0 or text[start - 1] in " \t\u00a0")
            and _ENUMERATOR_WORD.fullmatch(text, j, i)
            and not (start == j and i in closing)
        ):
            found.append((start, i + 1))
        i = text.find(")", i + 1)
    return found


_ENUMERATOR_WORD = re.compile(r"[a-h]|[ivx]{1,4}")


def list_items(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    fr, en = pair.a.masked, pair.b.masked
    lang_a, lang_b = pair.langs
    if "\n" in fr or "\n" in en:
        items_fr, items_en = list(_LIST_ITEM.finditer(fr)), list(_LIST_ITEM.finditer(en))
        if len(items_fr) != len(items_en):
            yield Hit(
                "list-items",
                f"{len(items_fr)} list item(s) in the {_name(lang_a)}, {len(items_en)} in the "
                f"{_name(lang_b)}",
                tuple((lang_a, m.start(), m.end()) for m in items_fr[len(items_en) :])
                + tuple((lang_b, m.start(), m.end()) for m in items_en[len(items_fr) :]),
            )
    if ")" in fr or ")" in en:
        inline_fr, inline_en = _inline_enumerators(fr), _inline_enumerators(en)
        if len(inline_fr) != len(inline_en):
            yield Hit(
                "enumeration",
                f"{len(inline_fr)} enumerator(s) such as (a) in the {_name(lang_a)}, "
                f"{len(inline_en)} in the {_name(lang_b)}",
                tuple((lang_a, a, b) for a, b in inline_fr)
                + tuple((lang_b, a, b) for a, b in inline_en),
            )


def _words(text: str) -> int:
    return len(re.findall(r"[^\W\d_]+", text))


def _collapsed(text: str) -> int:
    return len(" ".join(text.split()))


_DIGIT_RUN = re.compile(r"\d+")


def sentences(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    fr, en = pair.a, pair.b
    lang_a, lang_b = pair.langs
    ratio = expected_ratio(pair.langs)
    s_fr, s_en = fr.sentences, en.sentences
    if len(s_fr) == len(s_en) or not s_fr or not s_en:
        return
    len_fr = [_collapsed(fr.masked[a:b]) for a, b in s_fr]
    len_en = [_collapsed(en.masked[a:b]) for a, b in s_en]
    anchors_fr = [frozenset(_DIGIT_RUN.findall(fr.masked[a:b])) for a, b in s_fr]
    anchors_en = [frozenset(_DIGIT_RUN.findall(en.masked[a:b])) for a, b in s_en]
    merged: list[str] = []
    for bead in align(len_fr, len_en, anchors_fr, anchors_en, ratio):
        n_fr, n_en = len(bead.fr), len(bead.en)
        if (n_fr, n_en) == (1, 1):
            continue
        if n_fr == 0 or n_en == 0:
            lang, prep, index = (lang_a, fr, bead.fr[0]) if n_en == 0 else (lang_b, en, bead.en[0])
            start, end = prep.sentences[index]
            other = _name(lang_b if prep is fr else lang_a)
            if _words(prep.masked[start:end]) >= 5:
                yield Hit(
                    "omission",
                    f"the {_name(lang)} sentence {_quote(prep, start, end)} has no "
                    f"counterpart in the {other}",
                    ((lang, start, end),),
                )
            else:
                merged.append(f"{_quote(prep, start, end)} has no {other} counterpart")
            continue
        dropped = _dropped_from_merge(bead, len_fr, len_en, ratio)
        if dropped is not None:
            first, index = dropped
            prep = fr if first else en
            lang = prep.lang
            start, end = prep.sentences[index]
            if _words(prep.masked[start:end]) >= 5:
                other = _name(lang_b if first else lang_a)
                yield Hit(
                    "omission",
                    f"the {_name(lang)} sentence {_quote(prep, start, end)} seems to have "
                    f"no counterpart in the {other} (the sentence beside it matches alone)",
                    ((lang, start, end),),
                )
                continue
        merged.append(
            f"{n_fr} {_name(lang_a)} sentence(s) answer {n_en} {_name(lang_b)} sentence(s)"
        )
    if merged:
        yield Hit(
            "sentence-count",
            f"{len(s_fr)} sentence(s) in the {_name(lang_a)}, {len(s_en)} in the "
            f"{_name(lang_b)}: " + "; ".join(merged),
            (),
        )


def _dropped_from_merge(
    bead: Bead, len_fr: list[int], len_en: list[int], ratio: float
) -> tuple[bool, int] | None:
    """In a two-to-one bead, the sentence that was dropped rather than merged, if any: (on
    the first side?, its index).

    A translator who merges two sentences writes one about as long as both: the bead's lengths
    agree. When one of the two alone agrees with the other side much better than both together,
    the other one was dropped.
    """
    n_fr, n_en = len(bead.fr), len(bead.en)
    if min(n_fr, n_en) != 1 or n_fr == n_en:
        return None
    many_fr = n_fr > n_en
    many, lengths = (bead.fr, len_fr) if many_fr else (bead.en, len_en)
    one = (len_en if many_fr else len_fr)[(bead.en if many_fr else bead.fr)[0]]

    def d(length: int) -> float:
        return abs(delta(length, one, ratio) if many_fr else delta(one, length, ratio))

    whole = d(sum(lengths[i] for i in many))
    best = min(many, key=lambda i: d(lengths[i]))
    if whole >= 1.2 and d(lengths[best]) + 1.0 < whole:
        rest = [i for i in many if i != best]
        longest = max(rest, key=lambda i: lengths[i])
        return many_fr, longest
    return None


def length_ratio(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    """One side much longer than a translation's usual length (`length` in each language's
    check.yaml: 0.9 character of English per character of French)."""
    len_fr, len_en = pair.a.length, pair.b.length
    shorter = min(len_fr, len_en)
    if shorter < 60 and max(len_fr, len_en) < 120:
        return
    if shorter == 0:
        return
    expected = expected_ratio(pair.langs)
    ratio = len_en / len_fr
    band = 0.4 + 3.0 / math.sqrt(max(shorter, 1))
    if abs(math.log(ratio / expected)) > band:
        name_a, name_b = _name(pair.a.lang), _name(pair.b.lang)
        longer_lang = name_b if ratio > expected else name_a
        yield Hit(
            "length-ratio",
            f"the {longer_lang} is {max(ratio / expected, expected / ratio):.1f} times as long "
            f"as a translation usually is ({len_fr} characters in {name_a}, {len_en} in "
            f"{name_b}): something may be missing or added",
            (),
        )


FIELD_RULES: tuple[Rule, ...] = (
    placeholders,
    numbers,
    emails,
    urls,
    phones,
    untranslated,
    wrong_language,
    acronyms,
    glossary,
    brackets,
    repeated_word,
    typography,
    list_items,
    sentences,
    length_ratio,
)

# Every rule runs on any pair of languages ("es"/"en" as well): each reads no language's words,
# or each language's own from templates/<lang>/check.yaml (numbers: checks.numlang; function
# words, abbreviations, length, typography, acronyms: checks.langcheck); the rules of meaning
# (`concordance`) read the pair's own word lists.

# A finding of a rule of meaning is left out when a rule of the first column already reports
# the same words: a day changed in a date is the numbers check's ("numbers differ: 7, 8"), the
# date rule speaks when the numbers agree and the date does not (7 December / 12 July).
_SAID_ALREADY = {
    "dates": ("numbers",),
    "tiers": ("numbers",),
    "cross-references": ("numbers",),
}


# The finding ids each rule function may give, where they are not its name: enough to run only
# the rules that can give the findings wanted (`cpc render` wants the errors alone).
GIVES: dict[str, tuple[str, ...]] = {
    "numbers": ("numbers", "number-words"),
    "sentences": ("omission", "sentence-count"),
    "list_items": ("list-items", "enumeration"),
    "repeated_word": ("repeated-word",),
    "wrong_language": ("wrong-language",),
    "length_ratio": ("length-ratio",),
    "modality": ("modality", "modality-nuance"),
    "condition": ("conditions",),
    "limit": ("limits",),
    "cross_references": ("cross-references", "typed-reference"),
    "entities": ("entities", "roles"),
    "date": ("dates",),
    "unit": ("units",),
    "frequency": ("frequencies",),
    "tier": ("tiers",),
    "duplicate_item": ("duplicate-item",),
    "inline_list": ("inline-list",),
}


def gives(rule: Callable[..., Iterator[Hit]]) -> tuple[str, ...]:
    return GIVES.get(rule.__name__, (rule.__name__,))


def check_pair(
    fr: str,
    en: str,
    ctx: Context | None = None,
    langs: tuple[str, str] = ("fr", "en"),
    only: frozenset[str] | None = None,
    pair: TextPair | None = None,
) -> list[Hit]:
    """Every finding on one pair of texts (both present and non-empty): `fr` in `langs[0]`,
    `en` in `langs[1]` (French and English unless said otherwise); with `only`, the rules
    that can give one of those findings and no other. `pair`: the same texts already
    prepared (`TextPair(fr, en, langs)`), whose tokens and sentences another context's check
    of them computed: what a text's preparation keeps depends on its text and languages alone."""
    if pair is None:
        pair = TextPair(fr, en, langs)
    context = ctx or Context()
    hits: list[Hit] = []
    for rule in _rules(only):
        hits.extend(rule(pair, context))
    return _said_once(hits)


@lru_cache(maxsize=256)
def _rules(only: frozenset[str] | None) -> tuple[Rule, ...]:
    """The rules for a pair (the field rules, then the rules of meaning) that can give a
    finding of `only` (None: all): chosen once per set of findings wanted, not per pair."""
    from cpc_docs.checks.concordance import MEANING_RULES

    every = (*FIELD_RULES, *MEANING_RULES)
    return tuple(r for r in every if only is None or not only.isdisjoint(gives(r)))


def _said_once(hits: list[Hit]) -> list[Hit]:
    if len(hits) < 2:
        return hits
    by_rule: dict[str, list[Hit]] = {}
    for hit in hits:
        by_rule.setdefault(hit.rule, []).append(hit)
    kept = []
    for hit in hits:
        before = [b for rule in _SAID_ALREADY.get(hit.rule, ()) for b in by_rule.get(rule, ())]
        if any(_overlap(hit.spans, b.spans) for b in before):
            continue
        kept.append(hit)
    return kept


def _overlap(
    spans: tuple[tuple[str, int, int], ...], others: tuple[tuple[str, int, int], ...]
) -> bool:
    return any(
        lang == o_lang and start < o_end and o_start < end
        for lang, start, end in spans
        for o_lang, o_start, o_end in others
    )
