"""Safe YAML reading that remembers where every value came from.

PyYAML's loaders forget positions once a document is built, and they accept duplicate keys
silently (the last one wins — in a legal text, a lost paragraph). Here we build plain Python
data ourselves from libyaml's events, so that we can:

- refuse duplicate keys, naming both lines;
- keep `file:line:column` for every mapping key and value, addressed by its field path;
- bound alias expansion ("billion laughs"), nesting depth, node count and file size, so a
  hostile file gets a clear error in well under a second instead of eating the machine.

One pass over the events of libyaml's parser (C, shipped in PyYAML's wheels), with no node
graph: nodes and depth are counted as they come, an alias's size and depth are known when it
is used, and the first value over a limit stops the reading. Composing PyYAML's node graph
first cost twice the time of a whole check of a folder (a Python resolver call and a node per
value, then a second walk) and was either slow (PyYAML's Python composer: over 3 s for a 1 MB
file of `[1, 1, 1, …]`, before any limit was checked) or fatal (libyaml's composer recurses in
C without limit: 100,000 nested `[` in a 200 KB file crashed the process). A file longer than
MAX_NODES characters, which may hold more nodes than that, is first scanned for its shape
alone, so that the error comes before the values are built. Without libyaml, PyYAML's pure
Python parser gives the same events, more slowly.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast

import yaml

from cpc_docs.errors import InputError, Location

try:  # libyaml: the same YAML 1.1 events, in C
    from yaml._yaml import CParser as _EventParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader as _Reader
    from yaml.scanner import Scanner as _Scanner

    # The same name for the fallback, so the code below runs with either parser (mypy sees
    # two classes under one name).
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


class _Mark(Protocol):
    """What we read of where an event starts: libyaml's marks (yaml._yaml.Mark) and PyYAML's
    (yaml.error.Mark) are two classes with these same fields, 0-based."""

    line: int
    column: int


def _start(event: yaml.Event) -> _Mark:
    """Where `event` starts. The stubs allow an event without marks (one made by hand, to be
    emitted); the parsers mark every event they give."""
    mark = event.start_mark
    assert mark is not None
    return mark


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


@dataclass
class _Frame:
    """A mapping or sequence being built from the events."""

    value: dict[Any, Any] | list[Any]
    path: PathKey
    mark: _Mark
    anchor: str | None
    log_start: int  # where its positions start in the builder's log
    size: int = 1  # values built in it, itself included, aliases expanded
    depth: int = 1  # levels below it, itself included, aliases expanded
    key: Any = None  # a mapping's key waiting for its value
    key_line: dict[Any, int] = field(default_factory=dict)  # a mapping's keys: first line


@dataclass
class _Anchor:
    value: Any
    size: int
    depth: int
    log: slice  # its positions in the builder's log, relative to its path
    path: PathKey
    raw: str | None = None  # a scalar's text, should it become a key


class _Builder:
    """Plain data and positions from libyaml's events, in one pass, within the limits."""

    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.text = text
        self.parser = _EventParser(text)
        self.constructor = yaml.SafeLoader("")  # resolves and constructs non-text scalars
        self.source = Source(file, None)
        self.stack: list[_Frame] = []
        self.anchors: dict[str, _Anchor | None] = {}  # None: still open
        self.anchor_lines: dict[str, int] = {}
        self.log: list[tuple[PathKey, tuple[int, int], bool]] = []  # (path, position, key?)
        self.events = 0  # nodes in the file
        self.total = 0  # values built, aliases expanded

    def error(self, mark: _Mark, message: str, path: PathKey, hint: str = "") -> InputError:
        dotted = ".".join(str(p) for p in path)
        return InputError(
            message, Location(self.file, mark.line + 1, mark.column + 1, dotted), hint
        )

    def build(self) -> Source:
        if len(self.text) > MAX_NODES:  # a node takes a character or more: may be over
            _check_shape(self.text, self.file)
        try:
            self._events()
        finally:
            self.parser.dispose()
        return self.source

    def _events(self) -> None:
        documents = 0
        get_event, node, close = self.parser.get_event, self._node, self._close
        while True:
            event = get_event()
            kind = type(event)
            # The events of every value first: most of the file (exact types, see _node).
            if kind in _NODE:
                node(cast(yaml.NodeEvent, event))  # its exact type is one of _NODE's
                continue
            if kind in _CLOSE:
                close()
                continue
            if event is None or isinstance(event, yaml.StreamEndEvent):
                if documents == 0:
                    raise InputError("the file is empty", Location(self.file, 1, 1))
                return
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise self.error(
                        _start(event),
                        "the file has more than one YAML document (a second '---')",
                        (),
                        "keep one document per file",
                    )

    def _node(self, event: yaml.NodeEvent) -> None:
        # Called for every value of the file: type() tests, not isinstance() (~10 % of the
        # time of reading a compact).
        self.events += 1
        mark = event.start_mark
        assert mark is not None  # see _start
        if self.events > MAX_NODES:
            raise _too_many(mark, self.file)
        stack = self.stack
        parent = stack[-1] if stack else None
        if parent is None:
            path: PathKey = ()
        elif type(parent.value) is list:
            path = (*parent.path, len(parent.value))
        elif parent.key is None:
            self._key(parent, event, mark)
            return
        else:
            path = (*parent.path, parent.key)
        if type(event) is yaml.AliasEvent:
            self._alias(event, path, mark)
            return
        self.total += 1
        if type(event) is yaml.ScalarEvent:
            if event.anchor is not None:
                self._anchor_open(event.anchor, mark)
            # _record, inline: once per value
            position = (mark.line + 1, mark.column + 1)
            self.log.append((path, position, False))
            self.source.positions[path] = position
            tag = self._tag(event)
            value = event.value if tag == _STR else self._construct(tag, event, path, mark)
            if event.anchor is None and parent is not None:
                # _add, inline for the usual value: no anchor, in a mapping or a sequence
                parent.size += 1
                if type(parent.value) is list:
                    parent.value.append(value)
                else:
                    parent.value[parent.key] = value
                    parent.key = None
            else:
                self._add(value, 1, 0, event.anchor, path, raw=event.value)
        else:
            if len(self.stack) >= MAX_DEPTH:
                raise _too_deep(mark, self.file)
            self._anchor_open(event.anchor, mark)
            self._record(path, mark, key=False)
            opened: dict[Any, Any] | list[Any] = {} if type(event) is yaml.MappingStartEvent else []
            self.stack.append(_Frame(opened, path, mark, event.anchor, len(self.log) - 1))

    def _key(self, frame: _Frame, event: yaml.NodeEvent, mark: _Mark) -> None:
        if type(event) is yaml.ScalarEvent:
            raw = event.value
            if len(raw) == 3 and raw.isdigit() and not event.style:
                self._thousands(frame, mark)
            tag = self._tag(event)
            if tag == _STR:
                key = raw  # most keys: what _construct gives text, without the call
            elif tag == "tag:yaml.org,2002:merge":
                raise self.error(
                    mark, "merge keys (<<) are not supported", frame.path,
                    "write the keys out in full",
                )  # fmt: skip
            else:
                key = self._construct(tag, event, frame.path, mark)
            if event.anchor is not None:
                self._anchor_open(event.anchor, mark)
                self.anchors[event.anchor] = _Anchor(key, 1, 0, slice(0, 0), (), raw)
        elif isinstance(event, yaml.AliasEvent):
            anchor = self._anchor(event, frame.path, mark)
            if anchor.raw is None:
                raise self.error(mark, "a key must be a plain word or text", frame.path)
            key, raw = anchor.value, anchor.raw
        else:
            raise self.error(mark, "a key must be a plain word or text", frame.path)
        if isinstance(key, bool):  # YAML 1.1 reads `no`/`yes`/`on` as booleans
            key = raw
        if not isinstance(key, (str, int)):
            key = str(key)
        child = (*frame.path, key)
        if key in frame.key_line:
            raise self.error(
                mark,
                f"duplicate key {key!r} (first at line {frame.key_line[key]})",
                child,
                "YAML keeps only the last one; remove or rename one of them",
            )
        frame.key_line[key] = mark.line + 1
        frame.key = key
        position = (mark.line + 1, mark.column + 1)  # _record, inline: once per key
        self.log.append((child, position, True))
        self.source.key_positions[child] = position

    def _thousands(self, frame: _Frame, mark: _Mark) -> None:
        """Refuse `{value: 4,000,000}`: in a {…} mapping commas separate entries, so the number
        is read as the value 4 and the keys 000 and 000 (a duplicate key, or an unknown field
        0), errors that say nothing of the thousands separators to be removed."""
        line = self.text.splitlines()[mark.line]
        after = line[mark.column + 3 :].lstrip()
        if not re.search(r"\d,$", line[: mark.column]) or not frame.value or after[:1] == ":":
            return  # `{a: 1,000}`, not `{a: 200,300: 1}` (a key 300 with its value)
        number = next(
            (m for m in _GROUPED_NUMBER.finditer(line) if m.start() < mark.column < m.end()),
            None,
        )
        if number is None:
            return
        digits = number[0].replace(",", "")
        opening, closing = line.rfind("{", 0, number.start()), line.find("}", number.end())
        if opening >= 0 and closing > 0:
            written = line[opening : number.start()] + digits + line[number.end() : closing + 1]
        else:
            written = f"{list(frame.value)[-1]}: {digits}"
        raise InputError(
            f"{number[0]} is not one number here: in {{…}}, a comma separates two entries",
            Location(self.file, mark.line + 1, number.start() + 1,
                     ".".join(str(p) for p in (*frame.path, list(frame.value)[-1]))),
            f"write the number without thousands separators: {written}",
        )  # fmt: skip

    def _tag(self, event: yaml.ScalarEvent) -> str:
        tag = event.tag
        if tag is not None and tag != "!":
            return str(tag)
        value = event.value
        # What PyYAML's resolver gives, without asking it for most values (it tries the
        # patterns of the value's first character in Python): a quoted or block scalar, or a
        # plain one whose first character starts no pattern, is text; a short plain value
        # (keys: fr, en, id…) is resolved once per process.
        first = _RESOLVED_FIRST
        if not event.implicit[0] or (value and first is not None and value[0] not in first):
            return _STR
        resolved = _RESOLVED.get(value)
        if resolved is None:
            resolved = str(self.constructor.resolve(yaml.ScalarNode, value, event.implicit))
            if len(value) <= 40 and len(_RESOLVED) < 10_000:
                _RESOLVED[value] = resolved
        return resolved

    def _construct(self, tag: str, event: yaml.ScalarEvent, path: PathKey, mark: _Mark) -> Any:
        value = event.value
        if tag == _STR:
            return value  # what the constructor returns for text, at a fraction of the cost
        if event.tag is None:  # resolved from its text, so the text is valid for the tag
            if tag == _INT and value.isdigit() and (value[0] != "0" or value == "0"):
                return int(value)  # a plain decimal (YAML 1.1 reads 012 as octal)
            if tag == _FLOAT and "_" not in value and ":" not in value and value[-1].isdigit():
                return float(value)  # 1.5, -2.5e3 (not .inf, .nan, 1_000.5 or 1:30.5)
            if tag == _NULL:
                return None
            if tag == _BOOL:
                return value.lower() in ("yes", "true", "on")
        # The node keeps its marks only to quote them in an error; the stubs want PyYAML's
        # Mark, and libyaml's has the same fields (name, line, column, get_snippet).
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)  # type: ignore[arg-type]
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise self.error(mark, f"cannot read this value: {exc}", path) from None
        except (ValueError, KeyError, TypeError) as exc:
            if tag == "tag:yaml.org,2002:timestamp":  # 2025-02-30, 2025-13-01
                raise self.error(
                    mark, f"{value!r} is not a date of the calendar ({exc})", path,
                    "write an existing date as YYYY-MM-DD",
                ) from None  # fmt: skip
            kind = tag.rsplit(":", 1)[-1]
            raise self.error(mark, f"{value!r} is not a valid {kind}", path) from None

    def _alias(self, event: yaml.AliasEvent, path: PathKey, mark: _Mark) -> None:
        """The anchored value again, as a copy with its positions; its size and depth count
        where it is used ("billion laughs": nine aliases of nine aliases of …)."""
        anchor = self._anchor(event, path, mark)
        depth = len(self.stack) + anchor.depth
        if depth > MAX_DEPTH:
            raise self.error(
                mark,
                f"nesting deeper than {MAX_DEPTH} levels once aliases are expanded",
                path,
            )
        self.total += anchor.size
        value = None  # past the limit: not built, the value containing it is refused
        if self.total <= MAX_NODES:
            value = copy.deepcopy(anchor.value)
            offset = len(anchor.path)
            for old, position, key in self.log[anchor.log]:
                self._log((*path, *old[offset:]), position, key)
            if path not in self.source.positions:  # an alias of a key's anchor
                self._record(path, mark, key=False)
        self._add(value, anchor.size, anchor.depth, None, path)

    def _anchor(self, event: yaml.AliasEvent, path: PathKey, mark: _Mark) -> _Anchor:
        if event.anchor not in self.anchors:
            raise self.error(
                mark,
                f"found undefined alias {event.anchor!r}",
                path,
                f"an alias (*{event.anchor}) repeats a value marked &{event.anchor} above it",
            )
        anchor = self.anchors[event.anchor]
        if anchor is None:  # an alias inside its own anchor: no end to its expansion
            raise self.error(
                mark,
                f"nesting deeper than {MAX_DEPTH} levels once aliases are expanded",
                path,
            )
        return anchor

    def _anchor_open(self, name: str | None, mark: _Mark) -> None:
        if name is None:
            return  # most values
        if name in self.anchors:
            raise InputError(
                f"YAML syntax: found duplicate anchor {name!r} "
                f"(first at line {self.anchor_lines[name]})",
                Location(self.file, mark.line + 1, mark.column + 1),
                "give each anchor (&name) its own name",
            )
        self.anchors[name] = None
        self.anchor_lines[name] = mark.line + 1

    def _close(self) -> None:
        frame = self.stack.pop()
        if frame.size > MAX_NODES:  # the innermost value over: the anchor that blows up
            raise InputError(
                f"this value expands to {frame.size:,} values, more than {MAX_NODES:,}",
                Location(self.file, frame.mark.line + 1, frame.mark.column + 1),
                "anchors and aliases (&x / *x) may be nested to blow up the file; "
                "write the values out instead",
            )
        log = slice(frame.log_start, len(self.log))
        self._add(frame.value, frame.size, frame.depth, frame.anchor, frame.path, log=log)

    def _add(
        self,
        value: Any,
        size: int,
        depth: int,
        anchor: str | None,
        path: PathKey,
        raw: str | None = None,
        log: slice | None = None,
    ) -> None:
        """Put a finished value in its parent (or make it the document)."""
        if anchor is not None:
            if log is None:  # a scalar: its own position, just logged
                log = slice(len(self.log) - 1, len(self.log))
            self.anchors[anchor] = _Anchor(value, size, depth, log, path, raw)
        if not self.stack:
            self.source.data = value
            return
        parent = self.stack[-1]
        parent.size += size
        if depth >= parent.depth:
            parent.depth = depth + 1
        if type(parent.value) is list:
            parent.value.append(value)
        else:
            parent.value[parent.key] = value
            parent.key = None

    def _record(self, path: PathKey, mark: _Mark, key: bool) -> None:
        self._log(path, (mark.line + 1, mark.column + 1), key)

    def _log(self, path: PathKey, position: tuple[int, int], key: bool) -> None:
        self.log.append((path, position, key))
        if key:
            self.source.key_positions[path] = position
        else:
            self.source.positions[path] = position


