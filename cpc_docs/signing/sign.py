"""Signing an instrument's signature field: a wrapper over pyHanko that keeps what matters.

What it adds to pyHanko, and why:
- It refuses what should not be signed: a field that does not exist or is already signed, a
  PDF whose unsigned revision is not the one the render's manifest recorded (someone would sign
  a file nobody reviewed), and a PDF with a broken signature or changed after its last one
  (a signatory would sign on top of a tampered document).
- PAdES baseline signatures: B-B (`/ETSI.CAdES.detached`, SHA-256, the signing certificate
  in a signed attribute), B-T when a time-stamping authority is given.
- A visible appearance in the document's language (read from its /Lang): the signer's name,
  the date and time, and the reason, typeset by Typst with embedded fonts (`stamp.py`).
- PDF/A survives: pyHanko rewrites the XMP packet on every incremental update (its producer,
  its modification date), re-serialising it through its own data model, which has broken
  PDF/A (pyHanko issue 755) and would in any case replace the packet finishing wrote in step
  with the information dictionary. The signing revision leaves both alone (`_KeepMetadata`):
  the signing time is in the signature, where it belongs.

Nothing here prints or writes files: the CLI does (atomically, never over another file).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cpc_docs import __version__
from cpc_docs.errors import Location, PassphraseNeeded, SigningError
from cpc_docs.signing.fields import SignatureField, signature_fields
from cpc_docs.signing.manifest import ManifestCheck, check_revision
from cpc_docs.signing.revisions import before_first_signature
from cpc_docs.signing.stamp import default_reason, stamp_pdf, stamp_text
from cpc_docs.signing.verify import check_signatures, open_signed

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S%z"  # how pyHanko hands the stamp its signing time


@dataclass(frozen=True)
class SigningPlan:
    """What was checked before signing: the field, the manifest, the document's language."""

    field: SignatureField
    reviewed: ManifestCheck
    language: str
    earlier_signatures: int


# ------------------------------------------------------------------------------ key material


