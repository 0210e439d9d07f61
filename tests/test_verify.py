"""`cpc verify`: every signature, and whether the PDF signed is the one rendered and reviewed.

Signed with throw-away keys (tests/signing.py) by `cpc sign` itself; then the file is
tampered with the ways that matter: a byte of the signed content changed, a later revision
that changes the text, a signer whose own revision changes the text, a PDF that is not the
manifest's.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import MINI
from signing import identity_files, root_ca, self_signed

from cpc_docs.cli.main import main

pytest.importorskip("pyhanko")

US, PA = "us-1-jane-doe", "pa-2-marie-kouame"


def append_text_revision(data: bytes) -> bytes:
    """`data` with one more incremental update that writes text on its first page."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    _add_text(writer)
    out = io.BytesIO()
    writer.write(out)
    assert out.getvalue().startswith(data)
    return out.getvalue()


def _add_text(writer) -> None:  # type: ignore[no-untyped-def]
    from pyhanko.pdf_utils import generic

    font = writer.add_object(generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Font"),
        generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
        generic.pdf_name("/BaseFont"): generic.pdf_name("/Helvetica"),
    }))  # fmt: skip
    stream = generic.StreamObject(
        stream_data=b"BT /Added 14 Tf 72 72 Td (Amount: US$ 99 million) Tj ET"
    )
    writer.add_stream_to_page(0, writer.add_object(stream), resources=generic.DictionaryObject({
        generic.pdf_name("/Font"): generic.DictionaryObject({generic.pdf_name("/Added"): font}),
    }))  # fmt: skip


