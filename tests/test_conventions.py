"""Two conventions of real compacts: a party's short name in running text (`{party:ID}`), and
how the participle opening each preamble clause is set (`style.preamble`, or the language's
`preamble:` in formulas.yaml).

English-only compacts define "the United States" and "Mongolia" in their opening and use those
names throughout; signed compacts write the preamble's participles "RECALLING" in bold capitals
or "Acknowledging" in sentence case. Each is checked in the text the resolver prints, in the
DOCX (runs: text and bold) and in the PDF (text, and the font of the participle).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import MINI, REFERENCE, ROOT
from docx import Document
from pypdf import PdfReader

from cpc_docs.checks import check_pair
from cpc_docs.cli.main import main
from cpc_docs.errors import InputError
from cpc_docs.load.compact import load_compact
from cpc_docs.model.compact import BiText
from cpc_docs.pipeline import compact_document
from cpc_docs.present import formulas as formulas_module
from cpc_docs.present.prose import PlaceholderError, Resolver
from cpc_docs.rules.compact import check
from cpc_docs.settings import RenderSettings
from cpc_docs.shipped import TEMPLATE_ROOT
from cpc_docs.writers import write

SETTINGS = RenderSettings()
PERU = ROOT / "compacts" / "per-2017.yaml"


def mini(tmp_path: Path, **changes: Any) -> Path:
    """mini.yaml with the short names its opening defines, texts that name the parties by
    placeholder, and `changes` applied at its top level."""
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    data["parties"][0]["defined_as"] = {"fr": "la Patria", "en": "Patria"}
    data["parties"][1]["defined_as"] = {"fr": "les États-Unis", "en": "the United States"}
    data["sections"]["purpose"]["paragraphs"] += [
        {
            "fr": "Les engagements {party:us|de} et de {party:pa} figurent à la section "
            "{ref:commitments}.",
            "en": "The commitments of {party:us} and {party:pa} are in Section {ref:commitments}.",
        },
        {
            "fr": "{party:us|cap} entendent apporter leur appui {party:pa|à}.",
            "en": "{party:us|cap} intends to support {party:pa}.",
        },
    ]
    data["preamble"][0] = {
        "verb": {"fr": "Reconnaissant", "en": "Acknowledging"},
        "text": {
            "fr": "que {party:us} et {party:pa} coopèrent de longue date,",
            "en": "that {party:us} and {party:pa} have long cooperated;",
        },
    }
    data.update(changes)
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def docx_of(path: Path, lang: str, settings: RenderSettings = SETTINGS) -> Any:
    compact, _ = load_compact(path)
    data = write(compact_document(compact, lang, settings), "docx", lang, settings)
    return Document(io.BytesIO(data))


def pdf_of(path: Path, lang: str) -> PdfReader:
    compact, _ = load_compact(path)
    data = write(compact_document(compact, lang, SETTINGS), "pdf", lang, SETTINGS)
    return PdfReader(io.BytesIO(data))


def pdf_text(reader: PdfReader) -> str:
    """The PDF's text as a reader copies it, lines joined by spaces."""
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def preamble_runs(document: Any) -> list[list[tuple[str, bool]]]:
    """Each preamble paragraph as its runs: (text, bold)."""
    return [
        [(run.text, bool(run.bold)) for run in p.runs]
        for p in document.paragraphs
        if p.style.name == "CPC Preamble"
    ]


def pdf_pieces(reader: PdfReader) -> list[tuple[str, str]]:
    """Every piece of text of the PDF with its font's name, in reading order."""
    pieces: list[tuple[str, str]] = []

    def visit(text: str, _cm: Any, _tm: Any, font: Any, _size: Any) -> None:
        if text.strip():
            pieces.append((text, str(font.get("/BaseFont", "")) if font else ""))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return pieces


def say(compact: Any, lang: str, text: str) -> str:
    """What the resolver prints for `text` in `lang`, Markdown escapes removed."""
    return Resolver(compact, lang).markup(BiText({lang: text})).replace("\\", "")


# --- {party:ID} -------------------------------------------------------------------------------


def test_party_placeholder_prints_the_short_name_each_version_defines(tmp_path: Path) -> None:
    compact, _ = load_compact(mini(tmp_path))
    assert say(compact, "fr", "{party:us}") == "les États-Unis"
    assert say(compact, "fr", "{party:pa}") == "la Patria"
    assert say(compact, "en", "{party:us}") == "the United States"
    assert say(compact, "en", "{party:pa}") == "Patria"
    assert say(compact, "en", "{party:us|cap} intends") == "The United States intends"
    assert say(compact, "fr", "{party:us|cap} entendent") == "Les États-Unis entendent"


def test_french_forms_contract_the_article_with_de_and_a(tmp_path: Path) -> None:
    compact, _ = load_compact(mini(tmp_path))
    assert say(compact, "fr", "{party:us|de}") == "des États-Unis"
    assert say(compact, "fr", "{party:us|à}") == "aux États-Unis"
    assert say(compact, "fr", "{party:pa|de}") == "de la Patria"
    assert say(compact, "fr", "{party:pa|à}") == "à la Patria"


