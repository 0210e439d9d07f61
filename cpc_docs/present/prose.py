"""Prose of the model → markup for one language, with placeholders filled.

A compact's prose names facts and cross-references by placeholder ("{duration}", "{ref:goal}")
so that numbers are stored once and section numbers follow the structure. This module is the
one place that resolves them; the validator calls the same resolver, so a placeholder that
renders is exactly a placeholder that validates.

Everything taken from the data is escaped for Markdown here, so no text of a compact can add
markup (a `*` stays a star); the markup we add ourselves (bold defined terms) is built after
escaping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeVar

from cpc_docs.model.compact import (
    PLACEHOLDER,
    Annex,
    Appendix,
    BiText,
    Commitment,
    Compact,
    Definition,
    DescriptionSection,
    NoticeSection,
    Sections,
)
from cpc_docs.present.fields import TextFields
from cpc_docs.present.locale import format_duration, format_money, quotes, tier_label
from cpc_docs.present.partynames import missed_form, party_name

T = TypeVar("T")
# "{name" or "{name:arg" not followed by "}": a placeholder typed wrong.
# What reads as a placeholder but matches none ("{MDTF_name}", "{Duration}"): it would print
# as typed in the instrument.
_UNKNOWN_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z0-9_.-]*)?\}")
_BROKEN_PLACEHOLDER = re.compile(r"\{[a-z_]+(?::[A-Za-z0-9_.-]*)?(?![A-Za-z0-9_.:}-])")
_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_SPACES = re.compile(r"[ \t\r\n]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape_markdown(text: str) -> str:
    """Make text inert in CommonMark: every ASCII punctuation mark backslash-escaped.

    CommonMark guarantees any ASCII punctuation may be escaped, so this is safe whatever the
    position (line starts, list markers, emphasis, links, HTML). Line breaks, tabs and runs
    of spaces fold into one space: one field is one paragraph's worth of text and cannot open
    a new block (an indented code block needs four spaces).
    """
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    return _MD_SPECIAL.sub(r"\\\1", text)


ROMAN = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]  # fmt: skip


def roman(value: int) -> str:
    out = []
    for number, letters in ROMAN:
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def letter(index: int) -> str:
    """The letter of the item at `index` (from 0): A…Z, then AA, AB… as spreadsheets count.

    It used to be `chr(ord("A") + index)`, which labels the 27th item "[" and the 33rd "a".
    """
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


@dataclass(frozen=True)
class Numbering:
    """Section numerals, item letters and annex letters, derived from the structure."""

    refs: dict[str, str]  # id -> "II", "V.A", "A"
    letters: dict[str, str]  # item id -> "A"

    @classmethod
    def of(cls, compact: Compact) -> Numbering:
        refs: dict[str, str] = {}
        letters: dict[str, str] = {}
        for index, (key, section) in enumerate(present_sections(compact.sections), start=1):
            refs[key] = roman(index)
            for item_index, item in enumerate(section.items):
                letters[item.id] = letter(item_index)
                refs[item.id] = f"{roman(index)}.{letter(item_index)}"
        for ident, given in back_matter_letters(compact):
            refs[ident] = given
        return cls(refs, letters)


def back_matter_letters(compact: Compact) -> list[tuple[str, str]]:
    """("annex" or an appendix id, its letter), in the order they print: by letter. The annex
    is A and the appendices follow, unless they name their own letters (the Philippines'
    definitions are Appendix A and its implementation plan Appendix B)."""
    parts: list[Annex | Appendix] = [compact.annex, *compact.appendices]
    taken = {part.letter for part in parts if part.letter}
    free = (chr(code) for code in range(ord("A"), ord("Z") + 1) if chr(code) not in taken)
    assigned = [("annex", compact.annex.letter or next(free))]
    assigned += [(a.id, a.letter or next(free, "?")) for a in compact.appendices]
    return sorted(assigned, key=lambda pair: pair[1])


def present_sections(sections: Sections) -> list[tuple[str, Any]]:
    """The sections the compact has, in their fixed order."""
    return [
        (name, getattr(sections, name))
        for name in Sections.model_fields
        if getattr(sections, name) is not None
    ]


class PlaceholderError(ValueError):
    """A placeholder that names nothing, or a fact its text's context does not have."""


# The placeholders a text may use; each is filled by the Resolver method of its name
# with a leading underscore.
PLACEHOLDER_NAMES = frozenset(
    {"duration", "amount", "notice", "tip_year", "tier", "ref", "letter", "term", "party"}
)
_KNOWN = (
    "{duration}, {amount}, {notice}, {tip_year}, {tier}, {ref:ID}, {letter:ID}, {term:N}, "
    "{party:ID}"
)


