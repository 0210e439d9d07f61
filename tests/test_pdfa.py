"""Archival PDFs: what each output claims (PDF/A, PDF/UA), and that finishing and signing keep
the rules those claims rest on.

No PDF/A validator (veraPDF) is available here, so the claims are read back from the XMP, and
the rules that what cpc-docs adds to Typst's or LibreOffice's file could break are checked one
by one, each with the clause of ISO 19005-2 (PDF/A-2) or ISO 14289-1 (PDF/UA-1) it comes from.
Typst checks the typeset content itself when it exports with `pdf_standards`.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import MINI, need_program
from pypdf import PdfReader, PdfWriter

from cpc_docs.cli.main import main
from cpc_docs.document import Metadata
from cpc_docs.writers.finishing import finish
from cpc_docs.writers.xmp import Conformance, read_conformance

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("pdfa")
    result = CliRunner().invoke(main, ["render", str(MINI), "--format", "pdf", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def xmp_of(reader: PdfReader) -> tuple[bytes, ET.Element]:
    stream = reader.trailer["/Root"]["/Metadata"].get_object()
    assert stream["/Type"] == "/Metadata" and stream["/Subtype"] == "/XML"
    assert "/Filter" not in stream  # readable by any archive tool
    data = stream.get_data()
    return data, ET.fromstring(data)


def value(root: ET.Element, path: str) -> str:
    found = root.find(f".//rdf:Description/{path}", NS)
    assert found is not None, path
    if found.find("rdf:Alt/rdf:li", NS) is not None:
        return found.find("rdf:Alt/rdf:li", NS).text or ""  # type: ignore[union-attr]
    if found.find("rdf:Seq/rdf:li", NS) is not None:
        return found.find("rdf:Seq/rdf:li", NS).text or ""  # type: ignore[union-attr]
    if found.find("rdf:Bag/rdf:li", NS) is not None:
        return found.find("rdf:Bag/rdf:li", NS).text or ""  # type: ignore[union-attr]
    return found.text or ""


@pytest.mark.parametrize(("lang", "tag"), [("fr", "fr-FR"), ("en", "en-US")])
def test_typst_pdfs_claim_pdfa_2a_and_pdfua_1(rendered, lang, tag) -> None:
    reader = PdfReader(rendered / f"mini.{lang}.pdf")
    _, root = xmp_of(reader)
    assert value(root, "pdfaid:part") == "2" and value(root, "pdfaid:conformance") == "A"
    assert value(root, "pdfuaid:part") == "1"
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == tag and value(root, "dc:language") == tag
    assert catalog["/MarkInfo"]["/Marked"].value is True and "/StructTreeRoot" in catalog
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True  # PDF/UA-1 §7.1
    (intent,) = catalog["/OutputIntents"]
    assert intent.get_object()["/S"] == "/GTS_PDFA1"  # ISO 19005-2 §6.2.3


def test_info_and_xmp_say_the_same(rendered) -> None:
    """ISO 19005-1 §6.7.3, still what PDF/A-2 validators compare: each Info entry and its
    XMP property are equivalent (finishing rewrites Info, so it rewrites XMP too)."""
    reader = PdfReader(rendered / "mini.fr.pdf")
    info = reader.metadata
    _, root = xmp_of(reader)
    assert value(root, "dc:title") == info["/Title"]
    assert value(root, "dc:description") == info["/Subject"]
    assert value(root, "dc:creator") == info["/Author"]
    assert value(root, "pdf:Keywords") == info["/Keywords"]
    assert value(root, "xmp:CreatorTool") == info["/Creator"] == "cpc-docs"
    assert value(root, "pdf:Producer") == info["/Producer"]
    assert info["/Producer"].startswith("Typst ")
    for key, prop in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
        d = info[key]  # D:YYYYMMDDHHmmSSZ
        iso = f"{d[2:6]}-{d[6:8]}-{d[8:10]}T{d[10:12]}:{d[12:14]}:{d[14:16]}Z"
        assert value(root, prop) == iso


def test_the_xmp_packet_follows_pdfa(rendered) -> None:
    data, root = xmp_of(PdfReader(rendered / "mini.fr.pdf"))
    header = re.match(rb"<\?xpacket ([^?]*)\?>", data)
    assert header is not None
    assert b"bytes=" not in header.group(1) and b"encoding=" not in header.group(1)  # §6.6.2.1
    data.decode("utf-8")  # UTF-8, §6.6.2.1
    # pdfuaid is not one of PDF/A-2's predefined schemas: declared as an extension (§6.6.2.3).
    schemas = root.findall(".//pdfaExtension:schemas/rdf:Bag/rdf:li", NS)
    declared = {s.findtext("pdfaSchema:namespaceURI", namespaces=NS): s for s in schemas}
    schema = declared[NS["pdfuaid"]]
    assert schema.findtext("pdfaSchema:prefix", namespaces=NS) == "pdfuaid"
    (prop,) = schema.findall("pdfaSchema:property/rdf:Seq/rdf:li", NS)
    assert prop.findtext("pdfaProperty:name", namespaces=NS) == "part"
    assert prop.findtext("pdfaProperty:valueType", namespaces=NS) == "Integer"
    assert prop.findtext("pdfaProperty:category", namespaces=NS) == "internal"
    assert prop.findtext("pdfaProperty:description", namespaces=NS)
    # Every property is of a schema PDF/A-2 predefines or declared above.
    predefined = {NS[p] for p in ("dc", "pdf", "xmp", "pdfaid", "pdfaExtension")}
    description = root.find(".//rdf:Description", NS)
    assert description is not None
    for element in description:
        namespace = element.tag[1:].split("}")[0]
        assert namespace in predefined or namespace in declared, element.tag


def widgets(reader: PdfReader) -> list[tuple[int, object]]:
    return [
        (number, annotation.get_object())
        for number, page in enumerate(reader.pages)
        for annotation in page.get("/Annots") or []
    ]


def test_signature_fields_follow_pdfa_and_pdfua(rendered) -> None:
    reader = PdfReader(rendered / "mini.fr.pdf")
    catalog = reader.trailer["/Root"]
    form = catalog["/AcroForm"]
    assert not form.get("/NeedAppearances") and "/XFA" not in form  # §6.4.1, §6.4.2
    assert "/AA" not in catalog and "/JavaScript" not in catalog.get("/Names", {})
    tree = catalog["/StructTreeRoot"]
    parents = tree["/ParentTree"].get_object()["/Nums"]
    by_key = dict(zip(parents[::2], parents[1::2], strict=True))
    assert tree["/ParentTreeNextKey"] > max(by_key)
    found = widgets(reader)
    assert len(found) == 2
    for number, widget in found:
        assert widget["/FT"] == "/Sig" and widget["/TU"]  # PDF/UA-1 §7.18.1: a name
        assert widget["/F"] == 4  # Print; not Hidden, Invisible, NoView (§6.3.2)
        assert "/A" not in widget and "/AA" not in widget  # §6.4.1
        assert list(widget["/AP"]) == ["/N"]  # §6.3.3: only the normal appearance
        normal = widget["/AP"]["/N"].get_object()
        assert normal["/Subtype"] == "/Form" and len(normal["/BBox"]) == 4
        page = reader.pages[number]
        assert page["/Tabs"] == "/S"  # PDF/UA-1 §7.18.3
        # PDF/UA-1 §7.18.4: in a Form structure element whose only child is the widget.
        element = by_key[widget["/StructParent"]].get_object()
        assert element["/S"] == "/Form"
        kid = element["/K"]
        assert kid["/Type"] == "/OBJR" and kid["/Obj"].get_object() == widget
        assert kid["/Pg"].get_object() == page
        parent = element["/P"].get_object()
        assert any(k.get_object() == element for k in parent["/K"])


def test_the_finishing_update_keeps_the_file_structure(rendered) -> None:
    """ISO 19005-2 §6.1: what the incremental update itself writes."""
    data = (rendered / "mini.fr.pdf").read_bytes()
    assert re.match(rb"%PDF-1\.[0-7]\n%[\x80-\xff]{4}", data)  # §6.1.2
    assert data.endswith(b"%%EOF\n")  # §6.1.3: nothing after the end marker but one EOL
    for xref in re.finditer(rb"(?<!start)xref", data):  # §6.1.4: xref, one EOL, a header
        assert re.match(rb"xref\n\d+ \d+\n", data[xref.start() :]), data[
            xref.start() : xref.start() + 20
        ]
    trailer = PdfReader(io.BytesIO(data)).trailer
    assert len(trailer["/ID"]) == 2  # §6.1.3
    update = data[data.rindex(b"%%EOF", 0, len(data) - 7) :]
    for match in re.finditer(rb"(\d+) (\d+) obj\n", update):  # §6.1.9: single spaces
        body = update[match.end() : update.index(b"endobj", match.end())]
        stream = re.search(rb"/Length (\d+)>>\nstream\n", body)
        if stream:  # §6.1.7.1: Length is the data's length, EOL before endstream
            data_start = stream.end()
            assert body[data_start + int(stream.group(1)) :].startswith(b"\nendstream")


@pytest.mark.slow
def test_report_charts_have_alt_text(tmp_path) -> None:
    from click.testing import CliRunner

    report = Path(__file__).resolve().parent.parent / "reports" / "civ-2022-2024.yaml"
    result = CliRunner().invoke(main, ["report", "render", str(report), "--lang", "en",
                                       "--format", "pdf", "-o", str(tmp_path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    reader = PdfReader(tmp_path / "civ-2022-2024.en.pdf")
    assert read_conformance(xmp_of(reader)[0]) == Conformance(2, "A", 1)
    figures: list[str] = []
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure":
                figures.append(str(node.get("/Alt", "")))
            if "/K" in node:
                stack.append(node["/K"])
    assert len(figures) >= 10  # a chart per indicator and per objective
    assert all(figures), figures
    assert "Indicator 1.1: values and annual targets" in figures


@pytest.mark.slow
def test_the_libreoffice_engine_claims_pdfa_2b_with_tagged_fields(tmp_path) -> None:
    from click.testing import CliRunner

    need_program("soffice")
    command = ["render", str(MINI), "--lang", "fr", "--format", "pdf"]
    command += ["--pdf-engine", "libreoffice", "-o", str(tmp_path)]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    reader = PdfReader(tmp_path / "mini.fr.pdf")
    data, root = xmp_of(reader)
    assert read_conformance(data) == Conformance(2, "B", None)
    assert value(root, "dc:title") == reader.metadata["/Title"]
    assert value(root, "pdf:Producer") == reader.metadata["/Producer"]
    assert reader.metadata["/Producer"].startswith("LibreOffice")
    for number, widget in widgets(reader):
        assert reader.pages[number]["/Tabs"] == "/S"
        assert "/StructParent" in widget


def test_content_that_falls_short_of_pdfua_claims_less_and_says_so() -> None:
    """A heading with no text breaks PDF/UA-1: Typst refuses it, and the PDF is made
    PDF/A-2a only, with a warning saying why; the claim is never false."""
    from cpc_docs.document import Document, Heading, Paragraph, Run
    from cpc_docs.writers import WriteOptions
    from cpc_docs.writers.pdf import ArchivalWarning, write

    doc = Document(Metadata("Titre", "Sujet", "fr-FR"), [Heading(1, []), Paragraph([Run("Texte")])])
    with pytest.warns(
        ArchivalWarning, match="heading title is empty; the PDF claims PDF/A-2a only"
    ):
        pdf = write(doc, WriteOptions())
    data, _ = xmp_of(PdfReader(io.BytesIO(pdf)))
    assert read_conformance(data) == Conformance(2, "A", None)


def test_a_pdf_that_claims_nothing_is_not_made_to_claim(tmp_path) -> None:
    """Finishing carries the typesetter's claims over; it never invents one."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    finished = finish(out.getvalue(), Metadata("Titre", "Sujet", "fr-FR", date_epoch=0))
    data, root = xmp_of(PdfReader(io.BytesIO(finished)))
    assert read_conformance(data) == Conformance()
    assert value(root, "dc:title") == "Titre"


