"""YAML file → validated model, with every error pointing at file, line and field.

Pydantic reports errors by field path; `yamlsource` knows where each path is in the file. This
module joins the two and words the messages for people who edit YAML, not Python: unknown keys
come with a "did you mean", wrong types say what was expected with an example.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
import types
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, StringConstraints, ValidationError
from pydantic_core.core_schema import ErrorType

from cpc_docs.errors import CpcError, InputError, Location, ValidationFailed
from cpc_docs.findings import Finding
from cpc_docs.load.amendment import change_findings
from cpc_docs.load.yamlsource import PathKey, Source, parse_file, parse_text
from cpc_docs.model.compact import (
    DEFAULT_LANGUAGES,
    LANGUAGES,
    Acronym,
    BiText,
    Compact,
    Email,
    Id,
    Phone,
    Url,
    is_bitext,
    walk_texts,
)
from cpc_docs.shipped import PACKAGE_DIR

M = TypeVar("M", bound=BaseModel)


CLAUSES = PACKAGE_DIR / "clauses.yaml"


def load_compact(path: str | Path) -> tuple[Compact, Source]:
    """Read and validate a compact; raise ValidationFailed listing every error found."""
    return compact_from(parse_file(path))


def load_compact_text(text: str, name: str) -> tuple[Compact, Source]:
    """A compact from its text (a version out of git: `cpc diff main:compacts/x.yaml …`);
    `name` is what errors call it (`main:compacts/x.yaml`)."""
    return compact_from(parse_text(text, name))


def compact_from(source: Source) -> tuple[Compact, Source]:
    """The compact a parsed file holds, validated (see `load_compact`)."""
    if looks_like(source.data) == "report":
        raise InputError(
            "this file is an annual report, not a compact",
            Location(source.file),
            f"render it with: cpc report render {source.file}",
        )
    use_standard_clauses(source)
    compact = validate(source, Compact)
    missing = missing_languages(compact, source) or change_findings(compact, source)
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
    declared = source.data.get("languages", DEFAULT_LANGUAGES)
    if not isinstance(declared, (list, tuple)):
        return set(DEFAULT_LANGUAGES)  # the schema reports the wrong type
    return {lang for lang in declared if isinstance(lang, str)}


def _in_languages(value: Any, languages: set[str]) -> Any:
    """The library's texts in the compact's languages only: a French-only compact takes the
    French of a standard section, rather than an error for each English text it did not ask
    for."""
    if isinstance(value, dict):
        if is_bitext(value):
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
        findings = _findings(source, model, exc.errors(include_url=False))
        raise ValidationFailed(findings, source.file) from None


def _findings(source: Source, model: type[BaseModel], errs: list[Any]) -> list[Finding]:
    """One finding per field: a value that fits none of a field's forms (a pillar key or a
    text) gets one error per form from pydantic, said here as one "expected A or B"."""
    by_path: dict[PathKey, list[dict[str, Any]]] = {}
    for err in errs:
        path = _data_path(err["loc"], source.data, last_is_field=err["type"] == "missing")
        by_path.setdefault(path, []).append(err)
    findings = [_finding(source, model, path, same) for path, same in by_path.items()]
    return sorted(findings, key=lambda f: (f.location.line or 0, f.location.column or 0))


def _data_path(loc: tuple[Any, ...], data: Any, last_is_field: bool = False) -> PathKey:
    """Pydantic's loc without its internal steps (union branches, root models, `[key]`).

    The steps are told apart by the data, not by their names: a union branch may be named
    like a field ("date" for `Literal["signature"] | date`), but only a field or an index is
    in the data. A missing field is not in the data either: the last step of a `missing`
    error is kept."""
    path: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_list or (isinstance(node, dict) and part in node):
            path.append(part)
            node = node[part]
        elif last_is_field and index == len(loc) - 1 and isinstance(part, (str, int)):
            path.append(part)
    return tuple(path)


def _finding(
    source: Source, model: type[BaseModel], path: PathKey, errs: list[dict[str, Any]]
) -> Finding:
    at_key = any(e["type"] == "extra_forbidden" or "[key]" in e["loc"] for e in errs)
    location = source.locate(path, key=at_key)
    said = [_said(err, model, path) for err in errs]
    value = errs[0].get("input")
    if len(said) == 1 and said[0].sentence:
        message = said[0].sentence
        if isinstance(value, (str, int, float)) and "(got " not in message and not said[0].whole:
            message += f" (got {_shown(value)})"  # not twice: a validator may say it
    elif all(s.expected for s in said):
        expected = list(dict.fromkeys(s.expected for s in said))
        joiner = ", or " if any("," in e for e in expected[:-1]) else " or "
        advice = next((s.advice for s in said if s.advice), "")
        got = said[0].got or _shown(value)
        message = f"expected {joiner.join(expected)} (got {got}{': ' + advice if advice else ''})"
    else:
        message = " or ".join(dict.fromkeys(s.message(value) for s in said))
    return Finding("schema", "error", message, location)


def _quotable(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _shown(value: Any) -> str:
    """The value given, as the user wrote it in YAML (not as Python prints it)."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, dict):
        return "a mapping (key: value)"
    if isinstance(value, (list, tuple)):
        return "a list"
    return repr(value)


