"""Template parity: `templates/fr/*.j2` and `templates/en/*.j2` must build the same document.

The two templates differ in their words and nothing else: the same blocks, the same values
printed, the same loops and conditions, the same macro calls, the same structure of headings,
roles (`{.preamble}`), lists, page breaks and containers. We parse both with Jinja and reduce
each to a sequence of structural events — `for objective in compact.objectives`,
`print compact.title|t`, `heading #`, `role .objective` — with the language taken out:
string constants are prose (`"ENTRE"` / `"BETWEEN"`) unless they are identifiers used as keys
(`key == "goal"`), and `.fr` / `.en` are the same attribute. Then a sequence diff shows where
they part, naming both files and lines.

Filters are compared separately, as a warning: "1er objectif" needs `| ordinal` in French where
English writes "Objective 1".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cpc_docs.checks.rules import severity
from cpc_docs.errors import Location
from cpc_docs.findings import Finding

if TYPE_CHECKING:  # annotations only: at run time, the functions import jinja2 as they run
    from jinja2 import nodes as n

_OPERATORS = {"eq": "==", "ne": "!=", "lt": "<", "gt": ">", "lteq": "<=", "gteq": ">=",
              "in": "in", "notin": "not in"}  # fmt: skip
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_.-]*$")
_LANG_NAME = re.compile(r"(?:(?<=_)|^)(fr|en)(?=_|$)")
_MARKERS = (
    (
        re.compile(r"^(#{1,6})\s+(?:((?:[IVXLC]+|\d+|[A-Z])(?:\.(?:[A-Z]|\d+))*)[.:)\s])?"),
        "heading",
    ),
    (re.compile(r"^\{(\.[\w-]+)"), "role"),
    (re.compile(r"^\{(#[\w-]+)\}"), "anchor"),
    (re.compile(r"^(---)\s*$"), "break"),
    (re.compile(r"^(:::)\s*([\w-]*)"), "container"),
    (re.compile(r"^\s*([-*+])\s"), "item"),
    (re.compile(r"^\s*(\d+)[.)]\s"), "numbered"),
    (re.compile(r"^([a-z_][a-z0-9_]*):(?:\s|$)"), "key"),
)


@dataclass(frozen=True)
class Event:
    kind: str
    detail: str  # compared
    filtered: str  # the detail with filters, compared for the warning
    line: int
    shown: str  # what a person reads in a message


def _neutral(name: str) -> str:
    return _LANG_NAME.sub("LANG", name)


class _Canon:
    """Expressions as text, with the language taken out."""

    def __init__(self, filters: bool) -> None:
        self.filters = filters

    def __call__(self, node: object, key: bool = False) -> str:
        from jinja2 import nodes as n

        c = self
        if isinstance(node, n.Name):
            return _neutral(node.name)
        if isinstance(node, n.Const):
            value = node.value
            if isinstance(value, str):
                if value in ("fr", "en"):
                    return "LANG"
                return repr(value) if key and _IDENTIFIER.match(value) else "STR"
            return repr(value)
        if isinstance(node, n.TemplateData):
            return "STR"
        if isinstance(node, n.Getattr):
            return f"{c(node.node)}.{_neutral(node.attr)}"
        if isinstance(node, n.Getitem):
            return f"{c(node.node)}[{c(node.arg, key=True)}]"
        if isinstance(node, n.Slice):
            parts = [c(x) if x is not None else "" for x in (node.start, node.stop, node.step)]
            return ":".join(parts)
        if isinstance(node, n.Filter):
            inner = c(node.node) if node.node is not None else ""
            if not self.filters:
                return inner
            return f"{inner}|{node.name}({self._args(node)})"
        if isinstance(node, n.Test):
            return f"{c(node.node)} is {node.name}({self._args(node)})"
        if isinstance(node, n.Call):
            return f"{c(node.node)}({self._args(node)})"
        if isinstance(node, n.Compare):
            keyish = isinstance(node.expr, (n.Name, n.Getattr, n.Getitem))
            text = c(node.expr, key=keyish)
            for op in node.ops:
                text += f" {_OPERATORS.get(op.op, op.op)} {c(op.expr, key=keyish)}"
            return text
        if isinstance(node, n.BinExpr):
            return f"({c(node.left)} {node.operator} {c(node.right)})"
        if isinstance(node, n.UnaryExpr):
            return f"{node.operator} {c(node.node)}"
        if isinstance(node, n.CondExpr):
            other = c(node.expr2) if node.expr2 is not None else ""
            return f"({c(node.expr1)} if {c(node.test)} else {other})"
        if isinstance(node, (n.Tuple, n.List)):
            return "[" + ", ".join(c(x) for x in node.items) + "]"
        if isinstance(node, n.Dict):
            return "{" + ", ".join(f"{c(p.key, key=True)}: {c(p.value)}" for p in node.items) + "}"
        if isinstance(node, n.Concat):
            return " ~ ".join(c(x) for x in node.nodes)
        if isinstance(node, n.Keyword):
            return f"{node.key}={c(node.value)}"
        return type(node).__name__

    def _args(self, node: n.Filter | n.Test | n.Call) -> str:
        args = [self(a) for a in node.args]
        args += [f"{k.key}={self(k.value)}" for k in node.kwargs]
        return ", ".join(args)


_loose, _strict = _Canon(False), _Canon(True)


def _events(template: n.Template) -> list[Event]:
    from jinja2 import nodes as n

    events: list[Event] = []
    at_line_start = True

    def add(kind: str, node: object, expr: object = None, label: str = "") -> None:
        detail = label or (_loose(expr) if expr is not None else "")
        filtered = label or (_strict(expr) if expr is not None else "")
        shown = f"{kind} {filtered}".strip()
        events.append(Event(kind, detail, filtered, getattr(node, "lineno", 0) or 0, shown))

    def data(text: str, line: int) -> None:
        nonlocal at_line_start
        lines = text.split("\n")
        for i, piece in enumerate(lines):
            if i > 0 or at_line_start:
                for pattern, kind in _MARKERS:
                    m = pattern.match(piece)
                    if m:
                        label = " ".join(g for g in m.groups() if g)
                        events.append(Event(kind, label, label, line + i, f"{kind} {label}"))
                        break
        at_line_start = text.endswith("\n") or (at_line_start and text == "")

    def visit(node: n.Node) -> None:
        nonlocal at_line_start
        if isinstance(node, n.Output):
            for printed in node.nodes:
                if isinstance(printed, n.TemplateData):
                    data(printed.data, printed.lineno)
                else:
                    add("print", printed, printed)
                    at_line_start = False
            return
        if isinstance(node, n.For):
            add("for", node, label=f"{_loose(node.target)} in {_loose(node.iter)}"
                + (f" if {_loose(node.test)}" if node.test is not None else ""))  # fmt: skip
            events[-1] = Event("for", events[-1].detail,
                               f"{_strict(node.target)} in {_strict(node.iter)}",
                               events[-1].line, events[-1].shown)  # fmt: skip
            for child in node.body:
                visit(child)
            if node.else_:
                add("else", node, label="for-else")
                for child in node.else_:
                    visit(child)
            add("endfor", node, label="endfor")
            return
        if isinstance(node, n.If):
            add("if", node, node.test)
            for child in node.body:
                visit(child)
            for elif_ in node.elif_:
                add("elif", elif_, elif_.test)
                for child in elif_.body:
                    visit(child)
            if node.else_:
                add("else", node, label="else")
                for child in node.else_:
                    visit(child)
            add("endif", node, label="endif")
            return
        if isinstance(node, n.Macro):
            args = ", ".join(a.name for a in node.args)
            add("macro", node, label=f"{node.name}({args})")
            for child in node.body:
                visit(child)
            add("endmacro", node, label="endmacro")
            return
        if isinstance(node, n.CallBlock):
            add("call", node, node.call)
            for child in node.body:
                visit(child)
            add("endcall", node, label="endcall")
            return
        if isinstance(node, n.Block):
            add("block", node, label=node.name)
            for child in node.body:
                visit(child)
            add("endblock", node, label=node.name)
            return
        if isinstance(node, n.Assign):
            add("set", node, label=f"{_loose(node.target)} = {_loose(node.node)}")
            return
        if isinstance(node, n.AssignBlock):
            add("set", node, label=f"{_loose(node.target)} (block)")
            for child in node.body:
                visit(child)
            return
        if isinstance(node, n.Extends):
            add("extends", node, node.template)
            return
        if isinstance(node, n.Include):
            add("include", node, node.template)
            return
        if isinstance(node, (n.Import, n.FromImport)):
            add("import", node, node.template)
            return
        if isinstance(node, n.ExprStmt):
            add("do", node, node.node)
            return
        if isinstance(node, (n.With, n.Scope, n.ScopedEvalContextModifier, n.FilterBlock)):
            add(type(node).__name__.lower(), node)
            for child in node.body:
                visit(child)
            return
        for child in node.iter_child_nodes():
            visit(child)

    for child in template.body:
        visit(child)
    return events


def parse(path: Path) -> list[Event]:
    """The structural events of a template; raises TemplateSyntaxError."""
    from jinja2 import Environment

    env = Environment(extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
    return _events(env.parse(path.read_text(encoding="utf-8"), name=path.name))


def _finding(rule: str, message: str, file: str, line: int, path: str = "") -> Finding:
    return Finding(rule, severity(rule), message, Location(file, line or 1, 1, path))


def _path(name: str, event: Event | None) -> str:
    """A waiver-friendly path: the template's name and the construct, not its line."""
    return f"{name}#{event.kind} {event.detail}".strip() if event else name


