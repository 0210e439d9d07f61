"""The schema of the YAML files as people write them: JSON Schema for editors, Markdown for people.

`cpc validate` accepts more than the models' own JSON Schema says. A duration may be written
`5 years` (the model parses the text before it validates) and a section `standard` (the loader
puts the library's text in its place before the model sees it). An editor given the bare model
schema flags both, so a correct compact shows red squiggles and its author learns to ignore
them. This module is the one place that adds those written forms to the schema:
`cpc schema`, `cpc report schema` and docs/yaml-reference.md all come from `file_schema`, and
tests/test_schema.py checks that the reference compact, the example reports and a `cpc new`
draft validate against it, and that an invalid file fails both checks.

The reference for people is written from that schema, and its placeholder examples by the
renderer's own resolver on the reference compact, so neither can drift from what
`cpc validate` and `cpc render` do; a test checks that docs/yaml-reference.md is what this
module produces.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from cpc_docs.model.compact import PLACEHOLDER, BiText, Compact, Duration, Sections, walk_texts

DIALECT = "https://json-schema.org/draft/2020-12/schema"
STANDARD = "standard"

# The reference compact: the placeholder examples of the YAML reference are its own.
REFERENCE = Path(__file__).resolve().parents[2] / "compacts" / "civ-2022.yaml"

# `Duration` parses this text before validating (model.Duration._parse): a whole number, then
# year(s), month(s) or day(s). The number must be above zero, as the model's `value` is, so
# "0 years" is refused here as it is there. tests/test_schema.py holds the two to the same
# answers on a table of texts.
DURATION_TEXT: dict[str, Any] = {
    "type": "string",
    "pattern": r"^\s*0*[1-9][0-9]*\s*(year|month|day)s?\s*$",
    "description": "A whole number and a unit, year(s), month(s) or day(s).",
    "examples": ["5 years", "36 months", "30 days", "1 year"],
}

STANDARD_FORM: dict[str, Any] = {
    "const": STANDARD,
    "description": "The library's standard text for this section, in the compact's languages "
    "(see Standard sections in the YAML reference). To negotiate its wording, write the "
    "section out instead: `cpc new --inline-clauses` writes every standard section out.",
}


def file_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of a file holding `model`, with every form `cpc validate` accepts.

    The model's schema, plus what is accepted before the model validates: durations written
    as text, and sections written `standard` where the library has a text for them. A form
    is added where its model class appears, so the report schema, which has neither, is the
    model's own.
    """
    schema = model.model_json_schema()
    defs: dict[str, Any] = schema.get("$defs", {})
    if Duration.__name__ in defs:
        defs[Duration.__name__] = _written_duration(defs[Duration.__name__])
    if Sections.__name__ in defs:
        defs[Sections.__name__] = _standard_sections(defs[Sections.__name__])
    return schema


def editor_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    """`file_schema` as a standalone document for an editor (`$schema` names the dialect)."""
    document = file_schema(model)
    document["$schema"] = DIALECT
    document["title"] = title
    return document


def _written_duration(mapping: dict[str, Any]) -> dict[str, Any]:
    """`5 years`, or the mapping `{value: 5, unit: years}` the text is read into."""
    head: dict[str, Any] = {k: mapping.pop(k) for k in ("title", "description") if k in mapping}
    mapping["description"] = "The same as a mapping: {value: 5, unit: years}."
    return {**head, "anyOf": [copy.deepcopy(DURATION_TEXT), mapping]}


def _standard_sections(sections: dict[str, Any]) -> dict[str, Any]:
    """`standard` allowed for each section the library has a text for, and for no other:
    the loader refuses `standard` where the library has nothing to put."""
    from cpc_docs.load.compact import standard_clauses

    library = standard_clauses()
    properties: dict[str, Any] = sections["properties"]
    for key, spec in properties.items():
        if key in library:
            meta = {k: spec[k] for k in ("title", "description", "default") if k in spec}
            forms = spec["anyOf"] if "anyOf" in spec else [_without(spec, meta)]
            properties[key] = {**meta, "anyOf": [copy.deepcopy(STANDARD_FORM), *forms]}
    sections["description"] = (
        sections.get("description", "") + " A section the library of standard clauses has a "
        "text for may be written `standard` (see Standard sections)."
    ).strip()
    return sections


