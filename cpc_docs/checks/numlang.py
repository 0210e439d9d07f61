"""How one language writes numbers, for the numbers check: its words, its typography, its dates.

The checker reads "cinq (05) ans", "five (5) years" and "cinco (5) años" as the same 5, so
it must know each language's number words and how it writes digits, ordinals, amounts, dates
and times. The same code reads every language; what differs is data, from three sources:

- num2words (in the language of locale.yaml's `number_words`): every cardinal it writes as
  one word (0 to 99, the hundreds, the scales and their plurals: "deux cents", "dos
  millones"), and its ordinals ("deuxième", "twenty-first", "vigésimo");
- Babel (locale.yaml's `babel` locale): the month names, wide and abbreviated, and the
  decimal and grouping signs;
- the language folder's `check.yaml`: what those lack (feminine and regional forms, words
  that are numbers only now and then, ordinal suffixes after digits, the shape of a date, of
  a time, the scales written after digits).

A language with no folder is read as English, as every language other than French was before
languages had folders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from cpc_docs.errors import CpcError
from cpc_docs.shipped import language_data, shipped_languages

_SPLIT = re.compile(r"[\s\u00a0-]+")
_SPACES = frozenset((" ", "\u00a0", "\u202f"))
# A scale: the word num2words writes for it, and the word after "two" (its plural).
_SCALES = (100, 1000, 10**6, 10**9, 10**12)


@dataclass(frozen=True)
class NumberLanguage:
    """One language's number words and typography, built once by `number_language`."""

    lang: str
    cardinals: dict[str, int]  # "cinq": 5, "doscientos": 200
    scales: dict[str, int]  # "cent": 100, "millions": 10**6
    ordinals: dict[str, int]  # whole words: "first", "segunda"
    ordinal_stems: dict[str, int]  # the stem before `ordinal_ending`: "quatr" (quatrième)
    ordinal_ending: str | None
    multiples: dict[str, int]  # "twice", "quinquennal"
    incidental: dict[str, int]  # "premier", "both", "docena"
    approximate: frozenset[str]
    alone_incidental: frozenset[str]  # "un", "one": an article as often as a number
    connectors: frozenset[str]  # "et", "and", "y"
    vigesimal: bool  # quatre-vingt-dix
    article: str | None  # "a" (hundred)
    article_before: frozenset[str]
    both_words: frozenset[str]
    both_before: re.Pattern[str] | None  # "les " before "deux"
    not_before: dict[str, re.Pattern[str]]  # "third" before "party"
    comma_after_scale: bool
    roman_ordinal: re.Pattern[str] | None
    word_pattern: re.Pattern[str]  # every word that may be part of a number
    scale_after_digits: frozenset[str]  # "10 millions": the digits read the word
    big_scales: frozenset[str]
    # typography
    decimal_comma: bool
    number: re.Pattern[str]
    ordinal_suffix: re.Pattern[str]
    scale_after: re.Pattern[str]
    scale_values: dict[str, float]
    letters_need_sign_before: frozenset[str]  # "$5M": letters that count after a dollar only
    time: re.Pattern[str] | None
    twelve_hour: bool
    # dates
    months: dict[str, int]
    month_stems: tuple[str, ...]
    month_verbs: frozenset[str]
    first_day: frozenset[str]
    date: re.Pattern[str]
    # currencies named in the language's words: (code, pattern)
    currencies: tuple[tuple[str, re.Pattern[str]], ...]

    def word_value(self, word: str) -> tuple[float, str, int] | None:
        """(value, type, strength) of one number word; type "unit" or "scale"; strength 1 for
        a number in words, 0 for a word that is a number only now and then."""
        if word in self.cardinals:
            return self.cardinals[word], "unit", 1
        if word in self.scales:
            return self.scales[word], "scale", 1
        if word in self.incidental:
            value = self.incidental[word]
            return value, "scale" if value >= 10 else "unit", 0
        if word in self.ordinals:
            value = self.ordinals[word]
            return value, "scale" if value >= 100 else "unit", 1
        if word in self.multiples:
            return self.multiples[word], "unit", 1
        if word == self.article:
            return 1, "unit", 1  # "a hundred"
        if self.ordinal_ending:
            m = re.fullmatch(rf"([a-zé]+?)(?:{self.ordinal_ending})", word)
            if m and m.group(1) in self.ordinal_stems:
                value = self.ordinal_stems[m.group(1)]
                return value, "scale" if value >= 100 else "unit", 1
        return None


def _data(lang: str, name: str) -> dict[str, Any]:
    try:
        return language_data(lang, name)
    except CpcError:
        return {}


def _last_word(text: str) -> str:
    return _SPLIT.split(text.strip())[-1].lower()