_GROUPED_NUMBER = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_STR, _INT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int"
_NULL, _BOOL = "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"
_FLOAT = "tag:yaml.org,2002:float"
_CLOSE = frozenset({yaml.MappingEndEvent, yaml.SequenceEndEvent})
_NODE = frozenset({yaml.ScalarEvent, yaml.AliasEvent, *_OPEN})
# The first characters for which PyYAML's implicit resolvers (SafeLoader's) try a pattern:
# a plain scalar starting with another is text. None when a resolver is tried whatever the
# first character (a None key): then every plain value goes to the resolver.
_RESOLVED_FIRST: frozenset[str] | None = (
    None
    if None in yaml.SafeLoader.yaml_implicit_resolvers
    else frozenset(yaml.SafeLoader.yaml_implicit_resolvers)
)
_RESOLVED: dict[str, str] = {}  # plain scalar -> its resolved tag (short values only)


def _check_shape(text: str, file: str) -> None:
    """Refuse a file with more than MAX_NODES nodes or nested deeper than MAX_DEPTH, at the
    first node over, reading only libyaml's events: ~0.2 s for 100,000, where building them
    (numbers are constructed by PyYAML's Python code) would take a second or more."""
    parser = _EventParser(text)
    nodes = depth = 0
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            if type(event) in _CLOSE:
                depth -= 1
            elif type(event) in _NODE:
                nodes += 1
                if nodes > MAX_NODES:
                    raise _too_many(_start(event), file)
                if type(event) in _OPEN:
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise _too_deep(_start(event), file)
    finally:
        parser.dispose()


