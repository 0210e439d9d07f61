"""The visible appearance of a signature: who signed, when and why, in the document's language.

Why Typst typesets it, and not pyHanko's text stamp: pyHanko writes its stamp text in a
standard font it does not embed, which PDF/A forbids (every glyph shown must come from an
embedded font, ISO 19005-2 §6.2.11.4), and its words are English. Typst, already the
instrument's typesetter, lays the stamp out on a page exactly the size of the signature field,
in the instrument's typeface (Liberation Serif, else Typst's Libertinus Serif), fonts embedded,
as PDF/A-2b; pyHanko then draws that page as the field's appearance (`StaticStampStyle`).
The stamp's data reaches the fixed template `writers/stamp.typ` as JSON, like the
instrument's: a name taken from a certificate is only ever shown, never read as markup.

The text shrinks (10 pt down to 4 pt) until it fits the field, and sits on the signing line
like a handwritten signature would.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from pathlib import Path

from cpc_docs.errors import StampError
from cpc_docs.present.locale import format_date
from cpc_docs.shipped import language_data, shipped_languages

TEMPLATE = "stamp.typ"


def _words(lang: str) -> dict[str, str]:
    """The words of a stamp in a language folder's locale.yaml (`signature_stamp`)."""
    words: dict[str, str] = language_data(lang, "locale.yaml")["signature_stamp"]
    return words


@dataclass(frozen=True)
class StampText:
    """The lines of a stamp: a heading, the signer's name (in bold), then the details."""

    heading: str
    name: str
    lines: tuple[str, ...]


def language(tag: str) -> str:
    """The stamp's language for a document's /Lang ("fr-FR" → "fr"); English if cpc-docs has
    no folder for it."""
    primary = tag.replace("_", "-").split("-")[0].strip().lower()
    return primary if primary in shipped_languages() else "en"


def default_reason(lang: str) -> str:
    """The reason given when the signatory gives none, in the document's language."""
    return _words(language(lang))["default_reason"]


def stamp_text(name: str, when: datetime, reason: str, lang: str) -> StampText:
    """What the stamp says, in `lang`: "Signé électroniquement par / Nassénéba Touré /
    le 4 décembre 2026 à 17 h 18 (UTC+01:00) / Motif : …"."""
    words = _words(language(lang))
    moment = words["when"].format(
        date=format_date(when.date(), language(lang)),
        hour=f"{when.hour:02d}",
        minute=f"{when.minute:02d}",
        zone=utc_offset(when),
    )
    lines = (moment, words["reason"].format(reason=reason)) if reason else (moment,)
    return StampText(words["heading"], name, lines)


def utc_offset(when: datetime) -> str:
    """ "UTC", "UTC+01:00", "UTC-05:00": the time zone a reader can compare."""
    offset = when.utcoffset() or timedelta(0)
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def stamp_pdf(text: StampText, width: float, height: float, lang: str) -> bytes:
    """A one-page PDF/A-2b of `width` × `height` points showing `text`."""
    import typst

    from cpc_docs.shipped import typst_fonts
    from cpc_docs.writers.typst_data import clean_text

    if width < 4 or height < 4:
        raise StampError(f"the signature field is too small for a visible signature "
                         f"({width:.0f} × {height:.0f} pt)")  # fmt: skip
    data = {
        "width": width,
        "height": height,
        "lang": language(lang),
        "heading": clean_text(text.heading),
        "name": clean_text(text.name),
        "lines": [clean_text(line) for line in text.lines],
    }
    with tempfile.TemporaryDirectory(prefix="cpc-stamp-") as folder:
        main = Path(folder) / "main.typ"
        main.write_bytes(_template())
        (Path(folder) / "stamp.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        compiler = typst.Compiler(str(main), root=folder, font_paths=typst_fonts(),
                                  ignore_system_fonts=True)  # fmt: skip
        try:
            pdf = compiler.compile(format="pdf", pdf_standards=["a-2b"], pdf_tags=False,
                                   timestamp=0)  # fmt: skip
        except typst.TypstError as err:
            raise StampError(f"Typst could not typeset the signature's appearance: "
                             f"{err.message}") from None  # fmt: skip
    assert isinstance(pdf, bytes)
    return pdf


@cache
def _template() -> bytes:
    return resources.files("cpc_docs.writers").joinpath(TEMPLATE).read_bytes()
