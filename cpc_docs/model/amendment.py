"""Amendments as data: what a signed compact's amendments change, and the compact as amended.

A compact is signed, then often amended or extended (Peru's 2017 compact was extended by one
year, then by two). An amendment is a short instrument of its own, signed by the participants;
what it changes is stored here as data, as Akoma Ntoso records a `textualMod` (the old text,
the new text, the date of effect), so that the amendment instrument, the consolidated text and
the annual reports are all written from the same facts:

    amendments:
      - date: 2027-06-15                  # signed on; in effect on signature unless `effective`
        place: {fr: Abidjan, en: Abidjan}
        signatories: [...]                # as the compact's signature.signatories
        changes:
          - extend: 1 year                # the term, extended
          - term: {duration: 6 years}     # or the term restated
          - amount: {commitment: us-commitment, value: 12000000}
          - replace: {path: sections.purpose.paragraphs.0, text: {fr: …, en: …}}
          - add: {path: sections.purpose.paragraphs, text: {fr: …, en: …}, at: 1}
          - add: {path: objectives.prev.activities, id: prev-a13, text: {fr: …, en: …}}
          - remove: {path: objectives.prev.activities.prev-a12}

A path is the YAML path a user sees (the one error messages print): field names, list indexes
from 0, and, in a list of things that have an id, the id (`items.us-commitment`). It names
the compact as signed and amended by the amendments before this one.

`amend` applies the amendments in order, each change to the data of the compact, validated
again after each change, so the compact as amended is a compact like any other (the rules,
the templates and the reports take it as such) and a change that would make it invalid is an
error naming the change. Nothing here knows a file: `ChangeError` says which amendment and
change is wrong, and the loader turns it into a finding at its line (load/amendment.py).

This module is imported by model/compact.py, whose `Compact` it completes (its `amendments`
field); it imports that module's types, and either may be imported first.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, ValidationError, model_validator

import cpc_docs.model.compact as _compact
from cpc_docs.model.compact import (
    BiText,
    Duration,
    Id,
    Model,
    PreambleClause,
    Signatory,
    is_bitext,
)

if TYPE_CHECKING:
    from cpc_docs.model.compact import Compact

PathKey = tuple[str | int, ...]

# What an amendment cannot change: what the compact is (its id, its languages) and the
# amendments themselves.
FIXED = ("id", "languages", "amendments")


class TermChange(Model):
    """The term restated: `term: {duration: 6 years}` ({duration} in the texts follows)."""

    duration: Duration


class AmountChange(Model):
    """A commitment's new amount: `amount: {commitment: us-commitment, value: 12000000}`."""

    commitment: Id = Field(description="The id of the commitment (sections.commitments.items).")
    value: Annotated[float, Field(gt=0)] = Field(description="The new amount, in full.")
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = Field(
        default=None, description="Its currency, when it changes (ISO 4217)."
    )


class ReplaceChange(Model):
    """A text replaced by another: `replace: {path: sections.purpose.paragraphs.0, text:
    {fr: …, en: …}}`."""

    path: str = Field(description="The text replaced, e.g. sections.purpose.paragraphs.0.")
    text: BiText


class AddChange(Model):
    """A text added to a list: a paragraph, a list entry; with `id:` an activity or an
    indicator; with `verb:` a preamble clause."""

    path: str = Field(description="The list it is added to, e.g. sections.purpose.paragraphs.")
    at: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="Its place in the list, from 0; default: at the end."
    )
    id: Id | None = Field(default=None, description="The id of an activity or indicator added.")
    unit: Literal["count", "percentage", "yes_no"] | None = Field(
        default=None, description="An indicator's unit."
    )
    verb: BiText | None = Field(default=None, description="A preamble clause's participle.")
    text: BiText


class RemoveChange(Model):
    """A text removed from its list: `remove: {path: objectives.prev.activities.prev-a12}`."""

    path: str


KINDS = ("extend", "term", "amount", "replace", "add", "remove")


class Change(Model):
    """One change, of one kind: extend, term, amount, replace, add or remove."""

    extend: Duration | None = Field(
        default=None, description="The term extended by this long: `extend: 1 year`."
    )
    term: TermChange | None = None
    amount: AmountChange | None = None
    replace: ReplaceChange | None = None
    add: AddChange | None = None
    remove: RemoveChange | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Change:
        given = [kind for kind in KINDS if getattr(self, kind) is not None]
        if len(given) != 1:
            said = ", ".join(given) if given else "none"
            raise ValueError(
                f"a change is of one kind: {', '.join(KINDS)} (this one has {said}); write "
                "one change per list entry"
            )
        return self

    @property
    def kind(self) -> str:
        return next(kind for kind in KINDS if getattr(self, kind) is not None)


