"""A party's short name in running text: what `{party:ID}` prints.

English-only compacts open "The Government of the United States of America ("the United
States") and the Government of Mongolia ("Mongolia")", and their texts then say "the United
States" and "Mongolia". The short name is the one the opening defines (`defined_as`), else the
party's `short`, in the version's language, so the prose names a party the way the opening
defined it and the two versions cannot name it differently.

A sentence sometimes needs another form of it. `|cap` starts it with a capital, for the start
of a sentence ("The United States intends…"). Languages whose articles contract with a
preposition have forms after it: French « des États-Unis » (de + les), « au Pérou » (à + le),
Spanish «del Perú» (de + el). Those forms are the language's data, `party_forms` in
templates/<lang>/locale.yaml, one per preposition:

    de: {les: des, le: du, none: de, elided: "d'"}

an article that begins the name (followed by a space) is replaced by its contraction; a name
that begins with no article of the table gets `none` before it ("de la Côte d'Ivoire",
"de l'Ouganda", "de Madagascar"), or `elided` joined to it where the language elides before
a vowel ("d'Israël").
"""

from __future__ import annotations

import re
from typing import Any

from cpc_docs.model.compact import Compact
from cpc_docs.present.locale import elides, rules

CAPITAL = "cap"  # the form of every language: the name with a capital first letter
_NOT_ARTICLES = frozenset({"none", "elided"})
_LAST_WORD = re.compile(r"(?:^|\W)(\w+)\s+$")


def forms(lang: str) -> dict[str, dict[str, str]]:
    """The forms after a preposition that `lang` has ({} for none: English)."""
    table: Any = rules(lang).get("party_forms") or {}
    if not isinstance(table, dict) or not all(
        isinstance(rule, dict) and isinstance(rule.get("none"), str) for rule in table.values()
    ):
        raise ValueError(
            f"templates/{lang}/locale.yaml: party_forms maps each preposition to its "
            "contractions and its 'none' form, e.g. de: {les: des, le: du, none: de}"
        )
    return {str(key): {str(k): str(v) for k, v in rule.items()} for key, rule in table.items()}


def short_name(compact: Compact, party_id: str, lang: str) -> str:
    """The party's short name in `lang`: as the opening defines it, else its `short`."""
    party = compact.party(party_id)
    if party is None:
        known = ", ".join(p.id for p in compact.parties)
        raise ValueError(f"{{party:{party_id}}} names no party; the parties: {known}")
    for text in (party.defined_as, party.short):
        value = text.get(lang) if text is not None else None
        if value:
            return value
    raise ValueError(f"the party {party_id!r} has no short name in {lang!r} (short.{lang})")


def party_name(compact: Compact, party_id: str, lang: str, form: str | None = None) -> str:
    """`{party:ID}` (`form` None), `{party:ID|cap}` or `{party:ID|de}`-like, in `lang`."""
    name = short_name(compact, party_id, lang)
    if form is None:
        return name
    if form == CAPITAL:
        return name[:1].upper() + name[1:]
    table = forms(lang)
    if form not in table:
        known = ", ".join(f"|{key}" for key in (CAPITAL, *table))
        raise ValueError(
            f"{{party:{party_id}|{form}}}: the {lang!r} version has no form {form!r} of a "
            f"party's name; its forms: {known} (or none: {{party:{party_id}}})"
        )
    return after_preposition(name, table[form])


def after_preposition(name: str, rule: dict[str, str]) -> str:
    """`name` after a preposition whose contractions `rule` gives: "les États-Unis" with
    {les: des, none: de} → "des États-Unis"; "la Côte d'Ivoire" → "de la Côte d'Ivoire"."""
    for article, contracted in rule.items():
        if article not in _NOT_ARTICLES and name.startswith(article + " "):
            return f"{contracted} {name[len(article) + 1 :]}"
    elided = rule.get("elided")
    if elided and elides(name):
        return f"{elided}{name}"
    return f"{rule['none']} {name}"


def missed_form(compact: Compact, party_id: str, lang: str, before: str) -> str | None:
    """Why `{party:ID}` typed after a preposition (`before` ends with it) prints wrong French
    or Spanish, « de {party:us} » → « de les États-Unis », and which form to write instead;
    None when the plain name is right there."""
    word = _LAST_WORD.search(before)
    if word is None:
        return None
    preposition = word[1].lower()
    rule = forms(lang).get(preposition)
    if rule is None:
        return None
    try:
        name = short_name(compact, party_id, lang)
    except ValueError:
        return None  # the placeholder itself says what is wrong
    wanted = after_preposition(name, rule)
    if wanted == f"{rule['none']} {name}":
        return None
    return (
        f"« {word[1]} {{party:{party_id}}} » would print « {word[1]} {name} »; write "
        f"{{party:{party_id}|{preposition}}} without the « {word[1]} », which prints « {wanted} »"
    )
