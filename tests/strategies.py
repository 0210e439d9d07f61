"""Hypothesis strategies for hostile compacts and reports, and the oracles that read outputs back.

A generated compact is tests/fixtures/mini.yaml with every text replaced: arbitrary Unicode
words (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, scripts the PDF fonts lack), the
markup of Markdown, Typst, XML, Jinja and YAML, very long words, odd spacing, and lists left
empty. With each compact comes the list of texts the document must show (`Shown`), so a
property can check that every word arrives, unchanged, in the DOCX and the PDF. `reports`
does the same for an annual report on mini.yaml; `large_compact` and `large_report` make the
inputs of the scale tests and of benchmarks/bench_scale.py.

What "unchanged" means in each format, precisely:

- DOCX: the exact characters, the whole field in one piece. Only whitespace may differ (line
  breaks of the YAML are folded; French typography turns " ;" into a narrow no-break space).
- PDF: each word, after NFC normalisation, with nothing but a line break allowed between two
  of its characters, optionally preceded by U+00AD. That is how the typesetter's own
  hyphenation reads back (PDF 32000 §14.8.2.2.3: an inserted hyphen is a soft hyphen), and
  Typst may break a line inside a "word" where Unicode allows it (after "/", before "(").
  NFC because the PDF maps glyphs to text: "é" and "e" + U+0301 are one glyph and read back
  the same; they are canonically equivalent, the same text for Unicode.
  pypdf ignores /ActualText, the marked-content span Typst writes when one glyph stands for
  different text (a real hyphen and a hyphenation hyphen share a glyph): without it every
  "-" after the first hyphenated line reads as U+00AD. `read_pdf` honours /ActualText.
  Three narrow allowances, each for something the PDF shows right but pypdf reads otherwise,
  and each explained where it is made: a space after a middle dot or a hyphen
  (`_SPACE_MAY_FOLLOW`); a word-final Arabic lam-alef read first (`pdf_forms`); and, in
  examples with right-to-left text, punctuation and digits at a word's edge, which bidi
  reordering moves (`strong_core`).
  Words in scripts the embedded fonts do not cover (`EXOTIC`: CJK, kana, Thai, emoji) print
  as empty boxes (glyph 0, ".notdef", counted by `read_pdf`): the examples that have them
  (one in five) are checked in the DOCX and the text only; in all others the PDF must show
  no box at all. test_the_pdf_alphabet_is_shown_and_read_back checks that premise.
- The title is printed in capitals on the title page and as is in the metadata; a party's
  name in capitals there, and with its first letter raised in the opening paragraph:
  `Shown.form`.
"""

from __future__ import annotations

import copy
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from docx import Document as open_docx
from docx.table import Table
from docx.text.paragraph import Paragraph
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, TextStringObject

from cpc_docs.model.compact import PLACEHOLDER
from cpc_docs.shipped import language_data, shipped_languages

MINI = Path(__file__).resolve().parent / "fixtures" / "mini.yaml"

# ------------------------------------------------------------------------------- alphabets


def _chars(*ranges: tuple[int, int], drop: str = "") -> str:
    """Assigned letters, marks excluded, digits, punctuation and symbols of the ranges."""
    return "".join(
        chr(code)
        for low, high in ranges
        for code in range(low, high + 1)
        if unicodedata.category(chr(code))[0] in "LNPS" and chr(code) not in drop
    )


# Shown by the PDF's embedded fonts (Liberation Serif, then Typst's Libertinus Serif, New
# Computer Modern and DejaVu Sans Mono where it has no glyph) and read back exactly: checked
# glyph by glyph by test_the_pdf_alphabet_is_shown_and_read_back.
LTR = _chars(
    (0x21, 0x7E),  # ASCII: every markup character of Markdown, Typst, XML, Jinja, YAML
    (0xA1, 0x24F),  # Latin-1, Latin Extended-A and -B
    (0x250, 0x2AF),  # IPA
    (0x370, 0x3FF),  # Greek
    (0x400, 0x4FF),  # Cyrillic
    (0x531, 0x58A),  # Armenian
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese)
    (0x2010, 0x205E),  # general punctuation: dashes, quotes, ‰, ‹ ›
    (0x20A0, 0x20C0),  # currency signs
    (0x2190, 0x22FF),  # arrows, mathematical operators
    # ⁁⁃⁓: no glyph in the fonts. ⊬, and ↚↛↮⇎⇔ (the negated arrows come from a fallback
    # font, ⇔ from Liberation Serif beside them): pypdf reads a space after them.
    drop="⁁⁃⁓⊬↚↛↮⇎⇔",
)
HEBREW = _chars((0x5D0, 0x5EA))
ARABIC = _chars((0x621, 0x63A), (0x641, 0x64A))
RTL = HEBREW + ARABIC


