"""Verifying a signed instrument: every signature, and that what was signed was reviewed.

For each signature, what a signatory's counterpart needs to know, read by pyHanko: who signed
(the certificate's subject), when (the time the signer's computer claims, and a time-stamping
authority's when there is one), whether the signed bytes are unchanged and the signature
cryptographically valid, how much of the file it covers, what was added after it (only other
signatures and form filling is normal; anything else is a change to the signed document), and,
when trust roots are given, whether the certificate chains to one.

Then what no generic validator knows: the file as it was before its first signature must be
the one `cpc render` wrote (its manifest's SHA-256), and the first signer's own revision may
add nothing but that signature, so the bytes every signatory signed are the reviewed ones.
And the archival claims (PDF/A, PDF/UA) of the rendered file must still be claimed.

The result is one verdict: valid only when every check passes; `problems` says what did not.
Revocation is not checked online (no network is assumed), and PDF/A conformance is claimed,
not validated: a veraPDF run is the tool for that.
"""

from __future__ import annotations

import dataclasses
import io
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cpc_docs.errors import CpcError, InputError, Location, VerifyError
from cpc_docs.signing.manifest import ManifestCheck, check_revision
from cpc_docs.signing.revisions import before_first_signature, revision_bytes
from cpc_docs.writers.xmp import Conformance, read_concordance, read_conformance

MODIFICATIONS = {
    "NONE": "nothing",
    "LTA_UPDATES": "only signature maintenance (validation data, timestamps)",
    "FORM_FILLING": "only other signatures and form filling",
    "ANNOTATIONS": "annotations",
    "OTHER": "changes to the signed document",
}
# What the first signer's own revision changed: filling its field is signing it.
OWN_REVISION = {
    "NONE": "nothing",
    "LTA_UPDATES": "only validation data",
    "FORM_FILLING": "only its signature",
    "ANNOTATIONS": "annotations besides its signature",
    "OTHER": "changes to the document besides its signature",
}
COVERAGE = {
    "ENTIRE_FILE": "the whole file",
    "ENTIRE_REVISION": "the whole file as it was signed (revisions were added after)",
    "CONTIGUOUS_BLOCK_FROM_START": "the start of the file only, not a whole revision",
    "UNCLEAR": "an unclear part of the file",
}
# The most that may change after a signature, or in a signer's own revision, for the
# document to remain the one signed.
ALLOWED = ("NONE", "LTA_UPDATES", "FORM_FILLING")


@dataclass
class SignatureCheck:
    """What was found about one signature; `problems` empty means it passed."""

    number: int
    field: str
    signer: str
    issuer: str
    level: str
    claimed_time: datetime | None
    timestamp: datetime | None
    timestamp_authority: str | None
    intact: bool
    valid: bool
    coverage: str
    modifications: str
    trusted: bool | None  # None: no trust root was given
    trust_problem: str | None
    own_revision: str | None  # what the signer's own revision changed (first signature only)
    # dataclasses.field by its full name: `field` is also this class's field name.
    problems: list[str] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "field": self.field,
            "signer": self.signer,
            "issuer": self.issuer,
            "level": self.level,
            "claimed_time": self.claimed_time.isoformat() if self.claimed_time else None,
            "timestamp": self.timestamp.isoformat() if self.timestamp else None,
            "timestamp_authority": self.timestamp_authority,
            "intact": self.intact,
            "valid": self.valid,
            "coverage": self.coverage,
            "modifications_after": self.modifications,
            "trusted": self.trusted,
            "trust_problem": self.trust_problem,
            "own_revision": self.own_revision,
            "ok": self.ok,
            "problems": self.problems,
        }


@dataclass
class VerifyReport:
    """Everything `cpc verify` says about one PDF."""

    path: Path
    signatures: list[SignatureCheck]
    reviewed: ManifestCheck
    rendered_claims: Conformance
    current_claims: Conformance
    trust_checked: bool
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def verdict(self) -> str:
        if self.ok:
            count = len(self.signatures)
            noun = "signature" if count == 1 else "signatures"
            reviewed = (
                ", and the PDF signed is the one rendered"
                if self.reviewed.verdict == "matches"
                else " (not compared with a manifest)"
            )
            trust = "" if self.trust_checked else "; trust not checked"
            return f"VALID: {count} {noun} intact, nothing changed since{reviewed}{trust}"
        return "INVALID: " + "; ".join(self.problems)

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "ok": self.ok,
            "verdict": self.verdict,
            "problems": self.problems,
            "warnings": self.warnings,
            "signatures": [s.as_json() for s in self.signatures],
            "reviewed": self.reviewed.as_json(),
            "archival": {
                "rendered": str(self.rendered_claims),
                "now": str(self.current_claims),
            },
            "trust_checked": self.trust_checked,
        }


def need_pyhanko(command: str) -> None:
    """A clear error, with the way to install it, when the signing extra is missing."""
    try:
        import pyhanko  # noqa: F401
    except ImportError:
        raise CpcError(
            f"'cpc {command}' needs pyHanko, which is not installed",
            hint="install it with: pip install 'cpc-docs[sign]'",
        ) from None