_TOO_DEEP_HINT = (
    "a compact or report nests a few levels deep; look for a bracket or an indentation that runs on"
)


def _too_deep(mark: _Mark, file: str) -> InputError:
    return _too_deep_at(mark.line + 1, mark.column + 1, file)


def _too_deep_at(line: int | None, column: int | None, file: str) -> InputError:
    return InputError(
        f"nesting deeper than {MAX_DEPTH} levels", Location(file, line, column), _TOO_DEEP_HINT
    )


def _too_many(mark: _Mark, file: str) -> InputError:
    return InputError(
        f"the document has more than {MAX_NODES:,} values",
        Location(file, mark.line + 1, mark.column + 1),
        "a compact or report this large is not plausible; is it the right file?",
    )


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
    _forbidden_character(text, file)
    try:
        return _Builder(text, file).build()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or str(exc)
        if "nesting depth" in problem:
            # libyaml has its own limit (1,000 levels since PyYAML 6.0.4), met before ours
            # when its scanner reads ahead: the same fault, said the same way.
            raise _too_deep_at(line, column, file) from None
        hint = ""
        # Parsers word tab errors differently ("found character '\\t' …", "found a tab
        # character …", or nothing about tabs), so the old test for "tab" in the message never
        # fired: look at the line itself.
        lines = text.splitlines()
        if line is not None and line <= len(lines) and "\t" in lines[line - 1]:
            hint = f"line {line} has a tab; YAML indents with spaces only"
        elif line is not None and (opened := _unclosed_quote(lines, line)):
            # A quote left open runs on, through the next keys, to wherever a quote closes
            # it; libyaml then stops there, lines below the real mistake.
            hint = f"line {opened} opens a quote that it does not close; is one missing there?"
        elif line is not None:
            context = exc.context_mark.line + 1 if exc.context_mark else None
            hint = _layout_hint(lines, line, column, context)
        raise InputError(f"YAML syntax: {problem}", Location(file, line, column), hint) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML syntax: {exc}", Location(file)) from None


