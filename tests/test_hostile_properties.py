"""Hostile text, generated: nothing crashes, nothing is injected, nothing is lost.

Each example is a whole compact whose every text is generated (tests/strategies.py): Unicode
words of many scripts, right-to-left text, the markup of Markdown, Typst, XML, Jinja and YAML,
very long words, odd spacing, lists left empty. It is written as YAML, loaded as a user's
file would be, checked by the rules, and rendered in both languages through the DOCX, PDF
(Typst) and text writers; then every text the templates print is looked for in what is read
back: the whole field in the DOCX and the text, each word in the PDF (see strategies.py for
exactly what may differ and why).

Annual reports get the same property (their texts, in one language an example).

Profiles (registered in conftest.py): `ci`, the default, runs a few derandomized examples so
the suite stays fast and reproducible; `make fuzz` runs FUZZ_EXAMPLES (500) per property.
"""

from __future__ import annotations

import io
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import MINI
from docx import Document as open_docx
from hypothesis import event, given, note, settings
from hypothesis import strategies as st
from strategies import (
    EXOTIC,
    INVISIBLE,
    LTR,
    RTL,
    compacts,
    docx_text,
    flat,
    has_rtl,
    in_pdf_fonts,
    invisible_texts,
    mini_data,
    missing_in_pdf,
    read_pdf,
    report_shown,
    reports,
    shown,
    strong_core,
)

from cpc_docs.document import Document, Metadata, Paragraph, Run
from cpc_docs.errors import ValidationFailed
from cpc_docs.load.compact import load_compact
from cpc_docs.pipeline import compact_document
from cpc_docs.rules.compact import check
from cpc_docs.settings import RenderSettings
from cpc_docs.writers import WriteOptions, write
from cpc_docs.writers.pdf import write as write_pdf

SETTINGS = RenderSettings(date_epoch=1669896000, fingerprint="SHA-256 0123456789abcdef")


