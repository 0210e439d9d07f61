"""Markup (what templates write) → the document tree.

Templates write CommonMark with three extensions from mdit-py-plugins:

- front matter (YAML) for the document's metadata and footer labels;
- block attributes `{.role}` before a paragraph to give it a role (`{.motto}`, `{.item
  label="A."}`) and `{#id}` before a heading for its anchor; spans `[er]{.sup}`, `[…]{.gap}`;
- containers `::: signatory PARTY FIELD` holding three paragraphs: on behalf of, name, titles;
- GFM pipe tables (`| a | b |` over `|:--|--:|`), the delimiter row giving each column's
  alignment, `{widths="3 1 1"}` before the table its relative column widths; a header row
  whose cells are all empty is dropped (a table without a header);
- containers `::: chart ID` (empty) placing a chart the caller produced and passed to `parse`
  in `images`: templates name pictures, they never read files.

A thematic break (`---`) is a page break. Anything else the parser produces that the tree has no
node for (HTML, code, images by URL) is an error naming its line: templates must not lose text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any

import yaml

from cpc_docs.document import (
    ROLES,
    Block,
    Document,
    Heading,
    Image,
    InitialsBox,
    ListBlock,
    Metadata,
    PageBreak,
    Paragraph,
    Run,
    Signatory,
    SignatureBlock,
    Table,
    TableCell,
)
from cpc_docs.errors import Location, TemplateFailure
from cpc_docs.shipped import draft_word
from cpc_docs.templating.origins import Origins
from cpc_docs.tree import typography
from cpc_docs.tree.drafts import highlight_todos

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

SPAN_CLASSES = {"sup", "gap"}


@cache
def parser() -> MarkdownIt:
    # Imported here, not with the module: a render alone hands the markup to a writer process
    # (MarkupSource), and the process rendering the templates never needs the parser.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = (
        MarkdownIt("commonmark")
        .use(front_matter_plugin)
        .use(attrs_block_plugin)
        .use(attrs_plugin, spans=True)
        .use(container_plugin, name="signatory")
        .use(container_plugin, name="chart")
    )
    md.enable("table")
    md.disable(["html_block", "html_inline", "image"])
    return md


class _Builder:
    def __init__(
        self,
        tokens: list[Token],
        origin: str,
        images: Mapping[str, Image] | None = None,
        origins: Origins | None = None,
    ) -> None:
        self.tokens = tokens
        self.pos = 0
        self.origin = origin
        self.images = images or {}
        self.origins = origins

    def where(self, token: Token) -> Location | None:
        """The template line that printed `token` and the compact's field it prints, when the
        markup came with its origins (a template's, not a test's string)."""
        if self.origins is None or not token.map:
            return None
        return self.origins.locate(token.map[0] + 1, token.map[1])

    def fail(self, message: str, token: Token) -> TemplateFailure:
        where = self.where(token)
        if where is not None:
            return TemplateFailure(message, where)
        line = token.map[0] + 1 if token.map else None
        return TemplateFailure(message, Location(f"{self.origin} (rendered markup)", line))

    def next(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def blocks(self, until: str | None = None) -> list[Block]:
        out: list[Block] = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if until and token.type == until:
                self.pos += 1
                return out
            out.extend(self.block())
        if until:
            raise self.fail(f"unclosed block (expected {until})", self.tokens[-1])
        return out

    def block(self) -> list[Block]:
        token = self.next()
        line = token.map[0] + 1 if token.map else None
        where = self.where(token)
        kind = token.type
        if kind == "front_matter":
            return []
        if kind == "heading_open":
            runs = self.inline(self.next())
            self.next()  # heading_close
            anchor = token.attrs.get("id")
            anchor = str(anchor) if anchor else None
            return [Heading(int(token.tag[1]), runs, anchor, line=line, location=where)]
        if kind == "paragraph_open":
            runs = self.inline(self.next())
            self.next()  # paragraph_close
            role = str(token.attrs.get("class", "body"))
            if role not in ROLES:
                raise self.fail(f"unknown paragraph role {role!r}", token)
            label = token.attrs.get("label")
            label = str(label) if label else None
            return [Paragraph(runs, role, label, line=line, location=where)]
        if kind in ("bullet_list_open", "ordered_list_open"):
            close = kind.replace("_open", "_close")
            items: list[list[Block]] = []
            while self.tokens[self.pos].type != close:
                item_open = self.next()
                if item_open.type != "list_item_open":
                    raise self.fail(f"unexpected {item_open.type} in a list", item_open)
                items.append(self.blocks(until="list_item_close"))
            self.next()
            ordered = kind.startswith("ordered")
            return [ListBlock(items, ordered=ordered, line=line, location=where)]
        if kind == "hr":
            return [PageBreak(line=line, location=where)]
        if kind == "container_signatory_open":
            return [self.signatory(token)]
        if kind == "table_open":
            return [self.table(token)]
        if kind == "container_chart_open":
            return [self.chart(token)]
        raise self.fail(f"the markup has a {kind!r} the document tree cannot hold", token)

    def signatory(self, token: Token) -> SignatureBlock:
        # The info string is not inline text, so Markdown escapes are not undone for it.
        words = re.sub(r"\\(.)", r"\1", token.info).split()
        if len(words) != 3:
            raise self.fail("write '::: signatory PARTY FIELD-NAME'", token)
        parts = self.blocks(until="container_signatory_close")
        paragraphs = [p for p in parts if isinstance(p, Paragraph)]
        if len(paragraphs) != 3 or len(parts) != 3:
            raise self.fail("a signatory holds three paragraphs: on behalf of, name, titles", token)
        on_behalf, name, titles = (p.runs for p in paragraphs)
        lines: list[list[Run]] = [[]]
        for run in titles:
            if run.line_break:
                lines.append([])
            else:
                lines[-1].append(run)
        signatory = Signatory(words[2], words[1], on_behalf, name, [ln for ln in lines if ln])
        return SignatureBlock([signatory], line=_line(token), location=self.where(token))

    def table(self, token: Token) -> Table:
        """A pipe table; cells hold one paragraph of inline text each (possibly empty)."""
        rows: list[list[TableCell]] = []
        header_rows = 0
        while (current := self.next()).type != "table_close":
            if current.type == "tr_open":
                rows.append([])
            elif current.type in ("th_open", "td_open"):
                style = str(current.attrs.get("style", ""))
                align = style.removeprefix("text-align:") if style else "left"
                inline = self.next()
                runs = self.inline(inline)
                where = self.where(inline)
                blocks: list[Block] = (
                    [Paragraph(runs, line=_line(token), location=where)] if runs else []
                )
                rows[-1].append(TableCell(blocks, align))  # type: ignore[arg-type]
                if current.type == "th_open" and len(rows) == 1:
                    header_rows = 1
        if header_rows and not any(cell.blocks for cell in rows[0]):
            rows, header_rows = rows[1:], 0
        if not rows:
            raise self.fail("a table has no rows", token)
        widths = None
        if "widths" in token.attrs:
            try:
                widths = [float(w) for w in str(token.attrs["widths"]).split()]
            except ValueError:
                widths = []
            if len(widths) != len(rows[0]) or any(w <= 0 for w in widths):
                raise self.fail(
                    f"widths={token.attrs['widths']!r} must give {len(rows[0])} positive "
                    "numbers, one per column",
                    token,
                )
        return Table(
            rows,
            header_rows=header_rows,
            widths=widths,
            line=_line(token),
            location=self.where(token),
        )

    def chart(self, token: Token) -> Image:
        words = re.sub(r"\\(.)", r"\1", token.info).split()
        if len(words) != 2:
            raise self.fail("write '::: chart ID' (then ':::' on the next line)", token)
        if self.next().type != "container_chart_close":
            raise self.fail("a chart container holds nothing: close it with ':::'", token)
        image = self.images.get(words[1])
        if image is None:
            known = ", ".join(sorted(self.images)) or "none"
            raise self.fail(f"no chart {words[1]!r} was produced (charts: {known})", token)
        return replace(image, line=_line(token), location=self.where(token))

    def inline(self, token: Token) -> list[Run]:
        runs: list[Run] = []
        bold = italic = 0
        spans: list[str] = []
        for child in token.children or []:
            kind = child.type
            if kind == "text":
                if child.content:
                    runs.append(
                        Run(
                            child.content,
                            bold=bold > 0,
                            italic=italic > 0,
                            superscript="sup" in spans,
                            gap="gap" in spans,
                        )
                    )
            elif kind in ("softbreak",):
                runs.append(Run(" ", bold=bold > 0, italic=italic > 0))
            elif kind == "hardbreak":
                runs.append(Run("", line_break=True))
            elif kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold -= 1
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "span_open":
                cls = str(child.attrs.get("class", ""))
                if cls not in SPAN_CLASSES:
                    raise self.fail(f"unknown span class {cls!r}", token)
                spans.append(cls)
            elif kind == "span_close":
                spans.pop()
            elif kind == "code_inline":
                runs.append(Run(child.content))
            else:
                raise self.fail(f"the markup has an inline {kind!r} the tree cannot hold", token)
        return merge_runs(runs)


def merge_runs(runs: list[Run]) -> list[Run]:
    """Join neighbouring runs with the same properties (fewer, longer runs in every writer)."""
    merged: list[Run] = []
    for run in runs:
        if merged and not run.line_break and not merged[-1].line_break:
            last = merged[-1]
            if replace(last, text="") == replace(run, text=""):
                merged[-1] = replace(last, text=last.text + run.text)
                continue
        merged.append(run)
    return merged


def _group_signatures(blocks: list[Block]) -> list[Block]:
    """Consecutive signatories form one signature block."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, SignatureBlock) and out and isinstance(out[-1], SignatureBlock):
            out[-1].signatories.extend(block.signatories)
        else:
            out.append(block)
    return out


