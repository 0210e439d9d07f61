"""Writing YAML by hand, so generated files can carry comments: the one writer of the files
`cpc new` and `cpc report draft` write.

PyYAML's dumper drops comments, and those files are meant to be filled in by people, with
guidance next to each value: how to negotiate a standard section, what a field means, what is
left to do. Both build their data first as plain Python values, with the comments and the
layout by path (`Draft`), and `write_yaml` writes it, every value through `scalar`, so what
they write reads back as the same data (tested with arbitrary strings).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from cpc_docs.load.yamlsource import PathKey
from cpc_docs.model.compact import is_bitext

# What YAML does not take raw in a file (PyYAML's reader), or reads as a line break.
UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
    "|[\x09\x0a\x0d\u2028\u2029\ufeff]"
)
_PLAIN = re.compile(r"[^\W_][\w .'’()/&@+-]*")
_YAML_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false", "null", "~"}


def scalar(value: Any) -> str:
    """A YAML scalar: plain when YAML reads it back unchanged, else a JSON string (valid YAML)
    with the characters YAML would not take raw escaped."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return "null"
    text = str(value)
    if plain(text):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    # JSON leaves these raw; YAML reads them as line breaks or refuses them: escape them.
    return UNPRINTABLE.sub(lambda match: f"\\u{ord(match[0]):04x}", quoted)


def plain(text: str) -> bool:
    """A string YAML reads back as the same string without quotes, in block and flow style."""
    if not _PLAIN.fullmatch(text) or text != text.strip() or text.lower() in _YAML_WORDS:
        return False
    try:
        return yaml.safe_load(f"{{k: {text}}}") == {"k": text}
    except yaml.YAMLError:
        return False


# ---------------------------------------------------------------- data with comments

WIDTH = 92  # the compacts' line width (see compacts/civ-2022.yaml)


@dataclass(frozen=True)
class Comment:
    """A comment in the written file: prose (wrapped to the width) or YAML lines verbatim."""

    text: str = ""
    example: tuple[str, ...] = ()


@dataclass
class Draft:
    """Data to write as YAML, with the comments and the layout to write it with, by path.

    The data is built first as plain Python values, then written with its comments: a test
    reads the text back and compares it with `data`, so the writer cannot drift from the data.
    `width`: the line width that long prose is folded to and long texts are broken at; None
    keeps every value on its line (a report draft carries earlier texts as they were).
    """

    data: dict[str, Any]
    before: dict[PathKey, list[Comment]] = field(default_factory=dict)
    after: dict[PathKey, list[Comment]] = field(default_factory=dict)
    # "key: value  # …"; a mapping in a list has its comment on its first key's path.
    inline: dict[PathKey, str] = field(default_factory=dict)
    flow: set[PathKey] = field(default_factory=set)  # mappings written on one line
    block: set[PathKey] = field(default_factory=set)  # texts written one language a line
    joined: set[PathKey] = field(default_factory=set)  # top-level keys with no blank line before
    width: int | None = WIDTH

    def note(self, path: PathKey, text: str = "", *example: str) -> None:
        self.before.setdefault(path, []).append(Comment(text, tuple(example)))

    def note_after(self, path: PathKey, text: str = "", *example: str) -> None:
        self.after.setdefault(path, []).append(Comment(text, tuple(example)))

    def note_inline(self, path: PathKey, text: str) -> None:
        self.inline[path] = text

    def fits(self, line: str) -> bool:
        return self.width is None or len(line) <= self.width


def write_yaml(draft: Draft, header: Iterable[Comment] = ()) -> str:
    """The YAML text of `draft`: the header's comments, then each top-level key after a blank
    line, each value with its comments."""
    lines: list[str] = []
    for index, comment in enumerate(header):
        if index:
            lines.append("#")
        lines.extend(_comment_lines(draft, comment, 0))
    for key, value in draft.data.items():
        if lines and (key,) not in draft.joined:
            lines.append("")
        lines.extend(_field(draft, (key,), key, value, 0))
    return "\n".join(lines) + "\n"


def flow(mapping: dict[Any, Any]) -> str:
    """A mapping on one line: {fr: …, en: …}."""
    return "{" + ", ".join(f"{key}: {scalar(value)}" for key, value in mapping.items()) + "}"


def example_bitext(texts: dict[str, str], first: str) -> list[str]:
    """A text's languages as YAML lines for an example in a comment, the first line opening
    with `first` ("- ", "    "), the others aligned under it."""
    out = []
    for index, (lang, text) in enumerate(texts.items()):
        prefix = first if index == 0 else " " * len(first)
        out.append(f"{prefix}{lang}: {scalar(text)}")
    return out


def _comments(
    draft: Draft, table: dict[PathKey, list[Comment]], path: PathKey, indent: int
) -> list[str]:
    out: list[str] = []
    for comment in table.get(path, []):
        out.extend(_comment_lines(draft, comment, indent))
    return out


