"""Two versions of a document tree → one redline tree: what was inserted and deleted, word by
word, which every writer then shows (DOCX: Word's tracked changes; PDF: colour, underline,
strike and a change bar).

Blocks are paired before words are compared, so that a change stays where it was made:

- first the blocks that are the same in both versions (type, role and text), in order;
- between them, blocks of the same type pair where they print the same field of the compact
  (`Location.text_from`, the field map of `Fields` following an item whose index moved), or
  else where their words are alike (`rules.changes.align`); the others were inserted or
  deleted whole.

Numbering is not a change: section numbers, item letters and the references to them ("V.",
"section V.A", "1er objectif") follow from where a section stands, so inserting a section
renumbers every later one and every reference to it. Tokens that are only such numbers compare
equal (the newer numbering is printed, unmarked), unless the text of the block's field itself
was edited (`Fields.edited`), where every difference shows.

A text changed in one language and not in the others (`Fields.one_sided`) is marked in every
language's redline: the block is marked `one-sided` and a note before it says so, in the
document's language.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from cpc_docs.document import (
    Block,
    BlockChange,
    Document,
    Heading,
    Image,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    RunChange,
    Signatory,
    SignatureBlock,
    Table,
    TableCell,
    plain_text,
)
from cpc_docs.rules.changes import Pair, align, word_ratio, word_tokens
from cpc_docs.shipped import draft_word, language_data
from cpc_docs.tree.markup import merge_runs

# A token that is only a number of the document's own structure: a roman numeral (sections),
# a capital letter (items, annexes), an ordinal with its suffix ("1er", "2e", "3rd", "4º").
# A plain number is one only after a word that numbers things ("Objective 2", "point 3":
# the language's `numbering_words`) or before an ordinal's superscript suffix ("1" "er"):
# else an amount, a date or a duration that changed must show.
_NUMBERING = re.compile(
    r"(?:X{0,3}(?:IX|IV|V?I{1,3}|V)|X{1,3}|[A-Z]|\d{1,3}(?:er|re|e|ème|st|nd|rd|th|º|ª))"
)
_SMALL_NUMBER = re.compile(r"\d{1,3}")
_SUFFIX = re.compile(r"er|re|e|ème|st|nd|rd|th|º|ª|o|a")
_NUMBER_TOKEN = "\x00number"


@dataclass(frozen=True)
class Fields:
    """What the comparison of the compact's fields (rules.changes) tells the redline, by the
    YAML path of a block's text with its language (`sections.goal.paragraphs.0.fr`)."""

    same: Mapping[str, str] = field(default_factory=dict)  # old path → new path of a field
    edited: frozenset[str] = frozenset()  # new paths whose text was edited
    one_sided: Mapping[str, str] = field(default_factory=dict)  # new path → the note to print


@dataclass
class Redline:
    """The redline tree, and what it holds."""

    document: Document
    inserted: int = 0  # blocks inserted whole
    deleted: int = 0  # blocks deleted whole
    changed: int = 0  # blocks paired with words inserted or deleted
    one_sided: set[str] = field(default_factory=set)  # the paths of Fields.one_sided marked


def redline(
    old: Document, new: Document, fields: Fields | None = None, lang: str | None = None
) -> Redline:
    """The redline of `old` → `new` (two versions in `lang`), with the newer version's
    metadata. `lang` gives the words after which a number numbers the document's parts
    (templates/<lang>/locale.yaml: `numbering_words`)."""
    words: list[str] = language_data(lang, "locale.yaml").get("numbering_words", []) if lang else []
    differ = _Differ(fields or Fields(), frozenset(word.casefold() for word in words))
    blocks = differ.blocks(old.blocks, new.blocks)
    meta = replace(new.meta)
    if lang is not None and not meta.draft:
        # A redline is read, never signed: marked as a draft (PROJET, DRAFT…), so that its
        # PDF has no signature fields.
        meta.draft = True
        meta.draft_word = draft_word(lang)
    result = Redline(Document(meta, blocks))
    result.inserted, result.deleted, result.changed = differ.counts
    result.one_sided = differ.marked
    return result


def _source(block: Block) -> str | None:
    """The YAML path (with its language) of the compact's text a block prints, if known."""
    where = getattr(block, "location", None)
    return where.text_from.path if where is not None and where.text_from is not None else None


def _texts(block: Block) -> str:
    """Every word a block prints, for pairing it."""
    match block:
        case Heading() | Paragraph():
            return plain_text(block.runs)
        case ListBlock():
            return "\n".join(_texts(child) for item in block.items for child in item)
        case Table():
            return "\n".join(
                _texts(child) for row in block.rows for cell in row for child in cell.blocks
            )
        case SignatureBlock():
            return "\n".join(_signatory_text(s) for s in block.signatories)
        case Image():
            return block.alt
        case PageBreak():
            return ""
    return ""  # pragma: no cover - every node type is above