def load_certificates(path: Path) -> list[Any]:
    """The certificates in a PEM (one or more) or DER file, as asn1crypto objects."""
    from asn1crypto import pem, x509

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}", Location(str(path))) from None
    try:
        if pem.detect(data):
            return [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
        certificate = x509.Certificate.load(data)
        certificate.native  # parse now: a broken file fails here, not later  # noqa: B018
        return [certificate]
    except (ValueError, TypeError) as exc:
        raise InputError(
            f"{path} holds no X.509 certificate ({exc})",
            Location(str(path)),
            "give a certificate file in PEM or DER form",
        ) from None


def validation_context(roots: list[Any]) -> Any:
    """pyHanko's validation context: the given roots only (none: no trust decision), no
    online fetching of revocation data."""
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=roots, allow_fetching=False)


def open_signed(data: bytes, source: str) -> Any:
    """pyHanko's reader of `data`, or a clear error."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        reader.embedded_signatures  # read them now, inside the try  # noqa: B018
        return reader
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise VerifyError(f"{source} cannot be read as a PDF: {exc}", Location(source)) from None


def verify(
    data: bytes,
    path: Path,
    manifest: Path | None = None,
    trust_roots: list[Any] | None = None,
    use_manifest: bool = True,
) -> VerifyReport:
    """Check every signature of the PDF `data` (read from `path`), and that its unsigned
    revision is the one the manifest recorded."""
    reader = open_signed(data, str(path))
    roots = trust_roots or []
    checks = check_signatures(reader, data, roots)
    unsigned = before_first_signature(reader, data)
    if use_manifest:
        reviewed = check_revision(unsigned.data, path, manifest)
    else:
        reviewed = ManifestCheck("absent", check_revision(unsigned.data, path, None).sha256)
    rendered_packet, current_packet = _metadata_of(unsigned.data), _metadata_of(data)
    rendered = read_conformance(rendered_packet)
    current = read_conformance(current_packet)
    report = VerifyReport(path, checks, reviewed, rendered, current, bool(roots))
    if not checks:
        report.problems.append("the PDF has no signature")
    for check in checks:
        report.problems += [
            f"signature {check.number} ({check.field}): {p}" for p in check.problems
        ]
    if not reviewed.ok:
        report.problems.append(reviewed.describe())
    report.warnings += reviewed.read_errors
    if rendered != current and (rendered.pdfa or rendered.pdfua):
        report.warnings.append(
            f"the rendered PDF claimed {rendered}, the signed one claims {current}: "
            "a signing tool rewrote its metadata"
        )
    mark = read_concordance(rendered_packet)
    if not mark.discordant:
        mark = read_concordance(current_packet)
    if mark.discordant:
        errors = f"{mark.errors} error(s)" if mark.errors is not None else "errors"
        report.warnings.append(
            f"the PDF is marked not concordant: it was rendered although cpc check found "
            f"{errors} in its language versions (--allow-discordant); not for signature"
        )
    return report


def _metadata_of(data: bytes) -> bytes | None:
    """The catalog's XMP packet of the (latest revision of the) PDF `data`."""
    if not data:
        return None
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader

        root = PdfFileReader(io.BytesIO(data), strict=False).root
        stream = root.get("/Metadata")
        return stream.get_object().data if stream is not None else None
    except Exception:  # a missing or damaged packet claims nothing
        return None


def check_signatures(reader: Any, data: bytes, roots: list[Any]) -> list[SignatureCheck]:
    """Every /Sig signature of the file, in signing order, checked."""
    from pyhanko.sign.validation import validate_pdf_signature

    checks = []
    signatures = reader.embedded_regular_signatures
    first = min((s.signed_revision for s in signatures), default=None)
    for number, signature in enumerate(signatures, start=1):
        status, broken = None, None
        for skip_diff in (False, True):  # the difference analysis fails on a damaged file
            try:
                status = validate_pdf_signature(
                    signature,
                    signer_validation_context=validation_context(roots),
                    ts_validation_context=validation_context(roots),
                    skip_diff=skip_diff,
                )
                break
            except Exception as exc:  # pyHanko's ways to fail on a broken file are many
                broken = broken or exc
        if status is None:
            checks.append(_unreadable(number, signature, broken))
            continue
        try:
            own = (
                _own_revision(reader, data, signature)
                if signature.signed_revision == first
                else None
            )
        except Exception as exc:  # a revision too damaged to compare
            own, broken = "OTHER", broken or exc
        check = _check(number, signature, status, bool(roots), own)
        if broken is not None:
            check.modifications = f"could not be analysed ({broken})"
            check.problems.append(f"the file cannot be compared with what was signed: {broken}")
        checks.append(check)
    return checks


def _unreadable(number: int, signature: Any, exc: Exception | None) -> SignatureCheck:
    name = str(getattr(signature, "field_name", "?"))
    return SignatureCheck(
        number, name, "?", "?", "?", None, None, None, False, False, "?", "?", None, None, None,
        problems=[f"the signature cannot be validated: {exc}"],
    )  # fmt: skip