def test_claims_in_a_compressed_packet_are_carried_over() -> None:
    """Another producer's XMP may be Flate-compressed: its claims are read all the same."""
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    packet = DecodedStreamObject()
    packet.set_data(
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        b'22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/'
        b'pdfa/ns/id/" pdfaid:part="2" pdfaid:conformance="B"/></rdf:RDF></x:xmpmeta>'
    )
    packet[NameObject("/Type")] = NameObject("/Metadata")
    packet[NameObject("/Subtype")] = NameObject("/XML")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(packet.flate_encode())
    out = io.BytesIO()
    writer.write(out)
    assert b"pdfaid" not in out.getvalue()  # compressed indeed
    finished = finish(out.getvalue(), Metadata("Titre", "Sujet", "fr-FR", date_epoch=0))
    assert read_conformance(xmp_of(PdfReader(io.BytesIO(finished)))[0]) == Conformance(2, "B")


@pytest.mark.parametrize(
    "packet",
    [
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" '
        b'pdfaid:part="2" pdfaid:conformance="B"/></rdf:RDF></x:xmpmeta>',
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
        b"<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>"
        b"</rdf:Description></rdf:RDF></x:xmpmeta>",
    ],
    ids=["attributes", "elements"],
)
def test_claims_are_read_in_both_xmp_forms(packet: bytes) -> None:
    assert read_conformance(packet) == Conformance(2, "B", None)
    assert str(read_conformance(packet)) == "PDF/A-2b"
    assert read_conformance(b"<not xml") == Conformance()