def _signatory_text(s: Signatory) -> str:
    parts = [s.on_behalf, s.name, *s.titles]
    return "\n".join(plain_text(runs) for runs in parts)


def _masked(text: str, words: frozenset[str]) -> str:
    """The text with its numbering tokens all alike, and its spaces folded."""
    tokens = [token.strip() for token in word_tokens(text)]
    return " ".join(_keys(tokens, [False] * len(tokens), words))


def _keys(tokens: list[str], superscript: list[bool], words: frozenset[str]) -> list[str]:
    """What each token compares as: itself, or _NUMBER_TOKEN for a numbering token (see
    _NUMBERING), told by the tokens around it."""
    keys = list(tokens)
    previous = ""  # the last word before this token
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        sup_next = index + 1 < len(tokens) and superscript[index + 1]
        if _NUMBERING.fullmatch(token):
            keys[index] = _NUMBER_TOKEN
        elif _SMALL_NUMBER.fullmatch(token) and (
            previous.casefold() in words or (sup_next and _SUFFIX.fullmatch(following))
        ):
            keys[index] = _NUMBER_TOKEN
            if sup_next and _SUFFIX.fullmatch(following):
                keys[index + 1] = _NUMBER_TOKEN
        if token and token[0].isalnum():
            previous = token
    return keys


