"""What the field checks know of a language beyond its numbers, read from its folder.

The rules of `checks.fields` are the same for every pair of languages; what differs is data,
in each language folder's `check.yaml` (docs/adding-a-language.md, "The check rules of a
language"):

- `function_words`: the short words of its prose ("the", "de", "los"), counted to tell a text
  written in the other language of the pair (`wrong-language`);
- `abbreviations`: words after which a full stop ends no sentence ("art.", "núm.", "Mme"),
  for the sentence alignment. A text quotes the others' names and laws ("U.S.C." in French,
  "EE. UU." beside English), so every shipped language's list is read for every text;
- `length`: characters of English per character of the language in official texts (French
  0.9, English 1): the length ratio and the sentence alignment expect `length(a) / length(b)`
  of a translation of `a` into `b`;
- `typography`: the marks a text in the language must or must not use, as patterns with the
  message to give (the French space before « ; : ! ? », the Spanish opening ¿ and ¡…);
- `acronyms`: the language's acronyms of bodies whose English one differs ("ONU: UN").

A language without a folder (or without these keys) has none of them: its words count for no
language, it abbreviates nothing and is as long as English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from cpc_docs.errors import CpcError
from cpc_docs.shipped import language_data, shipped_languages


@dataclass(frozen=True)
class TypographyRule:
    """A mark a text must not have: the pattern that finds it, the message (`{match!r}`, the
    text found, `{stripped!r}` without its spaces), and the characters without which the rule
    need not run (`needs`) or with which it must not (`unless`)."""

    pattern: re.Pattern[str]
    message: str
    needs: str = ""
    unless: str = ""

    def find(self, text: str) -> re.Match[str] | None:
        if self.needs and not any(c in text for c in self.needs):
            return None
        if self.unless and any(c in text for c in self.unless):
            return None
        return self.pattern.search(text)

    def say(self, m: re.Match[str]) -> str:
        return self.message.format(match=m.group(), stripped=m.group().strip())


@dataclass(frozen=True)
class CheckLanguage:
    lang: str
    function_words: frozenset[str]
    length: float  # characters of English per character of this language
    typography: tuple[TypographyRule, ...]
    acronyms: dict[str, tuple[str, ...]]  # the language's acronym: its English ones


def _check_data(lang: str) -> dict[str, Any]:
    try:
        return language_data(lang, "check.yaml") or {}
    except CpcError:
        return {}


def _typography_rule(lang: str, index: int, raw: Any) -> TypographyRule:
    where = f"templates/{lang}/check.yaml, typography.rules[{index}]"
    if not isinstance(raw, dict) or "pattern" not in raw or "message" not in raw:
        raise CpcError(
            f"a typography rule has no pattern or message ({where})",
            hint="each rule is {pattern: a regular expression, message: what to say}",
        )
    try:
        pattern = re.compile(str(raw["pattern"]))
    except re.error as e:
        raise CpcError(
            f"the typography pattern {raw['pattern']!r} is no regular expression: {e} ({where})",
            hint="fix the pattern (Python's re syntax)",
        ) from None
    return TypographyRule(
        pattern, str(raw["message"]), str(raw.get("needs") or ""), str(raw.get("unless") or "")
    )


@cache
def check_language(lang: str) -> CheckLanguage:
    """A language's check rules (none for a language without a folder), read once."""
    data = _check_data(lang)
    typography = data.get("typography") or {}
    rules = tuple(
        _typography_rule(lang, i, raw) for i, raw in enumerate(typography.get("rules") or ())
    )
    acronyms: dict[str, tuple[str, ...]] = {}
    for local, english in (data.get("acronyms") or {}).items():
        found = english if isinstance(english, list) else str(english).split()
        acronyms[str(local)] = tuple(str(e) for e in found)
    return CheckLanguage(
        lang=lang,
        function_words=frozenset(str(data.get("function_words") or "").split()),
        length=float(data.get("length") or 1.0),
        typography=rules,
        acronyms=acronyms,
    )


def length_ratio(langs: tuple[str, str]) -> float:
    """Characters of `langs[1]` per character of `langs[0]` in a translation (0.9 from French
    to English)."""
    return check_language(langs[0]).length / check_language(langs[1]).length


@cache
def abbreviations() -> frozenset[str]:
    """Every shipped language's abbreviations, lower case without their last point."""
    found: set[str] = set()
    for lang in shipped_languages():
        found.update(str(_check_data(lang).get("abbreviations") or "").split())
    return frozenset(found)