def compare(fr_path: Path, en_path: Path, limit: int = 20) -> Iterator[Finding]:
    """Findings on one pair of templates."""
    from jinja2 import TemplateSyntaxError

    events: dict[str, list[Event]] = {}
    for lang, path in (("fr", fr_path), ("en", en_path)):
        try:
            events[lang] = parse(path)
        except TemplateSyntaxError as exc:
            yield Finding("input", "error", f"template syntax: {exc.message}",
                          Location(str(path), exc.lineno or 1, 1, ""))  # fmt: skip
        except (OSError, UnicodeDecodeError) as exc:
            yield Finding("input", "error", f"cannot read: {exc}", Location(str(path)))
    if len(events) < 2:
        return
    fr, en = events["fr"], events["en"]
    matcher = difflib.SequenceMatcher(
        None, [(e.kind, e.detail) for e in fr], [(e.kind, e.detail) for e in en], autojunk=False
    )
    count = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for a, b in zip(fr[i1:i2], en[j1:j2], strict=True):
                if a.filtered != b.filtered and count < limit:
                    count += 1
                    yield _finding(
                        "template-filters",
                        f"{fr_path}:{a.line} has `{a.shown}` where {en_path}:{b.line} has "
                        f"`{b.shown}`",
                        str(fr_path), a.line, _path(fr_path.name, a),
                    )  # fmt: skip
            continue
        if count >= limit:
            break
        count += 1
        left = "; ".join(f"`{e.shown}`" for e in fr[i1:i2][:3]) or "nothing"
        right = "; ".join(f"`{e.shown}`" for e in en[j1:j2][:3]) or "nothing"
        fr_line = fr[i1].line if i1 < len(fr) else (fr[-1].line if fr else 1)
        en_line = en[j1].line if j1 < len(en) else (en[-1].line if en else 1)
        more = ""
        if i2 - i1 > 3 or j2 - j1 > 3:
            more = f" (and {max(i2 - i1, j2 - j1) - 3} more)"
        yield _finding(
            "template-parity",
            f"{fr_path}:{fr_line} has {left} where {en_path}:{en_line} has {right}{more}",
            str(fr_path), fr_line,
            _path(fr_path.name, fr[i1] if i1 < len(fr) else (en[j1] if j1 < len(en) else None)),
        )  # fmt: skip


def template_files(folder: Path) -> dict[str, Path]:
    """The templates of one language folder, by path relative to it."""
    return {
        p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*.j2")) if p.is_file()
    }


def check_folders(fr_dir: Path, en_dir: Path) -> tuple[list[Finding], int]:
    """Compare two language folders; return the findings and the number of files read."""
    fr_files, en_files = template_files(fr_dir), template_files(en_dir)
    findings: list[Finding] = []
    for name in sorted(set(fr_files) | set(en_files)):
        if name not in en_files:
            findings.append(_finding(
                "template-parity",
                f"{fr_files[name]} has no English counterpart {en_dir / name}",
                str(fr_files[name]), 1, name,
            ))  # fmt: skip
        elif name not in fr_files:
            findings.append(_finding(
                "template-parity",
                f"{en_files[name]} has no French counterpart {fr_dir / name}",
                str(en_files[name]), 1, name,
            ))  # fmt: skip
        else:
            findings.extend(compare(fr_files[name], en_files[name]))
    return findings, len(fr_files) + len(en_files)
