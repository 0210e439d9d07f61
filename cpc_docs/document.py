"""The document tree: the one structure every writer reads.

Templates produce markup; `markup.py` turns it into this tree; the DOCX, PDF and text writers
render it. The tree knows nothing of YAML, Jinja, Word or Typst, so a writer can be added or
changed without touching the rest. It has few node types on purpose: a writer must handle each
one (a node it cannot render is an error, never dropped silently).

Every block keeps the markup line it came from (`line`) and, when a template rendered it,
`location`: the template line that printed it and, when its text came from the compact, the
YAML field (`Location.text_from`): the places a user can open, for errors and findings. Both
are metadata: writers ignore them and they take no part in comparing nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from cpc_docs.errors import Location

# The two no-break spaces the text of a tree may hold with a meaning: between a number and its
# unit or before French « ; : ! ? » (NBSP), and as a thin group separator (NNBSP).
NBSP = "\u00a0"
NNBSP = "\u202f"

# Paragraph roles. Writers map each to a style (DOCX) or a show rule (Typst); the set is closed
# so a template cannot ask for a style no writer knows.
ParagraphRole = Literal[
    "body",  # ordinary justified prose
    "state",  # title page: the partner's formal name ("République de Côte d'Ivoire")
    "motto",  # title page: national motto
    "doc-title",  # title page: the instrument's title
    "title-connector",  # title page: "ENTRE" / "ET"
    "title-party",  # title page: a government's name
    "parties",  # opening lines naming the parties
    "preamble",  # a preamble clause ("RAPPELANT …")
    "agreed",  # "Sont convenus de ce qui suit :"
    "item",  # a lettered sub-paragraph ("A. …"); its label is in `label`
    "item-continued",  # a further paragraph of the same lettered sub-paragraph
    "definition",  # an operational definition
    "objective",  # a goal / objective statement
    "annex-domain",  # Annex A: a domain heading with its statement
    "list-heading",  # "Activités illustratives :"
    "focal-point",  # a focal point's lines
    "signed-at",  # "SIGNÉ à …"
    "caption",  # a figure or table caption
    "note",  # a remark for editors (report drafts)
    "centered",  # centered text that is none of the above
]
ROLES: frozenset[str] = frozenset(ParagraphRole.__args__)  # type: ignore[attr-defined]

Align = Literal["left", "center", "right", "justify"]

# A redline (`cpc diff`, tree/redline.py): a run's text inserted or deleted since the older
# version, and a block's change: inserted or deleted whole, changed, or changed in one
# language and not in the others (an error the redline shows). None in every other document,
# which writers then render exactly as before.
RunChange = Literal["ins", "del"]
BlockChange = Literal["inserted", "deleted", "changed", "one-sided"]


@dataclass(frozen=True)
class Run:
    """A stretch of text with one set of character properties."""

    text: str
    bold: bool = False
    italic: bool = False
    superscript: bool = False
    gap: bool = False  # a value still to be completed: writers highlight it
    line_break: bool = False  # a hard line break (text is empty)
    change: RunChange | None = None  # a redline's insertion or deletion


@dataclass
class Heading:
    level: int  # 1 = section ("I. Objet"), 2 = annex domain or sub-heading
    runs: list[Run]
    anchor: str | None = None  # id used for bookmarks and cross-references
    page_break_before: bool = False
    line: int | None = None
    location: Location | None = field(default=None, compare=False)  # see the module's doc
    changed: BlockChange | None = None  # a redline's mark (see RunChange)


@dataclass
class Paragraph:
    runs: list[Run]
    role: str = "body"
    label: str | None = None  # for role "item": "A."
    keep_with_next: bool = False
    line: int | None = None
    location: Location | None = field(default=None, compare=False)  # see the module's doc
    changed: BlockChange | None = None  # a redline's mark (see RunChange)


@dataclass
class ListBlock:
    """A bulleted or numbered list; each item is a list of blocks (usually one paragraph)."""

    items: list[list[Block]]
    ordered: bool = False
    line: int | None = None
    location: Location | None = field(default=None, compare=False)  # see the module's doc


@dataclass
class TableCell:
    blocks: list[Block]
    align: Align = "left"
    # The language of the cell's text when it is not the document's (BCP 47, "en-US"): the
    # English column of the side-by-side edition, so that readers and PDF/UA know it.
    lang: str | None = None


@dataclass
class Table:
    rows: list[list[TableCell]]
    header_rows: int = 0
    widths: list[float] | None = None  # relative column widths; None = equal
    borders: bool = True
    caption: list[Run] | None = None
    line: int | None = None
    location: Location | None = field(default=None, compare=False)  # see the module's doc


@dataclass
class Image:
    """A picture (report charts). `data` is PNG; `svg` is an optional vector twin for PDF."""

    data: bytes
    alt: str
    width_mm: float = 150.0
    svg: bytes | None = None
    line: int | None = None
    location: Location | None = field(default=None, compare=False)  # see the module's doc


@dataclass
class PageBreak:
    line: int | None = None
    location: Location | None = field(default=None, compare=False)  # see the module's doc


@dataclass
class Signatory:
    """One signature line: who signs, for whom, and the name of the field to sign in."""

    field_name: str  # unique, ASCII: the PDF signature field's name
    party: str  # party id, e.g. "us"
    on_behalf: list[Run]  # "Pour le Gouvernement des États-Unis d'Amérique"
    name: list[Run]
    titles: list[list[Run]]


@dataclass
class SignatureBlock:
    signatories: list[Signatory]
    columns: int = 2
    line: int | None = None
    location: Location | None = field(default=None, compare=False)  # see the module's doc
    changed: BlockChange | None = None  # a redline's mark (see RunChange)


Block = Heading | Paragraph | ListBlock | Table | Image | PageBreak | SignatureBlock


@dataclass(frozen=True)
class InitialsBox:
    """A box in the footer of every page where a party initials the page."""

    party: str
    label: str


@dataclass
class Metadata:
    title: str
    subject: str
    language: str  # BCP 47: "fr-FR", "en-US"
    author: str = ""
    keywords: list[str] = field(default_factory=list)
    # Footer content, in the document's language.
    page_label: str = "Page {page} of {pages}"  # {page} and {pages} are replaced by fields
    initials_label: str = "Initials"
    initials: list[InitialsBox] = field(default_factory=list)
    fingerprint: str = ""  # short SHA-256 of the inputs, printed in the footer when set
    date_epoch: int = 0  # seconds since 1970 used for every timestamp (deterministic output)
    paper: Literal["a4", "letter"] = "a4"
    draft: bool = False  # report drafts: writers mark every page with `draft_word`
    # The draft mark's word in the document's language ("PROJET"): the language's data
    # (templates/<lang>/locale.yaml), set where the metadata is built, so writers know no
    # language.
    draft_word: str = ""
    # A redline's tracked changes: who made them (their date is `date_epoch`).
    change_author: str = ""
    # The errors of `cpc check` a render went past (`--allow-discordant`, a draft): set by the
    # pipeline, never by a template; the writers then mark the file's metadata not concordant
    # and not for signature (`discordance_note`). 0: concordant, nothing marked.
    discordant: int = 0

    @property
    def discordance_note(self) -> str:
        """What the metadata of a discordant render says ("" when concordant): one text, so
        that the PDF (Info and XMP) and the DOCX properties say the same."""
        if self.discordant <= 0:
            return ""
        errors = "1 error" if self.discordant == 1 else f"{self.discordant} errors"
        return f"Not concordant: {errors} (cpc check) — not for signature"

    @property
    def marked_subject(self) -> str:
        """The subject as every writer's metadata gives it: the discordance note first."""
        note = self.discordance_note
        return f"{note} — {self.subject}" if note and self.subject else note or self.subject

    @property
    def marked_keywords(self) -> list[str]:
        """The keywords as every writer's metadata gives them: the discordance note first."""
        note = self.discordance_note
        return [note, *self.keywords] if note else list(self.keywords)


@dataclass
class Document:
    meta: Metadata
    blocks: list[Block]


def plain_text(runs: list[Run]) -> str:
    """The text of runs as a reader sees it (line breaks become newlines)."""
    return "".join("\n" if run.line_break else run.text for run in runs)


class DocumentSource(Protocol):
    """What builds a document's tree: a template's markup (markup.MarkupSource), or the
    side-by-side pairing of two (bilingual.SideBySide). Picklable, to be built elsewhere."""

    def document(self) -> Document: ...
