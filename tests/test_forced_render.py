"""A render forced past the translation check says so in every file's metadata.

`cpc render --allow-discordant` writes a compact whose language versions `cpc check` finds
discordant (a draft to review). Its manifest records the findings (test_concordance_render);
here, the files themselves carry the mark, so that a PDF or DOCX mailed on without its
manifest still says it is not for signature: the PDF's Info dictionary and its XMP packet (in
step, and still PDF/A: the cpc properties are declared as an extension schema), the DOCX's
core properties, and `cpc verify` on a signed copy. A concordant render carries no mark.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import MINI, mini_variant
from pypdf import PdfReader
from signing import identity_files, root_ca
from test_pdfa import NS, value, xmp_of

from cpc_docs.cli.main import main
from cpc_docs.signing.fields import signature_fields
from cpc_docs.writers.xmp import CPC, read_concordance

NOTE = "Not concordant: 1 error (cpc check) — not for signature"
PRIVATE = {**NS, "cpc": CPC}


def _older(data: Any) -> None:
    """The English says 16 where the French says 18: one error of the numbers rule."""

    def visit(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: visit(v) for k, v in node.items()}
        if isinstance(node, list):
            return [visit(v) for v in node]
        if isinstance(node, str) and "under the age of 18" in node:
            return node.replace("under the age of 18", "under the age of 16")
        return node

    changed = visit(data)
    data.clear()
    data.update(changed)


def _render(runner, compact: Path, out: Path, *options: str) -> str:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["render", str(compact), "--lang", "fr", "-o", str(out), *options])
    assert "Traceback" not in result.output, result.output
    assert result.exit_code == 0, result.output
    return str(result.output)


@pytest.fixture(scope="module")
def forced(tmp_path_factory) -> Path:
    """The discordant mini compact rendered with --allow-discordant (French, DOCX and PDF)."""
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("forced")
    compact = mini_variant(folder, _older)
    runner = CliRunner()
    refused = runner.invoke(main, ["render", str(compact), "--lang", "fr", "-o", str(folder)])
    assert refused.exit_code == 1 and "[numbers]" in refused.output, refused.output
    output = _render(runner, compact, folder / "out", "--allow-discordant")
    assert "(rendered with --allow-discordant)" in output
    return folder / "out"


@pytest.fixture(scope="module")
def concordant(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("concordant")
    _render(CliRunner(), MINI, folder)
    return folder


def test_the_pdf_info_says_not_concordant(forced) -> None:
    info = PdfReader(forced / "mini.fr.pdf").metadata
    assert info is not None
    assert info["/CPCConcordance"] == "discordant"
    assert info["/CPCConcordanceErrors"] == "1"
    assert info["/Subject"].startswith(NOTE + " — ")  # then the compact's own subject
    assert info["/Subject"].removeprefix(NOTE + " — ")  # which is still there
    assert info["/Keywords"].split(", ")[0] == NOTE


def test_the_xmp_says_the_same_as_info(forced) -> None:
    reader = PdfReader(forced / "mini.fr.pdf")
    info = reader.metadata
    assert info is not None
    data, root = xmp_of(reader)
    description = root.find(".//rdf:Description", PRIVATE)
    assert description is not None
    assert description.findtext("cpc:concordance", namespaces=PRIVATE) == "discordant"
    assert description.findtext("cpc:errors", namespaces=PRIVATE) == "1"
    assert value(root, "dc:description") == info["/Subject"]
    assert value(root, "pdf:Keywords") == info["/Keywords"]
    assert value(root, "dc:title") == info["/Title"]
    mark = read_concordance(data)
    assert mark.discordant and mark.errors == 1


def test_the_marked_pdf_still_follows_pdfa(forced) -> None:
    """The claims are kept, and the cpc properties, which PDF/A-2 does not predefine, are
    declared in the packet's extension schemas (ISO 19005-2 §6.6.2.3) beside pdfuaid's."""
    data, root = xmp_of(PdfReader(forced / "mini.fr.pdf"))
    assert value(root, "pdfaid:part") == "2" and value(root, "pdfaid:conformance") == "A"
    assert value(root, "pdfuaid:part") == "1"
    (bag,) = root.findall(".//pdfaExtension:schemas/rdf:Bag", NS)  # one container, two schemas
    schemas = bag.findall("rdf:li", NS)
    declared = {s.findtext("pdfaSchema:namespaceURI", namespaces=NS): s for s in schemas}
    assert set(declared) == {NS["pdfuaid"], CPC}
    schema = declared[CPC]
    assert schema.findtext("pdfaSchema:prefix", namespaces=NS) == "cpc"
    properties = {
        p.findtext("pdfaProperty:name", namespaces=NS): p
        for p in schema.findall("pdfaSchema:property/rdf:Seq/rdf:li", NS)
    }
    assert set(properties) == {"concordance", "errors"}
    assert properties["concordance"].findtext("pdfaProperty:valueType", namespaces=NS) == "Text"
    assert properties["errors"].findtext("pdfaProperty:valueType", namespaces=NS) == "Integer"
    for prop in properties.values():
        assert prop.findtext("pdfaProperty:category", namespaces=NS) == "internal"
        assert prop.findtext("pdfaProperty:description", namespaces=NS)
    predefined = {NS[p] for p in ("dc", "pdf", "xmp", "pdfaid", "pdfaExtension")}
    description = root.find(".//rdf:Description", NS)
    assert description is not None
    for element in description:
        namespace = element.tag[1:].split("}")[0]
        assert namespace in predefined or namespace in declared, element.tag
    data.decode("utf-8")
    ET.fromstring(data)


def test_the_docx_properties_say_not_concordant(forced) -> None:
    props = docx.Document(str(forced / "mini.fr.docx")).core_properties
    assert props.subject.startswith(NOTE + " — ")
    assert props.keywords.split(", ")[0] == NOTE
    assert props.comments.startswith(NOTE + "; fingerprint SHA-256 ")


def test_the_pages_are_those_of_the_compact(forced, concordant) -> None:
    """The mark is metadata: the text of the instrument is the same (but for the number the
    test changed, and the fingerprint of its inputs)."""
    marked = "".join(page.extract_text() for page in PdfReader(forced / "mini.fr.pdf").pages)
    plain = "".join(page.extract_text() for page in PdfReader(concordant / "mini.fr.pdf").pages)
    assert "Not concordant" not in marked
    assert len(marked.split()) == len(plain.split())


def test_a_concordant_render_has_no_mark(concordant) -> None:
    reader = PdfReader(concordant / "mini.fr.pdf")
    info = reader.metadata
    assert info is not None
    assert "/CPCConcordance" not in info and "/CPCConcordanceErrors" not in info
    assert "Not concordant" not in info["/Subject"] + info["/Keywords"]
    data, _ = xmp_of(reader)
    assert CPC.encode() not in data and b"cpc:" not in data
    assert not read_concordance(data).discordant
    props = docx.Document(str(concordant / "mini.fr.docx")).core_properties
    assert "Not concordant" not in props.subject + props.keywords + props.comments


def _signed_and_verified(rendered: Path, tmp_path: Path) -> str:
    """The French PDF of `rendered` (copied with its manifest) signed in its first field,
    then `cpc verify`'s output."""
    pytest.importorskip("pyhanko")
    from click.testing import CliRunner

    folder = tmp_path / "build"
    shutil.copytree(rendered, folder)
    runner = CliRunner()
    ca_key, ca_cert, root_pem = root_ca(tmp_path)
    key, cert, _ = identity_files(tmp_path, "Jane Doe", issuer=(ca_key, ca_cert))
    pdf = folder / "mini.fr.pdf"
    (field, *_) = (f.name for f in signature_fields(pdf.read_bytes()))
    signed = runner.invoke(main, ["sign", str(pdf), "--field", field, "--key", str(key),
                                  "--cert", str(cert), "--chain", str(root_pem)])  # fmt: skip
    assert signed.exit_code == 0, signed.output
    result = runner.invoke(main, ["verify", str(folder / "mini.fr.signed.pdf")])
    assert "Traceback" not in result.output, result.output
    return str(result.output)


def test_verify_warns_of_a_signed_discordant_pdf(forced, tmp_path) -> None:
    output = _signed_and_verified(forced, tmp_path)
    assert "the PDF is marked not concordant" in output
    assert "cpc check found 1 error(s) in its language versions" in output
    assert "not for signature" in output


def test_verify_says_nothing_of_a_concordant_one(concordant, tmp_path) -> None:
    output = _signed_and_verified(concordant, tmp_path)
    assert "concordant" not in output
