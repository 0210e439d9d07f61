"""What the amendment template sees, and the note a consolidated compact prints.

An amendment instrument says, in each language, what its changes do: the term extended (and
until when), a commitment's new amount, a text replaced, added or removed, quoted as the
compact printed it and as it will print it (placeholders filled, so that "{amount}" reads
"US$10 million"), and where it is: a section, an item, a paragraph, the annex. This module
works that out from the data (model/amendment.py's steps); the words are the templates'
(templates/<lang>/amendment.md.j2), and the formulas that frame it (the opening that names the
participants, "Have decided as follows", the signing sentence) are the language's own
(formulas.yaml): a compact's own formulas are the words of a text already signed, which a new
instrument does not repeat.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel

from cpc_docs.load.yamlsource import PathKey
from cpc_docs.model.amendment import Step, amend
from cpc_docs.model.compact import SCOPES, BiText, Compact, walk_texts
from cpc_docs.present.compact import field_name
from cpc_docs.present.formulas import Formulas
from cpc_docs.present.prose import Numbering, Resolver


class NoSuchAmendment(ValueError):
    """`--amendment N` for an amendment the compact does not have."""


def step_of(compact: Compact, number: int) -> tuple[Step, list[Step]]:
    """The `number`-th amendment applied (from 1), and the steps before it."""
    count = len(compact.amendments)
    if not 1 <= number <= count:
        has = f"amendments 1 to {count}" if count > 1 else "amendment 1" if count else "none"
        raise NoSuchAmendment(f"{compact.id} has no amendment {number} (it has {has})")
    steps = amend(compact)
    return steps[number - 1], steps[: number - 1]


def amendment_context(
    compact: Compact, number: int, lang: str, template_root: Path
) -> dict[str, Any]:
    """What templates/<lang>/amendment.md.j2 sees for the `number`-th amendment."""
    step, previous = step_of(compact, number)
    amendment = step.amendment
    before = step.before
    # The language's formulas, not the compact's own (the words of the text as signed).
    formulas = Formulas(before.model_copy(update={"formulas": {}}), lang, template_root)
    parties = {party.id: party for party in before.parties}
    signatories = [
        {
            "party": signatory.party,
            "field": field_name(signatory.party, index, signatory.name),
            "on_behalf": signatory.on_behalf or parties[signatory.party].name,
            "honorific": signatory.honorific,
            "name": signatory.name,
            "titles": signatory.titles,
        }
        for index, signatory in enumerate(amendment.signatories, start=1)
    ]
    return {
        "compact": before,
        "lang": lang,
        "number": number,
        "amendment": amendment,
        "effective": amendment.in_effect,
        "on_signature": amendment.effective == "signature",
        "previous": [{"number": s.number, "amendment": s.amendment} for s in previous],
        "formulas": formulas,
        "resolver": Resolver(before, lang),  # for the `prose` of its own preamble
        "partner": before.partner,
        "parties": formulas.parties(),
        "amendment_ref": Numbering.of(before).refs["amendment"],
        "changes": [_change(step, index, lang) for index in range(len(amendment.changes))],
        "signatories": formulas.signature_order(signatories),
        "initials": [{"party": p.id, "label": p.short[lang]} for p in formulas.parties()],
    }


def _change(step: Step, index: int, lang: str) -> dict[str, Any]:
    """One change as the template words it: its kind and the facts it prints."""
    change = step.amendment.changes[index]
    before, after = step.before, step.after
    target = step.targets[index]
    out: dict[str, Any] = {"kind": change.kind}
    if change.extend is not None:
        out.update(duration=change.extend, end=after.end_date)
    elif change.term is not None:
        out.update(duration=change.term.duration, end=after.end_date)
    elif change.amount is not None:
        item = next(i for i in after.sections.commitments.items if i.id == change.amount.commitment)
        out.update(
            commitment=item,
            party=after.party(item.party),
            ref=Numbering.of(after).refs[item.id],
            amount=item.amount,
        )
    elif change.kind in ("replace", "remove"):
        assert target is not None
        out.update(place=place(before, target), old=quoted(before, target, lang))
        if change.kind == "replace":
            out.update(new=quoted(after, target, lang))
    else:  # add
        assert target is not None
        out.update(place=place(after, target), new=quoted(after, target, lang))
    return out


def place(compact: Compact, path: PathKey) -> dict[str, Any]:
    """Where `path` is, as the instrument names it: `kind` section (with `ref` "V", or "V.A"
    for an item, and the `paragraph` from 1 when known, or `title` for its heading), annex or
    appendix (`ref` its letter, `label` its own name if any), preamble, or compact."""
    numbering = Numbering.of(compact)
    head = path[0] if path else None
    if head == "sections" and len(path) > 1:
        key = str(path[1])
        section = getattr(compact.sections, key)
        rest = path[2:]
        if rest[:1] == ("items",) and len(rest) > 1 and isinstance(rest[1], int):
            item = section.items[rest[1]]
            paragraph = _index(rest[2:], "paragraphs")
            shown = paragraph if paragraph is not None and len(item.paragraphs) > 1 else None
            return {"kind": "section", "ref": numbering.refs[item.id], "paragraph": shown,
                    "title": False}  # fmt: skip
        paragraph = _index(rest, "paragraphs")
        closing = _index(rest, "closing")
        if closing is not None:
            paragraph = len(section.paragraphs) + closing
        return {"kind": "section", "ref": numbering.refs[key], "paragraph": paragraph,
                "title": rest[:1] == ("title",)}  # fmt: skip
    if head == "objectives" and len(path) > 2 and path[2] == "text":
        return {"kind": "section", "ref": numbering.refs["goal"], "paragraph": None,
                "title": False}  # fmt: skip
    if head in ("objectives", "annex"):
        label = compact.annex.label
        return {"kind": "annex", "ref": numbering.refs["annex"], "label": label}
    if head == "appendices" and len(path) > 1 and isinstance(path[1], int):
        appendix = compact.appendices[path[1]]
        return {"kind": "appendix", "ref": numbering.refs[appendix.id], "label": appendix.label}
    if head == "preamble":
        return {"kind": "preamble"}
    return {"kind": "compact"}


def _index(rest: PathKey, field: str) -> int | None:
    """The paragraph number (from 1) when `rest` is `field.N…`."""
    if len(rest) > 1 and rest[0] == field and isinstance(rest[1], int):
        return rest[1] + 1
    return None


def quoted(compact: Compact, path: PathKey, lang: str) -> Markup:
    """The text at `path` as the compact prints it in `lang` (placeholders filled): a text,
    or the texts of what is there (a preamble clause's participle and text, a list's
    entries, an activity's text), joined."""
    node, scopes = _node_at(compact, path)
    resolver = Resolver(compact, lang)
    texts = [(text, inner) for _where, text, inner in walk_texts(node, (), scopes)]
    if isinstance(node, BiText):
        texts = [(node, scopes)]
    return Markup(" ".join(resolver.markup(text, *inner) for text, inner in texts))


def _node_at(compact: Compact, path: PathKey) -> tuple[Any, tuple[Any, ...]]:
    """The model's node at a path of YAML keys (a field's alias, `list`, or its name), with
    the scopes around it, innermost first (a commitment's {amount})."""
    node: Any = compact
    scopes: tuple[Any, ...] = ()
    for part in path:
        if isinstance(node, BaseModel):
            if isinstance(node, SCOPES):
                scopes = (node, *scopes)
            fields = type(node).model_fields
            name = next((n for n, f in fields.items() if part in (n, f.alias)), str(part))
            node = getattr(node, name)
        else:
            node = node[part]
    if isinstance(node, SCOPES):
        scopes = (node, *scopes)
    return node, scopes


def amendment_notes(compact: Compact, until: dt.date | None = None) -> list[dict[str, Any]]:
    """The note a consolidated text prints of each amendment it includes: its number, date
    and place, whether it is illustrative, and the term's end when it changes it."""
    notes = []
    for step in amend(compact, until):
        changes_term = any(c.kind in ("extend", "term") for c in step.amendment.changes)
        notes.append(
            {
                "number": step.number,
                "amendment": step.amendment,
                "end": step.after.end_date if changes_term else None,
            }
        )
    return notes
