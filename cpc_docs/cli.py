"""The `cpc` command line. The only place that prints, and that maps errors to exit codes.

Exit codes: 0 success (warnings may be printed), 1 errors in the inputs or a failed render,
2 usage errors (a bad option, a missing file). Never a traceback for a user's mistake.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

import click

from . import __version__
from .errors import CpcError, ValidationFailed
from .findings import Finding, errors

LANG_CHOICE = click.Choice(["fr", "en"])
FORMATS = ("docx", "pdf")


class Ui:
    """Output for people: findings and progress to stderr, results to stdout."""

    def __init__(self, quiet: bool = False, verbose: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose

    def finding(self, finding: Finding) -> None:
        color = "red" if finding.severity == "error" else "yellow"
        click.secho(str(finding), fg=color, err=True)

    def error(self, message: str) -> None:
        click.secho(message, fg="red", err=True)

    def info(self, message: str) -> None:
        if not self.quiet:
            click.echo(message, err=True)

    def detail(self, message: str) -> None:
        if self.verbose:
            click.echo(message, err=True)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Run 'cpc COMMAND --help' for a command's options and examples.",
)
@click.version_option(__version__, "--version", prog_name="cpc")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print what each step does.")
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """Signature-ready bilingual Child Protection Compact (CPC) documents from YAML.

    \b
    Typical use:
      cpc validate compacts/civ-2022.yaml     check a compact, with file:line for each error
      cpc render compacts/civ-2022.yaml       write build/civ-2022.{fr,en}.{docx,pdf}
      cpc check compacts templates            compare the French and English texts
      cpc schema > compact.schema.json        JSON Schema for editor autocompletion
    """
    ctx.obj = Ui(quiet=quiet, verbose=verbose)


def _load(path: Path, ui: Ui):  # type: ignore[no-untyped-def]
    """Load and validate one compact; print findings; return (compact, source) or None."""
    from .loader import load_compact
    from .rules import check

    try:
        compact, source = load_compact(path)
    except ValidationFailed as exc:
        for finding in exc.findings:
            ui.finding(finding)
        return None
    except CpcError as exc:
        ui.error(str(exc))
        return None
    findings = check(compact, source)
    for finding in findings:
        if finding.severity == "error" or not ui.quiet:
            ui.finding(finding)
    if errors(findings):
        return None
    return compact, source


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.pass_obj
def validate(ui: Ui, files: tuple[Path, ...]) -> None:
    """Check compacts against the schema and the domain rules.

    Errors and warnings are printed as FILE:LINE:COL: severity: field.path: message.
    Exit status: 0 when every file is valid (warnings allowed), 1 on any error.

    \b
    Example:
      cpc validate compacts/*.yaml
    """
    failed = 0
    for path in _yaml_files(files):
        if _load(path, ui) is None:
            failed += 1
        else:
            ui.info(f"{path}: valid")
    sys.exit(1 if failed else 0)


def _yaml_files(paths: tuple[Path, ...]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        else:
            out.append(path)
    return out


def _epoch(compact_date: dt.date) -> int:
    """SOURCE_DATE_EPOCH if set, else the signature date: outputs never depend on 'now'."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value:
        try:
            return int(value)
        except ValueError:
            raise click.UsageError(f"SOURCE_DATE_EPOCH={value!r} is not a whole number") from None
    return int(dt.datetime.combine(compact_date, dt.time(12), tzinfo=dt.UTC).timestamp())


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--lang", "langs", multiple=True, type=LANG_CHOICE,
    help="Language to render (repeat for several). Default: every language of the compact.",
)  # fmt: skip
@click.option(
    "--format", "formats", multiple=True, type=click.Choice(FORMATS),
    help="Output format (repeat for several). Default: docx and pdf.",
)  # fmt: skip
@click.option(
    "-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"), show_default=True, help="Folder for the outputs.",
)  # fmt: skip
@click.option(
    "--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True,
    help="Paper size.",
)  # fmt: skip
@click.option(
    "--templates", "template_root", type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Template folder with fr/ and en/ (default: the project's templates/).",
)  # fmt: skip
@click.pass_obj
def render(
    ui: Ui,
    files: tuple[Path, ...],
    langs: tuple[str, ...],
    formats: tuple[str, ...],
    output_dir: Path,
    paper: str,
    template_root: Path | None,
) -> None:
    """Render compacts to signature-ready DOCX and PDF, one file per language and format.

    Writes OUTPUT_DIR/<id>.<lang>.<format> and OUTPUT_DIR/<id>.manifest.json (the SHA-256
    of every input and output). The same inputs always give the same bytes; set
    SOURCE_DATE_EPOCH to choose the documents' timestamp (default: the signature date).

    \b
    Examples:
      cpc render compacts/civ-2022.yaml
      cpc render compacts/civ-2022.yaml --lang fr --format docx -o /tmp/out
    """
    from .templating import TEMPLATE_ROOT

    root = template_root or TEMPLATE_ROOT
    failed = 0
    for path in _yaml_files(files):
        try:
            if not _render_one(ui, path, langs, formats or FORMATS, output_dir, paper, root):
                failed += 1
        except CpcError as exc:
            ui.error(str(exc))
            failed += 1
    sys.exit(1 if failed else 0)


def _render_one(
    ui: Ui,
    path: Path,
    langs: tuple[str, ...],
    formats: tuple[str, ...],
    output_dir: Path,
    paper: str,
    root: Path,
) -> bool:
    from .outputs import fingerprint, write_atomic, write_manifest
    from .render import RenderSettings, compact_document, write

    started = time.perf_counter()
    loaded = _load(path, ui)
    if loaded is None:
        ui.error(f"{path}: not rendered (fix the errors above)")
        return False
    compact, _source = loaded
    chosen = [lang for lang in (langs or compact.languages) if lang in compact.languages]
    for lang in langs:
        if lang not in compact.languages:
            ui.error(f"{path}: the compact has no {lang!r} text (it has "
                     f"{', '.join(compact.languages)})")  # fmt: skip
            return False
    inputs = [path]
    for lang in chosen:
        inputs.extend(sorted((root / lang).glob("*.j2")))
    glossary = Path("glossary.yaml")
    if glossary.exists():
        inputs.append(glossary)
    digest, input_hashes = fingerprint(inputs)
    settings = RenderSettings(
        template_root=root,
        date_epoch=_epoch(compact.signature.date),
        fingerprint=f"SHA-256 {digest[:16]}",
        paper=paper,
    )
    outputs: dict[Path, bytes] = {}
    for lang in chosen:
        doc = compact_document(compact, lang, settings)
        for fmt in formats:
            outputs[output_dir / f"{compact.id}.{lang}.{fmt}"] = write(doc, fmt, lang, settings)
    for out, data in outputs.items():
        write_atomic(out, data)
        ui.detail(f"wrote {out} ({len(data):,} bytes)")
    manifest = output_dir / f"{compact.id}.manifest.json"
    write_manifest(manifest, compact.id, digest, input_hashes, outputs)
    elapsed = time.perf_counter() - started
    names = ", ".join(out.name for out in outputs)
    ui.info(f"{path}: wrote {names} and {manifest.name} in {elapsed:.2f} s")
    return True


@main.command()
@click.option("--indent", default=2, show_default=True, help="JSON indentation.")
def schema(indent: int) -> None:
    """Print the JSON Schema of a compact, for editor autocompletion and validation.

    \b
    Example (VS Code with the YAML extension):
      cpc schema > compact.schema.json
      # then first line of a compact:  # yaml-language-server: $schema=compact.schema.json
    """
    from .model import Compact

    document = Compact.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "CPC compact"
    click.echo(json.dumps(document, indent=indent, ensure_ascii=False))


def _register_optional() -> None:
    """Commands built in their own modules, added when present."""
    try:
        from .checks.command import check_command
    except ImportError:
        return
    main.add_command(check_command, "check")


_register_optional()
