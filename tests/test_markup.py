"""Data cannot change the markup: every character of a field comes back as typed."""

from __future__ import annotations

import pytest

from cpc_docs.document import Paragraph, plain_text
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