@dataclass(frozen=True)
class _Said:
    """One pydantic error in the user's words: what the field takes (`expected`, e.g. "a date
    written YYYY-MM-DD, e.g. 2026-03-14") and a word on the value given (`advice`, e.g. "did
    you mean 'completed'?"), or a message of our own (`sentence`: a validator's, a missing or
    unknown field). `whole`: the sentence names the value itself already."""

    expected: str = ""
    advice: str = ""
    sentence: str = ""
    got: str = ""  # how to show the value, when not the value itself (a list's length)
    whole: bool = False

    def message(self, value: Any) -> str:
        if self.sentence:
            return self.sentence
        advice = f": {self.advice}" if self.advice else ""
        return f"expected {self.expected} (got {self.got or _shown(value)}{advice})"


# pydantic's own error types; any other type is a PydanticCustomError of ours (its message is
# our own words, e.g. Money's "amount_precision").
_PYDANTIC_TYPES = frozenset(get_args(ErrorType))
_DATE_TYPES = frozenset({
    "date_type", "date_parsing", "date_from_datetime_parsing", "datetime_type",
    "datetime_parsing", "datetime_from_date_parsing", "datetime_object_invalid",
})  # fmt: skip
_LIST_TYPES = frozenset({"list_type", "tuple_type", "set_type", "frozen_set_type",
                         "iterable_type", "deque_type"})  # fmt: skip
_MAPPING_TYPES = frozenset({"dict_type", "mapping_type", "frozen_dict_type",
                            "ordered_dict_type"})  # fmt: skip
_INT_TYPES = frozenset({"int_type", "int_parsing", "int_parsing_size", "int_from_float"})
_NUMBER_TYPES = frozenset({"float_type", "float_parsing", "finite_number", "decimal_type",
                           "decimal_parsing"})  # fmt: skip
DATE_EXAMPLE = "2026-03-14"


def _said(err: dict[str, Any], model: type[BaseModel], path: PathKey) -> _Said:
    """Pydantic's error, by its type (never by its English, which changes between versions):
    what was expected in the words of someone who edits YAML, with an example of the form."""
    kind: str = err["type"]
    ctx: dict[str, Any] = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return _Said(sentence=f"required field {str(path[-1])!r} is missing", whole=True)
    if kind == "extra_forbidden":
        return _Said(sentence=_unknown_field(model, path), whole=True)
    if kind in ("value_error", "assertion_error"):
        return _Said(sentence=str(ctx.get("error", "")).strip() or "this value is not valid")
    if kind not in _PYDANTIC_TYPES:  # our own PydanticCustomError: our own words
        return _Said(sentence=str(err.get("msg", "")) or "this value is not valid")
    if kind in ("literal_error", "enum"):
        return _choice(str(ctx.get("expected", "")), value)
    if kind == "date_from_datetime_inexact":
        return _Said("a date without a time (YYYY-MM-DD)", _date_advice(value))
    if kind in _DATE_TYPES:
        return _Said(f"a date written YYYY-MM-DD, e.g. {DATE_EXAMPLE}", _date_advice(value))
    if kind in ("model_type", "model_attributes_type", "dataclass_type"):
        return _Said(_model_words(str(ctx.get("class_name", "")), model, path, value))
    if kind in _MAPPING_TYPES:
        if _is_text(_annotation_at(model, path)):
            return _Said("a text in each language, e.g. {fr: …, en: …}")
        return _Said("a mapping (key: value)")
    if kind in _LIST_TYPES:
        return _Said("a list (lines starting with '- ', or [a, b])")
    if kind in ("string_type", "string_unicode"):
        return _Said("text")
    if kind == "string_too_short":
        return _Said("a text that is not empty")
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        return _Said(f"a text of at most {limit} characters" if limit else "a shorter text",
                     got=f"{len(value)} characters" if isinstance(value, str) else "")  # fmt: skip
    if kind == "string_pattern_mismatch":
        what = PATTERN_NAMES.get(str(ctx.get("pattern", "")), "text of the form this field takes")
        upper = value.upper() if isinstance(value, str) else None
        pattern = str(ctx.get("pattern", ""))
        advice = ""
        if upper and upper != value and pattern and re.fullmatch(pattern, upper):
            advice = f"did you mean {upper!r}?"
        sentence = f"{value!r} is not {what}" + (f"; {advice}" if advice else "")
        return _Said(what, advice, sentence, whole=True)
    if kind in _INT_TYPES:
        return _Said("a whole number, e.g. 2", _number_advice(value))
    if kind in _NUMBER_TYPES:
        return _Said("a number, e.g. 4000000", _number_advice(value))
    if kind in ("bool_type", "bool_parsing"):
        return _Said("true or false")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _Said(_bound(kind, ctx))
    if kind == "multiple_of" and ctx.get("multiple_of") is not None:
        return _Said(f"a multiple of {_number(ctx['multiple_of'])}")
    if kind in ("too_short", "too_long") and ctx.get("min_length", ctx.get("max_length")):
        return _length(kind, ctx)
    if kind == "none_required":
        return _Said("nothing (leave it empty)")
    # Any other type: pydantic's words would be jargon ("Input should be…", "instance of…").
    return _Said(sentence="this value is not valid for this field")


