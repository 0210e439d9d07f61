"""The `cpc` command line. The only place that prints, and that maps errors to exit codes.

Exit codes: 0 success (warnings may be printed), 1 errors in the inputs or a failed render,
2 usage errors (a bad option, a missing file). Never a traceback for a user's mistake.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cpc_docs import __version__, parallel
from cpc_docs.errors import CpcError, ValidationFailed
from cpc_docs.findings import Finding, errors
from cpc_docs.shipped import shipped_languages

if TYPE_CHECKING:
    from cpc_docs.load.yamlsource import Source
    from cpc_docs.model.compact import Compact
    from cpc_docs.pipeline import RenderJob, RenderResult

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
LANGS = shipped_languages()  # a folder per language
FORMATS = ("docx", "pdf")


def choice(*choices: str) -> click.Choice[str]:
    """One of `choices`, typed in any case (`--paper A4`), given to the command as written
    in `choices` (lower case)."""
    return click.Choice(choices, case_sensitive=False)


class ChoiceList(click.Choice[str]):
    """Some of the choices: as a comma list (`--lang fr,en`, as `cpc new --languages` takes
    them) or by repeating the option (`--lang fr --lang en`), in any case; each given to the
    command in lower case. Used with `list_option`, which flattens the repeats."""

    def __init__(self, choices: tuple[str, ...]) -> None:
        super().__init__(choices, case_sensitive=False)

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return f"[{'|'.join(map(str, self.choices))}][,…]"

    def convert(  # type: ignore[override]
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, ...]:
        if isinstance(value, tuple):  # a default, already converted
            return value
        parts = [part.strip() for part in str(value).split(",")]
        if not all(parts):
            self.fail(f"{value!r} has an empty item; write e.g. {','.join(map(str, self.choices))}",
                      param, ctx)  # fmt: skip
        return tuple(str(super(ChoiceList, self).convert(part, param, ctx)) for part in parts)


def _flatten(_ctx: click.Context, _param: click.Parameter, value: Any) -> tuple[str, ...]:
    """`--lang fr,en --lang en` → ("fr", "en"): the lists of the repeats, in order, once each."""
    return tuple(dict.fromkeys(item for items in value or () for item in items))


def list_option(*names: str, choices: tuple[str, ...], help: str) -> Callable[[F], F]:
    """An option that takes some of `choices`, repeated or as a comma list (`ChoiceList`)."""
    return click.option(*names, multiple=True, type=ChoiceList(choices), callback=_flatten,
                        help=help)  # fmt: skip


class Ui:
    """Output for people: findings and progress to stderr, results to stdout."""

    def __init__(self, quiet: bool = False, verbose: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.reader_gone = False

    def finding(self, finding: Finding) -> None:
        self._say(str(finding), "red" if finding.severity == "error" else "yellow")

    def error(self, message: str) -> None:
        self._say(message, "red")

    def info(self, message: str) -> None:
        if not self.quiet:
            self._say(message)

    def detail(self, message: str) -> None:
        if self.verbose:
            self._say(message)

    def _say(self, message: str, color: str | None = None) -> None:
        """A message to stderr. A reader that went away (`cpc render … 2>&1 | head -1`) is no
        failure of the work: the messages after are dropped, the work goes on, and the exit
        status still says how the work went."""
        if self.reader_gone:
            return
        try:
            click.secho(message, fg=color, err=True)
        except BrokenPipeError:
            self.reader_gone = True
            # Whatever else would write there (Python's last flush) writes nowhere instead.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stderr.fileno())


def _quiet(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(Ui).quiet = True


def _verbose(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(Ui).verbose = True


def verbosity(command: F) -> F:
    """-q/-v after a command's name too ("cpc render x.yaml -q"), as people type them, with
    the same effect as before it ("cpc -q render x.yaml")."""
    verbose = click.option("-v", "--verbose", is_flag=True, expose_value=False,
                           callback=_verbose, help="Print what each step does.")  # fmt: skip
    quiet = click.option("-q", "--quiet", is_flag=True, expose_value=False,
                         callback=_quiet, help="Print only errors.")  # fmt: skip
    return quiet(verbose(command))


# Commands that live in their own modules, imported only when used: `cpc render` does not
# pay for the checker's start-up, nor `cpc check` for the writers'.
LAZY_COMMANDS: dict[str, str] = {
    "check": "cpc_docs.cli.check:check_command",
    "diff": "cpc_docs.cli.diff:diff_command",
    "new": "cpc_docs.cli.new:new_command",
    "report": "cpc_docs.cli.report:report_group",
    "fields": "cpc_docs.cli.sign:fields_command",
    "sign": "cpc_docs.cli.sign:sign_command",
    "verify": "cpc_docs.cli.sign:verify_command",
    "watch": "cpc_docs.cli.watch:watch_command",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS:
            from importlib import import_module

            module, attribute = LAZY_COMMANDS[name].split(":")
            command: click.Command = getattr(import_module(module), attribute)
            return command
        return super().get_command(ctx, name)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Run 'cpc COMMAND --help' for a command's options and examples.",
)
@click.version_option(__version__, "--version", prog_name="cpc")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print what each step does.")
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """Signature-ready Child Protection Compact (CPC) documents from YAML, in each language.

    \b
    Typical use:
      cpc new                                 start a compact: answer a few questions
      cpc validate compacts/civ-2022.yaml     check a compact, with file:line for each error
      cpc render compacts/civ-2022.yaml       write build/civ-2022.{fr,en}.{docx,pdf}
      cpc check compacts templates            compare the French and English texts
      cpc schema > compact.schema.json        JSON Schema for editor autocompletion
    """
    ctx.obj = Ui(quiet=quiet, verbose=verbose)
    # Warnings of the writers (Typst's, a PDF that claims less than PDF/A-2a) said as the
    # other messages are, not as Python prints them (file, line and source of the call).
    warnings.formatwarning = _warning_line


def run() -> None:
    """The `cpc` program (pyproject.toml's script): the command, then a quick exit (see
    parallel.exit_uncollected). Tests call `main` itself, in a process that goes on."""
    try:
        main()
    finally:
        parallel.exit_uncollected()


def _warning_line(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    line: str | None = None,
) -> str:
    return f"warning: {message}\n"


def _reported(ui: Ui, load: Callable[[Path], T], path: Path) -> T | None:
    """`load(path)`, or None after printing why it failed (every finding, located)."""
    try:
        return load(path)
    except ValidationFailed as exc:
        for finding in exc.findings:
            ui.finding(finding)
    except CpcError as exc:
        ui.error(str(exc))
    return None


def _load(path: Path, ui: Ui) -> tuple[Compact, Source] | None:
    """Load and validate one compact; print findings; return (compact, source) or None."""
    from cpc_docs.load.compact import load_compact
    from cpc_docs.rules.compact import check

    loaded = _reported(ui, load_compact, path)
    if loaded is None:
        return None
    compact, source = loaded
    findings = check(compact, source)
    for finding in findings:
        if finding.severity == "error" or not ui.quiet:
            ui.finding(finding)
    if errors(findings):
        return None
    return compact, source


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--compact", "compact_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The compact the annual reports among FILES are on (default: <id>.yaml in the "
    "compacts/ folder beside the report's folder, in the report's folder, or in ./compacts).",
)  # fmt: skip
@verbosity
@click.pass_obj
def validate(ui: Ui, files: tuple[Path, ...], compact_path: Path | None) -> None:
    """Check compacts (and annual reports) against the schema and the domain rules.

    FILES are YAML files or folders of them. A file with a top-level `compact:` key is an
    annual report and is checked against its compact (found by its id, or given with
    --compact). Errors and warnings are printed as
    FILE:LINE:COL: severity: field.path: message, then one summary line.
    Exit status: 0 when every file is valid (warnings allowed), 1 on any error.

    \b
    Examples:
      cpc validate compacts/civ-2022.yaml
      cpc validate compacts/ reports/
      cpc validate /tmp/report-2025.yaml --compact compacts/civ-2022.yaml
    """
    paths = _yaml_files(files)
    if not paths:
        raise click.UsageError("no .yaml files found in " + ", ".join(map(str, files)))
    failed = 0
    for path in paths:
        if _is_report(path):
            valid = _validate_report(path, ui, compact_path)
        else:
            valid = _load(path, ui) is not None
        if valid:
            ui.info(f"{path}: valid")
        else:
            failed += 1
    ui.info(f"{len(paths) - failed} valid, {failed} with errors")
    sys.exit(1 if failed else 0)


def _is_report(path: Path) -> bool:
    """An annual report names its compact at the top; a compact has parties."""
    from cpc_docs.load.compact import looks_like
    from cpc_docs.load.yamlsource import parse_file

    try:
        data = parse_file(path).data
    except CpcError:
        return False  # not readable: the compact loader reports it with its location
    return looks_like(data) == "report"


def _validate_report(path: Path, ui: Ui, compact_path: Path | None) -> bool:
    from cpc_docs.rules.report import gaps, load_report

    loaded = _reported(ui, lambda report: load_report(report, compact_path), path)
    if loaded is None:
        return False
    missing = len(gaps(loaded))
    if missing:
        ui.info(f"{path}: an annual report with {missing} values still to complete "
                "('cpc report render' lists them)")  # fmt: skip
    return True


def _yaml_files(paths: tuple[Path, ...]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        else:
            out.append(path)
    return out


def compact_outputs(command: F) -> F:
    """The argument and options `cpc render` and `cpc watch` share: the compacts, their
    languages and formats, the output folder, the paper, and whether a discordant compact
    is rendered all the same."""
    for decorator in reversed(
        (
            click.argument(
                "files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
            ),
            list_option(
                "--lang",
                "langs",
                choices=LANGS,
                help="Languages to render: fr,en or --lang fr --lang en. Default: "
                "every language of the compact.",
            ),
            list_option(
                "--format",
                "formats",
                choices=FORMATS,
                help="Output formats: docx,pdf or --format docx --format pdf. Default: both.",
            ),
            click.option(
                "-o",
                "--output-dir",
                type=click.Path(file_okay=False, path_type=Path),
                default=Path("build"),
                show_default=True,
                help="Folder for the outputs.",
            ),
            click.option(
                "--paper",
                type=choice("a4", "letter"),
                default="a4",
                show_default=True,
                help="Paper size.",
            ),
            click.option(
                "--allow-discordant",
                is_flag=True,
                help="Render even when `cpc check` finds errors between the language versions "
                "(a draft to review, not to sign); the manifest records the findings.",
            ),
        )
    ):
        command = decorator(command)
    return command


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH, the documents' timestamp if set (see pipeline.epoch_for); read once,
    before any work, by `cpc render` and `cpc report render`."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise click.UsageError(f"SOURCE_DATE_EPOCH={value!r} is not a whole number") from None


@main.command()
@compact_outputs
@click.option(
    "--templates", "template_root", type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Template folder with a folder per language (fr/, en/…). Default: a templates/ "
    "folder beside the compact or in the folder above it, else the templates shipped with "
    "cpc-docs.",
)  # fmt: skip
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None,
    help="Compacts rendered at once. Default: one per CPU core.",
)  # fmt: skip
@click.option(
    "--pdf-engine", type=choice("typst", "libreoffice"), default="typst",
    show_default=True,
    help="typst: embedded, fast, deterministic. libreoffice: the DOCX converted by soffice, "
    "for a PDF with exactly the DOCX's layout (needs LibreOffice).",
)  # fmt: skip
@click.option(
    "--edition", type=choice("single", "side-by-side"), default="single",
    show_default=True,
    help="single: one file per language. side-by-side: one file with French and English "
    "in two aligned columns and one signature block (<id>.fr-en.<format>).",
)  # fmt: skip
@click.option("--force", is_flag=True, help="Replace outputs even when a PDF there is signed.")
@click.option(
    "--draft", is_flag=True,
    help="Render as a draft for review, whatever the compact's status: TODOs and missing "
    "pieces highlighted (warnings, not errors), every page marked PROJET / DRAFT / "
    "BORRADOR, the version on the title page, no signature fields or initials boxes; the "
    "manifest says draft. Same as `status: draft` in the compact.",
)  # fmt: skip
@click.option(
    "--amendment", type=click.IntRange(min=1), metavar="N",
    help="Render the instrument of the compact's N-th amendment (its `amendments:`, from 1), "
    "to sign: <id>.amendment-N.<lang>.<format>.",
)  # fmt: skip
@click.option(
    "--as-signed", is_flag=True,
    help="A compact with amendments renders as amended (<id>.consolidated.<lang>.<format>, "
    "with a note of them); this renders it as signed instead (<id>.<lang>.<format>).",
)  # fmt: skip
@click.option(
    "--changed", is_flag=True,
    help="Render only the compacts whose outputs are not up to date (make-like): skip one "
    "whose manifest records the fingerprint its inputs have now and the same options, with "
    "every output there as recorded.",
)  # fmt: skip
@verbosity
@click.pass_obj
def render(
    ui: Ui,
    files: tuple[Path, ...],
    langs: tuple[str, ...],
    formats: tuple[str, ...],
    output_dir: Path,
    paper: str,
    template_root: Path | None,
    jobs: int | None,
    pdf_engine: str,
    edition: str,
    force: bool,
    allow_discordant: bool,
    draft: bool,
    amendment: int | None,
    as_signed: bool,
    changed: bool,
) -> None:
    """Render compacts to signature-ready DOCX and PDF, one file per language and format.

    FILES are compact YAML files or folders of them; folders are rendered in parallel. Writes
    OUTPUT_DIR/<id>.<lang>.<format> and OUTPUT_DIR/<id>.manifest.json (the SHA-256 of every
    input and output; a partial render, e.g. --lang en, writes <id>.en.manifest.json and
    leaves the whole set's alone). Each file is written whole or not at all, and one broken compact
    never stops the others. The same inputs give the same bytes; SOURCE_DATE_EPOCH sets the
    documents' timestamp (default: the signature date). A compact whose language versions
    disagree (errors of `cpc check`) is not rendered, unless --allow-discordant; the manifest
    records the check's result. A compact with a TODO left is not rendered for signature;
    --draft (or `status: draft` in it) renders it as a draft for review.

    Exit status: 0 when every compact was rendered, 1 otherwise.

    \b
    Examples:
      cpc render compacts/civ-2022.yaml
      cpc render compacts/civ-2022.yaml --lang fr --format docx -o /tmp/out
      cpc render compacts/ --jobs 4
      cpc render compacts/civ-2022.yaml --edition side-by-side
      cpc render compacts/civ-2022.yaml --format pdf --pdf-engine libreoffice
      cpc render compacts/ --changed
      cpc render compacts/gha-2025.yaml --draft
      cpc render compacts/examples/civ-2022-amended.yaml --amendment 1
    """
    from cpc_docs.pipeline import RenderJob, run_jobs

    epoch = source_date_epoch()
    paths = _yaml_files(files)
    if not paths:
        raise click.UsageError("no .yaml files found in " + ", ".join(map(str, files)))
    work = [
        RenderJob(
            path,
            output_dir,
            langs,
            formats or FORMATS,
            paper,
            template_root,
            force,
            epoch,
            pdf_engine,
            edition,
            allow_discordant=allow_discordant,
            draft=draft,
            amendment=amendment,
            as_signed=as_signed,
        )
        for path in paths
    ]
    fresh = _up_to_date(ui, work) if changed else []
    work = [job for job in work if job not in fresh]
    results = []
    show_bar = len(work) > 1 and not ui.quiet and sys.stderr.isatty()
    with click.progressbar(
        length=len(work), label="Rendering", file=sys.stderr, show_pos=True
    ) if show_bar else _NoBar() as bar:  # fmt: skip
        for result in run_jobs(work, jobs):
            results.append(result)
            bar.update(1)
            _report(ui, result, quiet_success=show_bar)
    if len(results) > 1 or changed:
        _summary(ui, results, len(fresh) if changed else None)
    sys.exit(0 if all(r.ok for r in results) else 1)


def _up_to_date(ui: Ui, work: list[RenderJob]) -> list[RenderJob]:
    """The jobs of `cpc render --changed` whose outputs are already those of their inputs."""
    from cpc_docs.pipeline import up_to_date

    fresh = [job for job in work if up_to_date(job)]
    for job in fresh:
        say = ui.info if len(work) == 1 else ui.detail
        say(f"{job.path}: up to date (its inputs and outputs are those of its manifest)")
    return fresh


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, steps: int) -> None:
        return None


def _report(ui: Ui, result: RenderResult, quiet_success: bool) -> None:
    for finding in result.findings:
        if finding.severity == "error" or not ui.quiet:
            ui.finding(finding)
    for message in result.errors:
        ui.error(message)
    if result.ok and not quiet_success:
        names = ", ".join(out.name for out in result.outputs)
        ui.info(f"{result.path}: wrote {names} in {result.seconds:.2f} s")
    for out in result.outputs:
        ui.detail(f"  {out}")
        if ui.verbose and out.suffix == ".pdf":  # the signature fields, for `cpc sign --field`
            from cpc_docs.cli.sign import field_lines

            for line in field_lines(out):
                ui.detail(f"    {line}")


def _summary(ui: Ui, results: list[RenderResult], fresh: int | None = None) -> None:
    """A table of a batch's results (more than one), then the counts; `fresh`: the compacts
    that `--changed` found up to date."""
    if len(results) > 1:
        width = max(len(str(r.path)) for r in results)
        ui.info("")
        ui.info(f"{'file':<{width}}  {'status':<6}  outputs  {'time':>6}  warnings")
        for r in sorted(results, key=lambda r: str(r.path)):
            status = "ok" if r.ok else "FAILED"
            line = f"{r.path!s:<{width}}  {status:<6}  {len(r.outputs):>7}  {r.seconds:>5.2f}s  "
            ui.info(line + f"{r.warnings:>8}")
    failed = sum(not r.ok for r in results)
    counts = f"{len(results) - failed} rendered, {failed} failed"
    ui.info(counts if fresh is None else f"{fresh} up to date, {counts}")


@main.command()
@click.option(
    "--format", "fmt", type=choice("json", "markdown"), default="json",
    show_default=True, help="json: JSON Schema for editors. markdown: the YAML reference.",
)  # fmt: skip
@click.option("--indent", default=2, show_default=True, help="JSON indentation.")
@verbosity
def schema(fmt: str, indent: int) -> None:
    """Print the structure of a compact: JSON Schema, or the YAML reference for people.

    \b
    Examples:
      cpc schema > compact.schema.json
      # then, as the first line of a compact, for editors with the YAML language server:
      # yaml-language-server: $schema=compact.schema.json
      cpc schema --format markdown > docs/yaml-reference.md
    """
    from cpc_docs.authoring.schema import editor_schema, markdown
    from cpc_docs.model.compact import Compact

    if fmt == "markdown":
        click.echo(markdown(Compact, "Compact YAML reference"), nl=False)
        return
    document = editor_schema(Compact, "CPC compact")  # with `5 years` and `standard`
    click.echo(json.dumps(document, indent=indent, ensure_ascii=False))
