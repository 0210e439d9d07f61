"""One side of a bilingual pair, prepared once for every rule.

Several rules need the same things from a text: the placeholders, e-mail addresses, web
addresses and telephone numbers it contains (language-neutral tokens that must be equal on both
sides), and a *masked* copy in which those tokens are blanked out, so that the digits of
`+225 27 22 48 03 03` or `cns@1eredame.ci` are not read as numbers and the colon of
`{ref:goal}` is not taken for French punctuation. The masked copy has the same length as the
text, so every span a rule reports points into the original.

Everything is computed lazily: a short title never pays for what only long prose needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

# The placeholders of cpc_docs/model/compact.py (kept in step by a test; importing the model would
# import pydantic, which costs a CLI run a fifth of a second).
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{[a-z_]+(?::[A-Za-z0-9_.-]+(?:\|\w+)?)?\}")
# A placeholder's form (`{party:us|de}`: the name after "de", « des États-Unis ») is how one
# language writes the same fact: the versions must name the same party, not the same form.
_FORM = re.compile(r"\|\w+(?=\}$)")
EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
URL = re.compile(
    r"(?<![\w@.-])(?:https?://[^\s<>«»\"“”]+"
    r"|www\.[^\s<>«»\"“”]+"
    r"|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:gov|gouv|org|com|net|int|edu|info|ci|fr|ca|us|uk"
    r"|be|ch|sn|cm|bf|ml|ne|tg|bj|ht|cd|ga|mg|ma|tn|dz)(?:\.[a-z]{2})?(?:/[^\s<>«»\"“”]*)?)"
    r"(?![\w@])"
)
# A telephone number: an optional +country code, then groups of digits. Told apart from an
# amount ("10 000 000": groups of three after the first) and from dates by the checks in
# `_is_phone`. After a country code, an area code may have one digit (Lima: +51 1 618 2000).
PHONE = re.compile(
    r"(?<![\w.,])(?:\+\d{1,3}[ .\-\u00a0]\(?\d\)?(?=[ .\-\u00a0]\d)|\+?\(?\d{1,4}\)?)"
    r"(?:[ .\-\u00a0]\(?\d{2,4}\)?){2,7}(?![\w])"
)
TRAILING = ".,;:!?)»”’'\""
_URL_HINT = re.compile(r"://|www\.|[A-Za-z0-9]\.[a-z]{2}")
_DIGIT_RUNS = re.compile(r"\d+")

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


# The languages as the checks' messages name them (in English, as the messages are).
LANGUAGE_NAMES = {"fr": "French", "en": "English", "es": "Spanish", "pt": "Portuguese"}


def language_name(lang: str) -> str:
    """The name of `lang` ("French" for fr); a language without one is named by its code."""
    return LANGUAGE_NAMES.get(lang, lang)


@dataclass(frozen=True, slots=True)
class Token:
    """A language-neutral token found in a text: its normal form and where it is."""

    norm: str
    start: int
    end: int


def _is_phone(raw: str) -> bool:
    digits = re.sub(r"\D", "", raw)
    if not 8 <= len(digits) <= 15:
        return False
    groups = re.findall(r"\d+", raw)
    if raw.startswith("+"):
        return True
    if len(groups) >= 2 and len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
        return False  # 10 000 000: an amount with thousands separators
    return len(groups) >= 4


def _strip_trailing(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in TRAILING:
        # Keep a closing bracket that closes one opened inside the address.
        if text[end - 1] == ")" and "(" in text[start:end]:
            break
        end -= 1
    return end


class Prepared:
    """A text and what the rules read from it, computed on first use."""

    __slots__ = ("__dict__", "lang", "text")

    def __init__(self, text: str, lang: str) -> None:
        self.text = text
        self.lang = lang

    @cached_property
    def placeholders(self) -> list[Token]:
        if "{" not in self.text and "}" not in self.text:
            return []
        return [
            Token(_FORM.sub("", m.group()), m.start(), m.end())
            for m in PLACEHOLDER.finditer(self.text)
        ]

    @cached_property
    def emails(self) -> list[Token]:
        if "@" not in self.text:
            return []
        return [Token(m.group().lower(), m.start(), m.end()) for m in EMAIL.finditer(self.text)]

    @cached_property
    def urls(self) -> list[Token]:
        if not _URL_HINT.search(self.text):
            return []
        found = []
        taken = [(t.start, t.end) for t in self.emails]
        for m in URL.finditer(self.text):
            start, end = m.start(), _strip_trailing(self.text, m.start(), m.end())
            if any(s <= start < e for s, e in taken):
                continue
            raw = self.text[start:end]
            norm = re.sub(r"^(?:https?://)?(?:www\.)?", "", raw, flags=re.I).rstrip("/")
            host, _, rest = norm.partition("/")
            if not host or "." not in host or host.replace(".", "").isdigit():
                continue
            # "U.S.C." or "p.ex." are not addresses: an address has a known top-level domain
            # (enforced by the pattern) and a host part of two letters or more.
            if len(host.split(".")[0]) < 2:
                continue
            found.append(Token(host.lower() + ("/" + rest if rest else ""), start, end))
        return found

    @cached_property
    def phones(self) -> list[Token]:
        if sum(map(len, _DIGIT_RUNS.findall(self.text))) < 8:
            return []
        masked = self._mask(self.text, [*self.placeholders, *self.emails, *self.urls])
        found = []
        for m in PHONE.finditer(masked):
            raw = m.group()
            if _is_phone(raw):
                found.append(Token(re.sub(r"\D", "", raw), m.start(), m.end()))
        return found

    @staticmethod
    def _mask(text: str, tokens: list[Token], fill: str = " ") -> str:
        if not tokens:
            return text
        chars = list(text)
        for token in tokens:
            chars[token.start : token.end] = fill * (token.end - token.start)
        return "".join(chars)

    @cached_property
    def solid(self) -> str:
        """The text with placeholders, e-mails, addresses and phones as runs of "X": they stay
        words for punctuation rules ("{ref:goal} :" has its space, "{ref:goal}:" has not)."""
        tokens = [*self.placeholders, *self.emails, *self.urls, *self.phones]
        return self._mask(self.text, tokens, "X") if tokens else self.text

    @cached_property
    def masked(self) -> str:
        """The text with placeholders, e-mails, web addresses and phones blanked out."""
        tokens = [*self.placeholders, *self.emails, *self.urls]
        text = self._mask(self.text, tokens)
        if self.phones:
            text = self._mask(text, self.phones)
        return text

    @cached_property
    def lower(self) -> str:
        """`masked` in lower case, the same length (so spans still point into the text)."""
        low = self.masked.lower()
        if len(low) != len(self.masked):  # a few characters change length in lower case
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in self.masked)
        return low

    @cached_property
    def words(self) -> list[re.Match[str]]:
        return list(WORD.finditer(self.masked))

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        from cpc_docs.checks.align import split_sentences

        return split_sentences(self.masked)

    @cached_property
    def length(self) -> int:
        """Characters of prose: the masked text without runs of spaces."""
        return len(" ".join(self.masked.split()))


def excerpt(text: str, start: int, end: int, width: int = 50) -> str:
    """The span with a little context, for messages."""
    piece = text[start:end]
    if len(piece) > width:
        piece = piece[: width - 1] + "…"
    return " ".join(piece.split())


# Accent- and case-insensitive matching (glossary) without changing lengths: each character
# maps to one character.
_FOLD_FROM = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿŒœ’‘ʼ\u00a0\u202f\u2011–—"
_FOLD_TO = "aaaaaaaaaaaacceeeeeeeeiiiiiiiinnoooooooooouuuuuuuuyyyœœ''' " + " " + "---"
_FOLD_TABLE = str.maketrans(_FOLD_FROM, _FOLD_TO)


def fold(text: str) -> str:
    """Lower case, accents off, typographic apostrophes and spaces made plain; same length."""
    folded = text.translate(_FOLD_TABLE).lower()
    if len(folded) != len(text):
        folded = "".join(c if len(c) == 1 else "?" for c in (ch.lower() for ch in text))
        folded = folded.translate(_FOLD_TABLE)
    return folded
