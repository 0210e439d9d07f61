"""The DOCX instrument, opened and read back: words, styles, fields, language, determinism."""

from __future__ import annotations

import re

import pytest
from conftest import MINI
from docx_read import footer_xml, paragraphs, part, text

from cpc_docs.load.compact import load_compact
from cpc_docs.pipeline import compact_document
from cpc_docs.settings import RenderSettings
from cpc_docs.writers import write

SETTINGS = RenderSettings(date_epoch=1669896000, fingerprint="SHA-256 0123456789abcdef")


@pytest.fixture(scope="module")
def mini():
    compact, _ = load_compact(MINI)
    return compact


@pytest.fixture(scope="module")
def docx_fr(mini) -> bytes:
    return write(compact_document(mini, "fr", SETTINGS), "docx", "fr", SETTINGS)


@pytest.fixture(scope="module")
def docx_en(mini) -> bytes:
    return write(compact_document(mini, "en", SETTINGS), "docx", "en", SETTINGS)


def styled(data: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in paragraphs(data)]


def test_title_page_has_partner_motto_and_both_governments(docx_fr):
    pairs = styled(docx_fr)
    assert pairs[0] == ("CPC State", "République de Patria")
    assert pairs[1] == ("CPC Motto", "Paix – Travail")
    assert pairs[2][0] == "CPC Document Title"
    assert pairs[2][1].startswith("PARTENARIAT RELATIF AU PACTE")
    parties = [t for s, t in pairs if s == "CPC Title Party"]
    assert parties == [
        "LE GOUVERNEMENT DE LA RÉPUBLIQUE DE PATRIA",
        "LE GOUVERNEMENT DES ÉTATS-UNIS D’AMÉRIQUE",
    ]


def test_sections_are_numbered_headings(docx_fr):
    headings = [t for s, t in styled(docx_fr) if s == "Heading 1"]
    assert headings[:3] == ["I. Objet", "II. But et objectifs", "III. Définitions"]
    assert headings[-1] == "Annexe A\u00a0: Cadre d’actions conjoint"
    assert len(headings) == 11  # ten sections and the annex


def test_placeholders_are_filled_per_language(docx_fr, docx_en):
    fr, en = text(docx_fr), text(docx_en)
    assert "jusqu’à 5\u00a0millions de dollars des États-Unis" in fr
    assert "up to US$5 million" in en
    assert "pour cinq (05) ans, sauf prorogation (section IX)" in fr
    assert "for five (5) years, unless extended (Section IX)" in en
    assert "la réunion prévue à la section V.A." in fr
    assert "point B de la section V" in fr and "point B of Section V" in en
    assert "le 01 décembre 2022" in fr and "on December 1, 2022" in en
    assert "{" not in fr and "{" not in en


def test_defined_terms_are_bold_inside_quotes(docx_fr, docx_en):
    definition = next(p for p in paragraphs(docx_fr) if p.style.name == "CPC Definition")
    bold = [r.text for r in definition.runs if r.bold]
    assert bold == ["Enfant", "mineur"]
    assert definition.text.startswith("«\u00a0Enfant\u00a0» ou «\u00a0mineur\u00a0»")
    definition_en = next(p for p in paragraphs(docx_en) if p.style.name == "CPC Definition")
    assert definition_en.text.startswith("“Child” or “minor”")


def test_french_typography(docx_fr):
    body = text(docx_fr)
    assert "d’autre part\u202f;" in body
    assert "suivant\u00a0:" in body
    objectives = [p for p in paragraphs(docx_fr) if p.style.name == "CPC Objective"]
    first = objectives[1]
    assert first.text.startswith("1er objectif (prévention)")
    assert first.runs[0].text == "1" and first.runs[1].text == "er"
    assert first.runs[1].font.superscript


def test_lettered_items_carry_their_label(docx_fr):
    items = [p.text for p in paragraphs(docx_fr) if p.style.name == "CPC Item"]
    assert items[0] == "A.\tLes Participants se rencontrent une fois par an."
    assert items[1].startswith("B.\tUn comité")
    continued = [p.text for p in paragraphs(docx_fr) if p.style.name == "CPC Item Continued"]
    assert continued == ["Il rend compte à la réunion prévue à la section V.A."]


def test_focal_points_list_each_party(docx_fr):
    body = text(docx_fr)
    assert "Points focaux pour les États-Unis d’Amérique" in body
    assert "Adresse électronique\u00a0: JTIPGrants@state.gov" in body
    assert "Téléphone\u00a0: +111 22 33 44 55" in body


def test_signature_block_is_a_borderless_table(docx_fr):
    import io

    from docx import Document

    document = Document(io.BytesIO(docx_fr))
    table = document.tables[-1]
    # Row 1: who each signs for; row 2: the signing line (a bordered empty paragraph), the
    # name and titles, so the lines are level whatever the length of row 1.
    on_behalf = [c.text for c in table.rows[0].cells]
    assert on_behalf == [
        "Pour le Gouvernement des États-Unis d’Amérique",
        "Pour le Gouvernement de la République de Patria",
    ]
    below = [c.text for c in table.rows[1].cells]
    assert below[0].startswith("\nJane Doe\nAmbassadrice des États-Unis")
    assert "Madame Marie KOUAME\nMinistre de la Famille\nPrésidente du CN" in below[1]
    assert all("w:pBdr" in cell.paragraphs[0]._p.xml for cell in table.rows[1].cells)
    assert "w:tblBorders" not in table._tbl.xml
    assert "SIGNÉ à Capitale, le 01 décembre 2022, en deux (02) exemplaires" in text(docx_fr)


