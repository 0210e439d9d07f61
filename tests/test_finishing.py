"""PDF finishing: metadata, signature fields over the signature lines, stable IDs, signing.

The instrument is typeset once per module; most tests only read it back. The last test signs
one field with a throw-away self-signed certificate and validates it with pyHanko, which is
what a signatory's tool will do.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject
from signing import self_signed

from cpc_docs.document import (
    Document,
    InitialsBox,
    Metadata,
    Paragraph,
    Run,
    Signatory,
    SignatureBlock,
)
from cpc_docs.errors import FinishingError
from cpc_docs.writers import WriteOptions
from cpc_docs.writers.finishing import SignatureSpot, finish
from cpc_docs.writers.pdf import render, write

SIGNATORIES = {
    "sig_us": ("Pour le Gouvernement des États-Unis d'Amérique", "Jessica Davis Ba"),
    "sig_ci": ("Pour le Gouvernement de la République de Côte d'Ivoire", "Nassénéba Touré"),
    "sig_mj": ("Pour le Ministère de la Justice", "Jean Sansan Kambilé"),
}
META = Metadata(
    title="Pacte de partenariat pour la protection de l'enfance",
    subject="Côte d'Ivoire 2022",
    language="fr-FR",
    author="Département d'État",
    keywords=["CPC", "traite", "enfants"],
    initials=[InitialsBox("us", "É.-U."), InitialsBox("ci", "CI")],
    fingerprint="sha256:feedc0ffee",
    date_epoch=1670371200,
)


def document(meta: Metadata = META) -> Document:
    prose = [
        Paragraph([Run(f"Article {n}. Les Parties coopèrent de bonne foi.")]) for n in range(30)
    ]
    block = SignatureBlock(
        [
            Signatory(field, field[4:], [Run(whom)], [Run(name, bold=True)], [[Run("Ministre")]])
            for field, (whom, name) in SIGNATORIES.items()
        ],
        columns=2,
    )
    return Document(meta, [*prose, Paragraph([Run("SIGNÉ à Abidjan.")], "signed-at"), block])


@pytest.fixture(scope="module")
def typeset() -> tuple[bytes, list[SignatureSpot]]:
    return render(document())


@pytest.fixture(scope="module")
def pdf(typeset: tuple[bytes, list[SignatureSpot]]) -> bytes:
    return finish(typeset[0], META, typeset[1])


@pytest.fixture(scope="module")
def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def widgets(reader: PdfReader) -> list[tuple[int, dict]]:
    return [
        (index, annot.get_object())
        for index, page in enumerate(reader.pages)
        for annot in page.get("/Annots", [])
        if annot.get_object().get("/FT") == "/Sig"
    ]


def text_positions(reader: PdfReader, page: int) -> dict[str, tuple[float, float]]:
    """Each text chunk on a page with the (x, y) of its start in PDF user space."""
    found: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.setdefault(text.strip(), (x, y))

    reader.pages[page].extract_text(visitor_text=visit)
    return found


def test_the_pdf_writer_finishes_what_it_typesets(pdf: bytes) -> None:
    assert write(document(), WriteOptions()) == pdf


def test_one_empty_signature_field_per_signatory(reader: PdfReader) -> None:
    fields = reader.get_fields()
    assert fields is not None
    assert sorted(fields) == sorted(SIGNATORIES)
    for name, field in fields.items():
        assert field["/FT"] == "/Sig"
        assert "/V" not in field  # not signed yet
        assert field["/TU"] == SIGNATORIES[name][1]
    form = reader.trailer["/Root"]["/AcroForm"]
    assert len(form["/Fields"]) == 3 and form["/SigFlags"] == 1


def test_fields_lie_on_the_page_just_above_each_name(reader: PdfReader) -> None:
    found = widgets(reader)
    assert len(found) == 3
    for page_index, widget in found:
        page = reader.pages[page_index]
        rect = RectangleObject(widget["/Rect"])
        box = page.mediabox
        assert box.left <= rect.left < rect.right <= box.right
        assert box.bottom <= rect.bottom < rect.top <= box.top
        assert rect.width > 100 and 40 < rect.height < 80  # room for a hand-drawn signature
        assert widget["/P"].get_object() == page
        name = SIGNATORIES[widget["/T"]][1]
        x, y = text_positions(reader, page_index)[name]
        assert rect.left - 1 <= x <= rect.left + 10, "the name starts under the field"
        assert 0 < rect.bottom - y < 30, "the name sits just below the signature line"


def test_fields_are_on_the_signature_page(reader: PdfReader) -> None:
    pages = {index for index, _ in widgets(reader)}
    last = len(reader.pages) - 1
    assert pages <= {last - 1, last}
    assert "Jean Sansan Kambilé" in reader.pages[max(pages)].extract_text()


def test_metadata(reader: PdfReader) -> None:
    info = reader.metadata
    assert info is not None
    assert info.title == META.title
    assert info.subject == META.subject
    assert info.author == META.author
    assert info["/Keywords"] == "CPC, traite, enfants"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20221207000000Z"
    assert info["/CPCFingerprint"] == "sha256:feedc0ffee"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr-FR"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True


def test_typeset_bytes_are_kept_intact(
    typeset: tuple[bytes, list[SignatureSpot]], pdf: bytes
) -> None:
    assert pdf.startswith(typeset[0])
    assert pdf.rstrip().endswith(b"%%EOF")


def test_id_is_derived_from_content(typeset: tuple[bytes, list[SignatureSpot]], pdf: bytes) -> None:
    """ISO 32000-1 §14.4: the first identifier stays the document's (Typst's), the second
    names this version; ours is a digest of the content, so the same inputs give the same."""
    again = finish(typeset[0], META, typeset[1])
    assert again == pdf
    permanent, version = PdfReader(io.BytesIO(pdf)).trailer["/ID"]
    assert permanent == PdfReader(io.BytesIO(typeset[0])).trailer["/ID"][0]
    assert version != permanent and len(version) == 16
    other = finish(typeset[0], replace(META, fingerprint="sha256:0ther"), typeset[1])
    assert PdfReader(io.BytesIO(other)).trailer["/ID"][0] == permanent
    assert PdfReader(io.BytesIO(other)).trailer["/ID"][1] != version


def test_a_pdf_without_an_id_gets_one() -> None:
    assert b"/ID" not in blank_pdf()  # pypdf writes none
    first, second = PdfReader(io.BytesIO(finish(blank_pdf(), META))).trailer["/ID"]
    assert first == second and len(first) == 16


def blank_pdf() -> bytes:
    """A PDF from another producer (pypdf), to show finishing needs nothing from Typst."""
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_finishes_any_pdf() -> None:
    spot = SignatureSpot("witness", page=0, x=72, top=600, width=200, height=50, tooltip="Témoin")
    reader = PdfReader(io.BytesIO(finish(blank_pdf(), META, [spot])))
    ((_, widget),) = widgets(reader)
    assert [round(float(v)) for v in widget["/Rect"]] == [72, 142, 272, 192]
    assert reader.metadata is not None and reader.metadata.title == META.title


@pytest.mark.parametrize(
    ("spots", "message"),
    [
        ([SignatureSpot("a", 0, 72, 72, 100, 50)] * 2, "used twice"),
        ([SignatureSpot("gov.us", 0, 72, 72, 100, 50)], "without '.'"),
        ([SignatureSpot("é", 0, 72, 72, 100, 50)], "ASCII"),
        ([SignatureSpot("a", 3, 72, 72, 100, 50)], "on page 4"),
        ([SignatureSpot("a", 0, 72, 780, 100, 50)], "does not lie on its page"),
    ],
)
def test_bad_spots_are_refused(spots: list[SignatureSpot], message: str) -> None:
    with pytest.raises(FinishingError, match=message):
        finish(blank_pdf(), META, spots)


def test_metadata_control_characters_do_not_break_the_file() -> None:
    meta = replace(META, title="Pacte\x00 \ud800de\x1b test", fingerprint="")
    reader = PdfReader(io.BytesIO(finish(blank_pdf(), meta)))
    assert reader.metadata is not None and reader.metadata.title == "Pacte de test"


def test_a_field_can_be_signed_and_validates(pdf: bytes) -> None:
    pytest.importorskip("pyhanko")
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    cert, signer = self_signed("Nassénéba Touré")
    signed = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)),
        signers.PdfSignatureMetadata(field_name="sig_ci"),
        signer=signer,
    ).getvalue()

    assert signed.startswith(pdf)
    (signature,) = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    assert signature.field_name == "sig_ci"
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[cert]))
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    # The other two fields are still there, empty, for the other signatories.
    fields = PdfReader(io.BytesIO(signed)).get_fields()
    assert fields is not None
    assert sorted(n for n, f in fields.items() if "/V" not in f) == ["sig_mj", "sig_us"]


def test_mark_info_keeps_marked_and_drops_the_default_suspects(reader: PdfReader) -> None:
    """Typst writes /Suspects false, its default; poppler warns "Suspects object is wrong
    type" about it on every command. The tagged PDF stays marked."""
    mark_info = reader.trailer["/Root"]["/MarkInfo"]
    assert mark_info["/Marked"].value is True
    assert "/Suspects" not in mark_info


def test_poppler_reads_the_finished_pdf_without_a_complaint(pdf: bytes, tmp_path) -> None:
    import subprocess

    from conftest import need_program

    pdfinfo = need_program("pdfinfo")
    path = tmp_path / "finished.pdf"
    path.write_bytes(pdf)
    done = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, check=True)
    assert done.stderr == ""
    assert "Pages:" in done.stdout
