"""`cpc check`: the click command (the lead registers it in the `cpc` group).

Exit codes: 0 when no error, 1 on errors (and on warnings with --strict), 2 on usage or input
errors (a file that cannot be read, a malformed glossary or waiver file).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from cpc_docs.checks.output import WRITERS, Options, render, wants_color
from cpc_docs.checks.waivers import DEFAULT_FILE as DEFAULT_WAIVERS
from cpc_docs.cli.main import choice, verbosity

DEFAULT_GLOSSARY = "glossary.yaml"

HELP = """Check that the language versions (French and English, Spanish and English) say the
same thing.

PATH is a file or a folder. Folders are searched for YAML files (compacts, reports, the
glossary, any file of {fr: …, en: …} pairs) and for template folders (templates/fr and
templates/en are compared file by file on the Jinja syntax tree).

Without PATH: compacts, reports, templates and glossary.yaml, those of them that the current
folder has; the current folder itself only when it has none of them (so in a checkout, the
deliberately defective test fixtures are left alone).

Every bilingual text is checked: both languages present, numbers, amounts, dates, e-mails,
web addresses, phones and {placeholders} equal, no sentence or list item dropped, acronyms
and glossary terms translated, brackets balanced, French typography; and what the versions
mean: negations, the strength of commitments (intend, endeavour, may, should, must),
conditions and limits (subject to, unless, only, and/or, up to, at least), typed
cross-references, parties and their roles, dates, periods, frequencies, TIP tiers and list
items. Errors are defects of substance (they stop `cpc render`); warnings deserve a look.

\b
Examples:
  cpc check
  cpc check compacts/civ-2022.yaml
  cpc check . --format sarif --output cpc-check.sarif
  cpc check compacts templates --strict --format github
  cpc check compacts --format html -o report.html

--format html writes the concordance report people read: one self-contained HTML file
(no script, nothing fetched) with every bilingual text of the files checked side by side,
grouped by file and by article or section, the words at fault marked in both languages
(severity by colour and in words), each finding's rule and message beside its texts, waived
findings shown as waived with their reason, and a summary at the top linking to each
finding. It is read with the keyboard alone (skip link, links to and from each finding).

Reviewed exceptions, and the project's own severities, go in .cpc-check.yaml:

\b
  waivers:
    - rule: numbers
      path: sections.description.paragraphs.0
      file: compacts/civ-2022.yaml
      reason: why this difference is right
  severities:
    inline-list: error
"""


# What `cpc check` reads when given no path, in this order: a compacts repository's contents.
DEFAULT_PATHS = ("compacts", "reports", "templates", DEFAULT_GLOSSARY)


def default_paths(here: Path | None = None) -> list[Path]:
    """The DEFAULT_PATHS that exist in `here` (the current folder), or `here` if none does."""
    here = Path.cwd() if here is None else here
    found = [Path(name) for name in DEFAULT_PATHS if (here / name).exists()]
    return found or [Path(".")]


def _find_upwards(name: str) -> Path | None:
    """`name` in the current folder, or at the root of the repository it is in."""
    here = Path.cwd()
    if (here / name).is_file():
        return here / name
    for folder in here.parents:
        if (folder / name).is_file() and (
            (folder / ".git").exists() or (folder / "pyproject.toml").exists()
        ):
            return folder / name
        if (folder / ".git").exists():
            break
    return None


@click.command("check", help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=choice(*WRITERS), default="text", show_default=True,
    help="Report format: text or html (the side-by-side concordance report) for people; "
    "json, sarif (GitHub code scanning), github (workflow annotations) or junit for machines.",
)  # fmt: skip
@click.option("--strict", is_flag=True, help="Warnings fail the run too (exit 1).")
@click.option(
    "--waivers", "waivers_file", type=click.Path(dir_okay=False, path_type=Path),
    help=f"Reviewed exceptions (rule, path, reason). Default: {DEFAULT_WAIVERS} if present.",
)  # fmt: skip
@click.option("--no-waivers", is_flag=True, help="Ignore the waiver file.")
@click.option(
    "--glossary", "glossary_file", type=click.Path(dir_okay=False, path_type=Path),
    help="A project termbase that extends the CPC termbase shipped with cpc-docs (its terms "
    "are added; one with the same preferred French or English form replaces the shipped "
    f"one; 'shipped: false' in it uses it alone). Default: {DEFAULT_GLOSSARY} in the current "
    "folder or at the repository root, if present.",
)  # fmt: skip
@click.option("--no-glossary", is_flag=True, help="Do not check glossary terms at all.")
@click.option(
    "--output", "-o",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True, path_type=Path),
    help="Write the report to this file instead of the standard output (- : the standard "
    "output).",
)  # fmt: skip
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None,
    help="Processes to use for many files (default: one per core).",
)  # fmt: skip
@verbosity
def check_command(
    paths: tuple[Path, ...],
    fmt: str,
    strict: bool,
    waivers_file: Path | None,
    no_waivers: bool,
    glossary_file: Path | None,
    no_glossary: bool,
    output: Path | None,
    jobs: int | None,
) -> None:
    from cpc_docs.checks.runner import check_paths
    from cpc_docs.cli.main import Ui

    ui = click.get_current_context().ensure_object(Ui)  # -q/-v, before or after `check`
    if glossary_file is not None and no_glossary:
        raise click.UsageError("--glossary and --no-glossary cannot be used together")
    if waivers_file is not None and no_waivers:
        raise click.UsageError("--waivers and --no-waivers cannot be used together")
    missing = [path for path in paths if not path.exists()]
    if missing:  # a usage error, said as the other commands say it about a file
        for path in missing:
            click.echo(f"{path}: error: no such file or folder", err=True)
        click.get_current_context().exit(2)
    glossary = None if no_glossary else (glossary_file or _find_upwards(DEFAULT_GLOSSARY))
    if glossary is not None and glossary.is_absolute():  # named as the user would type it
        glossary = Path(os.path.relpath(glossary))
    waivers = None if no_waivers else (waivers_file or _find_upwards(DEFAULT_WAIVERS))
    chosen: list[str | Path] = [*paths] or [*default_paths()]
    ui.detail("checking " + ", ".join(map(str, chosen)))
    report = check_paths(chosen, glossary=glossary,
                         shipped_termbase=not no_glossary, waivers=waivers,
                         jobs=jobs)  # fmt: skip
    stream = sys.stdout
    if output == Path("-"):
        output = None
    options = Options(color=fmt == "text" and output is None and wants_color(stream),
                      strict=strict, base=Path.cwd(),
                      paths=tuple(Path(p) for p in chosen))  # fmt: skip
    text = render(report, fmt, options)
    if fmt == "text" and ui.quiet:
        text = _findings_only(text)
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise click.FileError(str(output), exc.strerror) from None
        if fmt != "text" and not ui.quiet:
            click.echo(render(report, "text", Options()).splitlines()[-1], err=True)
    else:
        click.echo(text, nl=False)
    click.get_current_context().exit(report.exit_code(strict))


def _findings_only(text: str) -> str:
    """What -q keeps of the text report: the findings, without the termbases line above them
    and the summary line below (output.write_text's first and last lines)."""
    lines = text.splitlines()[1:-1]
    while lines and not lines[-1]:
        lines.pop()
    return "".join(line + "\n" for line in lines)


if __name__ == "__main__":  # `python -m cpc_docs.cli.check PATH…`: without the rest of the CLI
    check_command(prog_name="cpc check")
