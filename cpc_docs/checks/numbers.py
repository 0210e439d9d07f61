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

from cpc_docs.checks.text import Prepared


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    kind: str  # "n" (a number, an ordinal, part of a date or time) or "%"
    strength: int  # 2 digits, 1 words, 0 incidental
    start: int
    end: int


DIGITS, WORDS, INCIDENTAL = 2, 1, 0

# --- vocabularies -------------------------------------------------------------------------

_FR_UNITS = {
    "zéro": 0, "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
    "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20,
    "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70,
    "huitante": 80, "octante": 80, "nonante": 90,
}  # fmt: skip
_FR_SCALES = {
    "cent": 100, "cents": 100, "mille": 1000, "million": 10**6, "millions": 10**6,
    "milliard": 10**9, "milliards": 10**9, "billion": 10**12, "billions": 10**12,
}  # fmt: skip
_FR_ORDINAL_STEMS = {
    "un": 1, "deux": 2, "trois": 3, "quatr": 4, "cinqu": 5, "six": 6, "sept": 7, "huit": 8,
    "neuv": 9, "dix": 10, "onz": 11, "douz": 12, "treiz": 13, "quatorz": 14, "quinz": 15,
    "seiz": 16, "vingt": 20, "trent": 30, "quarant": 40, "cinquant": 50, "soixant": 60,
    "cent": 100, "mill": 1000, "million": 10**6, "milliard": 10**9,
}  # fmt: skip
_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_SCALES = {
    "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12,
}  # fmt: skip
_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
    "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
    "hundredth": 100, "thousandth": 1000, "millionth": 10**6,
}  # fmt: skip

# Words that state a number without being one ("twice", "quinquennal") and approximations.
_FR_EXTRA = {
    "quinquennal": 5, "quinquennale": 5, "quinquennaux": 5, "quinquennales": 5,
    "triennal": 3, "triennale": 3, "triennaux": 3, "triennales": 3, "biennal": 2,
    "biennale": 2, "décennal": 10, "décennale": 10, "bisannuel": 2, "bisannuelle": 2,
}  # fmt: skip
_EN_EXTRA = {
    "twice": 2, "thrice": 3, "duplicate": 2, "triplicate": 3, "quadruplicate": 4,
    "biennial": 2, "biannual": 2, "triennial": 3, "quinquennial": 5, "decennial": 10,
}  # fmt: skip
# Numbers only now and then: they may match a number on the other side, never reported.
_FR_INCIDENTAL = {
    "double": 2, "premier": 1, "première": 1, "premiers": 1, "premières": 1,
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "centaine": 100, "millier": 1000,
}  # fmt: skip
_EN_INCIDENTAL = {"first": 1, "once": 1, "both": 2, "dozen": 12, "single": 1, "double": 2}

# French ordinals: stem + "ième"; "second(e)" is 2.
_FR_ORDINAL = re.compile(r"^([a-zé]+?)i[eè]mes?$")


def _word_value(word: str, lang: str) -> tuple[float, str, int] | None:
    """(value, type, strength) of one number word; type "unit", "scale" or "ordinal"."""
    if lang == "fr":
        if word in _FR_UNITS:
            return _FR_UNITS[word], "unit", WORDS
        if word in _FR_SCALES:
            return _FR_SCALES[word], "scale", WORDS
        if word in _FR_INCIDENTAL:
            typ = "scale" if _FR_INCIDENTAL[word] >= 10 else "unit"
            return _FR_INCIDENTAL[word], typ, INCIDENTAL
        if word in ("second", "seconde", "seconds", "secondes"):
            return 2, "unit", WORDS
        if word in _FR_EXTRA:
            return _FR_EXTRA[word], "unit", WORDS
        m = _FR_ORDINAL.match(word)
        if m and m.group(1) in _FR_ORDINAL_STEMS:
            value = _FR_ORDINAL_STEMS[m.group(1)]
            return value, "scale" if value >= 100 else "unit", WORDS
        return None
    if word in _EN_UNITS:
        return _EN_UNITS[word], "unit", WORDS
    if word in _EN_SCALES:
        return _EN_SCALES[word], "scale", WORDS
    if word in _EN_INCIDENTAL:
        value = _EN_INCIDENTAL[word]
        return value, "scale" if value >= 10 else "unit", INCIDENTAL
    if word in _EN_ORDINALS:
        value = _EN_ORDINALS[word]
        return value, "scale" if value >= 100 else "unit", WORDS
    if word in _EN_EXTRA:
        return _EN_EXTRA[word], "unit", WORDS
    return None


