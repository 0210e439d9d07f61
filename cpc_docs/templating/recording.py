"""Rendering a template while recording where each line of its markup came from.

The markup a template renders is parsed into the document tree; a message about a node that
named a line of that markup pointed at a file no user can open. So while a template renders
we note, for each line of its output, the template line that printed it, and the compact's
fields whose texts it prints (templating.origins carries the result to the parser).

How: Jinja compiles a template to a Python generator yielding its output piece by piece, and
keeps a table from the generator's lines to the template's (its debug information). After
each piece, the generator's current line says which template line printed it. A macro's or an
include's output comes back whole, at the line that called it. Two things Jinja does not give
are added here: a line for its constant text (`_LineCodeGenerator`), and the texts the filters
printed (`printed`, called by the `t` and `prose` filters).
"""

from __future__ import annotations

import bisect
import os
import weakref
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from types import CodeType, GeneratorType
from typing import Any, cast

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame

from cpc_docs.model.compact import BiText
from cpc_docs.present.fields import TextFields
from cpc_docs.present.prose import Resolver, escape_markdown
from cpc_docs.templating.origins import FieldSpan, Origins


@dataclass(frozen=True)
class Rendered:
    """A template's markup and where each of its lines came from."""

    text: str
    origins: Origins


class LineCodeGenerator(CodeGenerator):
    """Jinja's code generator, but each line of a template's constant text is yielded on its
    own, with its template line in the debug information.

    Jinja records a line only for what it evaluates: constant text ("---", "{.parties}",
    "Activités illustratives :") was yielded in one piece with the text around it, at no line
    of its own, so it was taken for the last expression before it, often a line of the loop
    above. The output is the same text, in more pieces.
    """

    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
        for child in node.nodes:
            parts: list[nodes.Expr] = [child]
            if isinstance(child, nodes.TemplateData) and "\n" in child.data[:-1]:
                parts = [
                    nodes.TemplateData(text, lineno=child.lineno + index)
                    for index, text in enumerate(child.data.splitlines(keepends=True))
                ]
            for part in parts:
                self.newline(part)
                super().visit_Output(nodes.Output([part], lineno=part.lineno), frame)


# The texts the filters printed since the renderer last looked (the text, what was printed,
# whether printing escapes it): a list only while `record` renders a template whose context
# knows where the compact's texts were written.
_PRINTED: ContextVar[list[tuple[BiText, str, bool]] | None] = ContextVar("printed", default=None)


def printed(text: BiText, output: str, escaped: bool) -> None:
    """Note that a filter printed `text` as `output` (`escaped`: printing escapes it)."""
    notes = _PRINTED.get()
    if notes is not None:
        notes.append((text, output, escaped))


def record(template: jinja2.Template, context: dict[str, Any], lang: str) -> Rendered:
    """Render `template` as Template.render does, noting the origin of each line of its output.

    A markup line's template line is the one that printed its first visible character. A text
    the filters noted, found in the piece that follows, gives its lines its YAML field.
    """
    # Compiled templates are generator functions, typed as returning any iterator.
    generator = cast(
        "GeneratorType[str, None, None]",
        template.root_render_func(template.new_context(dict(context))),
    )
    table = _line_table(template)
    resolver = context.get("resolver")
    fields = resolver.fields if isinstance(resolver, Resolver) else None
    notes: list[tuple[BiText, str, bool]] | None = [] if fields is not None else None
    spans: list[FieldSpan] = []
    pieces: list[str] = []
    lines: list[int | None] = []  # the template line of each markup line already ended
    current: int | None = None  # the current markup line's template line so far
    visible = False  # whether the current markup line has a visible character yet
    token = _PRINTED.set(notes)
    try:
        for piece in generator:
            frame = generator.gi_frame
            assert frame is not None  # a generator that has just yielded
            line = table.known.get(frame.f_lasti) or table.line(frame.f_lasti)
            start = len(lines) + 1
            if "\n" not in piece:
                if not visible and (current is None or piece.strip()):
                    current, visible = line, bool(piece.strip())
            else:
                first, *rest = piece.split("\n")
                if not visible and (current is None or first.strip()):
                    current = line
                for text in rest:
                    lines.append(current)
                    current, visible = line, bool(text.strip())
            if notes:
                assert fields is not None
                spans.extend(_spans(notes, piece, start, fields, lang))
                notes.clear()
            pieces.append(piece)
    finally:
        _PRINTED.reset(token)
    lines.append(current)
    return Rendered(
        template.environment.concat(pieces),
        Origins(_shown(template.filename or template.name or "?"), tuple(lines), tuple(spans)),
    )


class _LineTable:
    """The template line of each place a compiled template's function yields, by bytecode
    offset (the frame's `f_lasti`).

    Not the frame's `f_lineno`: it decodes the line table of the whole template's function
    from its start at each call, which made recording cost as much as rendering. Here the line
    table is read once (`co_lines`), and each place that yields is looked up once.
    """

    def __init__(self, template: jinja2.Template) -> None:
        self.starts: list[int] = []
        self.code_lines: list[int] = []  # a range without a line has the line before it
        for start, _end, code_line in template.root_render_func.__code__.co_lines():
            self.starts.append(start)
            self.code_lines.append(code_line or (self.code_lines[-1] if self.code_lines else 0))
        debug = template.debug_info  # (template line, code line), code lines ascending
        self.debug_code = [code for _line, code in debug]
        self.debug_template = [line for line, _code in debug]
        self.known: dict[int, int] = {}

    def line(self, offset: int) -> int:
        at = bisect.bisect_right(self.starts, offset) - 1
        index = bisect.bisect_right(self.debug_code, self.code_lines[at] if at >= 0 else 0) - 1
        line = self.known[offset] = self.debug_template[index] if index >= 0 else 1
        return line


_TABLES: weakref.WeakKeyDictionary[CodeType, _LineTable] = weakref.WeakKeyDictionary()


def _line_table(template: jinja2.Template) -> _LineTable:
    """The template's line table, made once per compiled template."""
    code = template.root_render_func.__code__
    table = _TABLES.get(code)
    if table is None:
        table = _TABLES[code] = _LineTable(template)
    return table


def _spans(
    notes: list[tuple[BiText, str, bool]],
    piece: str,
    start: int,
    fields: TextFields,
    lang: str,
) -> Iterator[FieldSpan]:
    """The lines of `piece` (its first is markup line `start`) that print each noted text. A
    text printed through another filter (`| upper`) is found without case; a text not in the
    piece (noted by a `{% set %}`, printed later or never) is left out rather than guessed."""
    lowered: str | None = None
    for text, output, escaped in notes:
        shown = escape_markdown(output) if escaped else output
        if not shown:
            continue
        at = piece.find(shown)
        if at < 0:
            lowered = piece.lower() if lowered is None else lowered
            at = lowered.find(shown.lower())
        if at < 0:
            continue
        where = fields.locate(text, lang)
        if where is not None:
            first = start + piece.count("\n", 0, at)
            yield FieldSpan(first, first + shown.count("\n"), len(shown), where)


def _shown(filename: str) -> str:
    """A template's file as its user opens it: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(filename)
    except ValueError:  # another drive (Windows)
        return filename
    return filename if relative.startswith("..") else relative
