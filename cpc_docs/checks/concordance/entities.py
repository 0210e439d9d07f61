"""Entities and roles: the same parties, bodies and countries, doing the same things.

Who commits matters as much as what: "the CNS" where the other version says "the CIM", or
"Côte d'Ivoire" where it says "the United States", changes whose obligation it is. The
entities are the compact's own parties (name, short name, country, state) and `bodies` (name
and acronym in each language), the U.S. agencies and international organizations of the pair
file, and every country by its CLDR name in each language. Forms that two sources share make
one entity, so "États-Unis" (the US party's short name) and "U.S." (the pair file's) are the
same.

- `entities` (error): in a sentence, one version names an entity the other does not, and the
  other names one the first does not: one was put in the other's place. An entity named on
  one side only, with nothing in its place, is left to the acronym check and to reviewers
  (translations rightly say "it" or "the country").
- `roles` (error): both versions name the same entities but give them different roles: the
  role is the phrase just before the entity ("par le biais du CNS" / "through the CNS": via;
  "en collaboration avec" / "in collaboration with": with; "au" / "to"; "pour le compte de" /
  "on behalf of") or the subject at the start of the sentence. "La Côte d'Ivoire, par le biais
  du CNS, en collaboration avec le CIM" against "through the CIM, in collaboration with the
  CNS" exchanges the roles of the two committees.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from cpc_docs.checks.concordance.base import Side, reading
from cpc_docs.checks.concordance.lexicon import Lexicon, PhraseSet, Token
from cpc_docs.checks.text import fold
from cpc_docs.checks.text import language_name as name

if TYPE_CHECKING:
    from cpc_docs.checks.fields import Context, Hit, TextPair

EntityForms = tuple[str, tuple[tuple[str, tuple[str, ...]], ...]]  # (id, ((lang, forms), …))

_ACRONYM = re.compile(r"^[A-ZÀ-Ý0-9&/.\-]{2,12}$")
_BRACKETS = re.compile(r"\s*\([^()]*\)")


def is_acronym(form: str) -> bool:
    return bool(_ACRONYM.match(form)) and sum(c.isalpha() for c in form) >= 2


def clean(form: str, articles: frozenset[str]) -> str:
    """A name as a form to look for: without its bracketed notes and leading article."""
    form = " ".join(_BRACKETS.sub("", form).split()).strip(" ,;:.")
    lowered = fold(form)
    for article in sorted(articles, key=len, reverse=True):
        if lowered.startswith(article) and (
            article.endswith("'") or lowered[len(article) : len(article) + 1] == " "
        ):
            return form[len(article) :].strip()
    return form


@cache
def _countries(langs: tuple[str, ...]) -> tuple[EntityForms, ...]:
    """Every country by its CLDR name in each language (Babel), as entities."""
    try:
        from babel import Locale
    except ImportError:  # pragma: no cover - babel is a dependency
        return ()
    names = {}
    for lang in langs:
        try:
            names[lang] = Locale.parse(lang).territories
        except Exception:  # an unknown locale: no countries for it
            return ()
    out = []
    for code in sorted(names[langs[0]]):
        if len(code) != 2 or not code.isalpha() or code in ("ZZ", "QO", "EU", "EZ", "UN"):
            continue
        forms = tuple((lang, (str(names[lang][code]),)) for lang in langs if code in names[lang])
        if len(forms) == len(langs):
            out.append((f"country:{code}", forms))
    return tuple(out)


class Table:
    """The entities of a pair and a compact, merged by shared forms, ready to be found."""

    def __init__(self, lexicon: Lexicon, langs: tuple[str, str], own: tuple[EntityForms, ...]):
        roles = lexicon.section("roles").get("articles") or {}
        articles = {lang: frozenset(fold(str(a)) for a in roles.get(lang) or ()) for lang in langs}
        entries: list[EntityForms] = list(own)
        for item in lexicon.data.get("entities") or ():
            if isinstance(item, dict) and item.get("id"):
                entries.append((
                    str(item["id"]),
                    tuple((lang, tuple(str(f) for f in item.get(lang) or ())) for lang in langs),
                ))  # fmt: skip
        entries.extend(_countries(langs))
        parent = list(range(len(entries)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        owner: dict[tuple[str, str], int] = {}
        forms: list[dict[str, list[str]]] = []
        for index, (_, by_lang) in enumerate(entries):
            mine: dict[str, list[str]] = {}
            for lang, values in by_lang:
                if lang not in langs:
                    continue
                for value in values:
                    form = clean(value, articles.get(lang, frozenset()))
                    if not form:
                        continue
                    mine.setdefault(lang, []).append(form)
                    key = (lang, form if is_acronym(form) else fold(form))
                    if key in owner:
                        parent[root(index)] = root(owner[key])
                    else:
                        owner[key] = index
            forms.append(mine)
        self.ids = [entries[root(i)][0] for i in range(len(entries))]
        self.sets: dict[str, PhraseSet] = {}
        for lang in langs:
            phrases = []
            for index, mine in enumerate(forms):
                ident = self.ids[index]
                for form in mine.get(lang, ()):
                    phrases.append((form, ident + ("\x00" + form if is_acronym(form) else "")))
            self.sets[lang] = PhraseSet(
                phrases, lang, lexicon.elisions(lang), plurals=True, clitics=lexicon.clitics(lang)
            )

    def find(self, side: Side, lo: int, hi: int) -> list[tuple[str, int, int]]:
        """The entities named in tokens [lo, hi): (id, first, last)."""
        found = []
        for m in self.sets[side.lang].find(side.tokens, lo, hi):
            ident, _, acronym = m.label.partition("\x00")
            if acronym and not _same_acronym(side.text(m.first, m.last), acronym):
                continue  # "un" is no UN, "us" no US
            found.append((ident, m.first, m.last))
        return found


def _same_acronym(written: str, acronym: str) -> bool:
    bare = written[:-1] if written.endswith("s") and not acronym.endswith("S") else written
    return bare == acronym or written == acronym


def table(lexicon: Lexicon, langs: tuple[str, str], own: tuple[EntityForms, ...]) -> Table:
    """The entity table of a document (its own parties and bodies), built once."""
    key = ("entities", *langs, own)
    return lexicon.memo(key, lambda: Table(lexicon, langs, own))


def entities(pair: TextPair, ctx: Context) -> Iterator[Hit]:
    from cpc_docs.checks.fields import Hit

    read = reading(pair.a, pair.b)
    if read is None:
        return
    langs = (read.a.lang, read.b.lang)
    found = table(read.lexicon, langs, ctx.entities)
    for (a_lo, a_hi), (b_lo, b_hi) in read.windows:
        named_a = found.find(read.a, a_lo, a_hi)
        named_b = found.find(read.b, b_lo, b_hi)
        ids_a = {i for i, _, _ in named_a}
        ids_b = {i for i, _, _ in named_b}
        lone_a = [n for n in named_a if n[0] not in ids_b]
        lone_b = [n for n in named_b if n[0] not in ids_a]
        if lone_a and lone_b:
            yield Hit(
                "entities",
                f"entities differ: {_names(read.a, lone_a)} in the {name(read.a.lang)} where "
                f"the {name(read.b.lang)} has {_names(read.b, lone_b)} — one was put in the "
                "other's place",
                tuple(read.a.span(f, l_) for _, f, l_ in lone_a)
                + tuple(read.b.span(f, l_) for _, f, l_ in lone_b),
            )
            continue
        # Acronyms the document does not list are entities too when both sides write them:
        # enough to tell who does what ("par le biais du CNS" / "through the CIM").
        named_a = _with_acronyms(read.a, named_a, a_lo, a_hi, ctx)
        named_b = _with_acronyms(read.b, named_b, b_lo, b_hi, ctx)
        common = {i for i, _, _ in named_a} & {i for i, _, _ in named_b}
        if len(common) >= 2:
            yield from _roles(read, named_a, named_b, common, (a_lo, a_hi), (b_lo, b_hi))


def _with_acronyms(
    side: Side, named: list[tuple[str, int, int]], lo: int, hi: int, ctx: Context
) -> list[tuple[str, int, int]]:
    from cpc_docs.checks import acronyms as acr

    known = acr.find(side.prep, ctx.defined_acronyms)
    if not known:
        return named
    taken = {i for _, first, last in named for i in range(first, last)}
    out = list(named)
    text = side.prep.text
    for i in range(lo, hi):
        token = side.tokens[i]
        if token.kind != "word" or not text[token.start].isupper() or i in taken:
            continue
        core = acr.normalize(text[token.start : token.end])
        if core in known:
            out.append((f"acronym:{core}", i, i + 1))
    return sorted(out, key=lambda n: n[1])


def _names(side: Side, named: list[tuple[str, int, int]]) -> str:
    seen: dict[str, str] = {}
    for ident, first, last in named:
        seen.setdefault(ident, side.quote(first, last))
    return ", ".join(seen.values())


# --- roles ------------------------------------------------------------------------------------


def _role_of(
    side: Side, lexicon: Lexicon, named: list[tuple[str, int, int]], lo: int, hi: int
) -> dict[str, dict[str, int]]:
    """For each role, the entities that have it (with the token of the first such mention)."""
    section = lexicon.section("roles")
    lists = section.get(side.lang) or {}
    articles = frozenset(fold(str(a)) for a in (section.get("articles") or {}).get(side.lang) or ())
    phrases = lexicon.phrases(
        "roles", side.lang,
        lambda: [(str(p), str(role)) for role, words in lists.items() for p in words or ()],
    )  # fmt: skip
    ends = {m.last: m.label for m in phrases.find(side.tokens, lo, hi)}
    roles: dict[str, dict[str, int]] = {}
    tokens = side.tokens
    starts = sorted(first for _, first, _ in named)
    for ident, first, last in named:
        i = first
        while i > lo and tokens[i - 1].norm in articles:
            i -= 1
        role = ends.get(i)
        # The subject opens the sentence, and is no modifier of a name right after it ("State
        # Department TIP Office", "Bureau TIP du Département d'État").
        if role is None and _at_start(tokens, lo, i) and not _name_within(starts, last, 3):
            role = "subject"
        if role is not None:
            roles.setdefault(role, {}).setdefault(ident, first)
    return roles


def _name_within(starts: list[int], i: int, reach: int) -> bool:
    """Whether a name starts at a token from i to i + reach (`starts` sorted)."""
    k = bisect.bisect_left(starts, i)
    return k < len(starts) and starts[k] <= i + reach


def _at_start(tokens: list[Token], lo: int, i: int) -> bool:
    return all(t.kind == "punct" for t in tokens[lo:i])


def _roles(
    read: Any, named_a: list[tuple[str, int, int]], named_b: list[tuple[str, int, int]],
    common: set[str], window_a: tuple[int, int], window_b: tuple[int, int],
) -> Iterator[Hit]:  # fmt: skip
    """One finding when a role goes to one body on one side and to another on the other."""
    from cpc_docs.checks.fields import Hit

    roles_a = _role_of(read.a, read.lexicon, [n for n in named_a if n[0] in common], *window_a)
    roles_b = _role_of(read.b, read.lexicon, [n for n in named_b if n[0] in common], *window_b)
    for role in sorted(set(roles_a) & set(roles_b)):
        have_a, have_b = roles_a[role], roles_b[role]
        only_a = [i for i in have_a if i not in have_b]
        only_b = [i for i in have_b if i not in have_a]
        if not only_a or not only_b:
            continue
        first_a, first_b = have_a[only_a[0]], have_b[only_b[0]]
        end_a = next(l_ for _, f, l_ in named_a if f == first_a)
        end_b = next(l_ for _, f, l_ in named_b if f == first_b)
        # Where the other side puts the body the first gives this role to, if anywhere.
        elsewhere = [(r, have[only_a[0]]) for r, have in roles_b.items()
                     if only_a[0] in have and r != role]  # fmt: skip
        where = ""
        if elsewhere:
            other_role, start = elsewhere[0]
            end = next(l_ for _, f, l_ in named_b if f == start)
            where = (
                f", where {read.b.quote(start, end)} is “{_ROLE_WORDS.get(other_role, other_role)}”"
            )
        yield Hit(
            "roles",
            f"roles exchanged: “{_ROLE_WORDS.get(role, role)}” is {read.a.quote(first_a, end_a)} "
            f"in the {name(read.a.lang)}, {read.b.quote(first_b, end_b)} in the "
            f"{name(read.b.lang)}{where} — the versions give the task to different bodies",
            (read.a.span(first_a, end_a), read.b.span(first_b, end_b)),
        )
        return


_ROLE_WORDS = {
    "via": "acting through",
    "with": "working with",
    "to": "addressed to",
    "for": "on behalf of",
    "by": "done by",
    "subject": "the one who acts",
}
