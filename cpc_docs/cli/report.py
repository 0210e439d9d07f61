"""`cpc report`: draft an annual report from a compact, render it to DOCX and PDF.

Same conventions as `cli.py`: output for people goes through the `Ui` object (stderr), errors
are `CpcError`s turned into messages here, never tracebacks; exit 0 on success, 1 for errors in
the inputs, 2 for usage errors (click's own). Files are written atomically. It takes the
shared options (languages, formats, -q/-v) from `cli.py`, which loads this module only when a
`cpc report` command runs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cpc_docs.cli.main import (
    FORMATS,
    LANGS,
    choice,
    list_option,
    source_date_epoch,
    verbosity,
)
from cpc_docs.errors import CpcError, ValidationFailed

if TYPE_CHECKING:
    from cpc_docs.cli.main import Ui


@click.group(
    "report",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@verbosity
def report_group() -> None:
    """Annual reports on a compact (Section V): draft the data, then render DOCX and PDF.

    A report is a YAML file (reports/<compact>-<year>.yaml) that names its compact and the
    Annex A activities and indicators by their ids. Every value still unknown is null; a
    draft renders anyway, each gap highlighted as [À COMPLÉTER] / [TO BE COMPLETED].

    \b
    Typical use:
      cpc report draft compacts/civ-2022.yaml --year 2023 -o reports/civ-2022-2023.yaml
      cpc report render reports/civ-2022-2023.yaml          # lists what is left to fill
      cpc report draft compacts/civ-2022.yaml --year 2024 \\
          --previous reports/civ-2022-2023.yaml -o reports/civ-2022-2024.yaml
      cpc report schema > report.schema.json               # for editors
    """


def _fail(ui: Ui, exc: CpcError) -> None:
    if isinstance(exc, ValidationFailed):
        for finding in exc.findings:
            ui.finding(finding)
    else:
        ui.error(str(exc))
    sys.exit(1)


@report_group.command("draft")
@click.argument("compact_file", metavar="COMPACT",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))  # fmt: skip
@click.option("--year", type=int, required=True,
              help="The report's year: the one the reported year of the term ends in.")  # fmt: skip
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              required=True, help="The report file to write; '-' for standard output.")  # fmt: skip
@click.option("--previous", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Last year's report: carry over baselines, targets and earlier values, "
              "completed activities, currency and sustainability measures.")  # fmt: skip
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
@verbosity
@click.pass_obj
def draft(
    ui: Ui, compact_file: Path, year: int, output: Path, previous: Path | None, force: bool
) -> None:
    """Write a report skeleton for one year of COMPACT's term, ready to fill in.

    Lists every objective, every Annex A activity and indicator by id, each with the compact's
    text as a comment; every value to complete is null and marked '# TO DO'. The period is
    the year of the term (from the entry into force) that ends in YEAR.

    \b
    Examples:
      cpc report draft compacts/civ-2022.yaml --year 2023 -o reports/civ-2022-2023.yaml
      cpc report draft compacts/civ-2022.yaml --year 2024 \\
          --previous reports/civ-2022-2023.yaml -o reports/civ-2022-2024.yaml
    """
    from cpc_docs.authoring.report_draft import draft_text
    from cpc_docs.load.compact import load_compact
    from cpc_docs.load.report import term_year_for, years_hint
    from cpc_docs.outputs.files import write_atomic
    from cpc_docs.rules.report import gaps, load_report, load_report_text

    try:
        compact, _source = load_compact(compact_file)
        term_year = term_year_for(compact, year)
        if term_year is None:
            raise click.BadParameter(f"{year} is not a report year of {compact.id}: "
                                     f"{years_hint(compact)}", param_hint="'--year'")  # fmt: skip
        before = None
        if previous is not None:
            before = load_report(previous, compact_file, given_as="--previous")
            if before.report.year >= year:
                message = f"{previous} is on {before.report.year}, not on a year before {year}"
                raise click.BadParameter(message, param_hint="'--previous'")
        if str(output) != "-" and output.exists() and not force:
            raise CpcError(f"{output} exists; not overwritten (pass --force to replace it)")
        text = draft_text(compact, year, str(compact_file), before)
        loaded = load_report_text(text, str(output), compact, compact_file)  # check our work
    except CpcError as exc:
        _fail(ui, exc)
        return
    if str(output) == "-":
        click.echo(text, nl=False)
    else:
        try:
            write_atomic(output, text.encode("utf-8"))
        except CpcError as exc:
            _fail(ui, exc)
    activities = sum(len(o.activities) for o in compact.objectives)
    indicators = sum(len(o.indicators) for o in compact.objectives)
    missing = len(gaps(loaded))
    ui.info(
        f"{output}: report on {compact.id} for {year} (year {term_year.number} of the term, "
        f"{term_year.start} to {term_year.end}): {len(compact.objectives)} objectives, "
        f"{activities} activities, {indicators} indicators; {missing} values to complete "
        "(marked '# TO DO')"
    )
    if str(output) != "-":
        ui.info(f"next: fill it in, then run  cpc report render {output}")


@report_group.command("render")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@list_option("--lang", "langs", choices=LANGS,
             help="Languages to render: fr,en or --lang fr --lang en. Default: the "
             "compact's.")  # fmt: skip
@list_option("--format", "formats", choices=FORMATS,
             help="Output formats: docx,pdf or --format docx --format pdf. "
             "Default: both.")  # fmt: skip
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("build"), show_default=True, help="Folder for the outputs.")  # fmt: skip
@click.option("--compact", "compact_path",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The compact's file (default: <id>.yaml in the compacts/ folder beside "
              "the report's folder, in the report's folder, or in ./compacts).")  # fmt: skip
@click.option("--paper", type=choice("a4", "letter"), default="a4", show_default=True,
              help="Paper size.")  # fmt: skip
@click.option("--templates", "template_root",
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Template folder with a folder per language (default: a templates/ "
              "folder beside the report or the folder above it, else the shipped "
              "templates).")  # fmt: skip
@click.option("--final", is_flag=True,
              help="Refuse to render while values are missing (exit 1): for the report "
              "presented at the annual meeting.")  # fmt: skip
@click.option("--force", is_flag=True,
              help="Replace outputs even when a PDF there is signed.")  # fmt: skip
@verbosity
@click.pass_obj
def render(
    ui: Ui,
    file: Path,
    langs: tuple[str, ...],
    formats: tuple[str, ...],
    output_dir: Path,
    compact_path: Path | None,
    paper: str,
    template_root: Path | None,
    final: bool,
    force: bool,
) -> None:
    """Render an annual report to DOCX and PDF, one file per language and format.

    Drafts render too: each missing value shows as a highlighted [À COMPLÉTER] /
    [TO BE COMPLETED], and the command lists them as FILE:LINE:COL: to complete: field:
    what. Writes OUTPUT_DIR/<compact>-<year>.<lang>.<format> and a manifest with the
    SHA-256 of every input and output (<compact>-<year>.manifest.json; a partial render,
    e.g. --lang fr, names its own: …fr.manifest.json). The same inputs give the same bytes;
    SOURCE_DATE_EPOCH sets the documents' timestamp (default: the meeting date, else the
    period's end).

    \b
    Examples:
      cpc report render reports/civ-2022-2024.yaml
      cpc report render /tmp/r.yaml --lang fr --format docx -o /tmp/out
      cpc report render reports/civ-2022-2024.yaml --final    # fails while gaps remain
    """
    from cpc_docs.pipeline import render_report
    from cpc_docs.rules.report import gaps, load_report

    epoch = source_date_epoch()
    started = time.perf_counter()
    try:
        loaded = load_report(file, compact_path)
    except CpcError as exc:
        _fail(ui, exc)
        return
    missing = gaps(loaded)
    if missing:
        ui.info(f"{file}: {len(missing)} values to complete:")
        for gap in missing:
            ui.info(f"  {gap}")
    if final and missing:
        ui.error(f"{file}: not rendered: --final, and {len(missing)} values are missing")
        sys.exit(1)
    chosen = list(dict.fromkeys(langs)) or list(loaded.compact.languages)
    chosen_formats = list(dict.fromkeys(formats)) or list(FORMATS)
    result = render_report(loaded, chosen, chosen_formats, output_dir, paper=paper,
                           template_root=template_root, force=force,
                           date_epoch=epoch)  # fmt: skip
    for finding in result.findings:
        ui.finding(finding)
    for message in result.errors:
        ui.error(message)
    if not result.ok:
        sys.exit(1)
    for path in result.outputs:
        ui.detail(f"wrote {path} ({path.stat().st_size:,} bytes)")
    names = ", ".join(path.name for path in result.outputs)
    state = f" (draft: {len(missing)} values to complete)" if missing else ""
    ui.info(f"{file}: wrote {names} in {time.perf_counter() - started:.2f} s{state}")


@report_group.command("schema")
@click.option("--indent", default=2, show_default=True, help="JSON indentation.")
@verbosity
def schema(indent: int) -> None:
    """Print the JSON Schema of a report file, for editor autocompletion and validation.

    \b
    Example (VS Code with the YAML extension):
      cpc report schema > report.schema.json
      # then, as the first line of a report:
      # yaml-language-server: $schema=report.schema.json
    """
    import json

    from cpc_docs.authoring.schema import editor_schema
    from cpc_docs.model.report import Report

    document = editor_schema(Report, "CPC annual report")
    click.echo(json.dumps(document, indent=indent, ensure_ascii=False))
