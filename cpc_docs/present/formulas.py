"""The instrument formulas of a language: the words that frame every compact in it.

Each language folder of the templates holds `formulas.yaml`: the opening that names the
parties, the closing formula of the preamble, the sentence above the signatures (for
originals in one language or in several), and the order in which that version names the
parties (by role: each party's version names it first, the *alternat*). The library's
formulas use the vocabulary of a non-binding instrument; a compact replaces any of them with
its own `formulas:` (the words of a text already signed).

A formula is text with slots in braces, `{place}`, filled here: never Jinja, so a compact's
formulas are data like any other text of it, escaped and unable to run anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeGuard, get_args

from markupsafe import Markup

from cpc_docs.errors import InputError, Location, TemplateFailure
from cpc_docs.model.compact import Compact, FormulaName, Party, VerbCase
from cpc_docs.present.prose import escape_markdown
from cpc_docs.shipped import no_language_folder

FILE = "formulas.yaml"
SLOT = re.compile(r"\{([a-z_]+)\}")
ROLES = ("partner", "united_states")
STYLES = ("list", "sentence")
VERB_CASES: tuple[str, ...] = get_args(VerbCase)
TEXTS: tuple[str, ...] = get_args(FormulaName)
# Which slots each formula may use: a slot a formula cannot have is a typo, said as such.
SLOTS: dict[str, frozenset[str]] = {
    "opening": frozenset({"parties", "party_term"}),
    "opening_party": frozenset({"name"}),
    "opening_party_defined": frozenset({"name", "defined_as"}),
    "opening_first": frozenset({"name"}),
    "opening_joiner": frozenset(),
    "opening_last": frozenset({"name"}),
    "hereinafter": frozenset({"party_term"}),
    "agreed": frozenset(),
    "signed_one_language": frozenset({"place", "date", "originals", "language"}),
    "signed_languages": frozenset({"place", "date", "originals", "languages"}),
    "goal_label": frozenset(),
    "objective_label": frozenset({"number", "ordinal", "pillar"}),
    "objective_label_plain": frozenset({"number", "ordinal"}),
}
LABELS = ("goal_label", "objective_label", "objective_label_plain")
REQUIRED = {
    "list": ("opening_first", "opening_joiner", "opening_last", "hereinafter"),
    "sentence": ("opening", "opening_joiner"),
}


@dataclass(frozen=True)
class LanguageFormulas:
    """A language's formulas as its folder states them."""

    lang: str
    file: str
    party_order: tuple[str, ...]
    opening_style: str
    texts: Mapping[str, str] = field(default_factory=dict)
    # How the participle opening each preamble clause is set, unless the compact says
    # (`style.preamble`): its case (VERB_CASES) and whether it is bold.
    preamble_case: str = "as-written"
    preamble_bold: bool = True


@cache
def load(template_root: Path, lang: str) -> LanguageFormulas:
    """`templates/<lang>/formulas.yaml`, checked: its keys, its roles, its slots."""
    from cpc_docs.load.yamlsource import parse_file

    path = template_root / lang / FILE
    if not path.parent.is_dir():
        raise no_language_folder(template_root, lang)
    if not path.is_file():
        raise TemplateFailure(
            f"the language {lang!r} has no {FILE}",
            Location(str(path)),
            f"copy {FILE} from another language's folder and translate it",
        )
    source = parse_file(path)
    data = source.data
    if not isinstance(data, dict):
        raise InputError(f"{FILE} is a mapping of formulas", source.locate(()))
    known = {*TEXTS, "party_order", "opening_style", "preamble"}
    for key in data:
        if key not in known:
            raise InputError(
                f"unknown formula {key!r}; the formulas are {', '.join(sorted(known))}",
                source.locate((key,), key=True),
            )
    order = data.get("party_order", list(ROLES))
    if not isinstance(order, list) or sorted(order) != sorted(ROLES):
        raise InputError(
            "party_order lists the two roles once each: [partner, united_states]",
            source.locate(("party_order",)),
        )
    style = data.get("opening_style", "list")
    if style not in STYLES:
        raise InputError(
            f"opening_style is one of {', '.join(STYLES)}", source.locate(("opening_style",))
        )
    texts: dict[str, str] = {}
    for name in TEXTS:
        value = data.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(f"the formula {name!r} is a text", source.locate((name,)))
        unknown = sorted(set(SLOT.findall(value)) - SLOTS[name])
        if unknown:
            raise InputError(
                f"the formula {name!r} has no slot {{{unknown[0]}}}; its slots: "
                + (", ".join(f"{{{s}}}" for s in sorted(SLOTS[name])) or "none"),
                source.locate((name,)),
            )
        texts[name] = value
    missing = [
        name
        for name in (*REQUIRED[style], *LABELS, "agreed", "signed_one_language", "signed_languages")
        if name not in texts
    ]
    if missing:
        raise InputError(f"{FILE} lacks the formula {missing[0]!r}", source.locate(()))
    case, bold = _preamble(data.get("preamble"), source)
    return LanguageFormulas(lang, str(path), tuple(order), style, texts, case, bold)


