"""`cpc watch`: the warm edit loop (see cpc_docs/watch.py for how it stays warm).

Same conventions as the other commands: messages for people on stderr through `Ui`, a
finding as `FILE:LINE:COL: severity: …`, never a traceback; Ctrl-C stops it with one line.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cpc_docs.cli.main import (
    FORMATS,
    _report,
    _yaml_files,
    compact_outputs,
    source_date_epoch,
    verbosity,
)

if TYPE_CHECKING:
    from cpc_docs.cli.main import Ui
    from cpc_docs.watch import Refresh


@click.command("watch")
@compact_outputs
@click.option(
    "--templates", "template_root", type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Template folder with a folder per language (fr/, en/…). Default: as `cpc render`.",
)  # fmt: skip
@verbosity
@click.pass_obj
def watch_command(
    ui: Ui,
    files: tuple[Path, ...],
    langs: tuple[str, ...],
    formats: tuple[str, ...],
    output_dir: Path,
    template_root: Path | None,
    paper: str,
    allow_discordant: bool,
) -> None:
    """Render compacts, then again on every save of a compact, its templates or the
    standard clauses, until Ctrl-C.

    One process stays warm between saves (libraries, templates, fonts, Typst's layouts, the
    translation check of the unchanged text), so a save gives its PDF in a fraction of a
    second; ask only for the languages and formats you are reading (--lang fr --format pdf)
    for the quickest. Each save prints the findings of `cpc validate` and of the translation
    check, then the files written and the time taken. An error stops that render: the
    files of the last good render stay, and the next save tries again. Every file is written
    whole, with its manifest, as `cpc render` writes them.

    \b
    Examples:
      cpc watch compacts/civ-2022.yaml --lang fr --format pdf
      cpc watch compacts/civ-2022.yaml -o /tmp/preview --templates my-templates
    """
    from cpc_docs.pipeline import RenderJob, declared_id, shared_ids
    from cpc_docs.watch import Session, jobs_for, watch

    paths = _yaml_files(files)
    if not paths:
        raise click.UsageError("no .yaml files found in " + ", ".join(map(str, files)))
    epoch = source_date_epoch()

    def job(path: Path) -> RenderJob:
        return RenderJob(
            path,
            output_dir,
            langs,
            formats or FORMATS,
            paper,
            template_root,
            date_epoch=epoch,
            allow_discordant=allow_discordant,
        )

    jobs = jobs_for(paths, job)
    clashes = shared_ids(jobs)
    if clashes:
        path = next(iter(clashes))
        raise click.UsageError(
            f"{path} and {', '.join(map(str, clashes[path]))} have the same id "
            f"{declared_id(path)!r}, which names the outputs: watch one of them"
        )
    shown = ", ".join(map(str, paths))
    ui.info(f"watching {shown} → {output_dir}/ (Ctrl-C to stop)")
    try:
        watch(Session(jobs), lambda refresh: _refreshed(ui, refresh))
    except KeyboardInterrupt:
        ui.info("cpc watch: stopped")
    sys.exit(0)


def _refreshed(ui: Ui, refresh: Refresh) -> None:
    """What a refresh did: what changed, the findings, the files written and the time."""
    if refresh.changed:
        names = ", ".join(_shown(path) for path in refresh.changed)
        ui.info(f"[{time.strftime('%H:%M:%S')}] changed: {names}")
    for result in refresh.results:
        _report(ui, result, quiet_success=False)
        if not result.ok and refresh.changed:
            ui.error(f"{result.path}: the files of the last good render are kept")


def _shown(path: Path) -> str:
    """A path as short as it can be said: from the current folder when it is below it."""
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
