"""Numbers as values, whatever the language writes them as.

Both versions of a compact are equally authentic, so "cinq (05) ans" and "five (5) years" must
say the same number, and "10 millions de dollars" must be "US$10 million". We read every
quantity of a text into a value:

- digits with each language's separators: "5 000" / "5,000", "2,5 %" / "2.5%";
- numbers in words, parsed rather than looked up ("quatre-vingt-dix-sept", "two hundred and
  fifty", "deux mille vingt-deux"), so any number reads back (the tests check num2words'
  spelling of 0 to 1,000 and more in both languages);
- a word followed by its digits in brackets, the legal style "cinq (05)", as ONE number;
- scales ("10 millions", "1.5 billion", French "milliard" = English "billion"), percentages
  ("50 %", "fifty per cent");
- dates in each language's order ("7 décembre 2022", "December 7, 2022", "07/12/2022"), read
  as their day, month and year, so a range "du 6 au 8 novembre" equals "November 6-8";
- times ("14 h 30" = "2:30 p.m."), ordinals ("1er", "2e", "XXIe", "second", "twenty-first").

Each quantity has a *strength*: 2 when written with digits (a fact: a mismatch is an error),
1 in words (a mismatch with nothing on the other side is worth a look only: "les deux Parties"
is often just "the Participants"), 0 for words that are numbers only now and then ("un", "one",
"first", "both", "une quinzaine"): they may match, they are never reported.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from cpc_docs.checks.numlang import number_language, percent_words
from cpc_docs.checks.text import Prepared


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    kind: str  # "n" (a number, an ordinal, part of a date or time) or "%"
    strength: int  # 2 digits, 1 words, 0 incidental
    start: int
    end: int


DIGITS, WORDS, INCIDENTAL = 2, 1, 0

# The words and typography of each language are data (`numlang`: num2words, Babel and the
# language folder's check.yaml); what follows reads any language with them.


def parse_words(words: list[str], lang: str) -> list[tuple[float, int, int]]:
    """Values of a run of number words: [(value, first word index, last word index + 1)].

    A run that is not one number ("deux trois", "two and three") splits into several.
    """
    language = number_language(lang)
    vigesimal = language.vigesimal
    results: list[tuple[float, int, int]] = []
    total = current = 0.0
    start = 0
    group_tail = 0  # the last unit or tens added to `current` since the last hundred

    def flush(end: int) -> None:
        nonlocal total, current, start, group_tail
        if end > start:
            results.append((total + current, start, end))
        total = current = 0.0
        group_tail = 0
        start = end

    for i, word in enumerate(words):
        if word in language.connectors:
            continue
        info = language.word_value(word)
        if info is None:  # pragma: no cover - callers pass number words only
            flush(i)
            start = i + 1
            continue
        value, typ, _ = info
        if typ == "scale":
            if value == 100 or value < 1000:
                if current % 100 and current >= 100:  # "cinq cent(s)" after "deux cent trois"
                    flush(i)
                current = (current or 1) * value
            elif total and total < value:
                total = (total + current) * value  # "mil millones", "mil quinientos millones"
                current = 0
            else:
                if total and total < value * (current or 1):
                    flush(i)
                total += (current or 1) * value
                current = 0
            group_tail = 0
            continue
        value = int(value)
        tail = int(current) % 100
        if vigesimal and value == 20 and tail == 4 and group_tail == 4:
            current += 76  # quatre-vingt(s)
            group_tail = 80
            continue
        fits = (
            tail == 0
            or (value < 10 and tail % 10 == 0 and tail >= 20)
            or (vigesimal and 7 <= value <= 9 and tail == 10)  # dix-sept
            or (vigesimal and 10 <= value < 20 and tail in (60, 80))
        )
        if not fits:
            flush(i)
            tail = 0
        current += value
        group_tail = value
    flush(len(words))
    return results


# --- patterns -----------------------------------------------------------------------------

_NUMERIC_DATE = re.compile(r"(?<![\d./-])(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d./-])")
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_CLOCK = re.compile(r"(?<![\w:])([01]?\d|2[0-3]):([0-5]\d)(?![\w:])")


def _percent_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """After a number, "%" or the words of any language; and those words alone."""
    words = "|".join(
        r"\s?".join(map(re.escape, w.split())) + r"\b"
        for w in sorted(percent_words(), key=len, reverse=True)
    )
    return re.compile(rf"\s?(?:%|{words})"), re.compile(rf"\b(?:{words})")


_PERCENT, _PERCENT_WORDS = _percent_patterns()
_PARENS_DIGITS = re.compile(r"\s*\(\s*(\d+(?:[.,]\d+)?)\s*\)")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_COMMA_GAP = re.compile(r",\s*")
_DIGIT_BEFORE = re.compile(r"\d[\s\u00a0\u202f]?$")
_ANY_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[a-zà-ÿœæ]+")
_GAP = re.compile(r"[\s\u00a0-]*")


def _roman(text: str) -> int | None:
    values = [_ROMAN[c] for c in text]
    total = 0
    for i, v in enumerate(values):
        total += -v if i + 1 < len(values) and values[i + 1] > v else v
    if total <= 0 or total > 399:
        return None
    return total


class _Reader:
    """Reads the quantities of one prepared text, marking what each step consumed."""

    def __init__(self, prep: Prepared) -> None:
        self.prep = prep
        self.lang = prep.lang
        self.language = number_language(prep.lang)
        self.text = prep.masked
        self.low = prep.lower
        self.taken = bytearray(len(self.text))
        self.found: list[Quantity] = []

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def take(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)

    def add(self, value: float, start: int, end: int, strength: int = DIGITS) -> None:
        kind = "n"
        m = _PERCENT.match(self.low, end)
        if m:
            kind = "%"
            self.take(end, m.end())
        self.found.append(Quantity(float(value), kind, strength, start, end))

    def read(self) -> list[Quantity]:
        has_digits = _ANY_DIGIT.search(self.text) is not None
        if has_digits:
            self.dates()
            self.times()
        self.percent_words()
        self.words()
        if has_digits:
            self.digits()
        if self.language.roman_ordinal is not None:
            self.roman_ordinals()
        return self.found

    # dates -----------------------------------------------------------------------------
    def dates(self) -> None:
        low = self.low
        language = self.language
        if any(stem in low for stem in language.month_stems):
            day_groups = [g for g in ("day", "day2") if g in language.date.groupindex]
            for m in language.date.finditer(low):
                days = [g for g in day_groups if m.group(g)]
                year = m.group("year")
                if not (days or year):
                    continue
                name = m.group("month").rstrip(".")
                original = self.text[m.start("month") : m.end("month")]
                if name in language.month_verbs and not original[:1].isupper():
                    continue  # the verbs: "they may meet"
                parts: list[tuple[float, int, int]] = []
                for group in days:
                    day = m.group(group)
                    value = 1 if day in language.first_day else int(day)
                    parts.append((value, m.start(group), m.end(group)))
                parts.append((language.months[" ".join(name.split())], m.start("month"),
                              m.end("month")))  # fmt: skip
                if year:
                    parts.append((int(year), m.start("year"), m.end("year")))
                self._date(parts, m.start(), m.end())
        if "-" not in low and "/" not in low and "." not in low:
            return
        for m in _ISO_DATE.finditer(low):
            year, month, day = (int(g) for g in m.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                self._date(
                    [(year, m.start(1), m.end(1)), (month, m.start(2), m.end(2)),
                     (day, m.start(3), m.end(3))],
                    m.start(), m.end(),
                )  # fmt: skip
        for m in _NUMERIC_DATE.finditer(low):
            a, b, year = int(m.group(1)), int(m.group(3)), m.group(4)
            if not (1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12):
                continue
            if len(year) == 2:
                year = "20" + year
            self._date(
                [(a, m.start(1), m.end(1)), (b, m.start(3), m.end(3)),
                 (int(year), m.start(4), m.end(4))],
                m.start(), m.end(),
            )  # fmt: skip

    def _date(self, parts: list[tuple[float, int, int]], start: int, end: int) -> None:
        if not self.free(start, end):
            return
        for value, s, e in parts:
            self.found.append(Quantity(float(value), "n", DIGITS, s, e))
        self.take(start, end)

    # times -------------------------------------------------------------------------------
    def times(self) -> None:
        low = self.low
        language = self.language
        if language.time is not None:
            for m in language.time.finditer(low):
                hour, minute = int(m.group(1)), int(m.group(2) or 0)
                if language.twelve_hour:
                    if not 1 <= hour <= 12:
                        continue
                    hour = hour % 12 + (12 if m.group(3) == "p" else 0)
                self._time(hour, minute, m.start(), m.end())
        for m in _CLOCK.finditer(low):
            self._time(int(m.group(1)), int(m.group(2)), m.start(), m.end())

    def _time(self, hour: int, minute: int, start: int, end: int) -> None:
        if not self.free(start, end):
            return
        self.found.append(Quantity(float(hour), "n", DIGITS, start, end))
        if minute:
            self.found.append(Quantity(float(minute), "n", DIGITS, start, end))
        self.take(start, end)

    # words -----------------------------------------------------------------------------
    def percent_words(self) -> None:
        for m in _PERCENT_WORDS.finditer(self.low):
            # Leave the words readable by `add` (it looks for them after a number) but keep
            # "cent" or "ciento" from being read as a hundred.
            self.taken[m.start() : m.end()] = b"\x02" * (m.end() - m.start())

    def words(self) -> None:
        low = self.low
        language = self.language
        run: list[tuple[str, int, int]] = []
        scale_end = -1  # the end of the last scale word the digits before it read

        def close() -> None:
            if run:
                self._word_run(run)
                run.clear()

        # Only the words that can be numbers are visited: one regular expression finds them.
        for m in language.word_pattern.finditer(low):
            word, start, end = m.group(), m.start(), m.end()
            if self.taken[start]:
                close()
                continue
            connector = word in language.connectors
            article = word == language.article
            if not connector and not article and language.word_value(word) is None:
                close()  # a word in "-ième" that is no ordinal
                continue
            if article:
                nxt = _LETTERS.match(low, _GAP.match(low, end).end())  # type: ignore[union-attr]
                if not (nxt and nxt.group() in language.article_before):
                    close()
                    continue
            if (
                run
                and _GAP.fullmatch(low, run[-1][2], start) is None
                and not (
                    language.comma_after_scale
                    and run[-1][0] in language.big_scales
                    and _COMMA_GAP.fullmatch(low, run[-1][2], start)
                )
            ):
                close()  # other words or punctuation between two number words: two numbers
            if connector and not run:
                continue
            if (
                not run
                and word in language.scale_after_digits
                and (
                    _DIGIT_BEFORE.search(low, 0, start)
                    or (scale_end >= 0 and _GAP.fullmatch(low, scale_end, start))
                )
            ):
                scale_end = end
                continue  # "10 millions", "10 mil millones": the digits read it
            run.append((word, start, end))
        close()

    def _word_run(self, run: list[tuple[str, int, int]]) -> None:
        language = self.language
        while run and run[-1][0] in language.connectors:
            run.pop()
        if not run:
            return
        words = [w for w, _, _ in run]
        for value, first, last in parse_words(words, self.lang):
            while last - 1 > first and words[last - 1] in language.connectors:
                last -= 1
            start, end = run[first][1], run[last - 1][2]
            part = [w for w in words[first:last] if w not in language.connectors]
            if len(part) == 1:
                info = language.word_value(part[0])
                strength = info[2] if info else WORDS
                if part[0] in language.alone_incidental or part[0] == language.article:
                    strength = INCIDENTAL
                after = language.not_before.get(part[0])
                if after is not None and after.match(self.low, end):
                    continue  # "third party", "third countries"
                if (
                    part[0] in language.both_words
                    and language.both_before is not None
                    and language.both_before.search(self.low, max(0, start - 5), start)
                ):
                    strength = INCIDENTAL  # "les deux Parties": both Participants, or just "the"
            elif any(w in language.approximate for w in part):
                strength = INCIDENTAL  # "une vingtaine", "a dozen"
            else:
                strength = WORDS
            parens = _PARENS_DIGITS.match(self.text, end)
            if parens:
                digits = float(parens.group(1).replace(",", "."))
                end = parens.end()
                strength = DIGITS
                if digits != value:
                    # "cinq (06)": the text contradicts itself; keep both readings.
                    self.found.append(Quantity(digits, "n", DIGITS, start, end))
            self.add(value, start, end, strength)
            self.take(start, end)

    # digits ----------------------------------------------------------------------------
    def digits(self) -> None:
        text, low = self.text, self.low
        language = self.language
        for m in language.number.finditer(text):
            start, end = m.start(), m.end()
            if not self.free(start, end):
                continue
            whole = re.sub(r"[^\d]", "", m.group(1))
            decimals = (m.group(2) or m.group(3)) if language.decimal_comma else m.group(2)
            value = float(f"{whole}.{decimals}") if decimals else float(whole)
            om = language.ordinal_suffix.match(low, end)
            if om:
                end = om.end()
            else:
                sm = language.scale_after.match(text, end)
                if (
                    sm is not None
                    and sm.group(1) in language.letters_need_sign_before
                    and "$" not in text[max(0, start - 3) : start]
                ):
                    sm = None
                if sm:
                    value *= language.scale_values[" ".join(sm.group(1).lower().split())]
                    end = sm.end()
            self.add(value, start, end)
            self.take(start, end)

    def roman_ordinals(self) -> None:
        pattern = self.language.roman_ordinal
        if pattern is None:
            return
        for m in pattern.finditer(self.text):
            if not self.free(m.start(), m.end()):
                continue
            value = _roman(m.group(1))
            if value:
                self.add(value, m.start(), m.end())
                self.take(m.start(), m.end())


def quantities(prep: Prepared) -> list[Quantity]:
    """Every quantity of a text, in no particular order."""
    cached = prep.__dict__.get("_quantities")
    if cached is None:
        cached = _Reader(prep).read()
        prep.__dict__["_quantities"] = cached
    return cached


# --- currencies ---------------------------------------------------------------------------

_CURRENCY = re.compile(
    r"(?P<CAD>\bCAN?\$|\bC\$|\bCAD\b|dollars? canadiens?|canadian dollars?)"
    r"|(?P<USD>\bUS\s?\$|\$\s?US\b|\bUSD\b|\$|dollars?\b)"
    r"|(?P<EUR>€|\bEUR\b|\beuros?\b)"
    r"|(?P<XOF>\bF\s?CFA\b|\bfrancs?\s+CFA\b|\bCFA\s+francs?\b|\bXOF\b)"
    r"|(?P<GBP>£|\bGBP\b|livres? sterling|pounds? sterling)",
    re.IGNORECASE,
)


_CURRENCY_HINTS = ("$", "€", "£", "ollar", "uro", "CFA", "USD", "EUR", "XOF", "GBP", "CAD",
                   "sterling")  # fmt: skip


def currencies(prep: Prepared) -> dict[str, tuple[int, int]]:
    """The currencies a text names, with where each is first named: by the signs and codes
    every language shares, and by the words of its own language ("dólares", "soles")."""
    text = prep.masked
    found: dict[str, tuple[int, int]] = {}
    if any(hint in text for hint in _CURRENCY_HINTS):
        for m in _CURRENCY.finditer(text):
            found.setdefault(m.lastgroup or "", (m.start(), m.end()))
    for code, pattern in number_language(prep.lang).currencies:
        named = pattern.search(text)
        if named and code not in found:
            found[code] = (named.start(), named.end())
    return found


# --- comparison ---------------------------------------------------------------------------


@dataclass
class Difference:
    """What one side has that the other lacks."""

    fr: list[Quantity]
    en: list[Quantity]

    @property
    def fatal(self) -> bool:
        """A digit on either side, or numbers in words on both sides, that do not match."""
        if any(q.strength == DIGITS for q in (*self.fr, *self.en)):
            return True
        return bool(self.fr) and bool(self.en)


def compare(fr: list[Quantity], en: list[Quantity]) -> Difference:
    """Match the quantities of two texts by value (multisets); return what is left over.

    Incidental quantities ("un", "first") take part in matching but are never left over.
    """
    groups: dict[tuple[str, float], tuple[list[Quantity], list[Quantity]]] = defaultdict(
        lambda: ([], [])
    )
    for q in fr:
        groups[(q.kind, round(q.value, 6))][0].append(q)
    for q in en:
        groups[(q.kind, round(q.value, 6))][1].append(q)
    left_fr: list[Quantity] = []
    left_en: list[Quantity] = []
    for a, b in groups.values():
        if len(a) == len(b):
            continue
        a = sorted(a, key=lambda q: -q.strength)
        b = sorted(b, key=lambda q: -q.strength)
        n = min(len(a), len(b))
        # Match the strongest with each other; the surplus of the longer list is left over,
        # the weakest first (an "un" beside "1" is the incidental one).
        left_fr.extend(q for q in a[n:] if q.strength > INCIDENTAL)
        left_en.extend(q for q in b[n:] if q.strength > INCIDENTAL)
    left_fr.sort(key=lambda q: q.start)
    left_en.sort(key=lambda q: q.start)
    return Difference(left_fr, left_en)


def show(value: float, kind: str) -> str:
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text + ("%" if kind == "%" else "")