def load_signer(
    key: Path | None = None,
    cert: Path | None = None,
    pkcs12: Path | None = None,
    chain: tuple[Path, ...] = (),
    passphrase: bytes | None = None,
) -> Any:
    """A pyHanko signer from a key and certificate (PEM or DER) or a PKCS#12 file, with the
    other certificates of its chain; `PassphraseNeeded` when the key is encrypted and no
    passphrase was given."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import pkcs12 as p12

    extra = [_certificate(path, x509) for path in chain]
    if pkcs12 is not None:
        data = _read(pkcs12)
        try:
            private_key, certificate, bundled = p12.load_key_and_certificates(data, passphrase)
        except ValueError:
            if passphrase is None:
                raise PassphraseNeeded(f"{pkcs12} is protected by a passphrase",
                                       Location(str(pkcs12))) from None  # fmt: skip
            raise SigningError(
                f"cannot open {pkcs12}: wrong passphrase, or not a PKCS#12 file",
                Location(str(pkcs12)),
            ) from None
        if private_key is None or certificate is None:
            raise SigningError(f"{pkcs12} holds no private key with its certificate",
                               Location(str(pkcs12)))  # fmt: skip
        extra += list(bundled)
    else:
        if key is None or cert is None:
            raise SigningError("give --key and --cert, or --pkcs12")
        private_key = _private_key(key, passphrase)
        certificate = _certificate(cert, x509)
    _check_pair(private_key, certificate, cert or pkcs12)
    return _simple_signer(private_key, certificate, extra)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SigningError(f"cannot read {path}: {exc.strerror}", Location(str(path))) from None


def _private_key(path: Path, passphrase: bytes | None) -> Any:
    from cryptography.hazmat.primitives import serialization

    data = _read(path)
    loader = (serialization.load_pem_private_key if b"-----BEGIN" in data
              else serialization.load_der_private_key)  # fmt: skip
    try:
        return loader(data, passphrase)
    except TypeError:
        if passphrase is None:
            raise PassphraseNeeded(f"{path} is protected by a passphrase",
                                   Location(str(path))) from None  # fmt: skip
        raise SigningError(f"{path} is not encrypted: give no passphrase for it",
                           Location(str(path))) from None  # fmt: skip
    except ValueError:
        reason = "wrong passphrase, or not a private key" if passphrase else "not a private key"
        raise SigningError(
            f"cannot read the key in {path}: {reason}",
            Location(str(path)),
            "give a PEM or DER private key (PKCS#8, PKCS#1 or SEC1)",
        ) from None
    except Exception as exc:  # an unsupported key type, a broken encoding
        raise SigningError(f"cannot read the key in {path}: {exc}", Location(str(path))) from None


def _certificate(path: Path, x509: Any) -> Any:
    data = _read(path)
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError:
        raise SigningError(
            f"{path} holds no X.509 certificate",
            Location(str(path)),
            "give the signer's certificate in PEM or DER form",
        ) from None


def _check_pair(private_key: Any, certificate: Any, where: Path | None) -> None:
    from cryptography.hazmat.primitives import serialization

    def spki(key: Any) -> bytes:
        return bytes(key.public_bytes(serialization.Encoding.DER,
                                      serialization.PublicFormat.SubjectPublicKeyInfo))  # fmt: skip

    if spki(private_key.public_key()) != spki(certificate.public_key()):
        raise SigningError(
            "the private key does not belong to the certificate",
            Location(str(where)) if where else None,
            "give the certificate issued for this key",
        )


def _simple_signer(private_key: Any, certificate: Any, others: list[Any]) -> Any:
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    def asn1(cert: Any) -> Any:
        return x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

    der = private_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())  # fmt: skip
    return signers.SimpleSigner(
        signing_cert=asn1(certificate),
        signing_key=keys.PrivateKeyInfo.load(der),
        cert_registry=SimpleCertificateStore.from_certs([asn1(c) for c in others]),
    )


# ------------------------------------------------------------------------------ the checks


def check_signable(
    data: bytes,
    path: Path,
    field: str,
    manifest: Path | None = None,
    use_manifest: bool = True,
) -> SigningPlan:
    """Everything that must hold before `field` of the PDF `data` is signed, or the
    `SigningError` saying what does not and how to proceed."""
    where = Location(str(path))
    fields = signature_fields(data, str(path))
    chosen = next((f for f in fields if f.name == field), None)
    if chosen is None:
        names = ", ".join(f.name for f in fields) or "none"
        raise SigningError(f"{path} has no signature field {field!r} (its fields: {names})",
                           where, "'cpc fields PDF' lists them")  # fmt: skip
    if chosen.signed:
        by = f" by {chosen.signer}" if chosen.signer else ""
        raise SigningError(f"field {field!r} is already signed{by}", where,
                           "each signatory signs their own field")  # fmt: skip
    reader = open_signed(data, str(path))
    for check in check_signatures(reader, data, roots=[]):
        if check.problems:
            raise SigningError(
                f"signature {check.number} ({check.field}) does not hold: "
                + "; ".join(check.problems),
                where,
                "do not sign a document that changed after it was signed: ask for a fresh copy",
            )
    unsigned = before_first_signature(reader, data)
    reviewed = check_revision(unsigned.data, path, manifest) if use_manifest else ManifestCheck(
        "absent", check_revision(unsigned.data, path, None).sha256
    )  # fmt: skip
    if not reviewed.ok:
        raise SigningError(
            reviewed.describe(),
            where,
            "sign the PDF that 'cpc render' wrote and was reviewed; --manifest names another "
            "manifest, --no-manifest signs without this check",
        )
    language = reader.root.get("/Lang")
    return SigningPlan(chosen, reviewed, str(language or ""),
                       len(reader.embedded_regular_signatures))  # fmt: skip


# ------------------------------------------------------------------------------ signing


def sign(
    data: bytes,
    plan: SigningPlan,
    signer: Any,
    reason: str | None = None,
    location: str | None = None,
    timestamper: Any = None,
) -> bytes:
    """The PDF `data` with `plan.field` signed by `signer`: one incremental update holding a
    PAdES signature (B-T with `timestamper`, else B-B) and its visible appearance."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError as PyHankoSigningError
    from pyhanko.sign.signers.pdf_byterange import BuildProps
    from pyhanko.sign.timestamps import TimestampRequestError

    reason = reason if reason is not None else default_reason(plan.language)
    metadata = signers.PdfSignatureMetadata(
        field_name=plan.field.name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        name=signer.subject_name,
        app_build_props=BuildProps(name="cpc-docs", revision=__version__),
    )
    pdf_signer = signers.PdfSigner(
        metadata, signer=signer, timestamper=timestamper,
        stamp_style=_stamp_style(plan.language, reason),
    )  # fmt: skip
    try:
        writer = _keep_metadata_writer()(io.BytesIO(data), strict=False)
        out = pdf_signer.sign_pdf(writer, existing_fields_only=True)
    except TimestampRequestError as exc:
        raise SigningError(
            f"the time-stamping authority did not answer: {exc}",
            hint="check --timestamp-url, or sign without it (PAdES B-B)",
        ) from None
    except (PyHankoSigningError, PdfError, ValueError) as exc:
        raise SigningError(f"pyHanko could not sign: {exc}") from None
    signed = out.getvalue()
    assert signed.startswith(data)  # an incremental update: the signed file begins with ours
    return bytes(signed)