def parse_words(words: list[str], lang: str) -> list[tuple[float, int, int]]:
    """Values of a run of number words: [(value, first word index, last word index + 1)].

    A run that is not one number ("deux trois", "two and three") splits into several.
    """
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
        if word in ("et", "and"):
            continue
        info = _word_value(word, lang)
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
            else:
                if total and total < value * (current or 1):
                    flush(i)
                total += (current or 1) * value
                current = 0
            group_tail = 0
            continue
        value = int(value)
        tail = int(current) % 100
        if lang == "fr" and value == 20 and tail == 4 and group_tail == 4:
            current += 76  # quatre-vingt(s)
            group_tail = 80
            continue
        fits = (
            tail == 0
            or (value < 10 and tail % 10 == 0 and tail >= 20)
            or (lang == "fr" and 7 <= value <= 9 and tail == 10)  # dix-sept
            or (lang == "fr" and 10 <= value < 20 and tail in (60, 80))
        )
        if not fits:
            flush(i)
            tail = 0
        current += value
        group_tail = value
    flush(len(words))
    return results


# --- patterns -----------------------------------------------------------------------------

_FR_MONTHS = {
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "mars": 3, "avril": 4,
    "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8,
    "septembre": 9, "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
}  # fmt: skip
_EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_FR_MONTH = (
    r"(?P<month>janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre"
    r"|octobre|novembre|décembre|decembre|(?:janv|févr|avr|juil|sept|oct|nov|déc)\.)"
)
_EN_MONTH = (
    r"(?P<month>january|february|march|april|may|june|july|august|september|october"
    r"|november|december|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.)"
)
_FR_MONTH_STEMS = ("janv", "févr", "fevr", "mars", "avr", "mai", "juin", "juil", "août", "aout",
                   "sept", "oct", "nov", "déc", "dec")  # fmt: skip
_EN_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                   "dec")  # fmt: skip
_YEAR = r"(?P<year>\d{4})(?!\d)"
_FR_DATE = re.compile(
    rf"(?<![\w])(?:(?P<day>1er|premier|\d{{1,2}})\s+)?{_FR_MONTH}(?:\s+{_YEAR})?",
)
_EN_DATE = re.compile(
    rf"(?<![\w])(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?)?{_EN_MONTH}"
    rf"(?:\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?!\d))?(?:,?\s+{_YEAR})?",
)
_NUMERIC_DATE = re.compile(r"(?<![\d./-])(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d./-])")
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_FR_TIME = re.compile(r"(?<![\w])([01]?\d|2[0-4])\s?h\s?([0-5]\d)?(?![\w])")
_EN_TIME = re.compile(r"(?<![\w])(\d{1,2})(?::([0-5]\d))?\s?([ap])\.?m\b\.?")
_CLOCK = re.compile(r"(?<![\w:])([01]?\d|2[0-3]):([0-5]\d)(?![\w:])")
_PERCENT = re.compile(r"\s?(?:%|pour\s?cent\b|pourcent\b|per\s?cent\b|percent\b)")
_PERCENT_WORDS = re.compile(r"\b(?:pour|per)\s?cent\b|\bpourcent\b|\bpercent\b")
_FR_NUMBER = re.compile(
    r"(?<![\d,])(\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?![\d,.]\d)|\d+)"
    r"(?:,(\d+)|\.(\d{1,2}|\d{4,})(?!\d))?(?![\d])"
)
_EN_NUMBER = re.compile(
    r"(?<![\d.])(\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?![\d.]\d)|\d+)(?:\.(\d+))?(?![\d])"
)
_FR_ORDINAL_SUFFIX = re.compile(
    r"(?:ers?|res?|ères?|es?|èmes?|ièmes?|iemes?|éme|è|ier|ière|nde?)(?![\w])"
)
_EN_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th|d)(?![\w])")
# "5 M$" and "2 G$" are Quebec's millions and billions of dollars.
_FR_SCALE_AFTER = re.compile(
    r"\s?((?i:millions?|milliards?|billions?|mille)|M(?=\s?\$)|G(?=\s?\$)|k(?=\s?\$))(?![\w])"
)
# "$5M", "$2bn", "$10k": the letter counts only after a dollar sign.
_EN_SCALE_AFTER = re.compile(
    r"\s?((?i:millions?|billions?|thousand|trillions?)|[mM]|bn|[kK])(?![\w])"
)
_SCALE_VALUES = {
    "fr": {"million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9,
           "billion": 10**12, "billions": 10**12, "mille": 1000, "k": 1000, "m": 10**6,
           "g": 10**9},
    "en": {"million": 10**6, "millions": 10**6, "billion": 10**9, "billions": 10**9,
           "thousand": 1000, "trillion": 10**12, "trillions": 10**12, "m": 10**6, "bn": 10**9,
           "k": 1000},
}  # fmt: skip
_PARENS_DIGITS = re.compile(r"\s*\(\s*(\d+(?:[.,]\d+)?)\s*\)")
# "XXIe", "IIe", "Ve": two Roman letters or more, or I, V, X alone ("Ce" and "Le" are words).
_ROMAN_ORDINAL = re.compile(r"(?<![\w])([IVXLC]{2,}|[IVX])(?:e|er|ème|eme)(?![\w])")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_BOTH_BEFORE = re.compile(r"(?:les|aux|des|ces) $")
_A_BEFORE = frozenset(("hundred", "thousand", "million", "billion", "dozen"))
_APPROXIMATE = frozenset(
    ("dizaine", "douzaine", "quinzaine", "vingtaine", "trentaine", "centaine", "millier", "dozen")
)
# "one thousand, nine hundred": a comma may follow a scale inside one number.
_BIG_SCALES = frozenset(("thousand", "million", "millions", "billion", "billions"))
_COMMA_GAP = re.compile(r",\s*")
_SCALE_WORD = re.compile(r"mille|millions?|milliards?|billions?|thousand|trillions?|hundred")
_DIGIT_BEFORE = re.compile(r"\d[\s\u00a0\u202f]?$")
_ANY_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[a-zà-ÿœæ]+")