class Resolver:
    """Fills placeholders for one compact and one language.

    `fields`: where the compact's texts were written, when it was read from a file; the
    renderer records which of them each line of the markup prints (templating.origins).
    """

    def __init__(
        self,
        compact: Compact,
        lang: str,
        numbering: Numbering | None = None,
        fields: TextFields | None = None,
    ) -> None:
        self.compact = compact
        self.lang = lang
        self.numbering = numbering or Numbering.of(compact)
        self.fields = fields

    def markup(self, text: BiText, *scopes: Any) -> str:
        """The text in this language as Markdown, data escaped, placeholders filled.

        `scopes` are the objects around the text (innermost first) whose facts its
        placeholders may use: a commitment's {amount}, a section's {notice}, a definition's
        {term:N}.
        """
        source = text.get(self.lang)
        if source is None:
            raise PlaceholderError(f"no {self.lang!r} text")
        out: list[str] = []
        last = 0
        for match in PLACEHOLDER.finditer(source):
            out.append(self.literal(source[last : match.start()]))
            out.append(self.fill(match, scopes))
            if match[1] == "party" and match[2] and "|" not in match[2]:
                problem = missed_form(self.compact, match[2], self.lang, source[: match.start()])
                if problem:
                    raise PlaceholderError(problem)
            last = match.end()
        out.append(self.literal(source[last:]))
        return "".join(out)

    @staticmethod
    def literal(text: str) -> str:
        """Text between placeholders. What looks like a placeholder but is not one ("{ref:goal"
        without its "}") is refused: it would print as typed in the document. Other braces
        ("{ x }") are text like any other."""
        unknown = _UNKNOWN_PLACEHOLDER.search(text)
        if unknown:
            raise PlaceholderError(
                f"unknown placeholder {unknown[0]}; known: {_KNOWN} (placeholders "
                "are in lower case; write {{ and }} for braces printed as such)"
            )
        broken = _BROKEN_PLACEHOLDER.search(text)
        if broken:
            raise PlaceholderError(
                f"{broken[0]!r} looks like a placeholder that is not closed; write "
                f"{broken[0]}}}, or {{{{ for a literal brace"
            )
        return escape_markdown(text)

    def fill(self, match: re.Match[str], scopes: tuple[Any, ...]) -> str:
        token = match[0]
        if token in ("{{", "}}"):
            return escape_markdown(token[0])
        name, arg = match[1], match[2]
        if name not in PLACEHOLDER_NAMES:  # not any method: {tip_report} is a helper
            raise PlaceholderError(f"unknown placeholder {token}; known: {_KNOWN}")
        handler = getattr(self, f"_{name}")
        value = handler(arg, scopes)
        return value if name == "term" else escape_markdown(value)

    def _duration(self, arg: str | None, scopes: tuple[Any, ...]) -> str:
        return self._format_duration(self.compact.term.duration, arg)

    def _format_duration(self, duration: Any, style: str | None) -> str:
        try:
            return format_duration(duration, self.lang, style or "legal")
        except ValueError as exc:
            raise PlaceholderError(str(exc)) from None

    def _amount(self, arg: str | None, scopes: tuple[Any, ...]) -> str:
        if arg is not None:
            # It used to be ignored, so "{amount:legal}" printed the short style unseen.
            raise PlaceholderError(
                f"{{amount:{arg}}}: {{amount}} takes no style here; the amount's own field "
                "says how it is written (amount: {value: …, style: legal})"
            )
        scope = _innermost(scopes, Commitment)
        if scope is None or scope.amount is None:
            raise PlaceholderError("{amount} is used where no commitment with an amount is given")
        return format_money(scope.amount, self.lang)

    def _notice(self, arg: str | None, scopes: tuple[Any, ...]) -> str:
        scope = _innermost(scopes, NoticeSection)
        if scope is None or scope.notice is None:
            raise PlaceholderError("{notice} is used in a section without 'notice'")
        return self._format_duration(scope.notice, arg)

    def _tip_report(self) -> Any:
        description = self.compact.sections.description
        if not isinstance(description, DescriptionSection) or description.tip_report is None:
            raise PlaceholderError("no sections.description.tip_report is given")
        return description.tip_report

    def _tip_year(self, arg: str | None, scopes: tuple[Any, ...]) -> str:
        return str(self._tip_report().year)

    def _tier(self, arg: str | None, scopes: tuple[Any, ...]) -> str:
        return tier_label(self._tip_report().tier, self.lang)

    def _ref(self, arg: str | None, scopes: tuple[Any, ...]) -> str:
        if arg not in self.numbering.refs:
            raise PlaceholderError(
                f"{{ref:{arg}}} names nothing; known: {', '.join(sorted(self.numbering.refs))}"
            )
        return self.numbering.refs[arg]

    def _letter(self, arg: str | None, scopes: tuple[Any, ...]) -> str:
        if arg not in self.numbering.letters:
            raise PlaceholderError(f"{{letter:{arg}}} names no lettered item")
        return self.numbering.letters[arg]

    def _party(self, arg: str | None, scopes: tuple[Any, ...]) -> str:
        """A party's short name as this version's opening defines it (present.partynames):
        `{party:us}`, `{party:us|cap}`, `{party:us|de}` where the language has that form."""
        ident, _bar, form = (arg or "").partition("|")
        if not ident:
            raise PlaceholderError("{party} needs a party's id: {party:us}")
        try:
            return party_name(self.compact, ident, self.lang, form or None)
        except ValueError as exc:
            raise PlaceholderError(str(exc)) from None

    def _term(self, arg: str | None, scopes: tuple[Any, ...]) -> str:
        scope = _innermost(scopes, Definition)
        if scope is None:
            raise PlaceholderError("{term:N} is used outside a definition")
        if not arg or not arg.isdigit() or not 1 <= int(arg) <= len(scope.terms):
            raise PlaceholderError(
                f"{{term:{arg}}}: this definition has terms 1 to {len(scope.terms)}"
            )
        term = escape_markdown(scope.terms[int(arg) - 1][self.lang])
        opening, closing = quotes(self.lang)
        return f"{opening}**{term}**{closing}"


def _innermost(scopes: tuple[Any, ...], kind: type[T]) -> T | None:
    return next((scope for scope in scopes if isinstance(scope, kind)), None)