def _unknown_field(model: type[BaseModel], path: PathKey) -> str:
    allowed = _allowed_fields(model, path[:-1])
    key = str(path[-1])
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    valid = f" (valid here: {', '.join(sorted(allowed))})" if allowed and not close else ""
    return f"unknown field {key!r}{hint}{valid}"


def _choice(expected: str, value: Any) -> _Said:
    """The choices ("one of: not_started, in_progress, completed") and the one nearest to
    the value given.

    The choices come from the error's context, where pydantic gives them as Python literals
    ("'a', 'b' or 'c'"); that form is a repr, not wording, so it is read as such."""
    choices = [match[1] for match in re.finditer(r"'((?:[^'\\]|\\.)*)'", expected)]
    if not choices:  # not strings: numbers, as written
        choices = [c for c in re.split(r",\s*|\s+or\s+", expected) if c]
    shown = [_as_yaml_text(choice) for choice in choices]
    words = f"{choices[0]!r}" if len(choices) == 1 else "one of: " + ", ".join(shown)
    advice = ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and choices:
        given = str(value)
        if not isinstance(value, str) and given in choices:  # tier: 2 for tier: "2"
            return _Said(words, f'write it in quotes, "{given}": YAML reads {given} as a number')
        same_case = [c for c in choices if c.lower() == given.lower() and c != given]
        close = same_case or difflib.get_close_matches(given, choices, n=1, cutoff=0.6)
        if close:
            advice = f"did you mean {close[0]!r}?"
    return _Said(words, advice)


def _as_yaml_text(choice: str) -> str:
    """A choice as it must be typed: in quotes when YAML would read it as something other than
    text (`"2"`: a bare 2 is a number)."""
    try:
        read = parse_text(choice, "<choice>").data
    except CpcError:  # not a value YAML reads alone: say it as it is
        return choice
    return choice if isinstance(read, str) else f'"{choice}"'


_DMY = re.compile(r"\s*(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})\s*")
_YMD = re.compile(r"\s*(\d{4})[/. ]?(\d{1,2})[/. ]?(\d{1,2})\s*")


def _date_advice(value: Any) -> str:
    """The date the user most likely meant, written as YAML wants it: 14/03/2026 →
    2026-03-14 (both readings when day and month cannot be told apart: 03/04/2026)."""
    if isinstance(value, dt.datetime):
        return f"write {value.date().isoformat()}"
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    readings: list[dt.date] = []
    if match := _DMY.fullmatch(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        readings = [d for d in (_date(year, second, first), _date(year, first, second)) if d]
    elif match := _YMD.fullmatch(text):
        readings = [d for d in [_date(int(match[1]), int(match[2]), int(match[3]))] if d]
    written = list(dict.fromkeys(d.isoformat() for d in readings))
    if len(written) == 1:
        return f"write {written[0]}"
    if written:
        return f"write {written[0]} or {written[1]} (day and month cannot be told apart)"
    return ""


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_GROUPED = re.compile(r"\s*[-+]?\d{1,3}(?:([,.'\u00a0\u202f ])\d{3})(?:\1\d{3})*(?:[.,]\d+)?\s*")
_SCALED = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(thousand|million|billion)s?\s*", re.IGNORECASE)
_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9}


