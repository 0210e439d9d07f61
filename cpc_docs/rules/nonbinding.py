"""Treaty words in a non-binding instrument, per language, as data.

A CPC partnership "does not constitute an international agreement". The State Department's
guidance on non-binding documents asks such texts to avoid the vocabulary of treaties
(agree, shall, Parties, obligations, enter into force, authentic, done) for their own. Each
language folder of the templates lists those words in `vocabulary.yaml`, with the word to
prefer; this module finds them in a text, leaving out what a negation says the text is not
("does not create binding obligations").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cpc_docs.errors import InputError
from cpc_docs.shipped import TEMPLATE_ROOT

FILE = "vocabulary.yaml"
NEGATION_WINDOW = 6  # words before a match in which a negation voids it


@dataclass(frozen=True)
class TreatyWord:
    pattern: re.Pattern[str]
    prefer: str


@dataclass(frozen=True)
class Vocabulary:
    words: tuple[TreatyWord, ...]
    negations: frozenset[str]

    def find(self, text: str) -> list[tuple[TreatyWord, re.Match[str]]]:
        """Each treaty word of `text` (first occurrence per word), unless negated."""
        found = []
        for word in self.words:
            for match in word.pattern.finditer(text):
                if not self._negated(text, match.start()):
                    found.append((word, match))
                    break
        return found

    def _negated(self, text: str, start: int) -> bool:
        before = re.findall(r"[^\W\d_]+", text[:start].lower())[-NEGATION_WINDOW:]
        return any(word in self.negations for word in before)


@cache
def vocabulary(lang: str, template_root: Path = TEMPLATE_ROOT) -> Vocabulary | None:
    """The language's treaty words, or None when its folder has no list."""
    from cpc_docs.load.yamlsource import parse_file

    path = template_root / lang / FILE
    if not path.is_file():
        return None
    source = parse_file(path)
    data = source.data
    if not isinstance(data, dict) or not isinstance(data.get("words"), list):
        raise InputError(f"{FILE} is a mapping with a list `words:`", source.locate(()))
    words = []
    for index, entry in enumerate(data["words"]):
        where = source.locate(("words", index))
        if not isinstance(entry, dict) or not {"find", "prefer"} <= set(entry):
            raise InputError("each word has `find` (a regular expression) and `prefer`", where)
        flags = 0 if entry.get("case") else re.IGNORECASE
        try:
            pattern = re.compile(str(entry["find"]), flags)
        except re.error as exc:
            raise InputError(f"`find` is not a regular expression: {exc}", where) from None
        words.append(TreatyWord(pattern, str(entry["prefer"])))
    negations = frozenset(str(n).lower() for n in data.get("negations", []))
    return Vocabulary(tuple(words), negations)
