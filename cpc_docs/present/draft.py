"""What the compact template sees of a draft for review (`status: draft`, `cpc render --draft`).

A compact is negotiated over many drafts before one is signed. A draft's title page says
which draft it is (its version and date) and that it is not for signature; its missing
pieces are marked where they belong (a focal point's e-mail still to give: the language's
gap mark, highlighted); its TODOs are highlighted by the tree (tree.drafts), and every page
carries the language's draft mark (Metadata.draft_word). The words are the language's data:
templates/<lang>/locale.yaml (`draft_version`, `draft_note`, `draft_gap`).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from cpc_docs.errors import Location, TemplateFailure
from cpc_docs.model.compact import Compact
from cpc_docs.present.locale import format_date
from cpc_docs.present.prose import escape_markdown
from cpc_docs.shipped import TEMPLATE_ROOT, language_data


def draft_context(compact: Compact, lang: str, draft: bool) -> dict[str, Any]:
    """The template's draft values: `draft` (whether it is one), `draft_version` (the line
    under the title), `draft_note`, `gap` (the highlighted mark of a missing value, as
    markup) and `email_missing` (the ids of the parties none of whose focal points has an
    e-mail: what the rule `focal-points` finds missing). Empty for a final compact, which
    prints none of them."""
    if not draft:
        return {"draft": False, "draft_version": "", "draft_note": "", "gap": Markup(""),
                "email_missing": []}  # fmt: skip
    return {
        "draft": True,
        "draft_version": version_line(compact, lang),
        "draft_note": _word(lang, "draft_note"),
        "gap": Markup(f"[{escape_markdown(_word(lang, 'draft_gap'))}]{{.gap}}"),
        "email_missing": [
            party.id
            for party in compact.parties
            if not any(point.emails for point in party.focal_points)
        ],
    }


def version_line(compact: Compact, lang: str) -> str:
    """The line under a draft's title, "Projet – version 3 du 30 novembre 2026" / "Draft –
    version 3 of November 30, 2026": the form of the language's `draft_version` for what the
    compact gives (a version with its date, a version alone, or none)."""
    forms = language_data(lang, "locale.yaml").get("draft_version")
    if not isinstance(forms, dict) or not {"dated", "undated", "none"} <= set(forms):
        raise _no_words(lang, "draft_version", "{dated: …, undated: …, none: …}")
    version = compact.version
    if version is None:
        return str(forms["none"])
    if version.date is None:
        return str(forms["undated"]).format(version=version.label)
    return str(forms["dated"]).format(version=version.label, date=format_date(version.date, lang))


def _word(lang: str, key: str) -> str:
    value = language_data(lang, "locale.yaml").get(key)
    if not isinstance(value, str) or not value.strip():
        raise _no_words(lang, key, "a text")
    return value


def _no_words(lang: str, key: str, what: str) -> TemplateFailure:
    return TemplateFailure(
        f"the language {lang!r} has no {key} ({what}) for a draft",
        Location(str(TEMPLATE_ROOT / lang / "locale.yaml")),
    )