def test_french_forms_of_names_with_le_l_or_no_article(tmp_path: Path) -> None:
    for defined, of, to in [
        ("le Pérou", "du Pérou", "au Pérou"),
        ("l'Ouganda", "de l'Ouganda", "à l'Ouganda"),
        ("Madagascar", "de Madagascar", "à Madagascar"),
        ("Israël", "d'Israël", "à Israël"),
        ("Haïti", "d'Haïti", "à Haïti"),
    ]:
        path = mini(tmp_path)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["parties"][0]["defined_as"]["fr"] = defined
        path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        compact, _ = load_compact(path)
        assert say(compact, "fr", "{party:pa|de}") == of, defined
        assert say(compact, "fr", "{party:pa|à}") == to, defined


def test_spanish_forms_contract_el_with_de_and_a() -> None:
    compact, _ = load_compact(PERU)
    assert say(compact, "es", "{party:per}") == "el Perú"
    assert say(compact, "es", "{party:per|de}") == "del Perú"
    assert say(compact, "es", "{party:per|a}") == "al Perú"
    assert say(compact, "es", "{party:us|de}") == "de los Estados Unidos"
    assert say(compact, "es", "{party:us|cap}") == "Los Estados Unidos"
    assert say(compact, "en", "{party:per}") == "Peru"
    assert say(compact, "en", "{party:us}") == "the United States"


def test_without_a_defined_name_the_party_short_name_is_printed() -> None:
    compact, _ = load_compact(REFERENCE)  # its opening defines no short name
    assert say(compact, "fr", "{party:civ}") == "Côte d'Ivoire"
    assert say(compact, "en", "{party:civ}") == "Côte d'Ivoire"
    assert say(compact, "en", "{party:us}") == "United States"


def test_a_form_the_language_lacks_is_refused_naming_its_forms() -> None:
    compact, _ = load_compact(PERU)
    with pytest.raises(PlaceholderError, match=r"no form 'de'.*its forms: \|cap \(or none"):
        say(compact, "en", "{party:us|de}")
    with pytest.raises(PlaceholderError, match=r"no form 'à'.*\|cap, \|de, \|a"):
        say(compact, "es", "{party:us|à}")


def test_a_preposition_typed_before_the_plain_name_is_refused_with_the_form_to_write(
    tmp_path: Path,
) -> None:
    compact, _ = load_compact(mini(tmp_path))
    with pytest.raises(PlaceholderError, match=r"« de les États-Unis ».*\{party:us\|de\}"):
        say(compact, "fr", "les engagements de {party:us}")
    with pytest.raises(PlaceholderError, match=r"« à les États-Unis ».*« aux États-Unis »"):
        say(compact, "fr", "un appui à {party:us}")
    # "de la Patria" is right as typed; English has no such forms.
    assert say(compact, "fr", "les engagements de {party:pa}") == "les engagements de la Patria"
    assert say(compact, "en", "of {party:us}") == "of the United States"


