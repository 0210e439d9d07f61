"""The markup reports need: pipe tables and charts placed by id (cpc_docs/tree/markup.py)."""

from __future__ import annotations

import pytest

from cpc_docs.document import Image, Paragraph, Table, plain_text
from cpc_docs.errors import TemplateFailure
from cpc_docs.present.prose import escape_markdown
from cpc_docs.present.report import GAP_LABEL, gap_markup
from cpc_docs.tree.markup import parse

FRONT = '---\ntitle: "t"\nsubject: "s"\nlanguage: "fr-FR"\n---\n\n'


def cells(table: Table) -> list[list[str]]:
    return [
        [plain_text(cell.blocks[0].runs) if cell.blocks else "" for cell in row]
        for row in table.rows
    ]


def test_a_pipe_table_becomes_a_table_with_header_alignment_and_widths():
    doc = parse(
        FRONT + '{widths="3 1 1"}\n| Indicateur | Cible | Valeur |\n|:--|--:|:-:|\n'
        "| Nombre de **campagnes** | 8 | 7 |\n| Personnes | 40 000 | |\n",
        "test",
    )
    [table] = doc.blocks
    assert isinstance(table, Table)
    assert table.header_rows == 1 and table.widths == [3.0, 1.0, 1.0]
    assert cells(table) == [
        ["Indicateur", "Cible", "Valeur"],
        ["Nombre de campagnes", "8", "7"],
        ["Personnes", "40 000", ""],
    ]
    assert [c.align for c in table.rows[1]] == ["left", "right", "center"]
    assert [r.bold for r in table.rows[1][0].blocks[0].runs] == [False, True]
    assert table.rows[2][2].blocks == []  # an empty cell holds nothing


def test_a_table_whose_header_is_empty_has_no_header_row():
    [table] = parse(FRONT + "| | |\n|:--|:--|\n| a | b |\n", "test").blocks
    assert isinstance(table, Table)
    assert table.header_rows == 0 and cells(table) == [["a", "b"]]


@pytest.mark.parametrize("value", ["a | b", "x \\| y", "*pas* [un](lien) {.gap}", "`code` ---"])
def test_data_in_a_cell_cannot_break_the_table(value):
    [table] = parse(FRONT + f"| h |\n|--|\n| {escape_markdown(value)} |\n", "test").blocks
    assert isinstance(table, Table)
    assert cells(table) == [["h"], [value]]


def test_a_gap_in_a_cell_is_a_highlighted_run():
    for lang in ("fr", "en"):
        [table] = parse(FRONT + f"| h |\n|--|\n| {gap_markup(lang)} |\n", "test").blocks
        [run] = table.rows[1][0].blocks[0].runs
        assert run.text == GAP_LABEL[lang] and run.gap


def test_bad_widths_are_an_error_naming_the_line():
    with pytest.raises(TemplateFailure, match=r"widths='3 1' must give 3 positive numbers"):
        parse(FRONT + '{widths="3 1"}\n| a | b | c |\n|--|--|--|\n| 1 | 2 | 3 |\n', "t")


def test_a_chart_container_places_the_image_the_caller_made():
    chart = Image(data=b"\x89PNG...", alt="Indicateur 1.1", width_mm=150)
    doc = parse(FRONT + "::: chart indicator\\-prev\\-i01\n:::\n\n{.caption}\nLégende\n", "t",
                images={"indicator-prev-i01": chart})  # fmt: skip
    image, caption = doc.blocks
    assert isinstance(image, Image) and image.data == chart.data and image.alt == chart.alt
    assert image.line == 7  # the container's line in the markup
    assert isinstance(caption, Paragraph) and caption.role == "caption"


def test_a_chart_nobody_made_is_an_error_listing_the_charts():
    with pytest.raises(TemplateFailure, match=r"no chart 'x' was produced \(charts: a, b\)"):
        parse(FRONT + "::: chart x\n:::\n", "t", images={"b": Image(b"", ""), "a": Image(b"", "")})
    with pytest.raises(TemplateFailure, match="chart ID"):
        parse(FRONT + "::: chart\n:::\n", "t")
    with pytest.raises(TemplateFailure, match="holds nothing"):
        parse(FRONT + "::: chart a\ntext\n:::\n", "t", images={"a": Image(b"", "")})


def test_markdown_images_stay_refused():
    """Templates name charts; they never read files: `![x](file)` is an error, not a picture."""
    with pytest.raises(TemplateFailure, match="cannot hold"):
        parse(FRONT + "![alt](/etc/passwd)\n", "t")