def _closed_under_upper(chars: str) -> str:
    """`chars` without those whose capital the fonts lack: titles are printed in capitals,
    and "ʞ".upper() is "Ʞ" (U+A7B0), which no embedded font has (27 such, mostly IPA)."""
    while True:
        kept = "".join(c for c in chars if all(u in chars + RTL for u in c.upper()))
        if kept == chars:
            return kept
        chars = kept


LTR = _closed_under_upper(LTR)
# Printed as empty boxes in the PDF: no embedded font has them.
EXOTIC = _chars((0x4E00, 0x4E40), (0x3041, 0x3096), (0xE01, 0xE2E), (0x1F600, 0x1F64F))
PDF_ALPHABET = frozenset(LTR + RTL)

# What the model refuses, with the field's location: a reader cannot see them.
INVISIBLE = (
    "\x00", "\x07", "\x1b", "\x7f", "\x9b",  # C0 and C1 controls (U+0085 is a YAML line break)
    "\u00ad", "\u200b", "\u200d", "\u2060", "\ufeff",  # soft hyphen, zero-width, BOM
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # bidi embeddings and overrides
    "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c",  # isolates, marks
    "\ue000", "\U000f0000", "\u0378", "\ufffe", "\U000e0041",  # private use, unassigned, tag
)  # fmt: skip

# Markup of every language the text passes through, and look-alikes of our own syntax.
HOSTILE = (
    "#", "##", "# Titre", "*gras*", "**", "_x_", "`code`", "```", "~~~", "---", "***", "===",
    "- item", "+", "1.", "1)", ">", "|", "| a | b |", "|:--|", "[x](https://e.org)",
    "![img](/etc/passwd)", "<https://e.org>", "<b>", "</p>", "<!-- x -->", "&amp;", "&#0;",
    "\\", "\\\\", "\\*", "{.state}", "{#anchor}", '{.item label="Z."}', "[er]{.sup}",
    "::: signatory us x", ":::", "{{", "}}", "{{ compact }}", "{% if x %}", "{# c #}",
    "{duration", "{ref", "{x:y", "#read(\"/etc/passwd\")", "#panic(\"x\")", "#import",
    "#set text(red)", "$x^2$", "@ref", "<label>", "= Heading", "/ term: def", "//", "/*",
    "*/", "]", ")", "\"", "'", "\")#panic(\"x", "</w:t></w:r><w:r><w:t>", "<w:p/>",
    "]]>", "<?xml?>", "&lt;", "%PDF-1.7", "endobj", "(\\\\)", "- [ ]", "&", "~", "^",
    "key: value", "!!python/object", "*alias", "&anchor", "?", "%YAML", "…", "«", "»",
    ";", ":", "!", "?", "1er", "2e", "XIV", "I.", "A.", "«\u00a0x\u00a0»", "30\u202f%",
)  # fmt: skip

_SEPARATORS = st.sampled_from([" ", " ", " ", "  ", "\n", "\t", " \n  ", "\u00a0", "\u202f"])


def words(exotic: bool = False) -> st.SearchStrategy[str]:
    """One word: ordinary, markup, or (`exotic`) in a script the PDF fonts lack.

    Very long words are added by `compacts` to a few texts only: in every text they would
    make an example too large for Hypothesis to generate. Right-to-left words come from
    `rtl_words`, for whole texts.
    """
    choices = [
        st.text(LTR, min_size=1, max_size=10),
        st.text(LTR, min_size=1, max_size=10),
        st.sampled_from(HOSTILE),
        st.sampled_from(HOSTILE),
    ]
    if exotic:
        choices.append(st.text(EXOTIC, min_size=1, max_size=3))
    return st.one_of(choices)


def rtl_words() -> st.SearchStrategy[str]:
    """A Hebrew or an Arabic word.

    One script a word: pypdf does not restore the reading order of a right-to-left word whose
    letters come from two fonts (Hebrew and Arabic do). And right-to-left words make whole
    texts (see `_texts`): where a line mixes directions the PDF shows it right, but pypdf
    reads it back in an order of its own (a "%" after a Hebrew word comes out before the
    space), while poppler's pdftotext -raw gets it right. Mixed lines are still checked
    exactly in the DOCX and the plain text.
    """
    return st.text(HEBREW, min_size=1, max_size=8) | st.text(ARABIC, min_size=1, max_size=8)


_LOOKALIKE = re.compile(r"\{(?=[a-z_])")


