"""Data cannot change the markup: every character of a field comes back as typed."""

from __future__ import annotations

import pytest

from cpc_docs.document import ListBlock, Paragraph, plain_text
from cpc_docs.present.prose import escape_markdown
from cpc_docs.tree.markup import parse

FRONT = '---\ntitle: "t"\nsubject: "s"\nlanguage: "fr-FR"\n---\n\n'

HOSTILE = [
    "*étoiles* et _soulignés_ et **gras**",
    "# pas un titre",
    "1. pas une liste",
    "- pas une liste",
    "> pas une citation",
    "<b>pas du HTML</b> &amp; &lt;",
    "[pas un lien](http://x) ![pas une image](y.png)",
    "`pas du code` \\ antislash \\\\ double",
    "::: signatory us field",
    "{.motto} {#ancre} [x]{.sup}",
    "---",
    "$math$ #let x = 1 @label <label>",
    "    quatre espaces",
    "ligne\navec\n\nsaut",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_escaped_data_comes_back_unchanged(value):
    doc = parse(FRONT + escape_markdown(value) + "\n", "test")
    assert len(doc.blocks) == 1
    block = doc.blocks[0]
    assert isinstance(block, Paragraph) and block.role == "body"
    expected = " ".join(value.split()) if "\n" in value else value.strip()
    assert plain_text(block.runs) == expected
    assert not any(run.bold or run.italic or run.superscript for run in block.runs)


def test_markup_that_the_tree_cannot_hold_is_an_error():
    from cpc_docs.errors import TemplateFailure

    with pytest.raises(TemplateFailure, match="fence"):
        parse(FRONT + "```\ncode\n```\n", "test")


def test_unknown_role_is_an_error():
    from cpc_docs.errors import TemplateFailure

    with pytest.raises(TemplateFailure, match="unknown paragraph role 'shiny'"):
        parse(FRONT + "{.shiny}\ntext\n", "test")


def test_with_their_origins_nodes_and_errors_name_template_lines_and_fields():
    """Given where each markup line came from, a node's location is its first line's template
    line and the field printed there (the longest text starting on the line), and an error
    names them instead of a line of the markup."""
    from cpc_docs.errors import Location, TemplateFailure
    from cpc_docs.templating.origins import FieldSpan, Origins

    def field(path: str, line: int) -> Location:
        return Location("c.yaml", line, 7, path)

    # Markup lines 7 to 11: {.motto}, the motto (a verb and its text), blank, two list items.
    markup = FRONT + "{.motto}\n**Verbe** une devise\n\n- un\n- deux\n"
    spans = (
        FieldSpan(8, 8, 5, field("preamble.0.verb.fr", 3)),
        FieldSpan(8, 8, 10, field("preamble.0.text.fr", 4)),
        FieldSpan(10, 10, 2, field("list.0.fr", 9)),
        FieldSpan(11, 11, 4, field("list.1.fr", 10)),
    )
    origins = Origins("fr/t.j2", tuple(range(101, 113)), spans)
    motto, items = parse(markup, "test", origins=origins).blocks
    assert motto.location == Location("fr/t.j2", 108, text_from=field("preamble.0.text.fr", 4))
    assert str(motto.location) == "fr/t.j2:108 (text from c.yaml:4:7 preamble.0.text.fr)"
    assert isinstance(items, ListBlock) and items.location is not None
    assert items.location.text_from == field("list.0.fr", 9)  # its first item's
    assert [item[0].location.text_from.path for item in items.items] == ["list.0.fr", "list.1.fr"]

    with pytest.raises(TemplateFailure) as caught:
        parse(FRONT + "{.shiny}\ntext\n", "test", origins=Origins("fr/t.j2", (1,) * 6 + (41, 42)))
    assert str(caught.value).startswith("fr/t.j2:42: error: unknown paragraph role 'shiny'")
    with pytest.raises(TemplateFailure) as caught:
        parse(FRONT + "{.shiny}\ntext\n", "test")  # a string of markup: its own line
    assert str(caught.value).startswith("test (rendered markup):8: error: ")