def _metadata(tokens: list[Token], origin: str, origins: Origins | None) -> Metadata:
    # The front matter opens the markup: its first line's template line, when known.
    top = origins.locate(1) if origins is not None else Location(origin, 1)
    front = next((t for t in tokens if t.type == "front_matter"), None)
    if front is None:
        raise TemplateFailure("the template writes no front matter (--- title: … ---)", top)
    try:
        data: dict[str, Any] = yaml.safe_load(front.content) or {}
    except yaml.YAMLError as exc:
        raise TemplateFailure(f"front matter: {exc}", top) from None
    initials = [InitialsBox(str(i["party"]), str(i["label"])) for i in data.pop("initials", [])]
    known = set(Metadata.__dataclass_fields__)
    unknown = set(data) - known
    if unknown:
        raise TemplateFailure(f"front matter has unknown keys: {', '.join(sorted(unknown))}", top)
    return Metadata(initials=initials, **data)


def _line(token: Token) -> int | None:
    return token.map[0] + 1 if token.map else None


def parse(
    text: str,
    origin: str,
    images: Mapping[str, Image] | None = None,
    origins: Origins | None = None,
) -> Document:
    """Parse the markup a template rendered into a Document.

    `images`: the charts `::: chart ID` may place, by ID (produced by the caller, e.g. reports).
    `origins`: where each line of `text` came from (templating.origins); with them, each node
    and each error names its template line and the compact's field instead of a line of
    `text`, which no user can open.
    """
    tokens = parser().parse(text)
    meta = _metadata(tokens, origin, origins)
    blocks = _group_signatures(_Builder(tokens, origin, images, origins).blocks())
    return Document(meta, blocks)


@dataclass(frozen=True)
class MarkupSource:
    """A document as its template wrote it: the Markdown, and what building its tree needs.

    Small and picklable, so that the tree can be built where the files are written: a render
    alone hands these to a writer process (batch.writer_process), which has imported this
    parser and the writers while the first process was still loading the compact.
    """

    text: str
    origin: str  # "fr/compact.md.j2", for errors
    lang: str
    date_epoch: int
    fingerprint: str
    paper: str
    images: dict[str, Image] | None = None  # the pictures the markup places (`::: chart ID`)
    origins: Origins | None = None  # where each line of `text` came from, for the locations

    def document(self) -> Document:
        """Markup → tree, with the language's typography."""
        doc = parse(self.text, self.origin, images=self.images, origins=self.origins)
        doc.meta.date_epoch = self.date_epoch
        doc.meta.fingerprint = self.fingerprint
        doc.meta.paper = self.paper  # type: ignore[assignment]
        if doc.meta.draft and not doc.meta.draft_word:  # the front matter may name its own
            doc.meta.draft_word = draft_word(self.lang)
        doc = typography.apply(doc, self.lang)
        # A draft is read for what is left to write: each TODO highlighted (tree.drafts).
        return highlight_todos(doc) if doc.meta.draft else doc