class Amendment(Model):
    """An amendment to the compact, signed by the participants: what it changes, when."""

    date: dt.date = Field(description="The date of signature.")
    place: BiText = Field(description="Where it is signed: {fr: Abidjan, en: Abidjan}.")
    effective: Literal["signature"] | dt.date = Field(
        default="signature", description="When it comes into effect: on signature, or a date."
    )
    originals: Annotated[int, Field(ge=1, le=10)] = 2
    illustrative: bool = Field(
        default=False,
        description="An example, not an instrument: every page of it is marked so.",
    )
    preamble: list[PreambleClause] = Field(
        default=[], description="Recitals of its own, after the one recalling the compact."
    )
    signatories: list[Signatory] = Field(min_length=1)
    changes: list[Change] = Field(min_length=1)

    @property
    def in_effect(self) -> dt.date:
        return self.date if self.effective == "signature" else self.effective


# The Compact of model/compact.py names `Amendment` in its annotations; it is complete now.
_compact.Compact.model_rebuild(_types_namespace={"Amendment": Amendment})


class ChangeError(ValueError):
    """A change that cannot be made: which amendment (from 0) and change, the field of the
    change at fault (("replace", "path")), and why."""

    def __init__(self, amendment: int, change: int, field: PathKey, message: str) -> None:
        super().__init__(message)
        self.amendment = amendment
        self.change = change
        self.field = field
        self.message = message

    @property
    def path(self) -> PathKey:
        """The field's path in the compact file."""
        return ("amendments", self.amendment, "changes", self.change, *self.field)


@dataclass(frozen=True)
class Step:
    """One amendment applied: the compact before and after it (neither with amendments), and
    for each change the path of what it changes: in `before` for a text replaced or removed,
    in `after` for a text added, None for the term or an amount."""

    number: int  # from 1
    amendment: Amendment
    before: Compact
    after: Compact
    targets: tuple[PathKey | None, ...]


def amend(compact: Compact, until: dt.date | None = None) -> list[Step]:
    """The compact's amendments applied in order: those in effect on `until`, or all. Raises
    ChangeError for the first change that cannot be made."""
    current = compact.model_copy(update={"amendments": []})
    steps: list[Step] = []
    for index, amendment in enumerate(compact.amendments):
        if until is not None and amendment.in_effect > until:
            break
        data = current.model_dump(by_alias=True)
        after = current
        targets: list[PathKey | None] = []
        for number, change in enumerate(amendment.changes):
            targets.append(_apply(data, change, amendment, index, number))
            after = _validated(data, index, number)
        steps.append(Step(index + 1, amendment, current, after, tuple(targets)))
        current = after
    return steps


def consolidate(compact: Compact, until: dt.date | None = None) -> Compact:
    """The compact as amended by its amendments in effect on `until` (all when None), without
    amendments of its own: the text in force, as data."""
    steps = amend(compact, until)
    return steps[-1].after if steps else compact.model_copy(update={"amendments": []})


def _validated(data: dict[str, Any], amendment: int, change: int) -> Compact:
    try:
        return _compact.Compact.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        message = str(first.get("ctx", {}).get("error", "") or first["msg"])
        raise ChangeError(
            amendment, change, (), f"the compact as amended would not be valid: {where}: {message}"
        ) from None