def test_annex_starts_on_a_new_page(docx_fr):
    heading = next(p for p in paragraphs(docx_fr) if p.text.startswith("Annexe A"))
    assert heading.paragraph_format.page_break_before


def test_footer_has_page_fields_and_initials(docx_fr, docx_en):
    footer = footer_xml(docx_fr)
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", footer)
    assert re.search(r"<w:instrText[^>]*> NUMPAGES </w:instrText>", footer)
    assert "Page " in footer and " sur " in footer
    assert "Paraphes — Patria" in footer and "Paraphes — États-Unis" in footer
    assert "SHA-256 0123456789abcdef" in footer
    assert "Initials — United States" in footer_xml(docx_en)


def test_language_is_tagged(docx_fr, docx_en):
    assert 'w:lang w:val="fr-FR"' in part(docx_fr, "word/styles.xml")
    assert 'w:lang w:val="en-US"' in part(docx_en, "word/styles.xml")


def test_core_properties(docx_fr):
    core = part(docx_fr, "docProps/core.xml")
    assert "<dc:title>Partenariat relatif au Pacte pour la Protection de l'Enfance (CPC)" in core
    assert "<dc:language>fr-FR</dc:language>" in core
    assert "Partenariat CPC entre le Gouvernement de la République de Patria" in core
    assert "2022-12-01T12:00:00Z" in core


def test_same_inputs_same_bytes(mini, docx_fr):
    again = write(compact_document(mini, "fr", SETTINGS), "docx", "fr", SETTINGS)
    assert again == docx_fr


def test_text_writer_matches_docx_words(mini, docx_fr):
    from cpc_docs.writers.text import render

    words = re.findall(r"\w+", render(compact_document(mini, "fr", SETTINGS)))
    assert words == re.findall(r"\w+", text(docx_fr))


def test_table_widths_and_image_description():
    import io

    from conftest import ROOT
    from docx import Document as open_docx

    from cpc_docs.document import Document, Image, Metadata, Paragraph, Run, Table, TableCell
    from cpc_docs.writers import WriteOptions
    from cpc_docs.writers.docx import write as write_docx

    png = (ROOT / "docs" / "images" / "title-page.png").read_bytes()
    cells = [[TableCell([Paragraph([Run(t)])]) for t in ("a", "b")]]
    doc = Document(
        Metadata(title="t", subject="s", language="en-US"),
        [Table(rows=cells, widths=[3.0, 1.0]), Image(png, alt="Chart: values", width_mm=50)],
    )
    data = write_docx(doc, WriteOptions())
    opened = open_docx(io.BytesIO(data))
    widths = [cell.width.cm for cell in opened.tables[0].rows[0].cells]
    assert widths == pytest.approx([12.0, 4.0], abs=0.01)
    assert 'descr="Chart: values"' in opened.element.xml


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_apostrophes_are_typographic_in_every_language(docx_fr, docx_en, lang):
    """The YAML keeps straight apostrophes; the documents print ’ (and ‘ where a quotation
    opens), in French as in English."""
    data = docx_fr if lang == "fr" else docx_en
    body = "\n".join(p.text for p in paragraphs(data))
    assert "'" not in body
    if lang == "fr":
        assert "États-Unis d’Amérique" in body


@pytest.mark.parametrize(
    ("runs", "printed"),
    [
        (["l'enfant et l'État"], ["l’enfant et l’État"]),
        (["the Participants' views"], ["the Participants’ views"]),
        (["a 'quoted' word"], ["a ‘quoted’ word"]),
        (["(‘x’) ('y')"], ["(‘x’) (‘y’)"]),
        (["the ", "CPC", "'s aims"], ["the ", "CPC", "’s aims"]),  # across runs
        (["'Tis"], ["‘Tis"]),
        (["no quote"], ["no quote"]),
    ],
)
def test_straight_quotes_curl_by_their_neighbours(runs, printed):
    from cpc_docs.document import Run
    from cpc_docs.tree.typography import typographic_apostrophes

    assert [r.text for r in typographic_apostrophes([Run(t) for t in runs])] == printed


@pytest.mark.parametrize("fmt", ["docx", "txt"])
def test_an_unknown_node_is_a_writer_error_naming_it(fmt: str) -> None:
    """A node outside document.Block (mypy rejects one; a caller outside the types may still
    pass it) is an error naming it, in every writer, never dropped."""
    from dataclasses import dataclass

    from cpc_docs.document import Document, ListBlock, Metadata, Paragraph, Run
    from cpc_docs.errors import UnsupportedNode, WriterError
    from cpc_docs.writers import WriteOptions, get_writer

    @dataclass
    class Sidebar:
        text: str
        line: int | None = 7

    doc = Document(
        Metadata(title="t", subject="s", language="en-US"),
        [Paragraph([Run("x")]), ListBlock([[Paragraph([Run("y")])], [Sidebar("z")]])],  # type: ignore[list-item]
    )
    with pytest.raises(UnsupportedNode, match="cannot render a Sidebar node") as err:
        get_writer(fmt)(doc, WriteOptions())
    assert isinstance(err.value, WriterError)
    assert err.value.location is not None and err.value.location.line == 7