def _spelled(number_words: str) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """num2words' cardinals (one word), scales and ordinals of a language."""
    from num2words import num2words

    def spell(n: int, to: str = "cardinal") -> str:
        return str(num2words(n, lang=number_words, to=to))

    scales: dict[str, int] = {}
    for value in _SCALES:
        one, two = spell(value), spell(2 * value)
        scales.setdefault(_last_word(one), value)
        if len(_SPLIT.split(two)) > 1:  # "doscientos" is one word, a number of its own
            scales.setdefault(_last_word(two), value)
    cardinals: dict[str, int] = {}
    for n in (*range(100), *range(200, 1000, 100)):
        words = _SPLIT.split(spell(n).lower())
        if len(words) == 1 and words[0] not in scales:
            cardinals.setdefault(words[0], n)
    # The ordinals of one word (1 to 19, the tens), the last word of the scales' ("one
    # hundredth") and of 21 to 29's ("vingt et unième", "twenty-first": the unit's).
    ordinals: dict[str, int] = {}
    for n in (*range(1, 20), *range(20, 100, 10)):
        words = _SPLIT.split(spell(n, "ordinal").lower())
        if len(words) == 1:
            ordinals.setdefault(words[0], n)
    for n in _SCALES:
        ordinals.setdefault(_last_word(spell(n, "ordinal")), n)
    for n in range(21, 30):
        ordinals.setdefault(_last_word(spell(n, "ordinal")), n - 20)
    return cardinals, scales, ordinals


def _alternatives(words: list[str] | set[str] | dict[str, Any]) -> str:
    """A regular-expression alternation of literal words, the longest first; spaces in a
    phrase match any run of spaces."""
    escaped = (r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))
    return "|".join(escaped)


def _months(babel_locale: str, dates: dict[str, Any]) -> tuple[dict[str, int], str]:
    """Month names (lower case, no point) and the pattern of a month: a name, or an
    abbreviation followed by its point."""
    from babel.dates import get_month_names

    months: dict[str, int] = {}
    full: list[str] = []
    short: list[str] = []
    for number, name in get_month_names("wide", locale=babel_locale).items():
        months.setdefault(name.lower(), int(number))
        full.append(name.lower())
    for name, number in (dates.get("months") or {}).items():
        months.setdefault(str(name), int(number))
        full.append(str(name))
    abbreviated = list(get_month_names("abbreviated", locale=babel_locale).items())
    abbreviated += list((dates.get("abbreviations") or {}).items())
    for key, name in abbreviated:
        number, name = (key, name) if isinstance(key, int) else (name, key)
        name = str(name).lower().rstrip(".")
        months.setdefault(name, int(number))
        if name not in full and name not in short:
            short.append(name)
    pattern = _alternatives(full)
    if short:
        pattern += rf"|(?:{_alternatives(short)})\."
    return months, rf"(?P<month>{pattern})"


def _number_pattern(decimal_comma: bool, groups: set[str]) -> re.Pattern[str]:
    group = "".join(sorted(re.escape(g) for g in groups))
    if decimal_comma:
        # "5 000", "5.000", "2,5"; a point before one or two digits, or four, is a decimal
        # point ("2.5"), never a separator of thousands.
        return re.compile(
            rf"(?<![\d,])(\d{{1,3}}(?:[{group}]\d{{3}})+(?![\d,.]\d)|\d+)"
            r"(?:,(\d+)|\.(\d{1,2}|\d{4,})(?!\d))?(?![\d])"
        )
    return re.compile(
        rf"(?<![\d.])(\d{{1,3}}(?:[{group}]\d{{3}})+(?![\d.]\d)|\d+)(?:\.(\d+))?(?![\d])"
    )


def _scale_after(typography: dict[str, Any]) -> tuple[re.Pattern[str], dict[str, float], bool]:
    words = {" ".join(str(k).lower().split()): float(v)
             for k, v in (typography.get("scales_after") or {}).items()}  # fmt: skip
    letters = {str(k): float(v) for k, v in (typography.get("scale_letters") or {}).items()}
    sign_after = typography.get("scale_letters_sign") == "after"
    parts = []
    if words:
        parts.append(f"(?i:{_alternatives(words)})")
    for letter in sorted(letters, key=len, reverse=True):
        parts.append(re.escape(letter) + (r"(?=\s?\$)" if sign_after else ""))
    pattern = re.compile(rf"\s?({'|'.join(parts) or '(?!)'})(?![\w])")
    values = {**words, **{k.lower(): v for k, v in letters.items()}}
    return pattern, values, sign_after