def _apply(
    data: dict[str, Any], change: Change, amendment: Amendment, index: int, number: int
) -> PathKey | None:
    def fail(field: PathKey, message: str) -> ChangeError:
        return ChangeError(index, number, field, message)

    if change.extend is not None:
        extension = {"decided": amendment.date, "duration": change.extend.model_dump()}
        data["term"]["extensions"].append(extension)
        return None
    if change.term is not None:
        data["term"]["duration"] = change.term.duration.model_dump()
        return None
    if change.amount is not None:
        items = data["sections"]["commitments"]["items"]
        item = next((i for i in items if i["id"] == change.amount.commitment), None)
        if item is None:
            ids = ", ".join(i["id"] for i in items)
            wanted = change.amount.commitment
            raise fail(
                ("amount", "commitment"), f"no commitment has the id {wanted!r} (ids: {ids})"
            )
        if item["amount"] is None:
            raise fail(("amount",), f"the commitment {item['id']!r} states no amount to change")
        item["amount"]["value"] = change.amount.value
        if change.amount.currency:
            item["amount"]["currency"] = change.amount.currency
        return None
    if change.replace is not None:
        path = _resolve(data, change.replace.path, fail, ("replace", "path"))
        parent, last = _parent(data, path)
        if not is_bitext(parent[last]):
            raise fail(("replace", "path"),
                       f"{change.replace.path} is not a text (a mapping of languages, "
                       "{fr: …, en: …}); name the text itself")  # fmt: skip
        parent[last] = dict(change.replace.text.root)
        return path
    if change.add is not None:
        path = _resolve(data, change.add.path, fail, ("add", "path"))
        parent, last = _parent(data, path)
        target = parent[last]
        if not isinstance(target, list):
            raise fail(("add", "path"), f"{change.add.path} is not a list: a text is added to one")
        at = len(target) if change.add.at is None else change.add.at
        if at > len(target):
            raise fail(("add", "at"), f"at {at} is past the end of {change.add.path} "
                                      f"({len(target)} entries: 0 to {len(target)})")  # fmt: skip
        target.insert(at, _element(change.add))
        return (*path, at)
    assert change.remove is not None
    path = _resolve(data, change.remove.path, fail, ("remove", "path"))
    parent, last = _parent(data, path)
    if not isinstance(parent, list):
        message = f"{change.remove.path} is not an entry of a list: only an entry is removed"
        raise fail(("remove", "path"), message)
    assert isinstance(last, int)
    del parent[last]
    return path


def _element(add: AddChange) -> Any:
    text = dict(add.text.root)
    if add.verb is not None:
        return {"verb": dict(add.verb.root), "text": text}
    if add.id is None:
        return text
    element: dict[str, Any] = {"id": add.id, "text": text}
    if add.unit is not None:
        element["unit"] = add.unit
    return element


def _parent(data: Any, path: PathKey) -> tuple[Any, Any]:
    node = data
    for part in path[:-1]:
        node = node[part]
    return node, path[-1]


def _resolve(data: Any, dotted: str, fail: Any, field: PathKey) -> PathKey:
    parts = [part.strip() for part in dotted.strip().split(".")]
    if not dotted.strip() or not all(parts):
        raise fail(field, f"{dotted!r} is not a path: field names, indexes or ids joined by "
                          "dots, e.g. sections.purpose.paragraphs.0")  # fmt: skip
    if parts[0] in FIXED:
        raise fail(field, f"an amendment does not change {parts[0]!r}")
    out: list[str | int] = []
    node = data
    index = 0
    while index < len(parts):
        part = parts[index]
        here = ".".join(map(str, out)) or "the compact"
        if isinstance(node, dict) and not is_bitext(node):
            if part not in node:
                close = difflib.get_close_matches(part, [str(k) for k in node], n=1)
                hint = f"; did you mean {close[0]!r}?" if close else \
                    f" (its fields: {', '.join(map(str, node))})"  # fmt: skip
                raise fail(field, f"{dotted}: {here} has no field {part!r}{hint}")
            if node[part] is None and index < len(parts) - 1:
                raise fail(field, f"{dotted}: {here} has no {part!r}")
            out.append(part)
            node = node[part]
            index += 1
        elif isinstance(node, list):
            found = _in_list(node, parts, index)
            if found is None:
                ids = [str(e["id"]) for e in node if isinstance(e, dict) and "id" in e]
                shown = f"ids: {', '.join(ids)}" if ids else f"{len(node)} entries, 0 to " \
                    f"{len(node) - 1}" if node else "it is empty"  # fmt: skip
                raise fail(field, f"{dotted}: {here} has no entry {part!r} ({shown})")
            position, used = found
            out.append(position)
            node = node[position]
            index += used
        else:
            raise fail(field, f"{dotted}: {here} is a text or a value, with no {part!r} in it; "
                              "name the text itself")  # fmt: skip
    return tuple(out)


def _in_list(node: list[Any], parts: list[str], index: int) -> tuple[int, int] | None:
    """The entry `parts[index:]` starts with: an index, or an id (which may hold dots: the
    longest that matches); with how many parts it took."""
    part = parts[index]
    if part.isdigit():
        position = int(part)
        return (position, 1) if position < len(node) else None
    for end in range(len(parts), index, -1):
        ident = ".".join(parts[index:end])
        for position, entry in enumerate(node):
            if isinstance(entry, dict) and entry.get("id") == ident:
                return position, end - index
    return None
