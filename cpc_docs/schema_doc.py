"""The YAML reference for people, generated from the model's JSON Schema.

Written from the schema rather than by hand so it cannot drift from what `cpc validate`
accepts; a test checks that docs/yaml-reference.md is what this module produces.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def _type(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return "text {fr, en}" if name == "BiText" else f"[{name}](#{name.lower()})"
    if "anyOf" in schema:
        options = [_type(s, defs) for s in schema["anyOf"] if s.get("type") != "null"]
        optional = any(s.get("type") == "null" for s in schema["anyOf"])
        return " or ".join(options) + (" (optional)" if optional else "")
    if "enum" in schema:
        return " \\| ".join(f"`{v}`" for v in schema["enum"])
    if "const" in schema:
        return f"`{schema['const']}`"
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


def markdown(model: type[BaseModel], title: str) -> str:
    schema = model.model_json_schema()
    defs: dict[str, Any] = schema.get("$defs", {})
    out = [
        f"# {title}",
        "",
        "Generated from the model by `cpc schema --format markdown`; do not edit by hand.",
        "Every *text {fr, en}* is a mapping of language codes to text. Unknown keys are",
        "errors, so a misspelt key never goes unnoticed.",
        "",
    ]
    sections = [(schema.get("title", model.__name__), schema)]
    sections += [(name, d) for name, d in sorted(defs.items()) if name != "BiText"]
    for name, definition in sections:
        if "properties" not in definition:
            continue
        out += [f"## {name}", ""]
        if definition.get("description"):
            out += [" ".join(definition["description"].split("\n\n")[0].split()), ""]
        out += ["| field | type | required | description |", "|---|---|---|---|"]
        required = set(definition.get("required", []))
        for field, spec in definition["properties"].items():
            description = " ".join(spec.get("description", "").split())
            default = spec.get("default")
            if field not in required and default not in (None, [], {}):
                description += f" Default: `{default}`."
            cells = [f"`{field}`", _type(spec, defs), "yes" if field in required else "",
                     description.replace("|", "\\|")]  # fmt: skip
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)