def _currencies(table: dict[str, Any]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for code, names in table.items():
        words = [str(n) for n in names or ()]
        if words:
            out.append(
                (str(code), re.compile(rf"(?<![\w])(?:{_alternatives(words)})(?![^\W\d])", re.I))
            )
    return tuple(out)


@cache
def number_language(lang: str) -> NumberLanguage:
    """The number words and typography of a language (English for a language with no folder)."""
    locale = _data(lang, "locale.yaml")
    check = _data(lang, "check.yaml")
    if not check and lang != "en":
        return number_language("en")
    numbers: dict[str, Any] = check.get("numbers") or {}
    typography: dict[str, Any] = check.get("typography") or {}
    dates: dict[str, Any] = check.get("dates") or {}
    babel_locale = str(locale.get("babel") or lang)

    cardinals, scales, spelled_ordinals = _spelled(str(locale.get("number_words") or lang))
    cardinals.update({str(k): int(v) for k, v in (numbers.get("cardinals") or {}).items()})
    scales.update({str(k): int(v) for k, v in (numbers.get("scales") or {}).items()})
    ending = numbers.get("ordinal_ending")
    ordinals: dict[str, int] = {}
    stems: dict[str, int] = {}
    for word, value in spelled_ordinals.items():
        m = re.fullmatch(rf"(.+?)(?:{ending})", word) if ending else None
        if m:
            stems.setdefault(m.group(1), value)
        else:
            ordinals[word] = value
    for suffix, others in (numbers.get("ordinal_inflections") or {}).items():
        for word, value in list(ordinals.items()):
            if word.endswith(suffix):
                for other in others:
                    ordinals.setdefault(word[: -len(suffix)] + other, value)
    ordinals.update({str(k): int(v) for k, v in (numbers.get("ordinals") or {}).items()})
    multiples = {str(k): int(v) for k, v in (numbers.get("multiples") or {}).items()}
    incidental = {str(k): int(v) for k, v in (numbers.get("incidental") or {}).items()}
    connectors = frozenset(str(w) for w in numbers.get("connectors") or ())
    article_data = numbers.get("article") or {}
    article = article_data.get("word")
    both = numbers.get("both") or {}
    both_after = [str(w) for w in both.get("after") or ()]

    vocabulary = [*cardinals, *scales, *incidental, *multiples, *ordinals, *connectors]
    if article:
        vocabulary.append(str(article))
    stem_pattern = rf"|[a-zé]+(?:{ending})" if ending else ""
    word_pattern = re.compile(
        rf"(?<![a-zà-ÿœ])(?:{_alternatives(set(vocabulary))}{stem_pattern})(?![a-zà-ÿœ])"
    )
    big = frozenset(w for w, v in scales.items() if v >= 1000)

    from babel.numbers import get_decimal_symbol, get_group_symbol

    decimal_comma = get_decimal_symbol(babel_locale) == ","
    groups = {get_group_symbol(babel_locale), *_SPACES, *(typography.get("groups") or ())}
    scale_after, scale_values, sign_after = _scale_after(typography)
    letters = {str(k) for k in typography.get("scale_letters") or {}}
    time = typography.get("time")
    roman = numbers.get("roman_ordinal")

    months, month = _months(babel_locale, dates)
    first_day = [str(w) for w in dates.get("first_day") or ()]
    year = r"(?P<year>\d{4})(?!\d)"
    date = str(dates.get("pattern") or r"(?<![\w])(?:(?P<day>\d{{1,2}})\s+)?{month}(?:\s+{year})?")
    first = _alternatives(first_day) or "(?!)"

    return NumberLanguage(
        lang=lang,
        cardinals=cardinals,
        scales=scales,
        ordinals=ordinals,
        ordinal_stems=stems,
        ordinal_ending=str(ending) if ending else None,
        multiples=multiples,
        incidental=incidental,
        approximate=frozenset(str(w) for w in numbers.get("approximate") or ()),
        alone_incidental=frozenset(str(w) for w in numbers.get("alone_incidental") or ()),
        connectors=connectors,
        vigesimal=bool(numbers.get("vigesimal")),
        article=str(article) if article else None,
        article_before=frozenset(str(w) for w in article_data.get("before") or ()),
        both_words=frozenset(str(w) for w in both.get("words") or ()),
        both_before=re.compile(rf"(?:{_alternatives(both_after)}) $") if both_after else None,
        not_before={
            str(k): re.compile(str(v)) for k, v in (numbers.get("not_before") or {}).items()
        },
        comma_after_scale=bool(numbers.get("comma_after_scale")),
        roman_ordinal=(
            re.compile(rf"(?<![\w])([IVXLC]{{2,}}|[IVX])(?:{roman})(?![\w])") if roman else None
        ),
        word_pattern=word_pattern,
        scale_after_digits=big | {w for w, v in scales.items() if v == 100 and not decimal_comma},
        big_scales=big,
        decimal_comma=decimal_comma,
        number=_number_pattern(decimal_comma, groups),
        ordinal_suffix=re.compile(rf"(?:{typography.get('ordinal_suffix') or '(?!)'})(?![\w])"),
        scale_after=scale_after,
        scale_values=scale_values,
        letters_need_sign_before=frozenset() if sign_after else frozenset(letters),
        time=re.compile(str(time)) if time else None,
        twelve_hour=bool(typography.get("twelve_hour")),
        months=months,
        month_stems=tuple(sorted({name[:3] for name in months})),
        month_verbs=frozenset(str(w) for w in dates.get("verbs") or ()),
        first_day=frozenset(first_day),
        date=re.compile(date.format(first=first, month=month, year=year)),
        currencies=_currencies(check.get("currencies") or {}),
    )


@cache
def percent_words() -> tuple[str, ...]:
    """The words for "%" of every shipped language: a text may quote another's figures."""
    found: list[str] = []
    for lang in shipped_languages():
        numbers = _data(lang, "check.yaml").get("numbers") or {}
        found += [str(w) for w in numbers.get("percent") or () if str(w) not in found]
    return tuple(found)
