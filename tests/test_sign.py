"""`cpc sign`: a signatory signs their field of a rendered PDF with a throw-away key.

Keys and certificates are made by each test (tests/signing.py); a local time-stamping
authority, pyHanko's test TSA behind an HTTP server on 127.0.0.1, serves the PAdES B-T case.
"""

from __future__ import annotations

import builtins
import hashlib
import http.server
import io
import json
import re
import shutil
import threading
from pathlib import Path

import pytest
from conftest import MINI
from pypdf import PageObject, PdfReader
from pypdf.generic import NameObject
from signing import identity_files, pkcs12_file, root_ca, time_stamper

from cpc_docs.cli.main import main

pytest.importorskip("pyhanko")

US, PA = "us-1-jane-doe", "pa-2-marie-kouame"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    """The mini compact in French and English, with its manifest (rendered once)."""
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("rendered")
    result = CliRunner().invoke(main, ["render", str(MINI), "--format", "pdf", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def build(rendered, tmp_path) -> Path:
    """A fresh copy of the rendered folder for one test."""
    target = tmp_path / "build"
    shutil.copytree(rendered, target)
    return target


def sign(runner, pdf: Path, field: str, *options: str, input: str | None = None):
    result = runner.invoke(main, ["sign", str(pdf), "--field", field, *options], input=input)
    assert "Traceback" not in result.output, result.output
    return result


def with_key(folder: Path, name: str = "Jane Doe") -> list[str]:
    key, cert, _ = identity_files(folder, name)
    return ["--key", str(key), "--cert", str(cert)]


def test_sign_writes_a_signed_copy_that_starts_with_the_rendered_file(runner, build) -> None:
    pdf = build / "mini.fr.pdf"
    original = pdf.read_bytes()
    result = sign(runner, pdf, US, *with_key(build))
    assert result.exit_code == 0, result.output
    signed = build / "mini.fr.signed.pdf"
    assert pdf.read_bytes() == original  # the rendered file is left alone
    data = signed.read_bytes()
    assert data.startswith(original)
    assert "is mini.fr.pdf of" in result.output and "manifest.json" in result.output
    assert f"signed {US} as Jane Doe (PAdES B-B); wrote {signed}" in result.output
    fields = PdfReader(signed).get_fields()
    value = fields[US]["/V"].get_object()
    assert value["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert value["/Reason"] == "signature du présent instrument"  # the document's language
    assert value["/Name"] == "Jane Doe"
    assert "/V" not in fields[PA]  # the other signatory's field is still empty


def appearance_text(pdf: Path, field: str) -> str:
    """The text of a signed field's appearance, as a reader sees it drawn; its fonts checked
    embedded on the way, as PDF/A requires."""
    reader = PdfReader(pdf)
    widget = reader.get_fields()[field].indirect_reference.get_object()
    normal = widget["/AP"]["/N"].get_object()
    typst_page = normal["/Resources"]["/XObject"]["/CpcStamp"].get_object()
    for font in typst_page["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
    page = PageObject.create_blank_page(width=200, height=100)
    page[NameObject("/Resources")] = typst_page["/Resources"]
    page.replace_contents(typst_page)
    return " ".join(page.extract_text().split())


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["Signé électroniquement par", "Jane Doe",
                "Motif : signature du présent instrument"]),
        ("en", ["Digitally signed by", "Jane Doe", "Reason: signature of this instrument"]),
    ],
)  # fmt: skip
def test_the_visible_signature_speaks_the_document_language(runner, build, lang, words) -> None:
    pdf = build / f"mini.{lang}.pdf"
    assert sign(runner, pdf, US, *with_key(build)).exit_code == 0
    text = appearance_text(build / f"mini.{lang}.signed.pdf", US)
    for expected in words:
        assert expected in text, text


def test_a_reason_and_location_of_ones_own(runner, build) -> None:
    result = sign(runner, build / "mini.en.pdf", US, *with_key(build),
                  "--reason", "I approve this partnership", "--location", "Abidjan")  # fmt: skip
    assert result.exit_code == 0, result.output
    value = PdfReader(build / "mini.en.signed.pdf").get_fields()[US]["/V"].get_object()
    assert value["/Reason"] == "I approve this partnership" and value["/Location"] == "Abidjan"
    assert "Reason: I approve this partnership" in appearance_text(
        build / "mini.en.signed.pdf", US)  # fmt: skip


def test_the_second_signatory_adds_to_the_signed_copy(runner, build) -> None:
    pdf = build / "mini.fr.pdf"
    assert sign(runner, pdf, US, *with_key(build)).exit_code == 0
    signed = build / "mini.fr.signed.pdf"
    first = signed.read_bytes()
    result = sign(runner, signed, PA, *with_key(build, "Marie Kouame"))
    assert result.exit_code == 0, result.output
    assert f"added the signature to {signed}" in result.output
    assert signed.read_bytes().startswith(first)
    fields = PdfReader(signed).get_fields()
    assert fields[US]["/V"]["/Name"] == "Jane Doe"
    assert fields[PA]["/V"]["/Name"] == "Marie Kouame"
    listing = runner.invoke(main, ["fields", str(signed)]).output
    assert "signed by Jane Doe on 20" in listing and "signed by Marie Kouame on 20" in listing


def test_a_field_that_is_already_signed_is_refused(runner, build) -> None:
    assert sign(runner, build / "mini.fr.pdf", US, *with_key(build)).exit_code == 0
    signed = build / "mini.fr.signed.pdf"
    before = signed.read_bytes()
    result = sign(runner, signed, US, *with_key(build, "Someone Else"))
    assert result.exit_code == 1
    assert f"field '{US}' is already signed by Jane Doe" in result.output
    assert signed.read_bytes() == before


def test_an_unknown_field_is_refused_with_the_names(runner, build) -> None:
    result = sign(runner, build / "mini.fr.pdf", "us-1-jane", *with_key(build))
    assert result.exit_code == 1
    assert f"has no signature field 'us-1-jane' (its fields: {US}, {PA})" in result.output
    assert not (build / "mini.fr.signed.pdf").exists()


def test_a_pdf_that_is_not_the_manifests_is_refused(runner, build) -> None:
    """The rendered PDF with one byte of a page changed: still a PDF that can be signed,
    but not the one the manifest lists."""
    pdf = build / "mini.fr.pdf"
    data = bytearray(pdf.read_bytes())
    streams = re.finditer(rb"(?<!end)stream\r?\n(.*?)endstream", data, re.DOTALL)
    data[next(m for m in streams if len(m.group(1)) > 1000).start(1) + 500] ^= 0x01
    pdf.write_bytes(bytes(data))
    result = sign(runner, pdf, US, *with_key(build))
    assert result.exit_code == 1
    assert "is not mini.fr.pdf of" in result.output
    assert "it is not the file that was rendered" in result.output
    assert not (build / "mini.fr.signed.pdf").exists()
    # The check can be skipped on purpose.
    result = sign(runner, pdf, US, *with_key(build), "--no-manifest")
    assert result.exit_code == 0, result.output
    assert "no manifest to compare with" in result.output


def test_a_rendered_pdf_is_known_by_its_content_not_its_name(runner, build) -> None:
    """The manifest is searched by hash: a rendered file under another name is still the
    rendered file, and the message says which one it is."""
    (build / "mini.en.pdf").replace(build / "copy.pdf")
    result = sign(runner, build / "copy.pdf", US, *with_key(build))
    assert result.exit_code == 0, result.output
    assert "is mini.en.pdf of" in result.output


def test_a_manifest_given_by_name(runner, build, tmp_path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(build / "mini.fr.pdf", elsewhere)
    result = sign(runner, elsewhere / "mini.fr.pdf", US, *with_key(build),
                  "--manifest", str(build / "mini.pdf.manifest.json"))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"is mini.fr.pdf of {build / 'mini.pdf.manifest.json'}" in result.output
    bad = tmp_path / "bad.manifest.json"
    bad.write_text('{"compact": "mini"}')
    result = sign(runner, elsewhere / "mini.fr.pdf", PA, *with_key(build), "--manifest", str(bad),
                  "-o", str(elsewhere / "second.pdf"))  # fmt: skip
    assert result.exit_code == 1
    assert "is not a cpc-docs manifest" in result.output


def test_a_pdf_changed_after_its_last_signature_is_refused(runner, build) -> None:
    assert sign(runner, build / "mini.fr.pdf", US, *with_key(build)).exit_code == 0
    signed = build / "mini.fr.signed.pdf"
    from test_verify import append_text_revision

    signed.write_bytes(append_text_revision(signed.read_bytes()))
    before = signed.read_bytes()
    result = sign(runner, signed, PA, *with_key(build, "Marie Kouame"))
    assert result.exit_code == 1
    assert f"signature 1 ({US}) does not hold" in result.output
    assert "modified after this signature" in result.output
    assert signed.read_bytes() == before


def test_an_existing_output_is_not_overwritten(runner, build) -> None:
    other = build / "mini.fr.signed.pdf"
    other.write_bytes(b"someone's file")
    result = sign(runner, build / "mini.fr.pdf", US, *with_key(build))
    assert result.exit_code == 1
    assert "exists; not overwritten" in result.output
    assert other.read_bytes() == b"someone's file"
    result = sign(runner, build / "mini.fr.pdf", US, *with_key(build), "--force")
    assert result.exit_code == 0, result.output
    assert other.read_bytes().startswith(b"%PDF-")


def test_an_encrypted_key_with_its_passphrase(runner, build) -> None:
    key, cert, _ = identity_files(build, "Jane Doe", passphrase=b"s3cret phrase")
    keys = ["--key", str(key), "--cert", str(cert)]
    # No terminal to ask in, no passphrase file: a clear error, nothing written.
    result = sign(runner, build / "mini.fr.pdf", US, *keys)
    assert result.exit_code == 1
    assert "is protected by a passphrase" in result.output and "--passphrase-file" in result.output
    wrong = build / "wrong.txt"
    wrong.write_text("not it\n")
    result = sign(runner, build / "mini.fr.pdf", US, *keys, "--passphrase-file", str(wrong))
    assert result.exit_code == 1 and "wrong passphrase" in result.output
    good = build / "pass.txt"
    good.write_text("s3cret phrase\n")
    result = sign(runner, build / "mini.fr.pdf", US, *keys, "--passphrase-file", str(good))
    assert result.exit_code == 0, result.output


def test_a_passphrase_asked_in_a_terminal(runner, build, monkeypatch) -> None:
    key, cert, _ = identity_files(build, "Jane Doe", passphrase=b"typed")
    monkeypatch.setattr("cpc_docs.cli.sign.can_ask", lambda: True)
    result = sign(runner, build / "mini.fr.pdf", US, "--key", str(key), "--cert", str(cert),
                  input="typed\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Passphrase for" in result.output


def test_a_pkcs12_identity(runner, build) -> None:
    p12, _ = pkcs12_file(build, "Jane Doe", b"p12 phrase")
    phrase = build / "p12.txt"
    phrase.write_text("p12 phrase")
    result = sign(runner, build / "mini.fr.pdf", US, "--pkcs12", str(p12),
                  "--passphrase-file", str(phrase))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert PdfReader(build / "mini.fr.signed.pdf").get_fields()[US]["/V"]["/Name"] == "Jane Doe"


def test_a_key_that_does_not_match_its_certificate(runner, build) -> None:
    key, _, _ = identity_files(build, "Jane Doe")
    _, cert, _ = identity_files(build, "Marie Kouame")
    result = sign(runner, build / "mini.fr.pdf", US, "--key", str(key), "--cert", str(cert))
    assert result.exit_code == 1
    assert "the private key does not belong to the certificate" in result.output


def test_key_options_are_checked(runner, build) -> None:
    key, cert, _ = identity_files(build, "Jane Doe")
    result = sign(runner, build / "mini.fr.pdf", US, "--key", str(key))
    assert result.exit_code == 2 and "give --key and --cert" in result.output
    p12, _ = pkcs12_file(build, "Jane Doe", b"x")
    result = sign(runner, build / "mini.fr.pdf", US, "--key", str(key), "--cert", str(cert),
                  "--pkcs12", str(p12))  # fmt: skip
    assert result.exit_code == 2 and "not both" in result.output


def test_without_pyhanko_the_commands_say_how_to_install_it(runner, build, monkeypatch) -> None:
    real_import = builtins.__import__

    def no_pyhanko(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "pyhanko" or name.startswith("pyhanko."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyhanko)
    for command in (["sign", str(build / "mini.fr.pdf"), "--field", US, *with_key(build)],
                    ["verify", str(build / "mini.fr.pdf")]):  # fmt: skip
        result = runner.invoke(main, command)
        assert result.exit_code == 1, result.output
        assert "needs pyHanko, which is not installed" in result.output
        assert "pip install 'cpc-docs[sign]'" in result.output
        assert "Traceback" not in result.output
    assert not (build / "mini.fr.signed.pdf").exists()


class _TimeStampingAuthority(http.server.BaseHTTPRequestHandler):
    """RFC 3161 over HTTP, answered by pyHanko's test TSA (`server.stamper`)."""

    def do_POST(self) -> None:
        from asn1crypto import tsp

        body = self.rfile.read(int(self.headers["Content-Length"]))
        response = self.server.stamper.request_tsa_response(tsp.TimeStampReq.load(body))  # type: ignore[attr-defined]
        data = response.dump()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def tsa(tmp_path):
    """A time-stamping authority on 127.0.0.1, its URL and the root its certificate chains to."""
    key, cert, root_pem = root_ca(tmp_path, "Test Root CA")
    server = http.server.HTTPServer(("127.0.0.1", 0), _TimeStampingAuthority)
    server.stamper = time_stamper((key, cert))  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/tsa", (key, cert, root_pem)
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_a_timestamped_signature_is_pades_b_t(runner, build, tsa) -> None:
    url, (ca_key, ca_cert, root_pem) = tsa
    key, cert, _ = identity_files(build, "Jane Doe", issuer=(ca_key, ca_cert))
    result = sign(runner, build / "mini.fr.pdf", US, "--key", str(key), "--cert", str(cert),
                  "--timestamp-url", url)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "(PAdES B-T)" in result.output
    report = runner.invoke(main, ["verify", str(build / "mini.fr.signed.pdf"), "--trust",
                                  str(root_pem), "--format", "json"])  # fmt: skip
    data = json.loads(report.stdout)
    (signature,) = data["signatures"]
    assert signature["level"] == "PAdES B-T" and signature["timestamp_authority"] == "Test TSA"
    assert signature["timestamp"] and signature["trusted"] is True
    assert data["ok"] is True, data


def test_an_unreachable_timestamp_authority_writes_nothing(runner, build) -> None:
    import socket

    with socket.socket() as free:  # a port with nobody listening
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    result = sign(runner, build / "mini.fr.pdf", US, *with_key(build),
                  "--timestamp-url", f"http://127.0.0.1:{port}/tsa")  # fmt: skip
    assert result.exit_code == 1
    assert "the time-stamping authority did not answer" in result.output
    assert not (build / "mini.fr.signed.pdf").exists()


def test_the_signed_revision_hashes_to_nothing_new_before_it(runner, build) -> None:
    """What verify relies on: the signed file's first bytes are the manifest's PDF."""
    assert sign(runner, build / "mini.fr.pdf", US, *with_key(build)).exit_code == 0
    manifest = json.loads((build / "mini.pdf.manifest.json").read_text())
    listed = next(o for o in manifest["outputs"] if o["path"] == "mini.fr.pdf")
    signed = (build / "mini.fr.signed.pdf").read_bytes()
    assert hashlib.sha256(signed[: listed["bytes"]]).hexdigest() == listed["sha256"]
    assert io.BytesIO(signed).read(5) == b"%PDF-"


def test_the_stamp_words_are_each_languages_data() -> None:
    """The stamp's words come from each language folder (locale.yaml), so a Spanish
    instrument's signature speaks Spanish; a language cpc-docs has no folder for gets English."""
    from datetime import datetime, timedelta, timezone

    from cpc_docs.signing.stamp import default_reason, stamp_text

    when = datetime(2026, 12, 4, 17, 18, tzinfo=timezone(timedelta(hours=-5)))
    spanish = stamp_text("Ana Pérez", when, default_reason("es-PE"), "es-PE")
    assert spanish.heading == "Firmado electrónicamente por"
    assert spanish.lines == (
        "el 4 de diciembre de 2026, a las 17:18 (UTC-05:00)",
        "Motivo: firma del presente instrumento",
    )
    french = stamp_text("Jane Doe", when, "", "fr")
    assert french.lines == ("le 4 décembre 2026 à 17\u00a0h\u00a018 (UTC-05:00)",)
    assert stamp_text("Jane Doe", when, "", "de-DE").heading == "Digitally signed by"