def _inert(text: str) -> str:
    """`text` with every placeholder, real ("{page}") or look-alike ("{ref" left open), made
    literal by doubling its "{", so that prose prints it as typed.

    Prose fills placeholders, and refuses unknown ones and unclosed look-alikes, each with a
    clear error; filtering such texts out instead threw away nearly every compact (one of its
    ~100 texts almost always has "{" and letters).
    """
    while True:
        out, last = [], 0
        for match in PLACEHOLDER.finditer(text):
            out.append(_LOOKALIKE.sub("{{", text[last : match.start()]))
            out.append(match[0] if match[0] in ("{{", "}}") else "{" + match[0])
            last = match.end()
        out.append(_LOOKALIKE.sub("{{", text[last:]))
        if "".join(out) == text:
            return text
        text = "".join(out)


@st.composite
def _texts(
    draw: st.DrawFn, max_words: int = 3, exotic: bool = False, rtl_allowed: bool = False
) -> str:
    """A field's text in one language: words joined by odd spacing, never blank."""
    rtl = rtl_allowed and draw(st.sampled_from([False, False, True]))
    tokens = draw(st.lists(rtl_words() if rtl else words(exotic), min_size=1, max_size=max_words))
    out = tokens[0]
    for token in tokens[1:]:
        out += draw(_SEPARATORS) + token
    lead = draw(st.sampled_from(["", "", " ", "\n  "]))
    return _inert(lead + out)


@st.composite
def _bitexts(
    draw: st.DrawFn, max_words: int = 3, exotic: bool = False, rtl: bool = False
) -> dict[str, str]:
    return {lang: draw(_texts(max_words, exotic, rtl)) for lang in ("fr", "en")}


# ---------------------------------------------------------------------------- compacts


@dataclass(frozen=True)
class Shown:
    """A text the document must show: its field path, language, text and how it is printed.

    `form`: "as_is", "upper" (the title page), "capfirst" (first letter raised). `prose`: the
    text passes through the placeholder resolver, where "{{" and "}}" print one brace.
    `footer`: printed in the page footer, which the plain-text writer leaves out.
    """

    path: tuple[str | int, ...]
    lang: str
    text: str
    form: str = "as_is"
    prose: bool = False
    footer: bool = False

    def expected(self) -> str:
        text = self.text
        if self.prose:
            text = PLACEHOLDER.sub(lambda m: m[0][0], text)
        if self.form == "upper":
            text = text.upper()
        elif self.form == "capfirst":
            text = " ".join(text.split())
            text = text[:1].upper() + text[1:]
        return text