class _Differ:
    def __init__(self, fields: Fields, words: frozenset[str] = frozenset()) -> None:
        self.fields = fields
        self.words = words  # see _keys
        self.counts = [0, 0, 0]  # inserted, deleted, changed
        self.marked: set[str] = set()
        self.cache: dict[int, tuple[Block, str]] = {}

    # ------------------------------------------------------------------ block lists

    def blocks(self, old: list[Block], new: list[Block]) -> list[Block]:
        out: list[Block] = []
        for i, j in align(old, new, self.key, self.similarity):
            if i is not None and j is not None:
                block = self.pair(old[i], new[j])
            elif j is not None:
                block = self.whole(new[j], "ins")
                self.counts[0] += not isinstance(new[j], PageBreak)
            else:
                assert i is not None
                if isinstance(old[i], (PageBreak, Image)):
                    continue  # a deleted page break is none; a picture cannot be struck
                block = self.whole(old[i], "del")
                self.counts[1] += 1
            note = self.one_sided(block)
            if note is not None:
                out.append(note)
            out.append(block)
        return out

    def key(self, block: Block) -> tuple[str, str, str]:
        role = block.role if isinstance(block, Paragraph) else ""
        return (type(block).__name__, role, self.masked(block))

    def mask(self, text: str) -> str:
        return _masked(text, self.words)

    @staticmethod
    def paired(old: list[str], new: list[str]) -> list[Pair]:
        """Texts paired as `align` pairs them, each text worked out once beforehand (the
        pairing compares every candidate pair of a stretch)."""
        return align(old, new, lambda text: text, word_ratio)

    def masked(self, block: Block) -> str:
        """The block's masked text, computed once (pairing asks for it many times)."""
        found = self.cache.get(id(block))
        if found is None or found[0] is not block:
            found = self.cache[id(block)] = (block, _masked(_texts(block), self.words))
        return found[1]

    def similarity(self, old: Block, new: Block) -> float:
        if type(old) is not type(new):
            return 0.0
        ratio = word_ratio(self.masked(old), self.masked(new))
        before, after = _source(old), _source(new)
        if before is not None and after is not None and self.fields.same.get(before) == after:
            return max(ratio, 0.6)  # the same field of the compact: changed, not replaced
        return ratio

    def one_sided(self, block: Block) -> Paragraph | None:
        """The note before a block whose text changed in one language only, and the mark."""
        path = _source(block)
        note = self.fields.one_sided.get(path) if path is not None else None
        if note is None or not isinstance(block, (Heading, Paragraph, SignatureBlock)):
            return None
        if block.changed in ("inserted", "deleted"):
            return None
        block.changed = "one-sided"
        assert path is not None
        self.marked.add(path)
        return Paragraph([Run(note, bold=True)], role="note", changed="one-sided")

    # ------------------------------------------------------------------ one pair

    def pair(self, old: Block, new: Block) -> Block:
        """The redline of two paired blocks (of one type: `similarity` pairs no others)."""
        edited = _source(new) in self.fields.edited
        match new:
            case Heading():
                assert isinstance(old, Heading)
                runs, changed = diff_runs(old.runs, new.runs, not edited, self.words)
                return replace(new, runs=runs, changed=self.count(changed))
            case Paragraph():
                assert isinstance(old, Paragraph)
                runs, changed = diff_runs(old.runs, new.runs, not edited, self.words)
                return replace(new, runs=runs, changed=self.count(changed))
            case ListBlock():
                assert isinstance(old, ListBlock)
                return replace(new, items=self.items(old.items, new.items))
            case Table():
                assert isinstance(old, Table)
                return replace(new, rows=self.rows(old.rows, new.rows))
            case SignatureBlock():
                assert isinstance(old, SignatureBlock)
                return self.signatures(old, new)
            case Image() | PageBreak():
                return new
        raise AssertionError(f"no redline for a {type(new).__name__}")  # pragma: no cover

    def count(self, changed: bool) -> BlockChange | None:
        if changed:
            self.counts[2] += 1
            return "changed"
        return None

    def items(self, old: list[list[Block]], new: list[list[Block]]) -> list[list[Block]]:
        """A list's items: paired as blocks are, each pair compared block by block."""

        def text(item: list[Block]) -> str:
            return "\n".join(_texts(child) for child in item)

        out: list[list[Block]] = []
        pairs = self.paired([self.mask(text(item)) for item in old],
                            [self.mask(text(item)) for item in new])  # fmt: skip
        for i, j in pairs:
            if i is not None and j is not None:
                blocks = self.blocks(old[i], new[j])
                if len(blocks) > 1 and _is_note(blocks[0]):
                    # The item's own text first (the list's marker is on it), then the note.
                    blocks[0], blocks[1] = blocks[1], blocks[0]
                out.append(blocks)
            elif j is not None:
                out.append([self.whole(child, "ins") for child in new[j]])
                self.counts[0] += 1
            else:
                assert i is not None
                out.append([self.whole(child, "del") for child in old[i]])
                self.counts[1] += 1
        return out

    def rows(self, old: list[list[TableCell]], new: list[list[TableCell]]) -> list[list[TableCell]]:
        """A table's rows, paired by their text; paired rows of as many cells cell by cell."""

        def text(row: list[TableCell]) -> str:
            return "\t".join(_texts(child) for cell in row for child in cell.blocks)

        out: list[list[TableCell]] = []
        pairs = self.paired([self.mask(text(row)) for row in old],
                            [self.mask(text(row)) for row in new])  # fmt: skip
        for i, j in pairs:
            if i is not None and j is not None and len(old[i]) == len(new[j]):
                out.append([
                    replace(b, blocks=self.blocks(a.blocks, b.blocks))
                    for a, b in zip(old[i], new[j], strict=True)
                ])  # fmt: skip
                continue
            if i is not None:
                out.append([self.whole_cell(cell, "del") for cell in old[i]])
                self.counts[1] += 1
            if j is not None:
                out.append([self.whole_cell(cell, "ins") for cell in new[j]])
                self.counts[0] += 1
        return out

    def whole_cell(self, cell: TableCell, change: RunChange) -> TableCell:
        return replace(cell, blocks=[self.whole(child, change) for child in cell.blocks])

    def signatures(self, old: SignatureBlock, new: SignatureBlock) -> SignatureBlock:
        """Signatories paired by their field; each one's lines compared."""
        out: list[Signatory] = []
        changed = False
        pairs = align(old.signatories, new.signatories, lambda s: s.field_name,
                      lambda a, b: 1.0 if a.party == b.party else 0.0)  # fmt: skip
        for i, j in pairs:
            if i is not None and j is not None:
                a, b = old.signatories[i], new.signatories[j]
                on_behalf, c1 = diff_runs(a.on_behalf, b.on_behalf)
                name, c2 = diff_runs(a.name, b.name)
                titles, c3 = self.titles(a.titles, b.titles)
                out.append(replace(b, on_behalf=on_behalf, name=name, titles=titles))
                changed = changed or c1 or c2 or c3
            else:
                signatory = new.signatories[j] if j is not None else old.signatories[i or 0]
                out.append(_signatory_marked(signatory, "ins" if j is not None else "del"))
                changed = True
        return replace(new, signatories=out, changed=self.count(changed))

    def titles(self, old: list[list[Run]], new: list[list[Run]]) -> tuple[list[list[Run]], bool]:
        out: list[list[Run]] = []
        changed = False
        pairs = self.paired([plain_text(t) for t in old], [plain_text(t) for t in new])
        for i, j in pairs:
            if i is not None and j is not None:
                runs, c = diff_runs(old[i], new[j])
                out.append(runs)
                changed = changed or c
            else:
                line = new[j] if j is not None else old[i or 0]
                out.append(_marked(line, "ins" if j is not None else "del"))
                changed = True
        return out, changed

    # ------------------------------------------------------------------ whole blocks

    def whole(self, block: Block, change: RunChange) -> Block:
        """A block inserted or deleted whole: every run of it marked."""
        mark: BlockChange = "inserted" if change == "ins" else "deleted"
        match block:
            case Heading() | Paragraph():
                return replace(block, runs=_marked(block.runs, change), changed=mark)
            case ListBlock():
                items = [[self.whole(child, change) for child in item] for item in block.items]
                return replace(block, items=items)
            case Table():
                rows = [[self.whole_cell(cell, change) for cell in row] for row in block.rows]
                caption = _marked(block.caption, change) if block.caption else None
                return replace(block, rows=rows, caption=caption)
            case SignatureBlock():
                signatories = [_signatory_marked(s, change) for s in block.signatories]
                return replace(block, signatories=signatories, changed=mark)
            case Image() | PageBreak():
                return block
        raise AssertionError(f"no redline for a {type(block).__name__}")  # pragma: no cover


