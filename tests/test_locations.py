"""A node's location is where a user edits it: the template line that printed it and, when its
text came from the compact, the YAML field it was written in; never the line of the rendered
markup, which no user can open (issue 14)."""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REFERENCE

from cpc_docs.document import Block, Document, ListBlock, Paragraph, Table, plain_text
from cpc_docs.errors import Location, TemplateFailure
from cpc_docs.load.compact import load_compact
from cpc_docs.pipeline import compact_source
from cpc_docs.settings import RenderSettings
from cpc_docs.shipped import template_root_for
from cpc_docs.tree.markup import MarkupSource
from cpc_docs.tree.side_by_side import side_by_side

SETTINGS = RenderSettings(template_root=template_root_for(REFERENCE, None))


@pytest.fixture(scope="module")
def sources() -> dict[str, MarkupSource]:
    compact, yaml_source = load_compact(REFERENCE)
    return {lang: compact_source(compact, lang, SETTINGS, yaml_source) for lang in ("fr", "en")}


@pytest.fixture(scope="module")
def french(sources: dict[str, MarkupSource]) -> Document:
    return sources["fr"].document()


def nodes(blocks: list[Block]) -> Iterator[Block]:
    """Every block, those inside lists and tables included."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from nodes(item)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    yield from nodes(cell.blocks)


def by_field(doc: Document, pattern: str) -> list[Paragraph]:
    """The paragraphs whose text came from a field whose path matches `pattern`."""
    found = []
    for node in nodes(doc.blocks):
        where = node.location
        text_from = where.text_from if where else None
        if isinstance(node, Paragraph) and text_from and re.fullmatch(pattern, text_from.path):
            found.append(node)
    return found


def line_of(location: Location) -> str:
    lines = Path(location.file).read_text(encoding="utf-8").splitlines()
    assert location.line is not None
    return lines[location.line - 1]


def yaml_value(location: Location) -> str:
    """The start of the scalar written at the field's position in the YAML file: a quoted or
    plain value on its line, or the first lines of a block scalar (`>`)."""
    lines = Path(location.file).read_text(encoding="utf-8").splitlines()
    assert location.line is not None and location.column is not None
    text = lines[location.line - 1][location.column - 1 :]
    if text[:1] in "\"'":
        return text[1:].split(text[0])[0]
    if text[:1] in ">|":
        return " ".join(lines[location.line : location.line + 2])
    return re.split(r"[,}]", text)[0]


def words(text: str) -> list[str]:
    """Its words of four letters or more, placeholders ({duration}) left out."""
    return re.findall(r"\w{4,}", re.sub(r"\{[^}]*\}", " ", text).lower())


def holds(field: Location, text: str) -> bool:
    """Whether the YAML file holds `text` at `field`: the value's first words are in it, in
    order (a placeholder's words come between them)."""
    expected = words(yaml_value(field))[:3]
    remaining = iter(words(text))
    return bool(expected) and all(word in remaining for word in expected)


# The texts users edit most, each with the template line that prints it.
EDITED = {
    r"sections\.\w+\.paragraphs\.\d+\.fr": "{{ paragraph | prose(section) }}",
    r"sections\.\w+\.items\.\d+\.paragraphs\.0\.fr": (
        "{{ item.paragraphs[0] | prose(item, section) }}"
    ),
    r"objectives\.\d+\.activities\.\d+\.text\.fr": "- {{ activity.text | prose }}",
    r"preamble\.\d+\.text\.fr": "{{ clause.text | prose }}",
}


@pytest.mark.parametrize("pattern", EDITED, ids=list(EDITED))
def test_a_node_knows_its_template_line_and_its_yaml_field(pattern: str, french: Document) -> None:
    found = by_field(french, pattern)
    assert len(found) >= 3, pattern
    for node in found:
        where = node.location
        assert where is not None and where.text_from is not None
        assert Path(where.file).resolve() == SETTINGS.template_root / "fr" / "compact.md.j2"
        assert EDITED[pattern] in line_of(where), (where, line_of(where))
        field = where.text_from
        assert Path(field.file).resolve() == REFERENCE
        # The YAML file's line at that position holds the node's text.
        assert holds(field, plain_text(node.runs)), (field, plain_text(node.runs))


def test_text_of_the_template_itself_has_its_own_line(french: Document) -> None:
    """Constant text ("Activités illustratives :", a page break) is on the template line that
    writes it, not on the last expression before it (Jinja gives constant text no line)."""
    headings = [n for n in nodes(french.blocks) if isinstance(n, Paragraph)]
    heading = next(n for n in headings if plain_text(n.runs).startswith("Activités illustr"))
    assert heading.location is not None and heading.location.text_from is None
    assert line_of(heading.location) == "Activités illustratives :"  # typography: a no-break space
    breaks = [n for n in french.blocks if type(n).__name__ == "PageBreak"]
    assert breaks and all(n.location and line_of(n.location) == "---" for n in breaks)
    for node in nodes(french.blocks):
        assert node.location is not None and node.location.line is not None, node


def test_every_field_named_holds_the_node_text(french: Document) -> None:
    """Wherever a node names a field, the YAML file holds its text there (titles are printed in
    capitals: compared without case)."""
    named = [
        n
        for n in nodes(french.blocks)
        if isinstance(n, Paragraph) and n.location and n.location.text_from
    ]
    assert len(named) > 100
    for node in named:
        assert node.location is not None and node.location.text_from is not None
        assert holds(node.location.text_from, plain_text(node.runs)), node.location


def test_locations_travel_with_the_markup(sources: dict[str, MarkupSource]) -> None:
    """The tree is built in the writer process, from a pickled MarkupSource."""
    again = pickle.loads(pickle.dumps(sources["fr"])).document()
    assert [n.location for n in nodes(again.blocks)] == [
        n.location for n in nodes(sources["fr"].document().blocks)
    ]


def test_a_side_by_side_mismatch_names_template_lines_and_fields(
    sources: dict[str, MarkupSource],
) -> None:
    left, right = sources["fr"].document(), sources["en"].document()
    # The English version's first section paragraph and the heading after it, swapped, as a
    # template that writes them in another order would.
    at = next(
        i
        for i, block in enumerate(right.blocks)
        if isinstance(block, Paragraph)
        and block.location is not None
        and block.location.text_from is not None
        and block.location.text_from.path == "sections.purpose.paragraphs.0.en"
    )
    right.blocks[at], right.blocks[at + 1] = right.blocks[at + 1], right.blocks[at]
    with pytest.raises(TemplateFailure) as caught:
        side_by_side(left, right)
    message = str(caught.value)
    assert re.search(r"fr/compact\.md\.j2:\d+ \(text from \S*civ-2022\.yaml:\d+:\d+ ", message)
    assert "sections.purpose.paragraphs.0.fr" in message
    assert re.search(r"en/compact\.md\.j2:\d+ \(text from \S*civ-2022\.yaml:\d+:\d+ ", message)
    assert "sections.goal.title.en" in message
    assert "line " not in message  # no line of the rendered markup
    assert caught.value.location == left.blocks[at].location


def test_without_the_yaml_file_nodes_still_know_their_template_line() -> None:
    """compact_document(compact, …) without the file it was read from: template lines only."""
    compact, _ = load_compact(REFERENCE)
    doc = compact_source(compact, "fr", SETTINGS).document()
    assert all(n.location and n.location.line for n in nodes(doc.blocks))
    assert not any(n.location and n.location.text_from for n in nodes(doc.blocks))