def _check(
    number: int, signature: Any, status: Any, trust_checked: bool, own: str | None
) -> SignatureCheck:
    certificate = status.signing_cert
    timestamp = status.timestamp_validity
    coverage = status.coverage.name if status.coverage is not None else "UNCLEAR"
    level = status.modification_level
    modification = level.name if level is not None else "OTHER"
    check = SignatureCheck(
        number=number,
        field=str(signature.field_name),
        signer=_name(certificate.subject),
        issuer=_name(certificate.issuer),
        level=_pades_level(signature, timestamp),
        claimed_time=status.signer_reported_dt,
        timestamp=timestamp.timestamp if timestamp is not None else None,
        timestamp_authority=_name(timestamp.signing_cert.subject) if timestamp else None,
        intact=bool(status.intact),
        valid=bool(status.valid),
        coverage=COVERAGE.get(coverage, coverage),
        modifications=MODIFICATIONS.get(modification, modification),
        trusted=bool(status.trusted) if trust_checked else None,
        trust_problem=_trust_problem(status) if trust_checked else None,
        own_revision=OWN_REVISION.get(own, own) if own is not None else None,
    )
    if not status.intact:
        check.problems.append("the signed bytes were altered (the digest does not match)")
    elif not status.valid:
        check.problems.append("the signature value is not valid for the signed bytes")
    if coverage not in ("ENTIRE_FILE", "ENTIRE_REVISION"):
        check.problems.append(f"it covers {COVERAGE.get(coverage, coverage)}")
    if modification not in ALLOWED or status.docmdp_ok is False:
        check.problems.append(f"the document was modified after this signature: "
                              f"{MODIFICATIONS.get(modification, modification)}")  # fmt: skip
    if own is not None and own not in ALLOWED:
        check.problems.append(f"the signer's own revision added {OWN_REVISION.get(own, own)}")
    if trust_checked and not status.trusted:
        check.problems.append(f"the certificate is not trusted ({check.trust_problem})")
    if timestamp is not None and not (timestamp.intact and timestamp.valid):
        check.problems.append("its timestamp token is not valid")
    elif timestamp is not None and trust_checked and not timestamp.trusted:
        check.problems.append("its timestamp authority is not trusted")
    return check


def _own_revision(reader: Any, data: bytes, signature: Any) -> str | None:
    """What the signature's own revision changed from the one before it, as a modification
    level name ("FORM_FILLING" for a signature filling its field); None if it is the first
    revision (nothing before to compare with)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import SuspiciousModification

    revision = signature.signed_revision
    if revision == 0:
        return None
    signed = revision_bytes(reader, data, revision)
    try:
        result = _first_signature_policy().review_file(
            PdfFileReader(io.BytesIO(signed), strict=False), revision - 1
        )
    except SuspiciousModification:
        return "OTHER"
    if isinstance(result, SuspiciousModification):
        return "OTHER"
    return str(result.modification_level.name)


def _first_signature_policy() -> Any:
    """pyHanko's default policy for what may change after a signature, with one more key
    of the form dictionary allowed to change: the first signature sets /SigFlags' AppendOnly
    bit (1 → 3), which pyHanko's policy rightly forbids afterwards, but which is part of
    signing the first field."""
    from pyhanko.sign.diff_analysis import (
        DEFAULT_DIFF_POLICY,
        FormUpdatingRule,
        GenericFieldModificationRule,
        SigFieldCreationRule,
        SigFieldModificationRule,
        StandardDiffPolicy,
    )
    from pyhanko.sign.diff_analysis.constants import ACROFORM_EXEMPT_STRICT_COMPARISON

    form_rule = FormUpdatingRule(
        field_rules=[
            SigFieldCreationRule(),
            SigFieldModificationRule(),
            GenericFieldModificationRule(),
        ],
        ignored_acroform_keys={*ACROFORM_EXEMPT_STRICT_COMPARISON, "/SigFlags"},
    )
    return StandardDiffPolicy(global_rules=DEFAULT_DIFF_POLICY.global_rules, form_rule=form_rule)


def _pades_level(signature: Any, timestamp: Any) -> str:
    subfilter = str(signature.sig_object.get("/SubFilter", ""))
    if subfilter != "/ETSI.CAdES.detached":
        return f"not PAdES ({subfilter.lstrip('/') or 'no /SubFilter'})"
    return "PAdES B-T" if timestamp is not None else "PAdES B-B"


def _trust_problem(status: Any) -> str | None:
    if status.trusted:
        return None
    indication = status.trust_problem_indic
    return indication.name.lower().replace("_", " ") if indication else "no path to a trust root"


def _name(name: Any) -> str:
    """A certificate name as people read it: its common name, else all of it."""
    native = name.native
    if isinstance(native, dict) and native.get("common_name"):
        common = native["common_name"]
        return str(common[0] if isinstance(common, list) else common)
    return str(name.human_friendly)