_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s"'#][^:#]*:\s+)?(["'])(.*)$""")


def _unclosed_quote(lines: list[str], error_line: int) -> int | None:
    """The nearest line above `error_line` whose quoted value does not close on it."""
    for number in range(min(error_line, len(lines)) - 1, 0, -1):
        match = _QUOTED_VALUE.match(lines[number - 1])
        if not match:
            continue
        quote, rest = match[1], match[2]
        if quote == '"':
            closes = re.search(r'(?<!\\)(?:\\\\)*"', rest)
        else:
            closes = re.search(r"'(?!')", rest.replace("''", ""))
        return None if closes else number
    return None


# ---------------------------------------------------------------- layout hints
#
# libyaml says where it stopped and what it expected ("mapping values are not allowed in this
# context", "did not find expected key"), in words that differ between versions and that say
# nothing of the usual cause: a line indented one space off, a value on a key's line with a
# block under it, a key without its colon. The hints below are found in the text around the
# error, never in libyaml's words.

_KEY_LINE = re.compile(
    r"(?P<key>[^\s#\[\]{},\"'|>][^#]*?|\"[^\"]*\"|'[^']*')\s*:(?:\s+(?P<value>.*))?$"
)
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*\s*(#.*)?")


@dataclass(frozen=True)
class _Line:
    """A line of a block mapping or list: where its key or item starts, and its value."""

    number: int
    indent: int  # where the line starts: its key, or its first '-'
    content: int  # where its key starts (after the '-' of an item): its mapping's column
    key: str | None  # "date" for `date: 2022-12-01`, None for an item without key
    value: str  # what follows `key:` (or `- `) on the line, comments left out
    item: bool  # starts with '- '


def _structure(lines: list[str]) -> dict[int, _Line]:
    """The lines that are keys or list items, by number; block scalars' text, comments,
    blank lines and the continuation lines of a text are left out."""
    found: dict[int, _Line] = {}
    block_above: int | None = None  # the indentation of a `key: |` whose text this may be
    block: int | None = None  # the indentation of that text, set by its first line
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        indent = len(raw) - len(raw.lstrip(" "))
        if block_above is not None:
            if not stripped or indent >= (block if block is not None else block_above + 1):
                block = indent if block is None and stripped else block
                continue
            block_above = block = None
        if not stripped or stripped.startswith("#"):
            continue
        rest, content, item = raw[indent:], indent, False
        while rest == "-" or rest.startswith("- "):
            item = True
            after = rest[1:]
            content += 1 + len(after) - len(after.lstrip(" "))
            rest = after.lstrip(" ")
        match = _KEY_LINE.match(rest)
        key = match["key"] if match else None
        value = (match["value"] or "") if match else rest
        value = re.sub(r"\s+#.*$", "", value).strip()
        if key is None and not item:
            continue  # a text's continuation, or a line that is not YAML
        if _BLOCK_SCALAR.fullmatch(value):
            block_above = indent
        found[number] = _Line(number, indent, content, key, value, item)
    return found


def _layout_hint(
    lines: list[str], line: int, column: int | None, context_line: int | None = None
) -> str:
    """What is likely wrong with the layout around a syntax error at `line` (1-based), in
    the words of someone who edits YAML; "" when the text shows nothing wrong."""
    structure = _structure(lines)
    return (
        _colon_in_value(structure, line, column)
        or _indentation(lines, structure, line)
        or _missing_colon(lines, structure, [n for n in (context_line, line - 1, line) if n])
    )


def _colon_in_value(structure: dict[int, _Line], line: int, column: int | None) -> str:
    """`title: Note: the text` — the second ': ' makes another key."""
    here = structure.get(line)
    if here is None or here.key is None or column is None or not here.value:
        return ""
    if column - 1 <= here.content + len(here.key):  # the error is at the key's own colon
        return ""
    return (
        f"the value of `{here.key}:` on line {line} contains ': ', which YAML reads as the "
        f'start of another key; put the value in quotes: {here.key}: "{here.value}"'
    )


def _indentation(lines: list[str], structure: dict[int, _Line], line: int) -> str:
    here = structure.get(line)
    above = [s for n, s in structure.items() if n < line]
    if here is None or not above:
        return ""
    previous = above[-1]
    if here.indent > previous.content and (not previous.value or previous.key is None):
        return ""  # the first line of the block a `key:` or a `-` opens: any indentation
    levels = _levels(above)
    step = _step(structure, line)
    if (
        here.indent > previous.content
        and previous.value
        and not previous.value.startswith(("{", "["))
        and previous.key is not None
        and here.indent - previous.content >= step
    ):
        what = f"line `{here.key}:` up with `{previous.key}:`" if here.key else "write the "
        if not here.key:
            what += f"value of `{previous.key}:` on the lines below it, alone"
        return (
            f"line {line} is indented under `{previous.key}:` on line {previous.number}, "
            f"which already has a value on its line: a value after `{previous.key}:` on the "
            f"same line cannot be followed by an indented block; {what}, or, if line {line} "
            "continues the text, put the whole text in quotes"
        )
    if here.indent in levels:
        return ""
    lower = [level for level in levels if level < here.indent]
    higher = [level for level in levels if level > here.indent]
    around = " or ".join(str(n) for n in [*lower[-1:], *higher[:1]])
    spaces = f"{here.indent} space{'s' if here.indent != 1 else ''}"
    if here.item:
        return (
            f"line {line} is indented {spaces}; the lines around it are at {around}: the "
            "'-' of the items of one list line up"
        )
    return (
        f"line {line} is indented {spaces}; the keys around it are at {around}: keys of one "
        "mapping line up"
    )


def _levels(above: list[_Line]) -> list[int]:
    """The columns a line may start at after the lines `above`: those of the keys and items
    that enclose the last line, and its own."""
    levels: set[int] = set()
    limit = above[-1].indent + 1
    for entry in reversed(above):
        if entry.indent < limit:
            levels.update({entry.indent, entry.content})
            limit = entry.indent
            if limit == 0:
                break
    return sorted(levels)


def _step(structure: dict[int, _Line], wrong: int) -> int:
    """The file's usual indentation step (2 in most files), the wrong line left out."""
    steps: dict[int, int] = {}
    previous: _Line | None = None
    for number, entry in structure.items():
        if number != wrong:
            if previous is not None and entry.indent > previous.content:
                step = entry.indent - previous.content
                steps[step] = steps.get(step, 0) + 1
            previous = entry
    return max(steps, key=lambda s: (steps[s], -s)) if steps else 2


def _missing_colon(lines: list[str], structure: dict[int, _Line], candidates: list[int]) -> str:
    """A line where a key goes, with no `key:` (`place Abidjan`, `place:Abidjan`)."""
    for number in dict.fromkeys(candidates):
        if not 1 <= number <= len(lines) or number in structure:
            continue
        text = lines[number - 1]
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(text) - len(text.lstrip(" "))
        above = [s for n, s in structure.items() if n < number]
        if not above or indent not in _levels(above):
            continue  # not where a key goes: the continuation of a text, most likely
        first = stripped.split()[0]
        if re.match(r"[^\s:]+:\S", stripped):
            key, _, value = stripped.partition(":")
            return (
                f"line {number} has no space after the ':' of its key; YAML needs one: "
                f"{key}: {value}"
            )
        return (
            f"line {number}, `{stripped[:40]}`, is where a key goes but has no `key:`; is "
            f"the ':' after `{first}` missing? A line that continues the text above it is "
            "indented more than its key"
        )
    return ""


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
