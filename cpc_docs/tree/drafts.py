"""A draft's TODOs, highlighted where they stand.

`cpc new` writes TODO where only the drafters can write, and a drafter marks a text to come
back to the same way (rules.compact `todo`). A final compact with one is refused; a draft for
review renders, and its readers must see each of them: from the word TODO to the end of its
line (a hard line break, or the end of the paragraph, heading, cell or signature line), the
runs become gaps, which every writer highlights as it does a report draft's missing values.

It works on the tree, after the templates, so that a TODO is marked wherever a template
printed it (prose, a title, a signatory's name, a table cell) without any template knowing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import assert_never

from cpc_docs.document import (
    Block,
    Document,
    Heading,
    Image,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    SignatureBlock,
    Table,
)

# The mark of a text still to write: the word alone, as the rule `todo` finds it.
TODO = re.compile(r"\bTODO\b")


def highlight_todos(doc: Document) -> Document:
    """`doc` with every TODO and the rest of its line marked as a gap (in place)."""
    doc.blocks = [_block(block) for block in doc.blocks]
    return doc


def mark(runs: list[Run]) -> list[Run]:
    """The runs with each TODO, and what follows it up to the next line break, as gaps."""
    out: list[Run] = []
    marking = False
    for run in runs:
        if run.line_break:
            marking = False
            out.append(run)
        elif marking:
            out.append(replace(run, gap=True))
        elif (found := TODO.search(run.text)) is None:
            out.append(run)
        else:
            if found.start():
                out.append(replace(run, text=run.text[: found.start()]))
            out.append(replace(run, text=run.text[found.start() :], gap=True))
            marking = True
    return out


def _block(block: Block) -> Block:
    match block:
        case Heading() | Paragraph():
            block.runs = mark(block.runs)
        case ListBlock():
            block.items = [[_block(inner) for inner in item] for item in block.items]
        case Table():
            for row in block.rows:
                for cell in row:
                    cell.blocks = [_block(inner) for inner in cell.blocks]
            if block.caption is not None:
                block.caption = mark(block.caption)
        case SignatureBlock():
            block.signatories = [
                replace(
                    signatory,
                    on_behalf=mark(signatory.on_behalf),
                    name=mark(signatory.name),
                    titles=[mark(title) for title in signatory.titles],
                )
                for signatory in block.signatories
            ]
        case Image() | PageBreak():
            pass  # no text
        case _:
            assert_never(block)
    return block
