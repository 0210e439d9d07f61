"""`cpc fields`, `cpc sign`, `cpc verify`: from a rendered PDF to a verified signed one.

Same conventions as `cli.py`: messages for people on stderr through `Ui`, results (the field
list, the verification report) on stdout, `CpcError`s turned into messages, never tracebacks;
exit 0 on success, 1 when the work failed or the verdict is negative, 2 for usage errors.
A signed PDF is written atomically, and never over another file without `--force`.

pyHanko does the cryptography and is an optional dependency (`pip install 'cpc-docs[sign]'`):
`cpc fields` works without it, `cpc sign` and `cpc verify` say how to install it.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cpc_docs.cli.main import choice, verbosity
from cpc_docs.errors import CpcError

if TYPE_CHECKING:
    from cpc_docs.cli.main import Ui
    from cpc_docs.signing.verify import VerifyReport

PDF = click.Path(exists=True, dir_okay=False, path_type=Path)
FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _fail(ui: Ui, exc: CpcError) -> None:
    ui.error(str(exc))
    sys.exit(1)


# ------------------------------------------------------------------------------ cpc fields


@click.command("fields")
@click.argument("pdf", type=PDF)
@click.option("--format", "fmt", type=choice("text", "json"), default="text", show_default=True,
              help="text for people; json for scripts.")  # fmt: skip
@verbosity
@click.pass_obj
def fields_command(ui: Ui, pdf: Path, fmt: str) -> None:
    """List the signature fields of PDF: name, page, box, signatory, and whether signed.

    The name is what `cpc sign --field` (or Acrobat, or pyHanko) takes. The box is
    [left bottom right top] in points (1/72 in) from the page's bottom-left corner, as PDF
    measures; pages count from 1.

    \b
    Examples:
      cpc fields build/civ-2022.fr.pdf
      cpc fields build/civ-2022.fr.signed.pdf --format json
    """
    from cpc_docs.signing.fields import read_pdf, signature_fields

    try:
        found = signature_fields(read_pdf(pdf), str(pdf))
    except CpcError as exc:
        _fail(ui, exc)
        return
    if fmt == "json":
        click.echo(json.dumps({"file": str(pdf), "fields": [f.as_json() for f in found]},
                              indent=2, ensure_ascii=False))  # fmt: skip
        return
    if not found:
        click.echo(f"{pdf}: no signature field")
        return
    click.echo(f"{pdf}: {len(found)} signature field{'s' if len(found) > 1 else ''}")
    for line in _field_table(found):
        click.echo(f"  {line}")


def _field_table(found: list[Any]) -> list[str]:
    """The fields as aligned columns: name, page, box, signatory, state."""
    rows = [
        (
            f.name,
            f"page {f.page}" if f.page else "no page",
            "[" + " ".join(f"{v:.0f}" for v in f.box) + "]" if f.box else "[no box]",
            f.signatory or "-",
            _state(f),
        )
        for f in found
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return ["  ".join(c.ljust(w) for c, w in zip(row, [*widths, 0], strict=True)).rstrip()
            for row in rows]  # fmt: skip


def _state(field: Any) -> str:
    """ "empty", or "signed by Joann M. Lockard on 2026-12-04 17:30" (as the signature says)."""
    import re

    if not field.signed:
        return "empty"
    by = f" by {field.signer}" if field.signer else ""
    date = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)", field.signed_at or "")
    on = " on {}-{}-{} {}:{}".format(*date.groups()) if date else ""
    return f"signed{by}{on}"


def field_lines(pdf: Path) -> list[str]:
    """The signature fields of a PDF `cpc render` wrote, for `cpc render -v`."""
    from cpc_docs.signing.fields import read_pdf, signature_fields

    try:
        return _field_table(signature_fields(read_pdf(pdf), str(pdf)))
    except CpcError as exc:
        return [str(exc)]


# ------------------------------------------------------------------------------ cpc sign


@click.command("sign")
@click.argument("pdf", type=PDF)
@click.option("--field", "field_name", required=True, metavar="NAME",
              help="The signature field to sign ('cpc fields PDF' lists them).")  # fmt: skip
@click.option("--key", type=FILE, help="The signer's private key (PEM or DER).")
@click.option("--cert", type=FILE, help="The signer's certificate (PEM or DER).")
@click.option("--pkcs12", type=FILE, help="Key and certificate in one PKCS#12 file (.p12, .pfx), "
              "instead of --key and --cert.")  # fmt: skip
@click.option("--chain", type=FILE, multiple=True,
              help="Other certificates of the signer's chain, embedded in the signature "
              "(repeat for each file).")  # fmt: skip
@click.option("--passphrase-file", type=FILE,
              help="A file holding the passphrase of the key or PKCS#12 file (its first "
              "line). Without it, an encrypted key's passphrase is asked for.")  # fmt: skip
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The signed PDF. Default: NAME.signed.pdf beside PDF (for a PDF already "
              "named so, PDF itself: signatures are added to the signed copy).")  # fmt: skip
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists and is another file.")
@click.option("--reason", help="The reason stated in the signature and its appearance. Default, "
              "in the document's language: 'signature du présent instrument' / 'signature of "
              "this instrument'.")  # fmt: skip
@click.option("--location", help="Where the signature is made (e.g. 'Abidjan').")
@click.option("--timestamp-url", metavar="URL",
              help="A time-stamping authority (RFC 3161): the signature gets its timestamp "
              "(PAdES B-T). Without it: PAdES B-B.")  # fmt: skip
@click.option("--manifest", type=FILE,
              help="The manifest of the render (default: the manifests beside PDF). The PDF "
              "before its first signature must be the file it lists.")  # fmt: skip
@click.option("--no-manifest", is_flag=True,
              help="Sign without comparing the PDF with a manifest.")  # fmt: skip
@verbosity
@click.pass_obj
def sign_command(ui: Ui, **options: Any) -> None:
    """Sign one signature field of PDF (PAdES), with a visible signature in its language.

    Refused: a field that is already signed; a PDF that is not the one the render's
    manifest lists (the file as it was before its first signature is compared, so the
    second signatory's copy passes too); a PDF whose earlier signatures are broken or that
    was changed after its last signature. The signature's appearance shows the signer's
    name (from the certificate), the date and time, and the reason. The PDF stays PDF/A:
    its metadata is left as rendered.

    \b
    Examples:
      cpc sign build/civ-2022.fr.pdf --field us-1-joann-m-lockard --key key.pem --cert cert.pem
      cpc sign build/civ-2022.fr.signed.pdf --field civ-2-adama-kamara --pkcs12 kamara.p12
      cpc sign build/civ-2022.fr.pdf --field us-1-joann-m-lockard --pkcs12 id.p12 \\
          --passphrase-file pass.txt --timestamp-url http://timestamp.example/tsa
    """
    request = SignRequest(**options)
    if request.pkcs12 is not None and (request.key is not None or request.cert is not None):
        raise click.UsageError("give either --pkcs12, or --key and --cert, not both")
    if request.pkcs12 is None and (request.key is None or request.cert is None):
        raise click.UsageError("give --key and --cert (or --pkcs12)")
    if request.manifest is not None and request.no_manifest:
        raise click.UsageError("--manifest and --no-manifest contradict each other")
    from cpc_docs.signing.verify import need_pyhanko

    try:
        need_pyhanko("sign")
        _sign(ui, request)
    except CpcError as exc:
        _fail(ui, exc)


@dataclass(frozen=True)
class SignRequest:
    """What `cpc sign` was asked for: its argument and options, by their parameter names."""

    pdf: Path
    field_name: str
    key: Path | None
    cert: Path | None
    pkcs12: Path | None
    chain: tuple[Path, ...]
    passphrase_file: Path | None
    output: Path | None
    force: bool
    reason: str | None
    location: str | None
    timestamp_url: str | None
    manifest: Path | None
    no_manifest: bool


def _sign(ui: Ui, request: SignRequest) -> None:
    from cpc_docs.outputs.files import write_atomic
    from cpc_docs.signing.fields import read_pdf
    from cpc_docs.signing.manifest import original_name
    from cpc_docs.signing.sign import check_signable, sign

    target = request.output or request.pdf.with_name(
        Path(original_name(request.pdf)).stem + ".signed.pdf"
    )
    in_place = target.resolve() == request.pdf.resolve()
    if target.exists() and not in_place and not request.force:
        raise CpcError(f"{target} exists; not overwritten",
                       hint="choose another -o, or pass --force to replace it")  # fmt: skip
    signer = _signer(
        ui, request.key, request.cert, request.pkcs12, request.chain, request.passphrase_file
    )
    data = read_pdf(request.pdf)
    plan = check_signable(
        data,
        request.pdf,
        request.field_name,
        request.manifest,
        use_manifest=not request.no_manifest,
    )
    ui.info(f"{request.pdf}: {plan.reviewed.describe()}")
    for problem in plan.reviewed.read_errors:
        ui.error(f"warning: {problem}")
    timestamper = None
    if request.timestamp_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(request.timestamp_url, timeout=30)
    signed = sign(
        data,
        plan,
        signer,
        reason=request.reason,
        location=request.location,
        timestamper=timestamper,
    )
    if plan.field.signatory and not _same_person(plan.field.signatory, signer.subject_name or ""):
        ui.info(f"note: the field is for {plan.field.signatory}; the certificate names "
                f"{signer.subject_name}")  # fmt: skip
    write_atomic(target, signed)
    level = "PAdES B-T" if timestamper else "PAdES B-B"
    done = "added the signature to" if in_place else "wrote"
    ui.info(f"signed {request.field_name} as {signer.subject_name} ({level}); {done} {target}")


def _signer(
    ui: Ui,
    key: Path | None,
    cert: Path | None,
    pkcs12: Path | None,
    chain: tuple[Path, ...],
    passphrase_file: Path | None,
) -> Any:
    """The signer; the passphrase from its file, or asked for in a terminal when needed."""
    from cpc_docs.errors import PassphraseNeeded
    from cpc_docs.signing.sign import load_signer

    passphrase = None
    if passphrase_file is not None:
        try:
            lines = passphrase_file.read_bytes().splitlines()
        except OSError as exc:
            raise CpcError(f"cannot read {passphrase_file}: {exc.strerror}") from None
        passphrase = lines[0] if lines else b""
    try:
        return load_signer(key, cert, pkcs12, chain, passphrase)
    except PassphraseNeeded as exc:
        if not can_ask():
            raise CpcError(exc.message, exc.location,
                           "give it with --passphrase-file FILE, or run in a terminal "
                           "to be asked for it") from None  # fmt: skip
        typed = click.prompt(f"Passphrase for {pkcs12 or key}", hide_input=True, err=True)
        return load_signer(key, cert, pkcs12, chain, typed.encode("utf-8"))


def can_ask() -> bool:
    """Whether a passphrase can be asked for: someone is at a terminal."""
    return sys.stdin.isatty()


def _same_person(a: str, b: str) -> bool:
    """The same words, whatever their case, accents and order ("TOURÉ Nassénéba")."""
    import unicodedata

    def words(text: str) -> set[str]:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return {w for w in plain.casefold().replace(".", " ").split() if len(w) > 1}

    first, second = words(a), words(b)
    return bool(first and second) and (first <= second or second <= first)


# ------------------------------------------------------------------------------ cpc verify


@click.command("verify")
@click.argument("pdf", type=PDF)
@click.option("--manifest", type=FILE,
              help="The manifest of the render (default: the manifests beside PDF).")  # fmt: skip
@click.option("--no-manifest", is_flag=True, help="Do not compare the PDF with a manifest.")
@click.option("--trust", type=FILE, multiple=True, metavar="ROOT.pem",
              help="A trusted root certificate (PEM or DER; repeat for several): each "
              "signer's, and timestamp authority's, certificate must chain to one. Without "
              "it, trust is not checked.")  # fmt: skip
@click.option("--format", "fmt", type=choice("text", "json"), default="text", show_default=True,
              help="text for people; json for scripts.")  # fmt: skip
@verbosity
@click.pass_obj
def verify_command(
    ui: Ui, pdf: Path, manifest: Path | None, no_manifest: bool, trust: tuple[Path, ...],
    fmt: str,
) -> None:  # fmt: skip
    """Verify every signature of PDF, and that the PDF signed is the one rendered.

    For each signature: the signer, the signing time (the signer's clock, and a timestamp
    authority's when there is one), whether the signed bytes are intact, what part of the
    file it covers, what was added after it, and, with --trust, whether its certificate is
    trusted. With the render's manifest: whether the file as it was before the first
    signature is the one `cpc render` wrote (and the first signer added nothing but a
    signature). Then one verdict.

    Exit status: 0 when everything holds, 1 otherwise (or when PDF has no signature).
    Revocation is not checked online, and PDF/A is reported as claimed, not validated.

    \b
    Examples:
      cpc verify build/civ-2022.fr.signed.pdf
      cpc verify build/civ-2022.fr.signed.pdf --trust root-ca.pem --format json
    """
    if manifest is not None and no_manifest:
        raise click.UsageError("--manifest and --no-manifest contradict each other")
    from cpc_docs.signing.fields import read_pdf
    from cpc_docs.signing.verify import load_certificates, need_pyhanko, verify

    try:
        need_pyhanko("verify")
        roots = [c for path in trust for c in load_certificates(path)]
        report = verify(read_pdf(pdf), pdf, manifest, roots, use_manifest=not no_manifest)
    except CpcError as exc:
        _fail(ui, exc)
        return
    if fmt == "json":
        click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(report_text(report))
    sys.exit(0 if report.ok else 1)


def report_text(report: VerifyReport) -> str:
    """The verification report for people: a section per signature, then the verdict."""
    lines = [str(report.path)]
    for s in report.signatures:
        lines.append(f"  signature {s.number}: field {s.field}")
        lines.append(f"    signer        {s.signer} (certificate issued by {s.issuer})")
        claimed = _when(s.claimed_time) if s.claimed_time else "not stated"
        lines.append(f"    signed at     {claimed} (the signer's clock)")
        if s.timestamp:
            lines.append(f"    timestamp     {_when(s.timestamp)} by {s.timestamp_authority}")
        lines.append(f"    level         {s.level}")
        if s.intact and s.valid:
            integrity = "intact and valid"
        else:
            integrity = (
                "signature value INVALID" if s.intact else "ALTERED: the signed bytes changed"
            )
        lines.append(f"    integrity     {integrity}")
        lines.append(f"    covers        {s.coverage}")
        lines.append(f"    added since   {s.modifications}")
        if s.own_revision is not None:
            lines.append(f"    signing added {s.own_revision}")
        if s.trusted is None:
            lines.append("    trust         not checked (give --trust ROOT.pem)")
        else:
            trust = "trusted" if s.trusted else f"NOT TRUSTED ({s.trust_problem})"
            lines.append(f"    trust         {trust}")
    reviewed = report.reviewed
    label = {"matches": "yes", "differs": "NO", "absent": "not checked"}[reviewed.verdict]
    lines.append(f"  reviewed        {label}: {reviewed.describe()}")
    archival = str(report.current_claims)
    if report.rendered_claims == report.current_claims:
        archival += ", as rendered"
    lines.append(f"  archival        {archival} (claimed in XMP; not validated here)")
    for warning in report.warnings:
        lines.append(f"  warning: {warning}")
    lines.append(report.verdict)
    return "\n".join(lines)


def _when(moment: Any) -> str:
    from cpc_docs.signing.stamp import utc_offset

    return f"{moment:%Y-%m-%d %H:%M:%S} {utc_offset(moment)}"