def test_an_unknown_party_is_an_error_at_the_line_of_its_text(tmp_path: Path) -> None:
    path = mini(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        "The commitments of {party:us}", "The commitments of {party:usa}"
    )
    path.write_text(text, "utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "{party:usa}" in row)
    compact, source = load_compact(path)
    (finding,) = [f for f in check(compact, source) if f.rule == "placeholders"]
    assert finding.severity == "error"
    assert finding.location.line == line
    assert finding.location.path == "sections.purpose.paragraphs.1.en"
    assert "{party:usa} names no party; the parties: pa, us" in finding.message
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"mini.yaml:{line}:" in result.output and "{party:usa} names no party" in result.output


def test_cpc_check_compares_the_party_not_its_form(tmp_path: Path) -> None:
    # The same party in both versions, in each language's form: nothing to report.
    hits = check_pair("les engagements {party:us|de}", "the commitments of {party:us}")
    assert not [h for h in hits if h.rule == "placeholders"]
    hits = check_pair("{party:us|cap} entendent", "{party:us|cap} intends")
    assert not [h for h in hits if h.rule == "placeholders"]
    # Another party in one version is a fact that differs.
    hits = check_pair("les engagements {party:pa|de}", "the commitments of {party:us}")
    messages = sorted(h.message for h in hits if h.rule == "placeholders")
    assert [m.split(" is in")[0] for m in messages] == ["{party:pa}", "{party:us}"]
    assert "in the French but not in the English" in messages[0]
    # And the whole file, as `cpc check` reads it.
    result = CliRunner().invoke(main, ["check", str(mini(tmp_path)), "--no-glossary"])
    assert result.exit_code == 0, result.output
    assert "placeholders" not in result.output


def test_party_names_in_the_rendered_docx_and_pdf(tmp_path: Path) -> None:
    path = mini(tmp_path)
    french = [p.text for p in docx_of(path, "fr").paragraphs]
    english = [p.text for p in docx_of(path, "en").paragraphs]
    assert "Les engagements des États-Unis et de la Patria figurent à la section VII." in french
    assert "Les États-Unis entendent apporter leur appui à la Patria." in french
    assert "The commitments of the United States and Patria are in Section VII." in english
    assert "The United States intends to support Patria." in english
    text = pdf_text(pdf_of(path, "en"))
    assert "The United States intends to support Patria." in text


# --- the preamble's participles ---------------------------------------------------------------


def test_the_reference_compact_keeps_its_bold_capitals() -> None:
    runs = preamble_runs(docx_of(REFERENCE, "fr"))
    assert runs[0][0] == ("RAPPELANT", True)
    assert runs[0][1][0].startswith(" les relations de longue date") and not runs[0][1][1]
    assert [r[0] for r in runs][:3] == [
        ("RAPPELANT", True), ("CONSIDERANT", True), ("PRÉOCCUPÉES", True),
    ]  # fmt: skip


def test_as_written_by_default_whatever_the_case_typed(tmp_path: Path) -> None:
    runs = preamble_runs(docx_of(mini(tmp_path), "en"))
    assert runs[0][0] == ("Acknowledging", True)
    assert runs[1][0] == ("DESIRING", True)


def test_capitals_in_docx_and_pdf(tmp_path: Path) -> None:
    path = mini(tmp_path, style={"preamble": {"verb_case": "capitals"}})
    runs = preamble_runs(docx_of(path, "en"))
    assert runs[0][0] == ("ACKNOWLEDGING", True)
    assert runs[0][1] == (" that the United States and Patria have long cooperated;", False)
    assert runs[1][0] == ("DESIRING", True)
    assert preamble_runs(docx_of(path, "fr"))[0][0] == ("RECONNAISSANT", True)
    reader = pdf_of(path, "en")
    pieces = pdf_pieces(reader)
    text = pdf_text(reader)
    assert "ACKNOWLEDGING that the United States and Patria have long cooperated;" in text
    (font,) = {font for piece, font in pieces if piece.startswith("ACKNOWLEDGING")}
    assert font.endswith("-Bold")


def test_sentence_case_not_bold_in_docx_and_pdf(tmp_path: Path) -> None:
    path = mini(tmp_path, style={"preamble": {"verb_case": "sentence", "verb_bold": False}})
    runs = preamble_runs(docx_of(path, "en"))
    assert runs[0] == [("Acknowledging that the United States and Patria have long cooperated;",
                        False)]  # fmt: skip
    assert runs[1] == [("Desiring to cooperate over the next five (5) years;", False)]
    french = preamble_runs(docx_of(path, "fr"))
    assert french[1][0][0].startswith("Souhaitant coopérer") and not french[1][0][1]
    reader = pdf_of(path, "en")
    pieces = pdf_pieces(reader)
    text = pdf_text(reader)
    assert "Desiring to cooperate over the next five (5) years;" in text
    assert "DESIRING" not in text
    fonts = {font for piece, font in pieces if piece.startswith(("Desiring", "Acknowledging"))}
    assert fonts and not [font for font in fonts if "Bold" in font]


def test_a_language_default_from_its_formulas(tmp_path: Path) -> None:
    root = tmp_path / "templates"
    shutil.copytree(TEMPLATE_ROOT, root)
    formulas = root / "en" / "formulas.yaml"
    text = formulas.read_text(encoding="utf-8")
    formulas.write_text(
        text.replace(
            "preamble: {verb_case: as-written, verb_bold: true}",
            "preamble: {verb_case: capitals, verb_bold: false}",
        ),
        "utf-8",
    )
    settings = RenderSettings(template_root=root)
    runs = preamble_runs(docx_of(mini(tmp_path), "en", settings))
    assert runs[0] == [("ACKNOWLEDGING that the United States and Patria have long cooperated;",
                        False)]  # fmt: skip
    # The compact's own style wins over the language's.
    path = mini(tmp_path, style={"preamble": {"verb_bold": True}})
    assert preamble_runs(docx_of(path, "en", settings))[0][0] == ("ACKNOWLEDGING", True)


def test_a_bad_preamble_default_is_refused_at_its_line(tmp_path: Path) -> None:
    root = tmp_path / "templates"
    shutil.copytree(TEMPLATE_ROOT, root)
    formulas = root / "en" / "formulas.yaml"
    text = formulas.read_text(encoding="utf-8").replace(
        "verb_case: as-written", "verb_case: uppercase"
    )
    formulas.write_text(text, "utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "uppercase" in row)
    with pytest.raises(InputError, match="verb_case is one of as-written, capitals, sentence") as e:
        formulas_module.load(root, "en")
    assert e.value.location.line == line


def test_a_bad_style_in_the_compact_is_a_validation_error(tmp_path: Path) -> None:
    path = mini(tmp_path, style={"preamble": {"verb_case": "upper"}})
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "style.preamble.verb_case" in result.output