def _is_note(block: Block) -> bool:
    return isinstance(block, Paragraph) and block.role == "note" and block.changed == "one-sided"


def one_sided_note(lang: str, changed: list[str], unchanged: list[str]) -> str:
    """The note a redline prints before a text changed in some languages only, in `lang`'s
    words (templates/<lang>/locale.yaml: `one_sided_change`, `languages`, `and`)."""
    data = language_data(lang, "locale.yaml")
    names: Mapping[str, str] = data.get("languages", {})
    joiner = str(data.get("and", ", "))

    def said(langs: list[str]) -> str:
        return joiner.join(str(names.get(code, code)) for code in langs)

    template = str(data.get("one_sided_change", "{changed} ≠ {unchanged}"))
    return template.format(changed=said(changed), unchanged=said(unchanged))


def _marked(runs: list[Run], change: RunChange) -> list[Run]:
    return [replace(run, change=change) for run in runs]


def _signatory_marked(s: Signatory, change: RunChange) -> Signatory:
    return replace(
        s,
        on_behalf=_marked(s.on_behalf, change),
        name=_marked(s.name, change),
        titles=[_marked(title, change) for title in s.titles],
    )


def _run_tokens(runs: list[Run]) -> list[Run]:
    """Runs cut into words (each a run with its properties); a line break is a token."""
    out: list[Run] = []
    for run in runs:
        if run.line_break:
            out.append(run)
        else:
            out.extend(replace(run, text=token) for token in word_tokens(run.text))
    return out


def _compared(tokens: list[Run], numbering: bool, words: frozenset[str]) -> list[str]:
    texts = ["\n" if t.line_break else t.text.strip() for t in tokens]
    if not numbering:
        return texts
    return _keys(texts, [t.superscript for t in tokens], words)


def diff_runs(
    old: list[Run],
    new: list[Run],
    numbering: bool = True,
    words: frozenset[str] = frozenset(),
) -> tuple[list[Run], bool]:
    """The runs of `new` with the words of `old` it lacks (deleted) before the words it adds
    (inserted), and whether there is any. `numbering`: numbering tokens compare equal (see the
    module's doc), `words` the words after which a number is one (casefolded)."""
    a, b = _run_tokens(old), _run_tokens(new)
    matcher = difflib.SequenceMatcher(
        None, _compared(a, numbering, words), _compared(b, numbering, words), autojunk=False
    )
    out: list[Run] = []
    changed = False
    for tag, i1, i2, j1, j2 in _without_islands(matcher.get_opcodes(), b):
        if tag == "equal":
            out.extend(b[j1:j2])
            continue
        changed = True
        out.extend(replace(t, change="del") for t in a[i1:i2])
        out.extend(replace(t, change="ins") for t in b[j1:j2])
    return merge_runs(out), changed


Opcode = tuple[str, int, int, int, int]


def _without_islands(opcodes: Sequence[Opcode], new: list[Run]) -> list[Opcode]:
    """A lone space or punctuation mark left equal between two changes joins them: one
    change "a b" → "c d" reads better than "a" → "c", " ", "b" → "d"."""
    out: list[Opcode] = []
    for index, op in enumerate(opcodes):
        tag, i1, i2, j1, j2 = op
        lone = (
            tag == "equal"
            and 0 < index < len(opcodes) - 1
            and j2 - j1 == 1
            and not any(ch.isalnum() for ch in new[j1].text)
        )
        if lone:
            tag = "replace"
        if out and out[-1][0] != "equal" and tag != "equal":
            _, a1, _, b1, _ = out[-1]
            out[-1] = ("replace", a1, i2, b1, j2)
        else:
            out.append((tag, i1, i2, j1, j2))
    return out