def _preamble(value: Any, source: Any) -> tuple[str, bool]:
    """`preamble: {verb_case: as-written, verb_bold: true}`, checked; those are the
    defaults when it is left out."""
    if value is None:
        return "as-written", True
    if not isinstance(value, dict) or set(value) - {"verb_case", "verb_bold"}:
        raise InputError(
            "preamble is {verb_case: as-written | capitals | sentence, verb_bold: true | false}",
            source.locate(("preamble",)),
        )
    case = value.get("verb_case", "as-written")
    if case not in VERB_CASES:
        raise InputError(
            f"preamble.verb_case is one of {', '.join(VERB_CASES)}",
            source.locate(("preamble", "verb_case")),
        )
    bold = value.get("verb_bold", True)
    if not isinstance(bold, bool):
        raise InputError(
            "preamble.verb_bold is true or false", source.locate(("preamble", "verb_bold"))
        )
    return case, bold


def unknown_slots(name: str, text: str) -> list[str]:
    """The slots of a compact's own formula that this formula cannot have."""
    return sorted(set(SLOT.findall(text)) - SLOTS.get(name, frozenset()))


def _is_formula(name: str) -> TypeGuard[FormulaName]:
    """A formula a compact may word its own way (`formulas:`): the keys of its table."""
    return name in TEXTS


class Formulas:
    """One compact's formulas in one language: the compact's own, else the language's."""

    def __init__(self, compact: Compact, lang: str, template_root: Path) -> None:
        self.compact = compact
        self.lang = lang
        self.language = load(template_root, lang)

    def raw(self, name: str) -> str:
        own = self.compact.formulas.get(name, {}) if _is_formula(name) else {}
        if own.get(self.lang) is not None:
            return str(own[self.lang])
        text = self.language.texts.get(name)
        if text is None:
            raise TemplateFailure(
                f"the formula {name!r} is not in {self.language.file}", Location(FILE)
            )
        return text

    def text(self, name: str, /, **slots: Any) -> Markup:
        """The formula as markup, its slots filled with `slots` (escaped unless markup)."""
        template = self.raw(name)
        out: list[str] = []
        last = 0
        for match in SLOT.finditer(template):
            out.append(escape_markdown(template[last : match.start()]))
            if match[1] not in slots:
                raise TemplateFailure(
                    f"the formula {name!r} ({self.lang}) has a slot {{{match[1]}}} that it "
                    f"cannot have; its slots: {', '.join(sorted(SLOTS.get(name, ())))}",
                    Location(self.language.file),
                )
            value = slots[match[1]]
            out.append(str(value) if isinstance(value, Markup) else escape_markdown(str(value)))
            last = match.end()
        out.append(escape_markdown(template[last:]))
        return Markup("".join(out))

    # --- the parties ------------------------------------------------------------------------

    def parties(self) -> list[Party]:
        """The parties in the order this version names them (title page, opening)."""
        return self.compact.parties_in(self.lang, list(self.language.party_order))

    def _party(self, party: Party, first: bool) -> Markup:
        name = party.name[self.lang]
        if first:
            name = name[:1].upper() + name[1:]
        if party.defined_as is not None and party.defined_as.get(self.lang):
            return self.text(
                "opening_party_defined", name=name, defined_as=party.defined_as[self.lang]
            )
        if "opening_party" in self.language.texts or "opening_party" in self.compact.formulas:
            return self.text("opening_party", name=name)
        return Markup(escape_markdown(name))

    def opening(self, party_term: str) -> Markup:
        """The sentence or lines that name the parties, before the preamble."""
        parties = self.parties()
        each_line = self.language.opening_style == "list"  # each line starts a sentence
        named = [self._party(party, index == 0 or each_line) for index, party in enumerate(parties)]
        if self.language.opening_style == "sentence":
            joiner = self.text("opening_joiner")
            return self.text("opening", parties=Markup(joiner.join(named)), party_term=party_term)
        lines = [
            self.text("opening_first" if index == 0 else "opening_last", name=name)
            for index, name in enumerate(named)
        ]
        joined = Markup("\\\n" + self.text("opening_joiner") + "\\\n").join(lines)
        return Markup(joined + "\\\n" + self.text("hereinafter", party_term=party_term))

    # --- the preamble -----------------------------------------------------------------------

    def preamble_verb(self, verb: str) -> Markup:
        """The participle that opens a preamble clause, set as the compact's `style.preamble`
        says, else as the language's formulas do: RECALLING, Recalling or as typed; in bold
        or not. One convention for every clause, whatever case each was typed in."""
        own = self.compact.style.preamble
        case = own.verb_case or self.language.preamble_case
        bold = self.language.preamble_bold if own.verb_bold is None else own.verb_bold
        if case == "capitals":
            verb = verb.upper()
        elif case == "sentence":
            verb = verb[:1].upper() + verb[1:].lower()
        text = escape_markdown(verb)
        return Markup(f"**{text}**" if bold else text)

    def signature_order(self, signatories: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The signature columns: as the compact lists its signatories, unless it gives this
        language its own party order (then by party, each party's signatories in turn)."""
        order = self.compact.party_order.get(self.lang)
        if not order:
            return signatories
        rank = {ident: index for index, ident in enumerate(order)}
        return sorted(signatories, key=lambda s: rank.get(s["party"], len(rank)))
