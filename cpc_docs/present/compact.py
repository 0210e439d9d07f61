"""What the compact template sees: the model arranged for one language version.

Everything language-specific is formatted later, by the template's filters and the language's
formulas; this only arranges the structure (numbering, order of parties and signatories,
signature field names, back matter letters).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from cpc_docs.load.yamlsource import Source
from cpc_docs.model.compact import Compact, Party
from cpc_docs.present.draft import draft_context
from cpc_docs.present.fields import TextFields
from cpc_docs.present.formulas import Formulas
from cpc_docs.present.prose import Numbering, Resolver, back_matter_letters, present_sections


def field_name(party: str, index: int, name: str) -> str:
    """An ASCII name for a signature field, from party and signatory: 'us-1-joann-m-lockard'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return f"{party}-{index}-{slug}"[:60].rstrip("-")


def compact_context(
    compact: Compact,
    lang: str,
    template_root: Path,
    source: Source | None = None,
    draft: bool | None = None,
) -> dict[str, Any]:
    """What the compact template sees. Everything language-specific is formatted later, by
    the template's filters and the language's formulas; this only arranges the structure.

    `source`: the YAML file the compact was read from, when it was, so that each node of the
    document knows the field its text was written in (present.fields). `draft`: a draft for
    review (default: as the compact's `status` says; see present.draft)."""
    if draft is None:
        draft = compact.status == "draft"
    numbering = Numbering.of(compact)
    formulas = Formulas(compact, lang, template_root)
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
    appendices = {appendix.id: appendix for appendix in compact.appendices}
    focal_parties: list[Party] = []
    for signatory in compact.signature.signatories:
        party = parties[signatory.party]
        # A draft lists a party without focal points too, its missing one marked.
        if party not in focal_parties and (party.focal_points or draft):
            focal_parties.append(party)
    return {
        "compact": compact,
        "lang": lang,
        "numbering": numbering,
        "resolver": Resolver(
            compact, lang, numbering, TextFields(compact, source) if source else None
        ),
        "sections": present_sections(compact.sections),
        "formulas": formulas,
        "partner": compact.partner,
        "parties": formulas.parties(),  # in this version's order
        "signatories": formulas.signature_order(signatories),
        "focal_parties": focal_parties,
        # The annex and the appendices, in the order of their letters.
        "back_matter": [
            {
                "id": ident,
                "annex": ident == "annex",
                "part": compact.annex if ident == "annex" else appendices[ident],
            }
            for ident, _letter in back_matter_letters(compact)
        ],
        # The footer's initials boxes, in this version's order of the parties; none on a
        # draft, which nobody initials.
        "initials": []
        if draft
        else [{"party": p.id, "label": p.short[lang]} for p in formulas.parties()],
        **draft_context(compact, lang, draft),
    }
