"""Document tree → plain text: what a reader would read, in order.

Used by the checks, the tests and the fidelity comparison: the words of a DOCX or PDF are
compared against this text, so it must list the same words in the same order (footers aside).
"""

from __future__ import annotations

from cpc_docs.document import (
    Block,
    Document,
    Heading,
    Image,
    ListBlock,
    PageBreak,
    Paragraph,
    SignatureBlock,
    Table,
    plain_text,
)
from cpc_docs.writers import WriteOptions, unknown_node


def write(doc: Document, options: WriteOptions) -> bytes:
    return render(doc).encode("utf-8")


def render(doc: Document) -> str:
    lines: list[str] = []
    for block in doc.blocks:
        lines.extend(_block(block))
    return "\n".join(lines) + "\n"


def _block(block: Block) -> list[str]:
    match block:
        case Heading():
            return [plain_text(block.runs), ""]
        case Paragraph():
            label = f"{block.label} " if block.label else ""
            return [label + plain_text(block.runs), ""]
        case ListBlock():
            return _list(block)
        case Table():
            return _table(block)
        case SignatureBlock():
            return _signatures(block)
        case Image():
            return [f"[{block.alt}]", ""]
        case PageBreak():
            return ["\f"]
        case _:
            raise unknown_node(block, "the text writer")


def _list(block: ListBlock) -> list[str]:
    out: list[str] = []
    for index, item in enumerate(block.items, start=1):
        marker = f"{index}. " if block.ordered else "- "
        texts = [line for child in item for line in _block(child) if line]
        if texts:
            out.append(marker + texts[0])
            out.extend("  " + t for t in texts[1:])
    return [*out, ""]


def _table(block: Table) -> list[str]:
    out: list[str] = []
    for row in block.rows:
        cells = [" ".join(t for b in cell.blocks for t in _block(b) if t) for cell in row]
        out.append(" | ".join(cells))
    if block.caption:
        out.append(plain_text(block.caption))
    return [*out, ""]


def _signatures(block: SignatureBlock) -> list[str]:
    """Row by row, as the DOCX and PDF lay signatures out: each row's "on behalf of" lines,
    then their names and titles."""
    out: list[str] = []
    signatories = block.signatories
    for start in range(0, len(signatories), max(1, block.columns)):
        chunk = signatories[start : start + max(1, block.columns)]
        out.extend(plain_text(signatory.on_behalf) for signatory in chunk)
        for signatory in chunk:
            out.append(plain_text(signatory.name))
            out.extend(plain_text(line) for line in signatory.titles)
        out.append("")
    return out