def _without(spec: dict[str, Any], keys: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in spec.items() if key not in keys}


# ---------------------------------------------------------------------------------------------
# The YAML reference for people


def _type(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return "text {fr, en}" if name == BiText.__name__ else f"[{name}](#{name.lower()})"
    if "anyOf" in schema:
        options = [_type(s, defs) for s in schema["anyOf"] if s.get("type") != "null"]
        optional = any(s.get("type") == "null" for s in schema["anyOf"])
        return " or ".join(options) + (" (optional)" if optional else "")
    if "enum" in schema:
        return " \\| ".join(_value(v) for v in schema["enum"])
    if schema == STANDARD_FORM:
        return f"[{_value(STANDARD)}](#standard-sections)"
    if "const" in schema:
        return _value(schema["const"])
    kind = schema.get("type")
    if kind == "array":
        return f"list of {_type(schema.get('items', {}), defs)}"
    if kind == "object":
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            return f"mapping to {_type(extra, defs)}"
        return "mapping"
    if schema.get("format") == "date":
        return "date (YYYY-MM-DD)"
    return {"string": "text", "integer": "whole number", "number": "number",
            "boolean": "true/false"}.get(kind or "", kind or "any")  # fmt: skip


def _value(value: Any) -> str:
    """A value as it is typed in YAML: quoted when YAML would read it unquoted as something
    else (tier `"2"` is text; `2` would be a number and is refused)."""
    if isinstance(value, str) and yaml.safe_load(value) != value:
        return f'`"{value}"`'
    return f"`{value}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def markdown(model: type[BaseModel], title: str) -> str:
    """The YAML reference of `model`: a table of fields per mapping, then, for a compact, the
    standard sections and the placeholders of texts."""
    schema = file_schema(model)
    defs: dict[str, Any] = schema.get("$defs", {})
    out = [
        f"# {title}",
        "",
        "Generated from the model by `cpc schema --format markdown`; do not edit by hand.",
        "Every *text {fr, en}* is a mapping of language codes to text. Unknown keys are",
        "errors, so a misspelt key never goes unnoticed.",
        "",
    ]
    if model is Compact:
        out += [
            "A [duration](#duration) is written `5 years`, `36 months` or `30 days`; a section",
            "the library has a text for may be written [`standard`](#standard-sections); texts",
            "name facts and cross-references by [placeholders](#placeholders), never typed.",
            "",
        ]
    sections = [(schema.get("title", model.__name__), schema)]
    sections += [(name, d) for name, d in sorted(defs.items()) if name != BiText.__name__]
    for name, definition in sections:
        out += _mapping(name, definition, defs)
    if model is Compact:
        out += _standard_section_list() + _placeholder_list()
    return "\n".join(out)


def _mapping(name: str, definition: dict[str, Any], defs: dict[str, Any]) -> list[str]:
    """The section of one mapping: its description, the text it may be written as instead
    (a duration's `5 years`), then its fields."""
    forms = definition.get("anyOf", [definition])
    mapping = next((form for form in forms if "properties" in form), None)
    if mapping is None:
        return []
    out = [f"## {name}", ""]
    if definition.get("description"):
        out += [" ".join(definition["description"].split("\n\n")[0].split()), ""]
    for form in forms:
        if form.get("type") == "string" and "examples" in form:
            examples = ", ".join(f"`{example}`" for example in form["examples"])
            what = form["description"].rstrip(".")
            out += [f"Written as text, {what[:1].lower()}{what[1:]}: {examples}.", ""]
            out += ["Or as a mapping:", ""]
    out += ["| field | type | required | description |", "|---|---|---|---|"]
    required = set(mapping.get("required", []))
    for field, spec in mapping["properties"].items():
        # A list's own description, else its items' ("An e-mail address, e.g. …").
        description = spec.get("description") or spec.get("items", {}).get("description", "")
        description = " ".join(description.split())
        default = spec.get("default")
        if field not in required and default not in (None, [], {}):
            description += f" Default: `{default}`."
        cells = [f"`{field}`", _type(spec, defs), "yes" if field in required else "",
                 description.replace("|", "\\|")]  # fmt: skip
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    return out


def _standard_section_list() -> list[str]:
    """Which sections have a standard text, its titles, its notice and the placeholders it
    uses: what a compact must provide for the text to render (an item `committee` in
    monitoring, for the indicators section's `{letter:committee}`)."""
    from cpc_docs.load.compact import standard_clauses

    out = [
        "## Standard sections",
        "",
        "A section the library of standard clauses has a text for may be written `standard`:",
        "",
        "```yaml",
        "sections:",
        "  confidentiality: standard",
        "```",
        "",
        "`cpc validate` and `cpc render` then take the library's text, in the compact's",
        "languages, as if it were written out in the file. To negotiate the wording of a",
        "section, write it out instead (`cpc new --inline-clauses` writes every standard",
        "section out, ready to edit). Any other section written `standard` is an error. The",
        "placeholders of a standard text are filled from the compact like any other, so the",
        "sections and items they name (last column) must be in the compact.",
        "",
        "| section | title (fr) | title (en) | notice | placeholders it uses |",
        "|---|---|---|---|---|",
    ]
    for key, section in standard_clauses().items():
        title = section.get("title", {})
        used = dict.fromkeys(match[0] for match in PLACEHOLDER.finditer(_all_text(section)))
        cells = [
            f"`{key}`",
            _cell(str(title.get("fr", ""))),
            _cell(str(title.get("en", ""))),
            f"`{section['notice']}`" if "notice" in section else "",
            ", ".join(f"`{token}`" for token in used if token not in ("{{", "}}")),
        ]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    return out


def _all_text(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(_all_text(item) for item in value.values())
    if isinstance(value, list):
        return " ".join(_all_text(item) for item in value)
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class Placeholder:
    """One row of the placeholder table: the placeholder as written, with `<item>` standing for
    the id of the reference compact's first commitment, and what it prints."""

    token: str
    meaning: str

    @property
    def name(self) -> str:
        """The resolver's name for it ("ref" for `{ref:annex}`); "{{" and "}}" for braces."""
        match = PLACEHOLDER.fullmatch(self.token.replace("<item>", "x"))
        return match[1] if match and match[1] else self.token


PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder(
        "{duration}",
        "The compact's duration (`term.duration`), in words and digits (its `legal` style: "
        "`{duration:legal}` says the same).",
    ),
    Placeholder("{duration:number}", "Its number alone, before a unit of your own."),
    Placeholder("{duration:adjective}", "The duration as an adjective: a five-year plan."),
    Placeholder("{duration:digits}", "The duration in digits."),
    Placeholder("{duration:words}", "The duration in words, without its digits."),
    Placeholder(
        "{amount}",
        "In a commitment (`sections.commitments.items`): its `amount`, written as the "
        "amount's [Money](#money) fields say.",
    ),
    Placeholder(
        "{notice}",
        "In `communications` or `amendment`: the section's `notice`. It takes the styles of "
        "`{duration}`: `{notice:legal}`, `{notice:number}`, `{notice:adjective}`, "
        "`{notice:digits}`, `{notice:words}`.",
    ),
    Placeholder("{notice:digits}", "The section's notice in digits."),
    Placeholder("{tip_year}", "The year of `sections.description.tip_report`."),
    Placeholder("{tier}", "The tier of `sections.description.tip_report`."),
    Placeholder(
        "{ref:amendment}",
        "`{ref:ID}`: the number of a section, by its key under `sections`; of an appendix "
        "by its id (its letter, from B); of a lettered item by its id, or of Annex A "
        "(below). An ID that names nothing is an error.",
    ),
    Placeholder("{ref:<item>}", "The number of a lettered item: its section's and its letter."),
    Placeholder("{ref:annex}", "The letter of Annex A."),
    Placeholder("{letter:<item>}", "`{letter:ID}`: the letter of a lettered item alone."),
    Placeholder(
        "{term:1}",
        "`{term:N}`: in a definition (`sections.definitions.definitions`), its N-th term "
        "(from 1), quoted and in bold.",
    ),
    Placeholder(
        "{party:us}",
        "`{party:ID}`: a party's short name as the opening defines it (`defined_as`), else "
        "its `short`. `{party:ID|cap}` starts it with a capital (a sentence's start); after a "
        "preposition whose article contracts, the language's form (`party_forms` in its "
        "locale.yaml): French `{party:us|de}` « des États-Unis », `{party:us|à}` « aux "
        "États-Unis »; Spanish `{party:per|de}` «del Perú», `{party:per|a}` «al Perú». "
        "`cpc check` compares the party, not the form.",
    ),
    Placeholder("{{", "A literal `{`."),
    Placeholder("}}", "A literal `}`."),
)


@cache
def reference_compact() -> Compact | None:
    """The reference compact, or None where it is not (an installed package has no
    compacts/ folder): the reference is then printed without examples."""
    if not REFERENCE.is_file():
        return None
    from cpc_docs.load.compact import load_compact

    return load_compact(REFERENCE)[0]


def placeholder_examples(compact: Compact) -> list[tuple[Placeholder, str, str, str]]:
    """Each placeholder as written for `compact`, and what the renderer's resolver prints for
    it in French and in English, in the scope of the first text of `compact` that uses it (a
    `{notice}` in the section whose notice it is)."""
    from cpc_docs.present.prose import Resolver

    item = compact.sections.commitments.items[0].id
    texts = list(walk_texts(compact))
    examples = []
    for placeholder in PLACEHOLDERS:
        token = placeholder.token.replace("<item>", item)
        scopes = _scopes_of(texts, token, placeholder.name)
        text = BiText({"fr": token, "en": token})
        french = Resolver(compact, "fr").markup(text, *scopes)
        english = Resolver(compact, "en").markup(text, *scopes)
        examples.append((placeholder, token, french, english))
    return examples


def _scopes_of(
    texts: list[tuple[Any, BiText, tuple[Any, ...]]], token: str, name: str
) -> tuple[Any, ...]:
    """The scopes of the first text using `token`, else of the first using a placeholder
    named `name` (the objects whose facts it prints), else none (a placeholder of the whole
    compact)."""
    for wanted in (token, name):
        for _path, text, scopes in texts:
            for source in text.root.values():
                if any(wanted in (match[0], match[1]) for match in PLACEHOLDER.finditer(source)):
                    return scopes
    return ()


def _placeholder_list() -> list[str]:
    out = [
        "## Placeholders",
        "",
        "Facts and cross-references go in placeholders, never typed, so that numbers are stored",
        "once and section numbers follow the structure. Write them in any text; those of a",
        "commitment, a section's notice or a definition only within it. `cpc validate` refuses",
        "an unknown placeholder, an ID that names nothing and a placeholder used where its fact",
        "is not given. A duration's style (`:number`, `:adjective`, `:digits`, `:words`)",
        "applies to `{duration}` and `{notice}` alike.",
        "",
    ]
    compact = reference_compact()
    if compact is None:
        out += ["| placeholder | what it prints |", "|---|---|"]
        out += [f"| `{p.token}` | {_cell(p.meaning)} |" for p in PLACEHOLDERS]
        out += ["", f"(Examples are printed from {REFERENCE.name}, not found here.)", ""]
        return out
    out += [
        "The examples are printed by the renderer's own resolver for the reference compact,",
        f"{compact.id} (before French typography adds its no-break spaces).",
        "",
        "| placeholder | what it prints | French | English |",
        "|---|---|---|---|",
    ]
    for placeholder, token, french, english in placeholder_examples(compact):
        out.append(f"| `{token}` | {_cell(placeholder.meaning)} | {french} | {english} |")
    out.append("")
    return out
