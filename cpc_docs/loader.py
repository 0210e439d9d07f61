"""YAML file → validated model, with every error pointing at file, line and field.

Pydantic reports errors by field path; `yamlsource` knows where each path is in the file. This
module joins the two and words the messages for people who edit YAML, not Python: unknown keys
come with a "did you mean", wrong types say what was expected with an example.
"""

from __future__ import annotations

import copy
import difflib
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import InputError, Location, ValidationFailed
from .findings import Finding
from .model import LANGUAGES, BiText, Compact, Email, Id, Phone, Url, walk_texts
from .yamlsource import PathKey, Source, parse_file

M = TypeVar("M", bound=BaseModel)


CLAUSES = Path(__file__).with_name("clauses.yaml")


def load_compact(path: str | Path) -> tuple[Compact, Source]:
    """Read and validate a compact; raise ValidationFailed listing every error found."""
    source = parse_file(path)
    if looks_like(source.data) == "report":
        raise InputError(
            "this file is an annual report, not a compact",
            Location(source.file),
            f"render it with: cpc report render {source.file}",
        )
    use_standard_clauses(source)
    compact = validate(source, Compact)
    missing = missing_languages(compact, source)
    if missing:
        raise ValidationFailed(missing, source.file)
    return compact, source


def looks_like(data: Any) -> str | None:
    """ "report" or "compact" by the top-level keys that only one of them has (a report names
    its compact and has no parties), so a file given to the wrong command gets one line
    saying so instead of a hundred schema errors; None when it is neither."""
    if not isinstance(data, dict):
        return None
    if "compact" in data and "parties" not in data:
        return "report"
    if "parties" in data and "compact" not in data:
        return "compact"
    return None


@cache
def standard_clauses() -> dict[str, Any]:
    """The library of standard sections (cpc_docs/clauses.yaml), read once."""
    data = parse_file(CLAUSES).data
    return dict(data.get("sections", {}))


def use_standard_clauses(source: Source) -> None:
    """Replace each section written as `standard` by the library's text for it.

    Errors inside a standard section point at the word `standard` in the compact (the
    nearest position the compact has), which is where the user can act.
    """
    sections = source.data.get("sections") if isinstance(source.data, dict) else None
    if not isinstance(sections, dict):
        return
    for key, value in sections.items():
        if value != "standard":
            continue
        library = standard_clauses()
        if key not in library:
            known = ", ".join(sorted(library))
            finding = Finding(
                "schema",
                "error",
                f"there is no standard text for section {key!r} (standard sections: {known})",
                source.locate(("sections", key)),
            )
            raise ValidationFailed([finding], source.file)
        sections[key] = _in_languages(copy.deepcopy(library[key]), _declared_languages(source))


def _declared_languages(source: Source) -> set[str]:
    """The languages the compact declares (the model's default when it declares none)."""
    declared = source.data.get("languages", LANGUAGES)
    if not isinstance(declared, (list, tuple)):
        return set(LANGUAGES)  # the schema reports the wrong type
    return {lang for lang in declared if isinstance(lang, str)}


def _in_languages(value: Any, languages: set[str]) -> Any:
    """The library's texts in the compact's languages only: a French-only compact takes the
    French of a standard section, rather than an error for each English text it did not ask
    for."""
    if isinstance(value, dict):
        if value and all(key in LANGUAGES and isinstance(v, str) for key, v in value.items()):
            return {lang: text for lang, text in value.items() if lang in languages} or value
        return {key: _in_languages(item, languages) for key, item in value.items()}
    if isinstance(value, list):
        return [_in_languages(item, languages) for item in value]
    return value


def validate(source: Source, model: type[M]) -> M:
    if not isinstance(source.data, dict):
        finding = Finding(
            "schema",
            "error",
            "the file must be a mapping of fields (key: value), not a single value or a list",
            source.locate(()),
        )
        raise ValidationFailed([finding], source.file)
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        findings = [_finding(source, model, err) for err in exc.errors(include_url=False)]
        raise ValidationFailed(_unique(findings), source.file) from None


def _unique(findings: list[Finding]) -> list[Finding]:
    """One finding per field: a value that fits none of a field's forms (a pillar key or a
    text) gets one error per form from pydantic, joined here into one "… or …" message."""
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        same = by_path.setdefault(finding.location.path, [])
        if all(f.message != finding.message for f in same):
            same.append(finding)
    result = []
    for same in by_path.values():
        if len(same) == 1:
            result.append(same[0])
        else:
            message = " or ".join(f.message for f in same)
            result.append(Finding(same[0].rule, "error", message, same[0].location))
    return sorted(result, key=lambda f: (f.location.line or 0, f.location.column or 0))


