"""Safe YAML reading that remembers where every value came from.

PyYAML's loaders forget positions once a document is built, and they accept duplicate keys
silently (the last one wins — in a legal text, a lost paragraph). Here we compose the node
graph, then build plain Python data ourselves, so that we can:

- refuse duplicate keys, naming both lines;
- keep `file:line:column` for every mapping key and value, addressed by its field path;
- bound alias expansion ("billion laughs"), nesting depth and file size, so a hostile file
  gets a clear error in milliseconds instead of eating the machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Location

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000  # nodes built, aliases counted each time they are expanded
MAX_DEPTH = 64

PathKey = tuple[str | int, ...]

# libyaml's composer (10x faster) when PyYAML was built with it; the same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Source:
    """A parsed YAML file: its data and the position of each value by field path."""

    file: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: PathKey, *, key: bool = False) -> Location:
        """Where `path` is; for a missing field, where its nearest present ancestor is."""
        dotted = ".".join(str(p) for p in path)
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while probe:
            if probe in table:
                line, column = table[probe]
                return Location(self.file, line, column, dotted)
            if probe in self.positions:
                line, column = self.positions[probe]
                return Location(self.file, line, column, dotted)
            probe = probe[:-1]
        line, column = self.positions.get((), (1, 1))
        return Location(self.file, line, column, dotted)


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.constructor = yaml.SafeLoader("")  # used only to resolve scalars
        self.nodes = 0
        self.source = Source(file, None)

    def error(self, node: yaml.Node, message: str, path: PathKey, hint: str = "") -> InputError:
        dotted = ".".join(str(p) for p in path)
        mark = node.start_mark
        return InputError(
            message, Location(self.file, mark.line + 1, mark.column + 1, dotted), hint
        )

    def build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.error(
                node,
                f"the document expands to more than {MAX_NODES:,} values",
                path,
                "anchors and aliases (&x / *x) may be nested to blow up the file; "
                "write the values out instead",
            )
        if depth > MAX_DEPTH:
            raise self.error(node, f"nesting deeper than {MAX_DEPTH} levels", path)
        self.source.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise self.error(node, f"cannot read this value: {exc}", path) from None

    def mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.error(
                    key_node,
                    "merge keys (<<) are not supported",
                    path,
                    "write the keys out in full",
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.error(key_node, "a key must be a plain word or text", path)
            key = self.constructor.construct_object(key_node)
            if isinstance(key, bool):  # YAML 1.1 reads `no`/`yes`/`on` as booleans
                key = key_node.value
            if not isinstance(key, (str, int)):
                key = str(key)
            child = (*path, key)
            if key in result:
                raise self.error(
                    key_node,
                    f"duplicate key {key!r} (first at line {first_line[key]})",
                    child,
                    "YAML keeps only the last one; remove or rename one of them",
                )
            first_line[key] = key_node.start_mark.line + 1
            self.source.key_positions[child] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = self.build(value_node, child, depth + 1)
        return result


def parse_text(text: str, file: str) -> Source:
    """Parse YAML text; raise InputError with the location of any problem."""
    builder = _Builder(file)
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or str(exc)
        hint = ""
        if "\t" in text and "tab" in problem:
            hint = "YAML indents with spaces only; replace the tabs with spaces"
        raise InputError(f"YAML syntax: {problem}", Location(file, line, column), hint) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML syntax: {exc}", Location(file)) from None
    except RecursionError:
        raise InputError(f"nesting deeper than {MAX_DEPTH} levels", Location(file)) from None
    if node is None:
        raise InputError("the file is empty", Location(file, 1, 1))
    try:
        builder.source.data = builder.build(node, (), 0)
    except RecursionError:
        raise InputError(f"nesting deeper than {MAX_DEPTH} levels", Location(file)) from None
    return builder.source


def decode(raw: bytes, file: str) -> str:
    if len(raw) > MAX_BYTES:
        raise InputError(
            f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}", Location(file)
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"byte 0x{raw[exc.start]:02x} is not UTF-8",
            Location(file, line, column),
            "save the file as UTF-8",
        ) from None
    return text


def parse_file(path: str | Path) -> Source:
    file = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", Location(file)) from None
    except IsADirectoryError:
        raise InputError("this is a folder, not a YAML file", Location(file)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(file)) from None
    return parse_text(decode(raw, file), file)
