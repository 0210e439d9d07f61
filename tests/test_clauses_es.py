"""The Spanish of the library of standard clauses (cpc_docs/clauses.yaml).

A Spanish/English compact writes `confidentiality: standard` and gets the library's Spanish
and English; `cpc check` compares the library's Spanish with its English by the same rules as
the French (the file declares its languages for that), and the Spanish says nothing of a
treaty (tests/test_formulas.py reads it with templates/es/vocabulary.yaml).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT
from docx_read import paragraphs

from cpc_docs.authoring.compact_draft import STANDARD_SECTIONS
from cpc_docs.cli.main import main
from cpc_docs.load.compact import CLAUSES, load_compact, standard_clauses
from cpc_docs.model.compact import PLACEHOLDER
from cpc_docs.rules.compact import check

PERU = ROOT / "compacts" / "per-2017.yaml"


def _bitexts(node: Any) -> list[dict[str, Any]]:
    """Every mapping of language codes in the library, in document order."""
    if isinstance(node, dict):
        if {"fr", "en"} <= set(node):
            return [node]
        return [found for value in node.values() for found in _bitexts(value)]
    if isinstance(node, list):
        return [found for value in node for found in _bitexts(value)]
    return []


def test_every_text_of_the_library_is_in_spanish_with_the_same_placeholders() -> None:
    texts = _bitexts(standard_clauses())
    assert len(texts) == 44
    for text in texts:
        assert set(text) == {"fr", "en", "es"}, text
        tokens = {lang: sorted(m[0] for m in PLACEHOLDER.finditer(text[lang])) for lang in text}
        assert tokens["es"] == tokens["en"] == tokens["fr"], text


def test_the_spanish_speaks_the_words_of_the_peru_and_colombia_compacts() -> None:
    library = standard_clauses()
    spanish = " ".join(" ".join(text["es"].split()) for text in _bitexts(library))
    assert spanish.count("la presente Asociación CPC") >= 10
    assert "Participantes" in spanish and "niñas, niños y adolescentes" in spanish
    # Never the treaty's words, nor the European Spanish the partnerships do not use.
    for word in ("Partes", "entrará en vigor", "entrada en vigor", "auténtico", "acuerdan",
                 "se obligan", "a medio plazo", "Acuerdo CPC"):  # fmt: skip
        assert word not in spanish, word
    child = library["definitions"]["definitions"][4]
    assert [term["es"] for term in child["terms"]] == ["Niña, niño o adolescente", "menor de edad"]


def test_cpc_check_finds_no_difference_between_the_library_s_spanish_and_english() -> None:
    result = CliRunner().invoke(main, ["check", str(CLAUSES), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["findings"] == []
    assert report["summary"]["pairs"] == 44


def test_cpc_check_compares_the_library_s_spanish(tmp_path: Path) -> None:
    """The check above is not empty for want of reading the Spanish: a Spanish sentence that
    loses its negation is an error."""
    text = CLAUSES.read_text(encoding="utf-8")
    assert text.count("un Participante no ha de divulgar") == 1
    broken = tmp_path / "clauses.yaml"
    broken.write_text(text.replace("un Participante no ha de", "un Participante ha de"), "utf-8")
    result = CliRunner().invoke(main, ["check", str(broken), "--format", "json"])
    assert result.exit_code == 1
    found = json.loads(result.output)["findings"]
    assert [(f["rule"], f["path"]) for f in found] == [
        ("negation", "sections.confidentiality.paragraphs.0")
    ]
    assert "the Spanish has 1" in found[0]["message"]


@pytest.fixture(scope="module")
def peru_standard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Peru compact with every standard section taken from the library."""
    data = yaml.safe_load(PERU.read_text(encoding="utf-8"))
    for key in STANDARD_SECTIONS:
        data["sections"][key] = "standard"
    path = tmp_path_factory.mktemp("es") / "per-2017.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def test_a_spanish_english_compact_takes_every_standard_section_in_its_languages(
    peru_standard: Path,
) -> None:
    assert "  confidentiality: standard\n" in peru_standard.read_text(encoding="utf-8")
    compact, source = load_compact(peru_standard)
    assert [f for f in check(compact, source) if f.severity == "error"] == []
    assert [f for f in check(compact, source) if f.rule == "non-binding"] == []
    library = standard_clauses()
    for key in STANDARD_SECTIONS:
        section = getattr(compact.sections, key)
        assert section.title.root == {
            "es": library[key]["title"]["es"],
            "en": library[key]["title"]["en"],
        }, key


def test_a_spanish_english_compact_with_standard_sections_renders(
    peru_standard: Path, tmp_path: Path
) -> None:
    """Rendered through `cpc render`, so also through its check of the two versions."""
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["render", str(peru_standard), "--format", "docx", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    es = [p.text for p in paragraphs((out / "per-2017.es.docx").read_bytes())]
    en = [p.text for p in paragraphs((out / "per-2017.en.docx").read_bytes())]
    numbered = [line for line in es if re.match(r"^[IVX]+\. ", line)]
    assert "III. Definiciones operativas de los conceptos" in numbered
    assert "XII. Controversias" in numbered
    for sentence in (
        # {term:N} in the Spanish quotation marks.
        "«Niña, niño o adolescente» o «menor de edad» designa a toda persona menor de 18 años.",
        # {duration} and {ref:amendment} as the Spanish writes them.
        "Se prevé que la presente Asociación CPC surta efecto en la fecha de su firma por los "
        "Participantes y que siga produciendo efectos durante un período de cuatro (4) años a "
        "partir de esa fecha, salvo prórroga conforme a lo previsto en la sección IX.",
        "La presente Asociación CPC podrá modificarse mediante una simple enmienda, a solicitud "
        "expresa y por escrito de cualquiera de los Participantes, con un preaviso de tres (3) "
        "meses.",
    ):
        assert sentence in es, sentence
    # {letter:committee} and {ref:monitoring}; {notice:digits}, with a no-break space.
    assert any("previsto en el punto D de la sección V de la presente" in line for line in es)
    assert any("dentro de los 30\u00a0días siguientes al cambio" in line for line in es)
    # The English version has the library's English, and no Spanish.
    assert "XII. Disputes" in en
    assert not [line for line in en if "Asociación CPC" in line]
