"""A redline's insertions and deletions as Word's tracked changes (WordprocessingML `w:ins` and
`w:del`), which Word and LibreOffice list, and accept or reject one by one.

Each inserted run sits in a `w:ins`, each deleted one in a `w:del` with its text in
`w:delText` (a deletion's text is not `w:t`: Word would show it as kept), every change with
its author, date and an id of its own. A paragraph inserted or deleted whole has its paragraph
mark tracked too, so that accepting a deletion removes the paragraph rather than leaving it
empty. python-docx has no API for any of this: it is written here, and only for a document
that has changes (`document.Run.change`), so every other DOCX is untouched.
"""

from __future__ import annotations

import datetime as dt

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph as DocxParagraph

from cpc_docs.document import Block, Metadata, RunChange

# Above the bookmarks' ids (docx._bookmark_id, below 1,000,000): every annotation's id unique.
FIRST_ID = 1_000_000
_TAGS = {"ins": "w:ins", "del": "w:del"}


class TrackedChanges:
    """The changes of one document: its author, date and the next id."""

    def __init__(self, meta: Metadata | None) -> None:
        self.author = (meta.change_author if meta else "") or "cpc-docs"
        epoch = meta.date_epoch if meta else 0
        when = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
        self.date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = FIRST_ID

    def element(self, change: RunChange) -> BaseOxmlElement:
        """A new `w:ins` or `w:del` with its id, author and date."""
        mark = OxmlElement(_TAGS[change])
        mark.set(qn("w:id"), str(self.next_id))
        mark.set(qn("w:author"), self.author)
        mark.set(qn("w:date"), self.date)
        self.next_id += 1
        return mark

    def run(self, r: BaseOxmlElement, change: RunChange | None) -> None:
        """Track run `r` (already in its paragraph) as inserted or deleted; a run next to one
        of the same change joins its mark (one change, not one per word)."""
        if change is None:
            return
        if change == "del":
            for text in r.findall(qn("w:t")):
                text.tag = qn("w:delText")
        previous = r.getprevious()
        if previous is not None and previous.tag == qn(_TAGS[change]):
            previous.append(r)
            return
        mark = self.element(change)
        r.addprevious(mark)
        mark.append(r)

    def paragraph(self, para: DocxParagraph, block: Block) -> None:
        """The paragraph mark of a block inserted or deleted whole, tracked; its label run
        (`A.`, written before its runs) tracked with it."""
        changed = getattr(block, "changed", None)
        if changed not in ("inserted", "deleted"):
            return
        change: RunChange = "ins" if changed == "inserted" else "del"
        for r in para._p.findall(qn("w:r")):
            self.run(r, change)  # the label: the only run not tracked yet
        properties = para._p.get_or_add_pPr()
        run_properties = properties.find(qn("w:rPr"))
        if run_properties is None:
            run_properties = OxmlElement("w:rPr")
            properties.append(run_properties)
        run_properties.append(self.element(change))