def _keep_metadata_writer() -> type:
    """pyHanko's incremental writer, leaving the Info dictionary and the XMP packet alone."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    class _KeepMetadata(IncrementalPdfFileWriter):
        """See the module docstring: pyHanko's metadata sync is what breaks PDF/A."""

        def _update_meta(self) -> None:
            return None

    return _KeepMetadata


def _stamp_style(language: str, reason: str) -> Any:
    """The appearance pyHanko draws in the field: Typst's stamp page, at the field's size.

    A `TextStampStyle` only so that pyHanko hands it the signing time it puts in the
    signature (as `ts`, formatted with `timestamp_format`): the stamp and the signature then
    say the same minute."""
    from dataclasses import dataclass as frozen_dataclass

    from pyhanko.pdf_utils import content, layout
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp import StaticStampStyle, TextStampStyle

    class _TypstPage(content.PdfContent):
        """The stamp's one-page PDF, drawn as a form XObject."""

        def __init__(self, pdf: bytes) -> None:
            super().__init__()
            self.pdf = pdf

        def render(self) -> bytes:
            writer = self._ensure_writer
            xobject = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.pdf)), 0)
            self.resources.xobject["/CpcStamp"] = xobject
            x1, y1, x2, y2 = xobject.get_object()["/BBox"]
            self.box = layout.BoxConstraints(width=abs(x2 - x1), height=abs(y2 - y1))
            return b"/CpcStamp Do"

    @frozen_dataclass(frozen=True)
    class _CpcStampStyle(TextStampStyle):
        language: str = "en"
        reason: str = ""

        def create_stamp(self, writer: Any, box: Any, text_params: dict[str, Any]) -> Any:
            when = datetime.strptime(text_params["ts"], TIMESTAMP_FORMAT)
            text = stamp_text(str(text_params.get("signer", "")), when, self.reason,
                              self.language)  # fmt: skip
            page = stamp_pdf(text, float(box.width), float(box.height), self.language)
            static = StaticStampStyle(
                background=_TypstPage(page),
                background_opacity=1.0,
                border_width=0,
                background_layout=layout.SimpleBoxLayoutRule(
                    x_align=layout.AxisAlignment.ALIGN_MIN,
                    y_align=layout.AxisAlignment.ALIGN_MIN,
                    margins=layout.Margins.uniform(0),
                ),
            )
            return static.create_stamp(writer, box, text_params)

    return _CpcStampStyle(language=language, reason=reason, timestamp_format=TIMESTAMP_FORMAT)