def test_signing_keeps_the_metadata_and_its_claims(runner, rendered, tmp_path) -> None:
    """pyHanko rewrites the XMP on every incremental update (pyHanko issue 755: that broke
    PDF/A); `cpc sign` leaves the signed file's Info and XMP exactly as rendered."""
    pytest.importorskip("pyhanko")
    import shutil

    from signing import identity_files

    for path in rendered.iterdir():
        shutil.copy(path, tmp_path)
    key, cert, _ = identity_files(tmp_path, "Jane Doe")
    command = ["sign", str(tmp_path / "mini.fr.pdf"), "--field", "us-1-jane-doe"]
    result = runner.invoke(main, [*command, "--key", str(key), "--cert", str(cert)])
    assert result.exit_code == 0, result.output
    before = PdfReader(tmp_path / "mini.fr.pdf")
    after = PdfReader(tmp_path / "mini.fr.signed.pdf")
    assert xmp_of(after)[0] == xmp_of(before)[0]
    assert read_conformance(xmp_of(after)[0]) == Conformance(2, "A", 1)
    assert dict(after.metadata) == dict(before.metadata)
    signed = (tmp_path / "mini.fr.signed.pdf").read_bytes()
    revision = signed[len((tmp_path / "mini.fr.pdf").read_bytes()) :]
    catalogs = (r.trailer["/Root"].raw_get("/Metadata").idnum for r in (before, after))
    assert len(set(catalogs)) == 1  # the same packet object, not rewritten
    assert not re.search(rb"/Type\s*/Metadata", revision)
    report = runner.invoke(main, ["verify", str(tmp_path / "mini.fr.signed.pdf")])
    assert "archival        PDF/A-2a and PDF/UA-1, as rendered" in report.output