def load(data: dict[str, Any]):  # type: ignore[no-untyped-def]
    """Write `data` as YAML and load it the way `cpc` loads a user's file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hostile.yaml"
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
        path.write_text(text, encoding="utf-8")
        return load_compact(path)


@given(data=compacts())
@pytest.mark.slow
def test_every_word_reaches_the_docx_and_the_pdf(data: dict[str, Any]) -> None:
    compact, source = load(data)
    check(compact, source)  # the rules read every text too: they must not crash
    expectations = list(shown(data))
    for lang in compact.languages:
        doc = compact_document(compact, lang, SETTINGS)
        docx_bytes = write(doc, "docx", lang, SETTINGS)
        docx = flat(docx_text(docx_bytes))
        text = flat(write(doc, "txt", lang, SETTINGS).decode("utf-8"))
        pdf = read_pdf(write(doc, "pdf", lang, SETTINGS))
        ours = [seen for seen in expectations if seen.lang == lang]
        exotic = any(not in_pdf_fonts(w) for seen in ours for w in seen.expected().split())
        bidi = any(has_rtl(seen.text) for seen in ours)
        for seen in ours:
            expected = flat(seen.expected())
            where = f"{'.'.join(map(str, seen.path))} ({lang})"
            assert expected in docx, f"DOCX lost or changed {where}: {expected!r}"
            if not seen.footer:
                assert expected in text, f"text writer lost or changed {where}: {expected!r}"
            if not exotic:
                words = [strong_core(w) if bidi else w for w in expected.split()]
                read = pdf.text if seen.footer else pdf.body
                missing = missing_in_pdf([w for w in words if w], read)
                assert not missing, f"PDF lost or changed {where}: {missing!r}"
        # The title as typed (the title page prints it in capitals) in both files' metadata.
        assert open_docx(io.BytesIO(docx_bytes)).core_properties.title == compact.title[lang]
        assert pdf.title == compact.title[lang]
        event("scripts outside the PDF fonts" if exotic else "every word checked in the PDF")
        event("right-to-left texts" if bidi else "left-to-right texts only")
        if not exotic:  # no empty box where the fonts have every glyph
            assert pdf.boxes == 0, "a character the fonts have printed as an empty box"


@settings(max_examples=max(1, settings().max_examples // 2))  # a chart per indicator: slower
@given(data=reports(), lang=st.sampled_from(["fr", "en"]))
@pytest.mark.slow
def test_every_word_of_a_report_reaches_the_docx_and_the_pdf(
    data: dict[str, Any], lang: str
) -> None:
    """The same for annual reports (rules/report.py, present/report.py), on mini.yaml, one
    language a time."""
    from cpc_docs.pipeline import report_document
    from cpc_docs.rules.report import load_report

    with tempfile.TemporaryDirectory() as folder:
        report_file = Path(folder) / "mini-2023.yaml"
        report_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        loaded = load_report(report_file, MINI)
    doc = report_document(loaded, lang, SETTINGS)
    docx = flat(docx_text(write(doc, "docx", lang, SETTINGS)))
    pdf = read_pdf(write(doc, "pdf", lang, SETTINGS))
    expectations = list(report_shown(data, lang))
    exotic = any(not in_pdf_fonts(w) for seen in expectations for w in seen.text.split())
    bidi = any(has_rtl(seen.text) for seen in expectations)
    for seen in expectations:
        expected = flat(seen.expected())
        where = ".".join(map(str, seen.path))
        assert expected in docx, f"DOCX lost or changed {where}: {expected!r}"
        if not exotic:
            words = [strong_core(w) if bidi else w for w in expected.split()]
            missing = missing_in_pdf([w for w in words if w], pdf.body)
            assert not missing, f"PDF lost or changed {where}: {missing!r}"
    if not exotic:
        assert pdf.boxes == 0, "a character the fonts have printed as an empty box"


@given(case=invisible_texts(), field=st.sampled_from(["title", "preamble", "name", "goal"]))
def test_invisible_characters_are_refused_at_their_field(case: tuple[str, str], field: str) -> None:
    """Control, bidi and other invisible characters are refused, not silently dropped: the
    error names the field, its file:line:column and the character's code point."""
    text, char = case
    data = mini_data()
    if field == "title":
        data["title"]["en"], path = text, "title.en"
    elif field == "preamble":
        data["preamble"][1]["text"]["fr"], path = text, "preamble.1.text.fr"
    elif field == "name":
        data["signature"]["signatories"][0]["name"], path = text, "signature.signatories.0.name"
    else:
        data["sections"]["goal"]["goal"]["fr"], path = text, "sections.goal.goal.fr"
    with pytest.raises(ValidationFailed) as failed:
        load(data)
    (finding,) = failed.value.findings
    note(str(finding))
    assert finding.location.path == path
    assert finding.location.line is not None and finding.location.column is not None
    assert f"U+{ord(char):04X}" in finding.message


@pytest.mark.slow
def test_the_pdf_alphabet_is_shown_and_read_back() -> None:
    """The oracle's premise, checked: every character the property expects in the PDF has a
    glyph in the embedded fonts (no box) and reads back as itself; EXOTIC ones do not."""
    meta = Metadata(title="alphabet", subject="", language="en-US")

    def render(*texts: str) -> tuple[str, int]:
        words = [f"a{ch}a" for text in texts for ch in text]
        lines = [" ".join(words[i : i + 60]) for i in range(0, len(words), 60)]
        doc = Document(meta, [Paragraph([Run(line)]) for line in lines])
        pdf = read_pdf(write_pdf(doc, WriteOptions()))
        return unicodedata.normalize("NFC", pdf.text), pdf.boxes

    # As typed, and in capitals: titles are printed in capitals.
    text, boxes = render(LTR + RTL, (LTR + RTL).upper())
    assert boxes == 0
    assert not missing_in_pdf([f"a{ch}a" for ch in LTR + RTL], text)
    _, boxes = render(EXOTIC[::8])
    assert boxes > 0, "the fonts now cover EXOTIC: move those scripts into the checked alphabet"


def test_invisible_characters_cover_each_kind() -> None:
    kinds = {unicodedata.category(ch) for ch in INVISIBLE}
    assert kinds == {"Cc", "Cf", "Co", "Cn"}