@pytest.fixture(scope="module")
def signed_set(tmp_path_factory):
    """The mini compact rendered, its French PDF signed by both signatories with keys from
    one test root: (folder, root certificate file)."""
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("signed")
    runner = CliRunner()
    result = runner.invoke(main, ["render", str(MINI), "--format", "pdf", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    keys = tmp_path_factory.mktemp("keys")
    ca_key, ca_cert, root_pem = root_ca(keys)
    pdf = folder / "mini.fr.pdf"
    for field, name in ((US, "Jane Doe"), (PA, "Marie Kouame")):
        key, cert, _ = identity_files(keys, name, issuer=(ca_key, ca_cert))
        result = runner.invoke(main, ["sign", str(pdf), "--field", field, "--key", str(key),
                                      "--cert", str(cert), "--chain", str(root_pem)])  # fmt: skip
        assert result.exit_code == 0, result.output
        pdf = folder / "mini.fr.signed.pdf"
    return folder, root_pem


@pytest.fixture
def folder(signed_set, tmp_path) -> Path:
    target = tmp_path / "build"
    shutil.copytree(signed_set[0], target)
    return target


def verify(runner, pdf: Path, *options: str):
    result = runner.invoke(main, ["verify", str(pdf), *options])
    assert "Traceback" not in result.output, result.output
    return result


def test_two_signatures_of_the_reviewed_pdf_verify(runner, signed_set) -> None:
    folder, root = signed_set
    result = verify(runner, folder / "mini.fr.signed.pdf", "--trust", str(root))
    assert result.exit_code == 0, result.output
    text = result.output
    assert (
        "signature 1: field us-1-jane-doe" in text
        and "signature 2: field pa-2-marie-kouame" in text
    )
    assert "signer        Jane Doe (certificate issued by Test Root CA)" in text
    assert "level         PAdES B-B" in text and "intact and valid" in text
    assert "added since   only other signatures and form filling" in text
    assert "signing added only its signature" in text
    assert text.count("trust         trusted") == 2
    assert "reviewed        yes: the unsigned PDF" in text and "is mini.fr.pdf of" in text
    assert "archival        PDF/A-2a and PDF/UA-1, as rendered" in text
    assert text.rstrip().endswith(
        "VALID: 2 signatures intact, nothing changed since, and the PDF signed is the one rendered"
    )


def test_json_report(runner, signed_set) -> None:
    folder, root = signed_set
    result = verify(runner, folder / "mini.fr.signed.pdf", "--trust", str(root), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["problems"] == []
    assert [s["field"] for s in data["signatures"]] == [US, PA]
    first, second = data["signatures"]
    assert first["signer"] == "Jane Doe" and first["intact"] and first["valid"]
    assert first["claimed_time"] and first["trusted"] is True
    assert second["coverage"] == "the whole file" and second["modifications_after"] == "nothing"
    assert data["reviewed"]["verdict"] == "matches" and data["reviewed"]["entry"] == "mini.fr.pdf"
    assert data["archival"] == {"rendered": "PDF/A-2a and PDF/UA-1", "now": "PDF/A-2a and PDF/UA-1"}


def test_without_a_trust_root_trust_is_not_checked(runner, signed_set) -> None:
    folder, _ = signed_set
    result = verify(runner, folder / "mini.fr.signed.pdf")
    assert result.exit_code == 0, result.output
    assert "trust         not checked (give --trust ROOT.pem)" in result.output
    assert result.output.rstrip().endswith("; trust not checked")


def test_a_root_that_is_not_the_signers_is_not_trusted(runner, signed_set, tmp_path) -> None:
    folder, _ = signed_set
    stranger, _ = self_signed("Another Root")
    other = tmp_path / "other.pem"
    from asn1crypto import pem

    other.write_bytes(pem.armor("CERTIFICATE", stranger.dump()))
    result = verify(runner, folder / "mini.fr.signed.pdf", "--trust", str(other))
    assert result.exit_code == 1
    assert "NOT TRUSTED" in result.output
    assert "INVALID: signature 1 (us-1-jane-doe): the certificate is not trusted" in result.output


def test_a_tampered_byte_is_caught(runner, folder) -> None:
    pdf = folder / "mini.fr.signed.pdf"
    data = bytearray(pdf.read_bytes())
    # A byte in the middle of the first long stream (page content, a font) of the rendered
    # file, the first revision: the structure of the file is untouched.
    streams = re.finditer(rb"(?<!end)stream\r?\n(.*?)endstream", data, re.DOTALL)
    long = next(m for m in streams if len(m.group(1)) > 1000)
    data[long.start(1) + 500] ^= 0x01
    pdf.write_bytes(bytes(data))
    result = verify(runner, pdf)
    assert result.exit_code == 1
    assert "ALTERED: the signed bytes changed" in result.output
    assert "signature 1 (us-1-jane-doe): the signed bytes were altered" in result.output
    # And the reviewed file is no longer what the manifest lists.
    assert "reviewed        NO:" in result.output


def test_a_revision_that_changes_the_text_after_signing_is_caught(runner, folder) -> None:
    pdf = folder / "mini.fr.signed.pdf"
    pdf.write_bytes(append_text_revision(pdf.read_bytes()))
    result = verify(runner, pdf)
    assert result.exit_code == 1
    assert "added since   changes to the signed document" in result.output
    assert ("signature 2 (pa-2-marie-kouame): the document was modified after this signature"
            in result.output)  # fmt: skip
    assert "reviewed        yes" in result.output  # the unsigned revision is still the one


def test_a_signer_who_changes_the_text_while_signing_is_caught(
    runner, signed_set, tmp_path
) -> None:
    """One revision that adds text and signs: the signature is intact and covers the whole
    file, but the bytes signed are not the reviewed ones."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    folder, _ = signed_set
    shutil.copy(folder / "mini.pdf.manifest.json", tmp_path)
    rendered = (folder / "mini.fr.pdf").read_bytes()
    writer = IncrementalPdfFileWriter(io.BytesIO(rendered))
    _add_text(writer)
    _, signer = self_signed("Jane Doe")
    signed = signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name=US), signer=signer)
    pdf = tmp_path / "mini.fr.pdf"
    pdf.write_bytes(signed.getvalue())
    result = verify(runner, pdf)
    assert result.exit_code == 1
    assert "signing added changes to the document besides its signature" in result.output
    assert "reviewed        yes" in result.output
    assert "the signer's own revision added changes to the document" in result.output


def test_a_pdf_that_is_not_the_manifests_is_caught(runner, signed_set, tmp_path) -> None:
    """A signed PDF whose manifest lists another file under its name: here the English
    render's manifest entry is given to the French PDF."""
    folder, _ = signed_set
    shutil.copy(folder / "mini.fr.signed.pdf", tmp_path)
    manifest = json.loads((folder / "mini.pdf.manifest.json").read_text())
    english = next(o for o in manifest["outputs"] if o["path"] == "mini.en.pdf")
    for output in manifest["outputs"]:
        if output["path"] == "mini.fr.pdf":
            output["sha256"] = english["sha256"]
    (tmp_path / "mini.pdf.manifest.json").write_text(json.dumps(manifest))
    result = verify(runner, tmp_path / "mini.fr.signed.pdf")
    assert result.exit_code == 1
    assert "reviewed        NO:" in result.output and "it is not the file that was rendered" in (
        result.output)  # fmt: skip
    assert result.output.rstrip().endswith("it is not the file that was rendered")
    # --no-manifest leaves that question out; the signatures themselves hold.
    assert verify(runner, tmp_path / "mini.fr.signed.pdf", "--no-manifest").exit_code == 0
    named = verify(runner, tmp_path / "mini.fr.signed.pdf", "--manifest",
                   str(folder / "mini.pdf.manifest.json"))  # fmt: skip
    assert named.exit_code == 0, named.output


def test_an_unsigned_pdf_does_not_verify(runner, signed_set) -> None:
    folder, _ = signed_set
    result = verify(runner, folder / "mini.fr.pdf")
    assert result.exit_code == 1
    assert "INVALID: the PDF has no signature" in result.output
    assert "reviewed        yes" in result.output  # but it is the rendered one


def test_a_file_that_is_not_a_pdf(runner, tmp_path) -> None:
    bogus = tmp_path / "x.pdf"
    bogus.write_bytes(b"%PDF-1.7\nnot really")
    result = verify(runner, bogus)
    assert result.exit_code == 1
    assert "cannot be read as a PDF" in result.output


def test_a_signing_tool_that_drops_the_archival_claims_is_reported(runner, folder) -> None:
    """A later revision that replaces the XMP packet with one claiming nothing (as a tool
    that rewrites metadata might): the signatures still hold, and the report says the claims
    were lost."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    pdf = folder / "mini.fr.signed.pdf"
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf.read_bytes()))
    packet = generic.StreamObject(
        {generic.pdf_name("/Type"): generic.pdf_name("/Metadata"),
         generic.pdf_name("/Subtype"): generic.pdf_name("/XML")},
        stream_data=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"/>',
    )  # fmt: skip
    writer.root["/Metadata"] = writer.add_object(packet)
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    pdf.write_bytes(out.getvalue())
    result = verify(runner, pdf)
    assert "warning: the rendered PDF claimed PDF/A-2a and PDF/UA-1, the signed one claims" in (
        result.output)  # fmt: skip
    assert "archival        no PDF/A or PDF/UA claim" in result.output