def _comment_lines(draft: Draft, comment: Comment, indent: int) -> list[str]:
    pad = " " * indent
    out = []
    if comment.text:
        for line in _wrap(draft, comment.text, indent):
            out.append(f"{pad}# {line}")
    # Examples keep "# " only, so that an editor's "uncomment" restores their indentation.
    out.extend(f"{pad}# {line}" for line in comment.example)
    return out


def _wrap(draft: Draft, text: str, indent: int) -> list[str]:
    if draft.width is None:
        return [text]
    return textwrap.wrap(
        text, draft.width - indent - 2, break_long_words=False, break_on_hyphens=False
    )


def _with_inline(draft: Draft, path: PathKey, lines: list[str]) -> list[str]:
    """The value's first line with its inline comment, if it has one."""
    comment = draft.inline.get(path)
    if comment is None:
        return lines
    return [f"{lines[0]}  # {comment}", *lines[1:]]


def _field(draft: Draft, path: PathKey, key: str | int, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    head = f"{pad}{key}:"
    lines = _value(draft, path, head, value, indent)
    return [
        *_comments(draft, draft.before, path, indent),
        *_with_inline(draft, path, lines[:1]),
        *lines[1:],
        *_comments(draft, draft.after, path, indent),
    ]


def _value(draft: Draft, path: PathKey, head: str, value: Any, indent: int) -> list[str]:
    """`head` (`key:`) and the value, without the value's own comments."""
    pad = " " * indent
    if isinstance(value, str):
        return _string(draft, head, value, indent)
    if is_bitext(value) or (path in draft.flow and isinstance(value, dict)):
        one = f"{head} {flow(value) if value else '{}'}"
        if not is_bitext(value) or (path not in draft.block and draft.fits(one)):
            return [one]
        lines = [head]
        for lang, text in value.items():
            lines.extend(_string(draft, f"{pad}  {lang}:", text, indent + 2))
        return lines
    if isinstance(value, dict):
        lines = [head]
        for child, item in value.items():
            lines.extend(_field(draft, (*path, child), child, item, indent + 2))
        return lines
    if isinstance(value, list):
        one = f"{head} [" + ", ".join(scalar(item) for item in value) + "]"
        if _all_scalars(value) and not _commented(draft, path, len(value)) and draft.fits(one):
            return [one]
        lines = [head]
        for index, item in enumerate(value):
            lines.extend(_item(draft, (*path, index), item, indent + 2))
        return lines
    return [f"{head} {scalar(value)}"]


def _item(draft: Draft, path: PathKey, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    before = _comments(draft, draft.before, path, indent)
    after = _comments(draft, draft.after, path, indent)
    block_bitext = is_bitext(value) and (
        path in draft.block or not draft.fits(f"{pad}- {flow(value)}")
    )
    if (isinstance(value, dict) and value and not is_bitext(value)) or block_bitext:
        body: list[str] = []
        for child, item in value.items():
            body.extend(_field(draft, (*path, child), child, item, indent + 2))
        # The first key goes on the dash's line ("- id: …"), unless a comment comes first.
        first = next(i for i, line in enumerate(body) if not line.lstrip().startswith("#"))
        if first == 0:
            body[0] = f"{pad}- {body[0][indent + 2 :]}"
        else:
            body.insert(0, f"{pad}-")
        return [*before, *body, *after]
    if isinstance(value, dict):
        lines = [f"{pad}- {flow(value) if value else '{}'}"]
    elif isinstance(value, str):
        lines = _string(draft, f"{pad}-", value, indent)
    else:
        lines = [f"{pad}- {scalar(value)}"]
    return [*before, *_with_inline(draft, path, lines[:1]), *lines[1:], *after]


def _string(draft: Draft, head: str, text: str, indent: int) -> list[str]:
    """`head "text"` on one line, or a folded block (`>-`) for long prose."""
    one = f"{head} {scalar(text)}"
    if draft.fits(one) or not _foldable(text):
        return [one]
    body = _wrap(draft, text, indent)
    return [f"{head} >-", *(" " * (indent + 2) + line for line in body)]


def _foldable(text: str) -> bool:
    # A folded block keeps the text exactly when it is printable, has no run of spaces and
    # no leading or trailing space (wrapping happens at single spaces, which folding restores).
    return text == text.strip() and "  " not in text and not UNPRINTABLE.search(text)


def _all_scalars(values: Iterable[Any]) -> bool:
    return all(not isinstance(value, (dict, list)) for value in values)


def _commented(draft: Draft, path: PathKey, items: int) -> bool:
    """Whether an item of the list at `path` has a comment: the list is then written a line
    an item, for the comments to have their lines."""
    tables = (draft.before, draft.after, draft.inline)
    return any((*path, index) in table for index in range(items) for table in tables)