def mini_data() -> dict[str, Any]:
    return yaml.safe_load(MINI.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@st.composite
def compacts(draw: st.DrawFn) -> dict[str, Any]:
    """mini.yaml with every text generated and the lists that may be empty drawn 0 to 2 long.

    Facts (ids, dates, amounts, e-mails) stay as in mini.yaml: they are not free text.
    """
    data = copy.deepcopy(mini_data())
    # One compact in five has words in scripts the PDF fonts lack (CJK, Thai, emoji). They
    # print as empty boxes, whose meaningless widths make pypdf misplace spaces around them,
    # so the property checks those compacts in the DOCX and the text only (and that the PDF
    # renders); the others are checked word by word in the PDF too.
    exotic = draw(st.sampled_from([False, False, False, False, True]))
    # One in three has right-to-left texts (see `rtl_words` for what that changes).
    rtl = draw(st.sampled_from([False, False, True]))

    def bitexts(max_words: int = 3) -> st.SearchStrategy[dict[str, str]]:
        return _bitexts(max_words, exotic, rtl)

    def texts(max_words: int = 3) -> st.SearchStrategy[str]:
        return _texts(max_words, exotic, rtl)

    bi = bitexts()
    data["title"] = draw(bitexts(6))
    data["party_term"] = draw(bitexts(2))
    partner, us = data["parties"]
    for party in (partner, us):
        for key in ("name", "country", "short"):
            party[key] = draw(bitexts(4))
    for key in ("state", "motto"):
        partner[key] = draw(st.none() | bitexts(4))
        if partner[key] is None:
            del partner[key]
    for party, most in ((partner, 2), (us, 1)):
        template = party["focal_points"][0]
        points = []
        for _ in range(draw(st.integers(0, most))):
            point = dict(template, name=draw(bi))
            point.pop("address", None)
            if draw(st.booleans()):
                point["address"] = draw(bi)
            points.append(point)
        party["focal_points"] = points
    data["preamble"] = [
        {"verb": draw(bitexts(1)), "text": draw(bi)} for _ in range(draw(st.integers(0, 2)))
    ]
    for section in data["sections"].values():
        section["title"] = draw(bitexts(4))
        section["paragraphs"] = [draw(bi) for _ in section.get("paragraphs", [])]
        for item in section.get("items", []):
            item["paragraphs"] = [draw(bi) for _ in item["paragraphs"]]
        if draw(st.integers(0, 4)) == 0:
            section["closing"] = [draw(bi)]
    data["sections"]["goal"]["goal"] = draw(bi)
    for definition in data["sections"]["definitions"]["definitions"]:
        definition["terms"] = [draw(bitexts(3)) for _ in range(draw(st.integers(1, 2)))]
        refs = " ".join(f"{{term:{n}}}" for n in range(1, len(definition["terms"]) + 1))
        definition["text"] = {lang: f"{refs} {draw(texts())}" for lang in ("fr", "en")}
    for index, objective in enumerate(data["objectives"]):
        objective["text"] = draw(bi)
        objective.pop("annex_text", None)
        if draw(st.booleans()):
            objective["annex_text"] = draw(bi)
        if index == 0 and draw(st.booleans()):
            objective["pillar"] = draw(bitexts(2))  # a label of one's own
        for kind, prefix in (("activities", "a"), ("indicators", "i")):
            template = objective[kind][0]
            objective[kind] = [
                dict(template, id=f"{objective['id']}-{prefix}{n}", text=draw(bi))
                for n in range(draw(st.integers(0, 2)))
            ]
    data["statute"] = {}  # the ids it names may be gone; rules are not what is tested here
    data["annex"] = {"title": draw(bitexts(4)), "paragraphs": [draw(bi)]}
    data["appendices"] = [
        {"id": f"app-{n}", "title": draw(bitexts(4)), "paragraphs": [draw(bi)]}
        for n in range(draw(st.integers(0, 1)))
    ]
    data["signature"]["place"] = draw(bitexts(3))
    for signatory in data["signature"]["signatories"]:
        signatory["name"] = draw(texts(4).filter(lambda t: t.strip()))
        signatory["titles"] = [draw(bitexts(4)) for _ in range(draw(st.integers(1, 2)))]
        signatory.pop("honorific", None)
        if draw(st.booleans()):
            signatory["honorific"] = draw(bitexts(1))
        if draw(st.booleans()):
            signatory["on_behalf"] = draw(bitexts(4))
    # Very long words (no break opportunity: they overflow the line) in a few texts.
    fields = [node for node in _bitext_nodes(data) if not any("{term:" in t for t in node.values())]
    for _ in range(draw(st.integers(0, 2))):
        node = draw(st.sampled_from(fields))
        lang = draw(st.sampled_from(["fr", "en"]))
        node[lang] += " " + draw(st.text(LTR, min_size=60, max_size=300).map(_inert))
    return data


def _bitext_nodes(node: Any) -> Iterator[dict[str, str]]:
    if isinstance(node, dict):
        if node and set(node) <= {"fr", "en"} and all(isinstance(v, str) for v in node.values()):
            yield node
        else:
            for value in node.values():
                yield from _bitext_nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _bitext_nodes(value)


def shown(data: dict[str, Any]) -> Iterator[Shown]:
    """Every text of a generated compact that the templates print, per language and form.

    Written from the templates (templates/*/compact.md.j2). Texts the templates do not print
    are left out on purpose: `bodies` (acronyms, for the checks), `country` of a party
    without focal points (it only heads the focal-point list), the second party's state and
    motto (the title page names the partner's).
    """
    for lang in data["languages"]:

        def each(path: tuple[str | int, ...], node: Any, **kw: Any) -> Iterator[Shown]:
            if node is not None:
                yield Shown(path, lang, node[lang], **kw)  # noqa: B023 (used at once)

        yield from each(("title",), data["title"], form="upper")
        yield from each(("party_term",), data["party_term"])
        for p, party in enumerate(data["parties"]):
            # The opening: French names each party on a line of its own, capitalised;
            # English names them in one sentence, the United States first (capitalised).
            opens = lang == "fr" or party["id"] == "us"
            yield from each(("parties", p, "name"), party["name"],
                            form="capfirst" if opens else "as_is")  # fmt: skip
            yield from each(("parties", p, "name"), party["name"], form="upper")  # title page
            yield from each(("parties", p, "short"), party["short"], footer=True)
            if p == 0:
                yield from each(("parties", 0, "state"), party.get("state"))
                yield from each(("parties", 0, "motto"), party.get("motto"))
            if party["focal_points"]:
                yield from each(("parties", p, "country"), party["country"])
            for f, point in enumerate(party["focal_points"]):
                yield from each(("parties", p, "focal_points", f, "name"), point["name"])
                yield from each(("parties", p, "focal_points", f, "address"), point.get("address"))
        for c, clause in enumerate(data.get("preamble", [])):
            yield from each(("preamble", c, "verb"), clause["verb"])
            yield from each(("preamble", c, "text"), clause["text"], prose=True)
        for key, section in data["sections"].items():
            at = ("sections", key)
            yield from each((*at, "title"), section["title"])
            for kind in ("paragraphs", "closing"):
                for n, text in enumerate(section.get(kind, [])):
                    yield from each((*at, kind, n), text, prose=True)
            for i, item in enumerate(section.get("items", [])):
                for n, text in enumerate(item["paragraphs"]):
                    yield from each((*at, "items", i, "paragraphs", n), text, prose=True)
            yield from each((*at, "goal"), section.get("goal"), prose=True)
            for d, definition in enumerate(section.get("definitions", [])):
                for t, term in enumerate(definition["terms"]):
                    yield from each((*at, "definitions", d, "terms", t), term)
                text = {
                    lang: re.sub(r"^(\{term:\d\} )+", "", definition["text"][lang])
                    for lang in ("fr", "en")
                }
                yield from each((*at, "definitions", d, "text"), text, prose=True)
        for o, objective in enumerate(data["objectives"]):
            at = ("objectives", o)
            yield from each((*at, "text"), objective["text"], prose=True)
            yield from each((*at, "annex_text"), objective.get("annex_text"), prose=True)
            if isinstance(objective.get("pillar"), dict):
                yield from each((*at, "pillar"), objective["pillar"])
                yield from each((*at, "pillar"), objective["pillar"], form="upper")  # Annex A
            for kind in ("activities", "indicators"):
                for n, entry in enumerate(objective[kind]):
                    yield from each((*at, kind, n, "text"), entry["text"], prose=True)
        yield from each(("annex", "title"), data["annex"]["title"])
        for n, text in enumerate(data["annex"]["paragraphs"]):
            yield from each(("annex", "paragraphs", n), text, prose=True)
        for a, appendix in enumerate(data.get("appendices", [])):
            yield from each(("appendices", a, "title"), appendix["title"])
            for n, text in enumerate(appendix["paragraphs"]):
                yield from each(("appendices", a, "paragraphs", n), text, prose=True)
        signature = data["signature"]
        yield from each(("signature", "place"), signature["place"])
        for s, signatory in enumerate(signature["signatories"]):
            at = ("signature", "signatories", s)
            yield Shown((*at, "name"), lang, signatory["name"])
            yield from each((*at, "honorific"), signatory.get("honorific"))
            yield from each((*at, "on_behalf"), signatory.get("on_behalf"))
            for t, title in enumerate(signatory["titles"]):
                yield from each((*at, "titles", t), title)


@st.composite
def invisible_texts(draw: st.DrawFn) -> tuple[str, str]:
    """An ordinary text with one invisible character inside, and that character."""
    char = draw(st.sampled_from(INVISIBLE))
    before = draw(st.text(LTR, min_size=1, max_size=8))
    after = draw(st.text(LTR, min_size=1, max_size=8))
    return f"{before}{char}{after}", char


# ------------------------------------------------------------------------------ oracles


def flat(text: str) -> str:
    """Runs of whitespace (no-break spaces and line breaks included) as one space, and
    typographic single quotes as the straight one the YAML has (the writers curl them)."""
    return " ".join(straight_quotes(text).split())


def straight_quotes(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def docx_text(data: bytes) -> str:
    """Everything a reader of the DOCX sees: body paragraphs and tables in order, footers,
    and the title of the document's properties, one paragraph a line."""
    document = open_docx(io.BytesIO(data))

    def walk(container: Any) -> Iterator[str]:
        for block in container.iter_inner_content():
            if isinstance(block, Paragraph):
                yield block.text
            elif isinstance(block, Table):
                for row in block.rows:
                    seen: set[int] = set()
                    for cell in row.cells:
                        if id(cell._tc) not in seen:
                            seen.add(id(cell._tc))
                            yield from walk(cell)

    lines = list(walk(document))
    for section in document.sections:
        lines.extend(walk(section.footer))
    lines.append(document.core_properties.title or "")
    return "\n".join(lines)


@dataclass(frozen=True)
class PdfReadBack:
    """What a reader gets from the PDF: its text, its body text (without the page footers,
    which otherwise sit between the two halves of a word hyphenated across a page break),
    its title, and how many empty boxes."""

    text: str
    body: str
    title: str
    boxes: int


def read_pdf(data: bytes) -> PdfReadBack:
    """The PDF's text as pypdf extracts it, but with /ActualText honoured; and the number of
    glyphs shown as .notdef (glyph 0: an empty box where a letter was meant).

    Typst writes a glyph's text once per font (/ToUnicode); where the same glyph stands for
    other text (a hyphen from hyphenation and a typed hyphen, a letter with an invisible mark)
    it wraps the glyph in `/Span <</ActualText (text)>> BDC … EMC`. pypdf ignores that, so
    here each show operator inside such a span is given the span's text (the first one) or
    nothing (the others): pypdf takes a string operand as text as it is.
    Typst embeds every font as a Type0 font with two-byte glyph ids (Identity-H), so a shown
    string is a sequence of glyph ids, and 0 is the font's "no such glyph".
    """
    reader = PdfReader(io.BytesIO(data))
    pages: list[str] = []
    boxes = 0
    for page in reader.pages:
        spans: list[list[Any]] = []  # one per marked-content level: [text or None, used]

        def before(op: bytes, args: list[Any], cm: Any, tm: Any, spans: Any = spans) -> None:
            nonlocal boxes
            if op in (b"BDC", b"BMC"):
                props = args[1] if op == b"BDC" and len(args) > 1 else None
                actual = props.get("/ActualText") if isinstance(props, DictionaryObject) else None
                spans.append([None if actual is None else str(actual), False])
                return
            if op == b"EMC":
                if spans:
                    spans.pop()
                return
            if op not in (b"Tj", b"TJ", b"'", b'"'):
                return
            shown = (
                [a for a in args[0] if isinstance(a, (bytes, str))] if op == b"TJ" else [args[-1]]
            )
            for string in shown:
                raw = string.original_bytes if hasattr(string, "original_bytes") else bytes(string)
                boxes += sum(raw[i : i + 2] == b"\0\0" for i in range(0, len(raw) - 1, 2))
            span = next((s for s in reversed(spans) if s[0] is not None), None)
            if span is None:
                return
            text = "" if span[1] else span[0]
            span[1] = True
            if op == b"TJ":
                args[0] = ArrayObject([TextStringObject(text)])
            else:
                args[-1] = TextStringObject(text)

        pages.append(page.extract_text(visitor_operand_before=before))
    title = (reader.metadata.title if reader.metadata else None) or ""
    bodies = []
    for number, text in enumerate(pages, start=1):
        # The footer comes last on each page, from its "Page N of/sur M" label; a draft's
        # mark ("DRAFT", "PROJET") first, being the page's background.
        footer = max(text.rfind(f"\nPage {number} "), 0 if text.startswith("Page ") else -1)
        text = text[:footer] if footer >= 0 else text
        for mark in _draft_words():
            text = text.removeprefix(mark + "\n")
        bodies.append(text)
    return PdfReadBack("\n".join(pages), "\n".join(bodies), title, boxes)


def _draft_words() -> list[str]:
    """Every shipped language's draft mark (its locale.yaml's draft_word)."""
    return [language_data(lang, "locale.yaml")["draft_word"] for lang in shipped_languages()]


# Characters after which pypdf may read a space that the page does not show:
# - U+00B7: Typst adds space after it when it justifies a line, as after a word space (it
#   takes it for CJK centred punctuation: typst-layout, shaping.rs, `is_justifiable`); on a
#   loose line the gap is wide enough for pypdf to read a space there.
# - "-": once a hyphenation hyphen has mapped the hyphen glyph to U+00AD, each typed hyphen is
#   wrapped in /ActualText "-" (see `read_pdf`). pypdf measures the substituted "-" with the
#   font's default width (the font's widths are known by their ToUnicode text, U+00AD), so the
#   next glyph seems far off and pypdf adds a space. Plain pypdf reads "\u00adInfinity"
#   there, with no space: the space is the reader's, not the PDF's.
_SPACE_MAY_FOLLOW = frozenset("\u00b7-")


def word_pattern(word: str) -> re.Pattern[str]:
    """`word` as the PDF text may hold it: a line break, with or without a soft hyphen,
    allowed between two characters, and a space after a middle dot or a hyphen (see
    `_SPACE_MAY_FOLLOW`); nothing else."""
    word = unicodedata.normalize("NFC", word)
    pieces = [re.escape(ch) + (" ?" if ch in _SPACE_MAY_FOLLOW else "") for ch in word]
    return re.compile("(?:\u00ad?\n)?".join(pieces))


# An Arabic word ending in lam + alef ends in one glyph for the two letters (the final form of
# the lam-alef ligature): the PDF shows "فنلا" right, but pypdf reads it "لافن", the ligature
# first (poppler reads "فنال"). Only word-final ones, with each of the four alefs.
_FINAL_LAM_ALEF = re.compile("^(.+)(\u0644[\u0627\u0623\u0625\u0622])$")


def pdf_forms(word: str) -> list[str]:
    """The ways pypdf may read `word` back: itself, and for the case above, ligature first."""
    match = _FINAL_LAM_ALEF.match(word)
    return [word, match[2] + match[1]] if match else [word]


def missing_in_pdf(words: list[str], text: str) -> list[str]:
    text = straight_quotes(unicodedata.normalize("NFC", text))
    return [
        w
        for w in words
        if not any(word_pattern(straight_quotes(f)).search(text) for f in pdf_forms(w))
    ]


_STRONG = frozenset({"L", "R", "AL"})


def strong_core(word: str) -> str:
    """`word` without the characters at its ends that have no direction of their own.

    In a line that mixes directions, the Unicode bidirectional algorithm places punctuation,
    symbols and digits at the edge of a word by their neighbours: "; ²DĚĭÅ" after an Arabic
    word *displays* as "²" on the Arabic side (rule W2), and pypdf moves such characters
    around a right-to-left run on its own account too. Letters stay in their word.
    """
    start, end = 0, len(word)
    while start < end and unicodedata.bidirectional(word[start]) not in _STRONG:
        start += 1
    while end > start and unicodedata.bidirectional(word[end - 1]) not in _STRONG:
        end -= 1
    return word[start:end]


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def in_pdf_fonts(word: str) -> bool:
    return all(ch in PDF_ALPHABET for ch in word)


# --------------------------------------------------------------------------------- scale


def large_compact(
    activities: int = 500, indicators: int = 200, years: int = 5, objectives: int = 10
) -> dict[str, Any]:
    """mini.yaml with `activities` and `indicators` spread over `objectives`, and a term of
    `years` (five, then extensions of up to five years, the way terms grow). Every activity
    and indicator carries a marker (A0001, I0001) so a test can count them in the output."""
    data = mini_data()
    template = data["objectives"]
    count, objectives = objectives, []
    for o in range(count):
        base = copy.deepcopy(template[o % len(template)])
        base["id"] = f"obj-{o + 1:02d}"
        base.pop("annex_text", None)
        base["text"] = {
            "fr": f"Objectif {o + 1} : la coordination des acteurs est renforcée.",
            "en": f"Objective {o + 1}: the coordination of the actors is strengthened.",
        }
        base["activities"], base["indicators"] = [], []
        objectives.append(base)
    for n in range(1, activities + 1):
        objectives[(n - 1) % count]["activities"].append(
            {
                "id": f"act-{n:04d}",
                "text": {
                    "fr": f"A{n:04d} Former les acteurs de la protection de l'enfance.",
                    "en": f"A{n:04d} Train the child protection actors.",
                },
            }
        )
    for n in range(1, indicators + 1):
        objectives[(n - 1) % count]["indicators"].append(
            {
                "id": f"ind-{n:04d}",
                "text": {
                    "fr": f"I{n:04d} Nombre d'enfants victimes pris en charge",
                    "en": f"I{n:04d} Number of child victims assisted",
                },
            }
        )
    data["objectives"] = objectives
    data["statute"] = {"F": ["pa-commitment"], "G": ["act-0001"]}
    extra = years - 5
    data["term"]["extensions"] = []
    decided = 2027
    while extra > 0:
        step = min(extra, 5)
        data["term"]["extensions"].append(
            {"decided": f"{decided}-06-01", "duration": f"{step} years"}
        )
        decided += step
        extra -= step
    return data


def large_report(compact: dict[str, Any], years: int) -> dict[str, Any]:
    """A final report on `compact` (from `large_compact`) for the last of its `years`, with a
    baseline, a target and a value for every indicator in every year, and a status for every
    activity. The signature date of mini.yaml, 1 December 2022, starts the term."""
    labels = [2023 + y for y in range(years)]
    objectives = []
    for o, objective in enumerate(compact["objectives"]):
        objectives.append(
            {
                "id": objective["id"],
                "narrative": {
                    "fr": f"Progrès de l'objectif {o + 1} sur {years} ans.",
                    "en": f"Progress on objective {o + 1} over {years} years.",
                },
                "activities": [
                    {"id": a["id"], "status": "completed" if n % 3 else "in_progress"}
                    for n, a in enumerate(objective["activities"])
                ],
                "indicators": [
                    {
                        "id": i["id"],
                        "unit": "count",
                        "baseline": {"value": 10, "year": 2022},
                        "targets": {year: 10 + 5 * (k + 1) for k, year in enumerate(labels)},
                        "values": [
                            {"year": year, "value": 10 + 4 * (k + 1) + n % 7}
                            for k, year in enumerate(labels)
                        ],
                    }
                    for n, i in enumerate(objective["indicators"])
                ],
            }
        )
    last = labels[-1]
    return {
        "compact": compact["id"],
        "period": {"start": f"{last - 1}-12-01", "end": f"{last}-11-30"},
        "summary": {"fr": f"Rapport final, {years} ans.", "en": f"Final report, {years} years."},
        "objectives": objectives,
    }


# ------------------------------------------------------------------------------ reports


@st.composite
def reports(draw: st.DrawFn) -> dict[str, Any]:
    """An annual report on mini.yaml for its first year (2023), every text generated, lists
    0 to 2 long, some values left out (a draft: they print as highlighted gaps)."""
    compact = mini_data()
    exotic = draw(st.sampled_from([False, False, False, False, True]))
    rtl = draw(st.sampled_from([False, False, True]))

    def bi(max_words: int = 3) -> dict[str, str]:
        return draw(_bitexts(max_words, exotic, rtl))

    def some(make: Any, most: int = 2) -> list[Any]:
        return [make() for _ in range(draw(st.integers(0, most)))]

    objectives = []
    for objective in compact["objectives"]:
        activities = []
        for activity in objective["activities"]:
            entry: dict[str, Any] = {"id": activity["id"], "status": "in_progress"}
            if draw(st.booleans()):
                entry["note"] = bi()
            activities.append(entry)
        indicators = []
        for indicator in objective["indicators"]:
            value = {"percentage": 40, "yes_no": True}.get(indicator.get("unit", "count"), 7)
            entry = {
                "id": indicator["id"],
                "baseline": {"value": value, "year": 2022, "source": bi()},
                "targets": {2023: value},
                "values": [{"year": 2023, "value": value, "source": bi()}],
            }
            if draw(st.booleans()):
                entry["note"] = bi()
            indicators.append(entry)
        objectives.append(
            {
                "id": objective["id"],
                "narrative": bi(6),
                "activities": activities,
                "indicators": indicators,
            }
        )
    report: dict[str, Any] = {
        "compact": "mini",
        "period": {"start": "2022-12-01", "end": "2023-11-30"},
        "prepared_by": some(bi),
        "summary": bi(6),
        "objectives": objectives,
        "contributions": {
            "currency": "XOF",
            "items": some(lambda: {"kind": "in_kind", "description": bi(), "amount": 1000}),
        },
        "sustainability": some(lambda: {"text": bi(), "status": "completed"}),
        "difficulties": some(bi),
        "recommendations": some(bi),
        "improvements": some(bi),
        "next_year": some(lambda: {"text": bi()}),
        "meeting": {"date": "2023-11-15", "place": bi(2), "participants": some(bi)},
    }
    if draw(st.booleans()):
        report["disclaimer"] = bi()
    return report


def report_shown(data: dict[str, Any], lang: str) -> Iterator[Shown]:
    """Every text of a generated report that templates/*/report.md.j2 prints, as typed."""

    def each(path: tuple[str | int, ...], node: Any) -> Iterator[Shown]:
        if node is not None:
            yield Shown(path, lang, node[lang])

    for n, text in enumerate(data["prepared_by"]):
        yield from each(("prepared_by", n), text)
    yield from each(("disclaimer",), data.get("disclaimer"))
    yield from each(("summary",), data["summary"])
    for o, objective in enumerate(data["objectives"]):
        yield from each(("objectives", o, "narrative"), objective["narrative"])
        for a, activity in enumerate(objective["activities"]):
            yield from each(("objectives", o, "activities", a, "note"), activity.get("note"))
        for i, indicator in enumerate(objective["indicators"]):
            at = ("objectives", o, "indicators", i)
            yield from each((*at, "baseline", "source"), indicator["baseline"]["source"])
            yield from each((*at, "values", 0, "source"), indicator["values"][0]["source"])
            yield from each((*at, "note"), indicator.get("note"))
    for c, item in enumerate(data["contributions"]["items"]):
        yield from each(("contributions", "items", c, "description"), item["description"])
    for m, measure in enumerate(data["sustainability"]):
        yield from each(("sustainability", m, "text"), measure["text"])
    for kind in ("difficulties", "recommendations", "improvements"):
        for n, text in enumerate(data[kind]):
            yield from each((kind, n), text)
    for n, item in enumerate(data["next_year"]):
        yield from each(("next_year", n, "text"), item["text"])
    yield from each(("meeting", "place"), data["meeting"]["place"])
    for n, text in enumerate(data["meeting"]["participants"]):
        yield from each(("meeting", "participants", n), text)
