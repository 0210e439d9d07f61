"""Quiet on authentic translations, loud on every injected defect.

The fixtures under tests/fixtures/checks/authentic are good French/English pairs in the style
of official bilingual texts (TIP Office fact sheets, the Côte d'Ivoire compact, Canadian
treaties, UN and embassy notices). The checker must find no error in them. Then each kind of
defect of the issue is injected into every pair it applies to, and must be caught there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from cpc_docs.checks import check_pair, check_paths
from cpc_docs.checks.align import split_sentences
from cpc_docs.checks.pairs import walk
from cpc_docs.checks.text import Prepared
from cpc_docs.load.yamlsource import parse_file

AUTHENTIC = Path(__file__).parent / "fixtures" / "checks" / "authentic"


def _pairs() -> list[tuple[str, str, str]]:
    found = []
    for file in sorted(AUTHENTIC.glob("*.yaml")):
        for pair in walk(parse_file(file).data):
            fr, en = pair.values.get("fr"), pair.values.get("en")
            if isinstance(fr, str) and isinstance(en, str):
                found.append((f"{file.stem}:{pair.dotted}", fr, en))
    return found


PAIRS = _pairs()


def test_there_are_enough_authentic_pairs() -> None:
    assert len(PAIRS) >= 50


def test_authentic_translations_give_no_error() -> None:
    report = check_paths([AUTHENTIC])
    errors = [str(f) for f in report.findings if f.severity == "error"]
    assert errors == []
    assert report.summary["pairs"] == len(PAIRS)


def test_authentic_translations_give_few_warnings() -> None:
    report = check_paths([AUTHENTIC])
    assert report.summary["warnings"] <= len(PAIRS) // 10


# --- defects ----------------------------------------------------------------------------------

Defect = Callable[[str, str], tuple[str, str] | None]


def _free_digits(prep: Prepared) -> list[re.Match[str]]:
    return [m for m in re.finditer(r"\d+", prep.masked)]


def change_a_digit(fr: str, en: str) -> tuple[str, str] | None:
    digits = _free_digits(Prepared(en, "en"))
    if not digits:
        return None
    m = digits[-1]
    last = int(en[m.end() - 1])
    return fr, en[: m.end() - 1] + str((last + 3) % 10) + en[m.end() :]


NUMBER_WORDS = {"five": "seven", "six": "eight", "three": "four", "nine": "eleven",
                "fifteen": "sixteen", "thirty": "forty", "fifty-four": "fifty-five",
                "thirtieth": "fortieth", "twenty-first": "twenty-second",
                "second": "third"}  # fmt: skip


def change_a_number_word(fr: str, en: str) -> tuple[str, str] | None:
    for word, other in NUMBER_WORDS.items():
        m = re.search(rf"\b{word}\b", en, re.IGNORECASE)
        if m:
            return fr, en[: m.start()] + other + en[m.end() :]
    return None


def change_the_scale(fr: str, en: str) -> tuple[str, str] | None:
    if re.search(r"\bmillions?\b", fr):
        return re.sub(r"\bmillion(s?)\b", r"milliard\1", fr, count=1), en
    return None


def drop_a_percent_sign(fr: str, en: str) -> tuple[str, str] | None:
    if "%" not in en:
        return None
    return fr, en.replace("%", "", 1)


MONTHS = {"January": "February", "March": "April", "June": "July", "September": "October",
          "November": "October", "December": "November"}  # fmt: skip


def change_a_month(fr: str, en: str) -> tuple[str, str] | None:
    for month, other in MONTHS.items():
        if re.search(rf"\b{month} \d|\d{{1,2}} {month}\b|{month} \d{{4}}", en):
            return fr, en.replace(month, other, 1)
    return None


def change_an_ordinal(fr: str, en: str) -> tuple[str, str] | None:
    m = re.search(r"\b(\d+)(er|e|ème)\b", fr)
    if not m:
        return None
    value = int(m.group(1)) + 1
    return fr[: m.start()] + f"{value}e" + fr[m.end() :], en


def change_an_email(fr: str, en: str) -> tuple[str, str] | None:
    emails = Prepared(en, "en").emails
    if not emails:
        return None
    e = emails[0]
    return fr, en[: e.start] + "x" + en[e.start :]


def change_a_url(fr: str, en: str) -> tuple[str, str] | None:
    urls = Prepared(en, "en").urls
    if not urls:
        return None
    u = urls[0]
    raw = en[u.start : u.end]
    changed = raw.replace(".gov", ".org", 1) if ".gov" in raw else raw + "x"
    return fr, en[: u.start] + changed + en[u.end :]


def change_a_phone(fr: str, en: str) -> tuple[str, str] | None:
    phones = Prepared(en, "en").phones
    if not phones:
        return None
    p = phones[0]
    raw = en[p.start : p.end]
    changed = raw[:-1] + str((int(raw[-1]) + 1) % 10)
    return fr, en[: p.start] + changed + en[p.end :]


def change_an_acronym(fr: str, en: str) -> tuple[str, str] | None:
    for acronym, other in (("WHO", "ILO"), ("CNS", "CIM"), ("TIP", "TVP"), ("NGOs", "IOs"),
                           ("NRM", "NAP"), ("CPC", "CTC"), ("UN", "EU"),
                           ("ILO", "IOM")):  # fmt: skip
        if re.search(rf"\b{acronym}\b", en):
            return fr, re.sub(rf"\b{acronym}\b", other, en)
    return None


def drop_a_closing_bracket(fr: str, en: str) -> tuple[str, str] | None:
    m = re.search(r"\([^()]*(\))", fr)
    if not m:
        return None
    i = m.start(1)
    return fr[:i] + fr[i + 1 :], en


def drop_a_guillemet(fr: str, en: str) -> tuple[str, str] | None:
    i = fr.find("»")
    return None if i == -1 else (fr[:i] + fr[i + 1 :], en)


def repeat_a_word(fr: str, en: str) -> tuple[str, str] | None:
    m = re.search(r"(?<= )(the|of|and|to)(?= )", en)
    if not m:
        return None
    return fr, en[: m.end()] + " " + m.group() + en[m.end() :]


def drop_a_sentence(fr: str, en: str) -> tuple[str, str] | None:
    spans = split_sentences(en)
    if len(spans) < 2:
        return None
    # Drop the longest sentence that is not the first (a whole clause of the text).
    candidates = [s for s in spans[1:] if len(en[s[0] : s[1]].split()) >= 5]
    if not candidates:
        return None
    start, end = max(candidates, key=lambda s: s[1] - s[0])
    return fr, (en[:start] + en[end:]).strip()


def drop_a_list_item(fr: str, en: str) -> tuple[str, str] | None:
    lines = en.split("\n")
    items = [i for i, line in enumerate(lines) if re.match(r"\s*(?:[-*•]|\(?[a-z0-9]\))\s", line)]
    if len(items) < 2:
        return None
    del lines[items[-1]]
    return fr, "\n".join(lines)


def truncate(fr: str, en: str) -> tuple[str, str] | None:
    if len(en) < 150:
        return None
    return fr, en[: len(en) // 3]


def glue_french_punctuation(fr: str, en: str) -> tuple[str, str] | None:
    m = re.search(r"(\w) ([:;])", fr)
    if not m:
        return None
    return fr[: m.start() + 1] + fr[m.start() + 2 :], en


def straight_quotes_in_french(fr: str, en: str) -> tuple[str, str] | None:
    if "«" not in fr:
        return None
    return fr.replace("« ", '"').replace(" »", '"'), en


def untranslate(fr: str, en: str) -> tuple[str, str] | None:
    if len(re.findall(r"\b[a-zà-ÿ]{2,}\b", fr)) < 3:
        return None
    return fr, fr


def drop_a_placeholder(fr: str, en: str) -> tuple[str, str] | None:
    return fr + " ({duration})", en


DEFECTS: list[tuple[str, Defect, set[str]]] = [
    ("untranslated", untranslate, {"untranslated"}),
    ("number in digits", change_a_digit, {"numbers", "phones", "emails", "urls"}),
    ("number in words", change_a_number_word, {"numbers"}),
    ("amount scale", change_the_scale, {"numbers"}),
    ("percentage", drop_a_percent_sign, {"numbers"}),
    ("date", change_a_month, {"numbers"}),
    ("ordinal", change_an_ordinal, {"numbers"}),
    ("e-mail", change_an_email, {"emails"}),
    ("web address", change_a_url, {"urls"}),
    ("phone", change_a_phone, {"phones"}),
    ("acronym", change_an_acronym, {"acronyms"}),
    ("bracket", drop_a_closing_bracket, {"brackets"}),
    ("quote", drop_a_guillemet, {"brackets"}),
    ("repeated word", repeat_a_word, {"repeated-word"}),
    (
        "dropped sentence",
        drop_a_sentence,
        {"omission", "sentence-count", "length-ratio", "list-items"},
    ),
    ("dropped list item", drop_a_list_item, {"list-items", "enumeration"}),
    ("truncated text", truncate, {"length-ratio", "omission", "sentence-count"}),
    ("French typography: glued colon", glue_french_punctuation, {"typography"}),
    ("French typography: straight quotes", straight_quotes_in_french, {"typography"}),
    ("placeholder on one side", drop_a_placeholder, {"placeholders"}),
]


@pytest.mark.parametrize(("name", "defect", "rules"), DEFECTS, ids=[d[0] for d in DEFECTS])
def test_each_injected_defect_is_caught(name: str, defect: Defect, rules: set[str]) -> None:
    applied = missed = 0
    misses = []
    for where, fr, en in PAIRS:
        changed = defect(fr, en)
        if changed is None:
            continue
        applied += 1
        found = {h.rule for h in check_pair(*changed)}
        if not found & rules:
            missed += 1
            misses.append(where)
    assert applied >= 2, f"{name}: the fixtures give too few pairs to inject into"
    assert misses == [], f"{name}: missed in {missed} of {applied} pairs"


def test_a_dropped_sentence_is_an_error_where_the_alignment_is_clear() -> None:
    errors = applied = 0
    for _, fr, en in PAIRS:
        changed = drop_a_sentence(fr, en)
        if changed is None:
            continue
        applied += 1
        if any(h.rule == "omission" for h in check_pair(*changed)):
            errors += 1
    assert applied >= 5
    assert errors / applied >= 0.6


def test_a_missing_side_is_caught(tmp_path: Path) -> None:
    text = (AUTHENTIC / "official.yaml").read_text(encoding="utf-8")
    broken = text.replace("  en: Abidjan\n", "", 1)
    assert broken != text
    (tmp_path / "pairs.yaml").write_text(broken, encoding="utf-8")
    report = check_paths([tmp_path])
    missing = [f for f in report.findings if f.rule == "missing-translation"]
    assert len(missing) == 1
    assert missing[0].severity == "error"
    assert "English" in missing[0].message