def _data_path(loc: tuple[Any, ...]) -> PathKey:
    """Pydantic's loc without its internal steps (union branch names, root models)."""
    path: list[str | int] = []
    for part in loc:
        if isinstance(part, int):
            path.append(part)
        elif part in ("root",) or not _looks_like_field(part):
            continue
        else:
            path.append(part)
    return tuple(path)


def _looks_like_field(part: str) -> bool:
    # Union branches appear as e.g. "BiText", "literal['signature']", "function-after[...]".
    return not (part[:1].isupper() or "[" in part or ("-" in part and "[" in part))


def _finding(source: Source, model: type[BaseModel], err: dict[str, Any]) -> Finding:
    path = _data_path(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        location = source.locate(path, key=True)
        allowed = _allowed_fields(model, path[:-1])
        key = str(path[-1])
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        valid = f" (valid here: {', '.join(sorted(allowed))})" if allowed and not close else ""
        message = f"unknown field {key!r}{hint}{valid}"
    elif kind == "string_pattern_mismatch":
        location = source.locate(path)
        what = PATTERN_NAMES.get(err.get("ctx", {}).get("pattern", ""), "the expected form")
        message = f"{err.get('input')!r} is not {what}"
    elif kind == "missing":
        location = source.locate(path)
        message = f"required field {str(path[-1])!r} is missing"
    else:
        location = source.locate(path)
        value = err.get("input")
        message = _humane(err["msg"])
        if isinstance(value, (str, int, float)) and "(got " not in message:  # not twice
            message += f" (got {value!r})"
    return Finding("schema", "error", message, location)


PATTERN_NAMES = {
    Email.__metadata__[0].pattern: "an e-mail address (e.g. name@example.org)",  # type: ignore[attr-defined]
    Phone.__metadata__[0].pattern: "a telephone number (e.g. +225 27 22 48 03 03)",  # type: ignore[attr-defined]
    Url.__metadata__[0].pattern: "a web address (e.g. www.example.org)",  # type: ignore[attr-defined]
    Id.__metadata__[0].pattern: "an id (lower-case letters, digits, '.', '-', '_')",  # type: ignore[attr-defined]
}


def _humane(message: str) -> str:
    message = message.removeprefix("Value error, ")
    replacements = {
        "Input should be a valid dictionary": "expected a mapping (key: value)",
        "Input should be a valid list": "expected a list (lines starting with '- ')",
        "Input should be a valid string": "expected text",
        "Input should be a valid integer": "expected a whole number",
        "Input should be a valid date": "expected a date written YYYY-MM-DD",
        "Input should be a valid number": "expected a number",
        "Input should be a valid boolean": "expected true or false",
        "Datetimes provided to dates should have zero time": "expected a date without a time "
        "(YYYY-MM-DD)",
    }
    for prefix, better in replacements.items():
        if message.startswith(prefix):
            return better + message[len(prefix) :]
    return message


def _allowed_fields(model: type[BaseModel], path: PathKey) -> list[str]:
    """The field names allowed at `path` (for "did you mean")."""
    current: Any = model
    for part in path:
        current = _step(current, part)
        if current is None:
            return []
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _step(annotation: Any, part: str | int) -> Any:
    from typing import get_args, get_origin

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if isinstance(part, int):
            return annotation  # `_unwrap` already took the model out of its list
        field = annotation.model_fields.get(part)
        return _unwrap(field.annotation) if field else None
    origin = get_origin(annotation)
    if origin in (list, tuple) and isinstance(part, int):
        return _unwrap(get_args(annotation)[0])
    if origin is dict:
        return _unwrap(get_args(annotation)[1])
    return None


def _unwrap(annotation: Any) -> Any:
    """The model class inside Optional[...] / Annotated[...] / X | None, if any."""
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        inner = _unwrap(arg)
        if inner is not None and not (isinstance(inner, type) and issubclass(inner, BiText)):
            return inner
    return annotation if get_args(annotation) else None


def missing_languages(compact: Compact, source: Source) -> list[Finding]:
    """Every text must exist in every language the compact declares."""
    wanted = set(compact.languages)
    findings: list[Finding] = []
    for path, text, _scope in walk_texts(compact):
        have = set(text.languages)
        for lang in sorted(wanted - have, key=LANGUAGES.index):
            message = f"the {lang!r} text is missing (the compact is in {', '.join(wanted)})"
            findings.append(Finding("schema", "error", message, source.locate(path)))
        for lang in sorted(have - wanted):
            message = f"a {lang!r} text is given but 'languages' does not list {lang!r}"
            location = source.locate((*path, lang), key=True)
            findings.append(Finding("schema", "error", message, location))
    return findings