def test_the_side_by_side_edition_tags_each_columns_language(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The English column of a French/English edition is English to a screen reader, to
    hyphenation and to PDF/UA: tagged in the PDF's structure and on the DOCX runs."""
    from click.testing import CliRunner
    from conftest import MINI
    from pypdf import PdfReader

    from cpc_docs.cli.main import main

    result = CliRunner().invoke(
        main, ["render", str(MINI), "--edition", "side-by-side", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    root = PdfReader(tmp_path / "mini.fr-en.pdf").trailer["/Root"]
    assert root["/Lang"] == "fr-FR"
    found: set[str] = set()

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/Lang" in node:
                found.add(str(node["/Lang"]))
            if node.get("/K") is not None:
                walk(node["/K"])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(root["/StructTreeRoot"])
    assert "en-US" in found
    from docx import Document as open_docx
    from docx.oxml.ns import qn

    language_of: dict[str, str] = {}
    for table in open_docx(str(tmp_path / "mini.fr-en.docx")).tables:
        for cell in table._cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    tag = run._r.find(f"{qn('w:rPr')}/{qn('w:lang')}")
                    if tag is not None and run.text.strip():
                        language_of[run.text.strip()] = tag.get(qn("w:val"))

    def lang_of(words: str) -> set[str]:
        return {lang for text, lang in language_of.items() if words in text}

    assert lang_of("Prevention is coordinated.") == {"en-US"}
    assert lang_of("La prévention est coordonnée.") == {"fr-FR"}
