"""Safe YAML reading that remembers where every value came from.

PyYAML's loaders forget positions once a document is built, and they accept duplicate keys
silently (the last one wins — in a legal text, a lost paragraph). Here we compose the node
graph, then build plain Python data ourselves, so that we can:

- refuse duplicate keys, naming both lines;
- keep `file:line:column` for every mapping key and value, addressed by its field path;
- bound alias expansion ("billion laughs"), nesting depth, node count and file size, so a
  hostile file gets a clear error in well under a second instead of eating the machine.

Two passes, for safety and speed. First libyaml's parser (C, shipped in PyYAML's wheels) hands
out the events one at a time and we count nodes and depth, stopping at the first one over a
limit: a hostile file costs at most ~0.3 s, however long it is. Then libyaml's composer builds
the node graph, which is now known to be bounded. Composing first, as before, was either slow
(PyYAML's Python composer: over 3 s for a 1 MB file of `[1, 1, 1, …]`, before any limit was
checked) or fatal (libyaml's composer recurses in C without limit: 100,000 nested `[` in a
200 KB file crashed the process with a segmentation fault). Without libyaml, PyYAML's pure
Python parser and composer do the same two passes, more slowly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Location

try:  # libyaml: the same YAML 1.1 events and nodes, in C
    from yaml import CSafeLoader as _ComposeLoader
    from yaml.cyaml import CParser as _EventParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _ComposeLoader  # type: ignore[assignment]
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader as _Reader
    from yaml.scanner import Scanner as _Scanner

    class _EventParser(_Reader, _Scanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            _Reader.__init__(self, stream)
            _Scanner.__init__(self)
            _PyParser.__init__(self)


MAX_BYTES = 5 * 1024 * 1024
# Nodes in the file (keys included), and values built (aliases counted each time they are
# expanded). A compact with 500 activities and 200 indicators has ~7,000 nodes; a report on it
# with ten years of data ~20,000 (benchmarks/bench_scale.py). Counting 100,000 events: ~0.25 s.
MAX_NODES = 100_000
MAX_DEPTH = 64
# Characters YAML 1.1 forbids in a file (§5.1): C0 controls but tab and line breaks, DEL, C1
# controls but NEL, lone surrogates, U+FFFE/U+FFFF. Checked up front so the error names the
# line and column, whichever parser runs (PyYAML's reader error gives only an offset). A BOM is
# an encoding signature, allowed only as the file's first character (stripped by `decode`):
# anywhere else it is invisible junk, e.g. from two files pasted together.
_FORBIDDEN = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]"
)

PathKey = tuple[str | int, ...]


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
        if node.tag == "tag:yaml.org,2002:str":
            return node.value  # what the constructor returns for text, at a fraction of the cost
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise self.error(node, f"cannot read this value: {exc}", path) from None
        except ValueError as exc:  # a timestamp of no calendar: 2025-02-30, 2025-13-01
            raise self.error(
                node, f"{node.value!r} is not a date of the calendar ({exc})", path,
                "write an existing date as YYYY-MM-DD",
            ) from None  # fmt: skip

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


_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NODE = (yaml.ScalarEvent, yaml.AliasEvent, *_OPEN)


def _check_shape(text: str, file: str) -> None:
    """Refuse a file with too many nodes or too deep a nesting, at the first node over.

    Only libyaml's events are read (syntax errors surface here too); no node is built.
    """
    parser = _EventParser(text)
    nodes = depth = 0
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            if isinstance(event, _CLOSE):
                depth -= 1
                continue
            if not isinstance(event, _NODE):
                continue
            nodes += 1
            mark = event.start_mark
            if nodes > MAX_NODES:
                raise InputError(
                    f"the document has more than {MAX_NODES:,} values",
                    Location(file, mark.line + 1, mark.column + 1),
                    "a compact or report this large is not plausible; is it the right file?",
                )
            if isinstance(event, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    raise InputError(
                        f"nesting deeper than {MAX_DEPTH} levels",
                        Location(file, mark.line + 1, mark.column + 1),
                    )
    finally:
        parser.dispose()


def _compose(text: str, file: str) -> yaml.Node | None:
    _check_shape(text, file)
    node = yaml.compose(text, Loader=_ComposeLoader)
    if node is not None:
        _check_expansion(node, file)
    return node


def _check_expansion(root: yaml.Node, file: str) -> None:
    """Refuse aliases that expand to more than MAX_NODES values ("billion laughs").

    An alias is the node it names, so sizes are memoised by node: this costs one visit per
    node in the file, however large the expansion, and the error names the innermost value
    that is already too large (the anchor that blows up), not just the document.
    """
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        if depth > MAX_DEPTH:  # also an alias inside its own anchor, nesting without end
            raise InputError(
                f"nesting deeper than {MAX_DEPTH} levels once aliases are expanded",
                Location(file, node.start_mark.line + 1, node.start_mark.column + 1),
            )
        if isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total = 1 + sum(size(value, depth + 1) for _key, value in node.value)
        else:
            total = 1
        sizes[id(node)] = total
        return total

    if size(root, 0) <= MAX_NODES:
        return
    node = root
    while True:  # down to the innermost value still over the limit
        children = [c for c in _children(node) if sizes[id(c)] > MAX_NODES]
        if not children:
            break
        node = children[0]
    mark = node.start_mark
    raise InputError(
        f"this value expands to {sizes[id(node)]:,} values, more than {MAX_NODES:,}",
        Location(file, mark.line + 1, mark.column + 1),
        "anchors and aliases (&x / *x) may be nested to blow up the file; "
        "write the values out instead",
    )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [value for _key, value in node.value]
    return []


def _forbidden_character(text: str, file: str) -> None:
    match = _FORBIDDEN.search(text)
    if match is None:
        return
    char = match[0]
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    if char == "\ufeff":
        message = "a byte order mark (U+FEFF) in the middle of the file"
        hint = "it is invisible; delete it (were two files pasted together?)"
    else:
        name = unicodedata.name(char, "a control character")
        message = f"U+{ord(char):04X} ({name}) is not allowed in a YAML file"
        hint = "delete it"
    raise InputError(message, Location(file, line, column), hint)


def parse_text(text: str, file: str) -> Source:
    """Parse YAML text; raise InputError with the location of any problem."""
    builder = _Builder(file)
    _forbidden_character(text, file)
    try:
        node = _compose(text, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or str(exc)
        hint = ""
        # Parsers word tab errors differently ("found character '\\t' …", "found a tab
        # character …", or nothing about tabs), so the old test for "tab" in the message never
        # fired: look at the line itself.
        lines = text.splitlines()
        if line is not None and line <= len(lines) and "\t" in lines[line - 1]:
            hint = f"line {line} has a tab; YAML indents with spaces only"
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


_UTF16_32 = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


def decode(raw: bytes, file: str) -> str:
    """The file's text: UTF-8, with or without a BOM (editors on Windows write one).

    A UTF-16 or UTF-32 file (Notepad's "Unicode") is named as such rather than reported as a
    stray byte: the fix is to save it again as UTF-8, not to hunt for a character.
    """
    if len(raw) > MAX_BYTES:
        raise InputError(
            f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}", Location(file)
        )
    for bom, encoding in _UTF16_32.items():
        if raw.startswith(bom):
            raise InputError(
                f"the file is encoded in {encoding}", Location(file, 1, 1), "save it as UTF-8"
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
