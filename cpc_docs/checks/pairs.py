"""Finding the bilingual texts of any YAML document.

A bilingual text is a mapping whose keys are language codes: `{fr: "…", en: "…"}`,
`{es: "…", en: "…"}`. That is
how compacts, reports and plain files of pairs write them, and how the glossary writes a term
(`{fr: [forms…], en: [forms…], note: …}`), so the checker needs no schema: it walks the data
and checks every such mapping, wherever it is. Beside its languages, a mapping may carry a note
for translators, or plain values that label the pair (`{id: art-5, fr: …, en: …}`): what makes
it bilingual is a language key and nothing else that holds structure.

A document that declares `languages: [fr]` is monolingual: its missing English is no defect.
The languages recognised are French and English, every language of the shipped templates and
every language a concordance pair file covers (`concordance/es-en.yaml`): adding a language is
adding those files, not code. Which two a text compares comes from the document (`languages:`,
else the languages its texts have).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cpc_docs.load.yamlsource import PathKey

DEFAULT = ("fr", "en")


def _languages() -> tuple[str, ...]:
    from cpc_docs.checks.concordance.lexicon import known_languages
    from cpc_docs.shipped import TEMPLATE_ROOT, languages_in

    others = (set(languages_in(TEMPLATE_ROOT)) | known_languages()) - set(DEFAULT)
    return (*DEFAULT, *sorted(lang for lang in others if len(lang) == 2 and lang.isalpha()))


LANGS = _languages()
META_KEYS = frozenset({"note", "notes", "comment", "context", "description"})


@dataclass(frozen=True)
class Bilingual:
    """A mapping of language codes found at `path` in a document."""

    path: PathKey
    values: dict[str, Any]

    @property
    def dotted(self) -> str:
        return ".".join(str(p) for p in self.path)


def _is_label(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def is_bilingual(node: Any) -> bool:
    if not isinstance(node, dict) or not node:
        return False
    keys = set(node)
    if not keys & set(LANGS):
        return False
    others = keys - set(LANGS)
    if others <= META_KEYS:
        return True
    # A labelled pair ({id: …, fr: …, en: …}): the other values are plain labels, and both
    # languages are there or the one present is a text.
    if not all(_is_label(node[k]) for k in others):
        return False
    return all(isinstance(node.get(lang), (str, type(None))) for lang in LANGS if lang in node)


def walk(node: Any, path: PathKey = ()) -> Iterator[Bilingual]:
    """Every bilingual mapping under `node`, in document order."""
    langs = set(LANGS)
    stack: list[tuple[Any, PathKey]] = [(node, path)]
    while stack:
        current, where = stack.pop()
        if isinstance(current, dict):
            if not langs.isdisjoint(current) and is_bilingual(current):
                yield Bilingual(where, {k: v for k, v in current.items() if k in langs})
                continue
            items = [(v, (*where, k)) for k, v in current.items() if isinstance(v, (dict, list))]
            stack.extend(reversed(items))
        elif isinstance(current, list):
            items = [(v, (*where, i)) for i, v in enumerate(current) if isinstance(v, (dict, list))]
            stack.extend(reversed(items))


def languages(data: Any, found: list[Bilingual] | None = None) -> tuple[str, ...]:
    """The languages a document says it has (`languages: [es, en]`); without a declaration,
    French and English, or the two languages its texts have when those are others."""
    if isinstance(data, dict) and isinstance(data.get("languages"), list):
        declared = tuple(lang for lang in data["languages"] if lang in LANGS)
        if declared:
            return declared
    seen: dict[str, None] = {}
    for item in found or ():
        for lang in item.values:
            seen.setdefault(lang, None)
    if set(seen) <= set(DEFAULT) or len(seen) != 2:
        return DEFAULT
    return tuple(sorted(seen, key=lambda lang: lang == "en"))


def compared(expected: tuple[str, ...]) -> list[tuple[str, str]]:
    """The pairs of languages whose texts are compared: each with English when English is one
    of them (the concordance lists are written per language and English), else each with the
    first."""
    if len(expected) < 2:
        return []
    anchor = "en" if "en" in expected else expected[0]
    return [(lang, anchor) for lang in expected if lang != anchor]


def is_glossary(data: Any) -> bool:
    """A termbase: `terms:` a list of {fr: [...], en: [...]}; its forms need not pair up."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("terms"), list)
        and all(isinstance(t, dict) and ("fr" in t or "en" in t) for t in data["terms"])
    )


def declared_acronyms(node: Any) -> Iterator[Any]:
    """Values of `acronym:` keys (the compact's `bodies`), a string or a bilingual mapping."""
    if isinstance(node, dict) and "bodies" in node and isinstance(node["bodies"], list):
        node = node["bodies"]  # a compact: only its bodies define acronyms
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "acronym":
                yield value
            else:
                yield from declared_acronyms(value)
    elif isinstance(node, list):
        for value in node:
            yield from declared_acronyms(value)