def _number_advice(value: Any) -> str:
    """A number written as people write it ("4,000,000", "4 million"), in YAML's digits."""
    if not isinstance(value, str):
        return ""
    if match := _SCALED.fullmatch(value):
        number = float(match[1]) * _SCALE[match[2].lower()]
        return f"write it in digits: {_number(number)}"
    if match := _GROUPED.fullmatch(value):
        separator = match[1]
        digits = value.strip().replace(separator, "")
        return f"write the number without thousands separators: {digits.replace(',', '.')}"
    return ""


def _number(value: Any) -> str:
    """3.0 → "3", 2.5 → "2.5": a bound as the user would write it."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _bound(kind: str, ctx: dict[str, Any]) -> str:
    words = {
        "greater_than": ("gt", "a number greater than {}"),
        "greater_than_equal": ("ge", "{} or more"),
        "less_than": ("lt", "a number less than {}"),
        "less_than_equal": ("le", "{} or less"),
    }
    key, template = words[kind]
    return template.format(_number(ctx.get(key, "the limit")))


def _length(kind: str, ctx: dict[str, Any]) -> _Said:
    limit = ctx.get("min_length" if kind == "too_short" else "max_length")
    actual = ctx.get("actual_length")
    noun = "item" if limit == 1 else "items"
    got = "none" if actual == 0 else str(actual) if actual is not None else ""
    if kind == "too_short":
        return _Said(f"at least {limit} {noun}", got=got)
    return _Said(f"at most {limit} {noun}", got=got)


# What a model takes, with an example, for a value of the wrong kind (`amount: 4000000`).
# `{n}` is the number the user gave, when they gave one: their amount, in the right form.
MODEL_EXAMPLES = {
    "Money": "an amount: {{value: {n}, currency: USD}}",
    "Duration": "a duration: 5 years, 36 months or 30 days",
    "Period": "a period: {{start: 2023-12-07, end: 2024-12-06}}",
    "TipReport": '{{year: 2022, tier: "2"}}',
}


def _model_words(class_name: str, model: type[BaseModel], path: PathKey, value: Any) -> str:
    if class_name in MODEL_EXAMPLES:
        number = value if _quotable(value) and not isinstance(value, str) else 4000000
        return MODEL_EXAMPLES[class_name].format(n=_number(number))
    fields = _allowed_fields(model, path)
    if not fields:
        return "a mapping (key: value)"
    shown = ", ".join(fields[:6]) + (", …" if len(fields) > 6 else "")
    return f"a mapping of fields ({shown})"


def _annotation_at(model: type[BaseModel], path: PathKey) -> Any:
    """The type annotation of the field at `path` (through lists, dicts and optionals), or
    None when the path leads nowhere the model knows."""
    current: Any = model
    for part in path:
        current = _child_annotation(current, part)
        if current is None:
            return None
    return current


def _child_annotation(annotation: Any, part: str | int) -> Any:
    for option in _alternatives(annotation):
        if isinstance(option, type) and issubclass(option, BaseModel):
            fields = option.model_fields
            if isinstance(part, str) and part in fields and "root" not in fields:
                return fields[part].annotation
            if "root" in fields:  # a RootModel (BiText): step into what it holds
                inner = _child_annotation(fields["root"].annotation, part)
                if inner is not None:
                    return inner
            continue
        origin = get_origin(option)
        if origin in (list, tuple) and isinstance(part, int) and get_args(option):
            return get_args(option)[0]
        if origin is dict and len(get_args(option)) == 2:
            return get_args(option)[1]
    return None


def _alternatives(annotation: Any) -> list[Any]:
    """The types an annotation allows: `A | B | None` → [A, B, None], Annotated unwrapped."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _alternatives(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [alt for arg in get_args(annotation) for alt in _alternatives(arg)]
    return [annotation]


def _is_text(annotation: Any) -> bool:
    return any(
        isinstance(alt, type) and issubclass(alt, BiText) for alt in _alternatives(annotation)
    )


def _pattern(annotated: object) -> str:
    """The regular expression of a constrained text type (Email, Id…), as pydantic quotes it
    in its error."""
    constraints = next(c for c in get_args(annotated) if isinstance(c, StringConstraints))
    return str(constraints.pattern)


PATTERN_NAMES = {
    _pattern(Email): "an e-mail address (e.g. name@example.org)",
    _pattern(Phone): "a telephone number (e.g. +225 27 22 48 03 03)",
    _pattern(Url): "a web address (e.g. www.example.org)",
    _pattern(Id): "an id (lower-case letters, digits, '.', '-', '_')",
    _pattern(Acronym): "an acronym (2 to 20 letters or digits, e.g. CNS)",
    "^[A-Z]{3}$": "a currency code: three capital letters (e.g. USD, XOF)",
}


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
