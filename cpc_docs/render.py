"""The pipeline for one compact: model → template → markup → document tree → outputs.

Data flows one way. This module wires the stages; it knows no YAML (it takes a model), and
no output format (it asks the writer registry).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import markup, typography
from .document import Document, Image
from .model import Compact, Party
from .prose import Numbering, Resolver, present_sections
from .templating import TEMPLATE_ROOT, render_template
from .writers import WriteOptions, write_as


@dataclass(frozen=True)
class RenderSettings:
    template_root: Path = TEMPLATE_ROOT
    date_epoch: int = 0  # every timestamp in the outputs (SOURCE_DATE_EPOCH)
    fingerprint: str = ""  # short hash of the inputs, printed in footers
    paper: str = "a4"
    pdf_engine: str = "typst"  # or "libreoffice": the DOCX converted by soffice

    def reference_docx(self, lang: str) -> Path:
        return self.template_root / lang / "reference.docx"


def field_name(party: str, index: int, name: str) -> str:
    """An ASCII name for a signature field, from party and signatory: 'us-1-joann-m-lockard'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return f"{party}-{index}-{slug}"[:60].rstrip("-")


def compact_context(compact: Compact, lang: str) -> dict[str, Any]:
    """What the compact template sees. Everything language-specific is formatted later, by
    the template's filters; this only arranges the structure."""
    numbering = Numbering.of(compact)
    parties = {party.id: party for party in compact.parties}
    signatories = []
    for index, signatory in enumerate(compact.signature.signatories, start=1):
        party = parties[signatory.party]
        signatories.append(
            {
                "party": signatory.party,
                "field": field_name(signatory.party, index, signatory.name),
                "on_behalf": signatory.on_behalf or party.name,
                "honorific": signatory.honorific,
                "name": signatory.name,
                "titles": signatory.titles,
            }
        )
    # Focal points are listed in the order the parties sign.
    focal_parties: list[Party] = []
    for signatory in compact.signature.signatories:
        party = parties[signatory.party]
        if party not in focal_parties and party.focal_points:
            focal_parties.append(party)
    return {
        "compact": compact,
        "lang": lang,
        "numbering": numbering,
        "resolver": Resolver(compact, lang, numbering),
        "sections": present_sections(compact.sections),
        "signatories": signatories,
        "focal_parties": focal_parties,
        "initials": [{"party": p.id, "label": p.short[lang]} for p in compact.parties],
    }


def build_document(
    template: str,
    lang: str,
    context: dict[str, Any],
    settings: RenderSettings,
    images: dict[str, Image] | None = None,
) -> Document:
    """Template → markup → tree, for any document (compacts, reports). `images` are the
    pictures the markup may place by id (`::: chart ID`)."""
    text = render_template(template, lang, context, settings.template_root)
    doc = markup.parse(text, f"{lang}/{template}", images=images)
    doc.meta.date_epoch = settings.date_epoch
    doc.meta.fingerprint = settings.fingerprint
    doc.meta.paper = settings.paper  # type: ignore[assignment]
    return typography.apply(doc, lang)


def compact_document(compact: Compact, lang: str, settings: RenderSettings) -> Document:
    return build_document("compact.md.j2", lang, compact_context(compact, lang), settings)


def write(doc: Document, fmt: str, lang: str, settings: RenderSettings) -> bytes:
    writer = f"pdf-{settings.pdf_engine}" if fmt == "pdf" else fmt
    return write_as(writer, doc, write_options(lang, settings))


def write_options(lang: str, settings: RenderSettings) -> WriteOptions:
    return WriteOptions(reference_docx=settings.reference_docx(lang))