def _number_word_pattern(lang: str) -> re.Pattern[str]:
    if lang == "fr":
        words = [*_FR_UNITS, *_FR_SCALES, *_FR_INCIDENTAL, *_FR_EXTRA, "second", "seconde",
                 "seconds", "secondes", "et"]  # fmt: skip
        ordinal = r"|[a-zé]+i[eè]mes?"
    else:
        words = [*_EN_UNITS, *_EN_SCALES, *_EN_INCIDENTAL, *_EN_ORDINALS, *_EN_EXTRA, "and", "a"]
        ordinal = ""
    alternatives = "|".join(sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<![a-zà-ÿœ])(?:{alternatives}{ordinal})(?![a-zà-ÿœ])")


_NUMBER_WORD = {lang: _number_word_pattern(lang) for lang in ("fr", "en")}
_GAP = re.compile(r"[\s\u00a0-]*")
# English words after which "third" is not a number ("third party", "third countries").
_THIRD_OF = re.compile(r"\s*-?\s*(?:part|countr|-part)")


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
        if self.lang == "fr" and "e" in self.text:
            self.roman_ordinals()
        return self.found

    # dates -----------------------------------------------------------------------------
    def dates(self) -> None:
        low = self.low
        months = _FR_MONTH_STEMS if self.lang == "fr" else _EN_MONTH_STEMS
        named = any(stem in low for stem in months)
        if not named:
            pass
        elif self.lang == "fr":
            for m in _FR_DATE.finditer(low):
                day, year = m.group("day"), m.group("year")
                if not (day or year):
                    continue
                month = _FR_MONTHS[m.group("month").rstrip(".")]
                parts: list[tuple[float, int, int]] = []
                if day:
                    value = 1 if day in ("1er", "premier") else int(day)
                    parts.append((value, m.start("day"), m.end("day")))
                parts.append((month, m.start("month"), m.end("month")))
                if year:
                    parts.append((int(year), m.start("year"), m.end("year")))
                self._date(parts, m.start(), m.end())
        else:
            for m in _EN_DATE.finditer(low):
                day = m.group("day") or m.group("day2")
                year = m.group("year")
                if not (day or year):
                    continue
                name = m.group("month").rstrip(".")
                original = self.text[m.start("month") : m.end("month")]
                if name in ("may", "march") and not original[:1].isupper():
                    continue  # the verbs
                month = _EN_MONTHS[name]
                parts = []
                for group in ("day", "day2"):
                    if m.group(group):
                        parts.append((int(m.group(group)), m.start(group), m.end(group)))
                parts.append((month, m.start("month"), m.end("month")))
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
        if self.lang == "fr":
            for m in _FR_TIME.finditer(low):
                self._time(int(m.group(1)), int(m.group(2) or 0), m.start(), m.end())
        else:
            for m in _EN_TIME.finditer(low):
                hour, minute = int(m.group(1)), int(m.group(2) or 0)
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
        if "cent" in self.low:
            for m in _PERCENT_WORDS.finditer(self.low):
                # Leave the words readable by `add` (it looks for them after a number) but keep
                # "cent" from being read as a hundred.
                self.taken[m.start() : m.end()] = b"\x02" * (m.end() - m.start())

    def words(self) -> None:
        low = self.low
        lang = self.lang
        run: list[tuple[str, int, int]] = []

        def close() -> None:
            if run:
                self._word_run(run)
                run.clear()

        # Only the words that can be numbers are visited: one regular expression finds them.
        for m in _NUMBER_WORD[lang].finditer(low):
            word, start, end = m.group(), m.start(), m.end()
            if self.taken[start]:
                close()
                continue
            connector = word in ("et", "and")
            if not connector and word != "a" and _word_value(word, lang) is None:
                close()  # a word in "-ième" that is no ordinal
                continue
            if lang == "en" and word == "a":
                nxt = _LETTERS.match(low, _GAP.match(low, end).end())
                if not (nxt and nxt.group() in _A_BEFORE):
                    close()
                    continue
            if (
                run
                and _GAP.fullmatch(low, run[-1][2], start) is None
                and not (run[-1][0] in _BIG_SCALES and _COMMA_GAP.fullmatch(low, run[-1][2], start))
            ):
                close()  # other words or punctuation between two number words: two numbers
            if connector and not run:
                continue
            if not run and _SCALE_WORD.fullmatch(word) and _DIGIT_BEFORE.search(low, 0, start):
                continue  # "10 millions": the digits read it
            run.append((word, start, end))
        close()

    def _word_run(self, run: list[tuple[str, int, int]]) -> None:
        while run and run[-1][0] in ("et", "and"):
            run.pop()
        if not run:
            return
        words = [w if w != "a" else "one" for w, _, _ in run]
        for value, first, last in parse_words(words, self.lang):
            while last - 1 > first and words[last - 1] in ("et", "and"):
                last -= 1
            start, end = run[first][1], run[last - 1][2]
            part = [w for w in words[first:last] if w not in ("et", "and")]
            if len(part) == 1:
                info = _word_value(part[0], self.lang)
                strength = info[2] if info else WORDS
                if part[0] in ("un", "une", "one"):
                    strength = INCIDENTAL
                if self.lang == "en" and part[0] == "third" and _THIRD_OF.match(self.low, end):
                    continue  # "third party", "third countries"
                if part[0] == "deux" and _BOTH_BEFORE.search(self.low, max(0, start - 5), start):
                    strength = INCIDENTAL  # "les deux Parties": both Participants, or just "the"
            elif any(w in _APPROXIMATE for w in part):
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
        fr = self.lang == "fr"
        pattern = _FR_NUMBER if fr else _EN_NUMBER
        ordinal = _FR_ORDINAL_SUFFIX if fr else _EN_ORDINAL_SUFFIX
        scale_after = _FR_SCALE_AFTER if fr else _EN_SCALE_AFTER
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            if not self.free(start, end):
                continue
            whole = re.sub(r"[^\d]", "", m.group(1))
            decimals = (m.group(2) or m.group(3)) if fr else m.group(2)
            value = float(f"{whole}.{decimals}") if decimals else float(whole)
            om = ordinal.match(low, end)
            if om:
                end = om.end()
            else:
                sm = scale_after.match(text, end)
                letter = sm is not None and not fr and sm.group(1) in ("m", "M", "k", "K", "bn")
                if letter and "$" not in text[max(0, start - 3) : start]:
                    sm = None
                if sm:
                    value *= _SCALE_VALUES[self.lang][sm.group(1).lower()]
                    end = sm.end()
            self.add(value, start, end)
            self.take(start, end)

    def roman_ordinals(self) -> None:
        for m in _ROMAN_ORDINAL.finditer(self.text):
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
    """The currencies a text names, with where each is first named."""
    text = prep.masked
    if not any(hint in text for hint in _CURRENCY_HINTS):
        return {}
    found: dict[str, tuple[int, int]] = {}
    for m in _CURRENCY.finditer(text):
        found.setdefault(m.lastgroup or "", (m.start(), m.end()))
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
