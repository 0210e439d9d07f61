"""`cpc diff OLD NEW`: what changed between two versions of a compact, field by field, and a
redline of each language version (DOCX with Word's tracked changes, PDF in colour).

Exit codes: 0 when every change was made in every language, 1 when a text changed in one
language and not in the other (a one-sided change) or a version cannot be read, 2 on usage
errors (a file or revision that does not exist, a bad option).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cpc_docs.cli.main import Ui, list_option, source_date_epoch, verbosity
from cpc_docs.errors import CpcError, ValidationFailed
from cpc_docs.shipped import shipped_languages

if TYPE_CHECKING:
    from cpc_docs.load.yamlsource import Source
    from cpc_docs.model.compact import Compact
    from cpc_docs.rules.changes import Comparison, FieldChange
    from cpc_docs.tree.redline import Fields

FORMATS = ("docx", "pdf", "json")
SHOWN = 110  # characters of an added or removed text shown in the summary

HELP = """Compare two versions of a compact: what changed, field by field, and a redline of
each language version.

OLD and NEW are compact files, or versions in git written REVISION:PATH
(main:compacts/x.yaml, HEAD~1:compacts/x.yaml). Prints each field added, removed or
changed, with its path and, for a text, the languages it changed in and the words (removed
[-…-], added {+…+}). A text changed in one language and not in the other is a one-sided
change: an error, since the language versions are equally valid, marked in the redlines too.

Writes OUTPUT_DIR/<id>.<lang>.redline.docx, with the changes as Word's tracked changes
(accept or reject them in Word or LibreOffice), and .redline.pdf (insertions underlined in
blue, deletions struck in red, a bar beside each changed paragraph, orange for a one-sided
change). Paragraphs are paired before words are compared, so that a section inserted, which
renumbers every later section and reference, shows as that section alone. The changes are
dated SOURCE_DATE_EPOCH, else now, and signed --author, else git's user.name. A redline is
for reading: marked as a draft on every page, with no signature field.

--format json prints the summary as JSON (with docx or pdf, the redlines are written too).

Exit status: 0 when every text changed in every language, 1 on a one-sided change or a
version that cannot be read, 2 on a usage error.

\b
Examples:
  cpc diff old/civ-2022.yaml compacts/civ-2022.yaml
  cpc diff main:compacts/civ-2022.yaml compacts/civ-2022.yaml -o /tmp/redline
  cpc diff HEAD~1:compacts/civ-2022.yaml compacts/civ-2022.yaml --summary-only
  cpc diff a.yaml b.yaml --lang fr --format docx --author "Legal Office"
  git difftool -t cpc main -- compacts/civ-2022.yaml   (see README: Comparing versions)
"""


@dataclass
class Version:
    """One side of the comparison: its name in messages, its compact and where it is."""

    name: str
    path: Path  # the file, or the PATH of REVISION:PATH (where its templates are looked for)
    compact: Compact
    source: Source


@click.command("diff", help=HELP)
@click.argument("old")
@click.argument("new")
@click.option(
    "-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path),
    default=Path("build/redline"), show_default=True, help="Folder for the redlines.",
)  # fmt: skip
@list_option("--lang", "langs", choices=shipped_languages(),
             help="Languages to redline: fr,en or --lang fr --lang en. Default: every "
             "language of both versions.")  # fmt: skip
@list_option("--format", "formats", choices=FORMATS,
             help="docx, pdf: the redlines to write (default: both); json: the summary as "
             "JSON.")  # fmt: skip
@click.option("--author", help="Who the tracked changes are by. Default: git's user.name.")
@click.option("--summary-only", is_flag=True, help="Print the summary; write no redline.")
@click.option(
    "--templates", "template_root", type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Template folder (default: as `cpc render` finds it for NEW); both versions are "
    "rendered with it, so that only the compact's changes show.",
)  # fmt: skip
@verbosity
@click.pass_obj
def diff_command(
    ui: Ui,
    old: str,
    new: str,
    output_dir: Path,
    langs: tuple[str, ...],
    formats: tuple[str, ...],
    author: str | None,
    summary_only: bool,
    template_root: Path | None,
) -> None:
    from cpc_docs.rules.changes import compare, one_sided_findings

    epoch = source_date_epoch()
    before, after = _version(old, ui), _version(new, ui)
    if before is None or after is None:
        sys.exit(1)
    comparison = compare(before.source, after.source)
    as_json = "json" in formats
    documents = [fmt for fmt in formats if fmt != "json"] or ([] if as_json else ["docx", "pdf"])
    findings = one_sided_findings(comparison)
    for finding in findings:
        ui.finding(finding)
    if not as_json:
        _summary(before, after, comparison)  # before the redlines: it is what a reader wants
    written: list[Path] = []
    if not summary_only and documents:
        common = [x for x in after.compact.languages if x in before.compact.languages]
        missing = [x for x in langs if x not in common]
        if missing:
            raise click.UsageError(
                f"{missing[0]!r} is not a language of both versions (both have "
                f"{', '.join(common) or 'none in common'})"
            )
        try:
            written = _redlines(
                before, after, comparison, list(langs or common), documents, output_dir,
                epoch if epoch is not None else int(time.time()), author or _git_user(),
                template_root,
            )  # fmt: skip
        except CpcError as exc:
            ui.error(str(exc))
            ui.error("no redline was written")
            sys.exit(1)
    if as_json:
        click.echo(json.dumps(_json(before, after, comparison, written), indent=2,
                              ensure_ascii=False))  # fmt: skip
    for path in written:
        ui.detail(f"  {path}")
    if written:
        ui.info(f"wrote {', '.join(path.name for path in written)} in {output_dir}")
    sys.exit(1 if findings else 0)


# ------------------------------------------------------------------ the two versions


def _version(spec: str, ui: Ui) -> Version | None:
    """A version given as a file or as REVISION:PATH; None after saying why it cannot be read."""
    from cpc_docs.load.compact import load_compact, load_compact_text

    path = Path(spec)
    try:
        if path.is_file():
            compact, source = load_compact(path)
            return Version(spec, path, compact, source)
        revision, sep, inner = spec.partition(":")
        if not sep or not revision or not inner:
            raise click.UsageError(
                f"{spec!r} is no file, nor a git version written REVISION:PATH "
                "(main:compacts/x.yaml)"
            )
        text = _git_show(spec, revision, inner)
        compact, source = load_compact_text(text, spec)
        return Version(spec, Path(inner), compact, source)
    except ValidationFailed as exc:
        for finding in exc.findings:
            ui.finding(finding)
    except CpcError as exc:
        ui.error(str(exc))
    return None


def _git_show(spec: str, revision: str, path: str) -> str:
    """The text of `path` at `revision` (`git show REVISION:PATH`), PATH taken from the
    repository's root, else from the current folder."""
    git = shutil.which("git")
    if git is None:
        raise click.UsageError(f"{spec}: git is not installed; give this version as a file")
    tried = [path] if path.startswith(("./", "../", "/")) else [path, f"./{path}"]
    said = ""
    for inner in tried:
        done = subprocess.run(
            [git, "show", f"{revision}:{inner}"], capture_output=True, check=False
        )
        if done.returncode == 0:
            try:
                return done.stdout.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise click.UsageError(f"{spec}: this version is not UTF-8 text") from None
        if not said:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            said = lines[0] if lines else ""
    raise click.UsageError(f"{spec}: git cannot show this version ({said or 'no output'})")


def _git_user() -> str:
    """git's user.name, the author of the tracked changes when --author is not given."""
    git = shutil.which("git")
    if git is None:
        return "cpc-docs"
    done = subprocess.run([git, "config", "user.name"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "cpc-docs"


# ------------------------------------------------------------------ the redlines


def _fields(comparison: Comparison, lang: str) -> Fields:
    """What the field comparison tells the redline of language `lang` (tree.redline.Fields)."""
    from cpc_docs.tree.redline import Fields, one_sided_note

    same: dict[str, str] = {}
    for a, b in comparison.pairs:
        if a is not None and b is not None and a.is_text:
            same[f"{a.dotted}.{lang}"] = f"{b.dotted}.{lang}"
    edited = frozenset(
        f"{change.new.dotted}.{lang}"
        for change in comparison.changes
        if change.new is not None and change.languages.get(lang) in ("changed", "added")
    )
    one_sided = {
        f"{change.new.dotted}.{lang}": one_sided_note(
            lang, list(change.changed_in), list(change.unchanged_in)
        )
        for change in comparison.one_sided
        if change.new is not None
    }
    return Fields(same, edited, one_sided)


def _redlines(
    before: Version,
    after: Version,
    comparison: Comparison,
    langs: list[str],
    formats: list[str],
    output_dir: Path,
    epoch: int,
    author: str,
    template_root: Path | None,
) -> list[Path]:
    """Each language's redline in each format, all rendered before any file is written."""
    from cpc_docs import writers
    from cpc_docs.outputs.files import write_atomic
    from cpc_docs.pipeline import compact_source
    from cpc_docs.settings import RenderSettings
    from cpc_docs.shipped import template_root_for
    from cpc_docs.tree.redline import redline

    settings = RenderSettings(
        template_root=template_root_for(after.path, template_root), date_epoch=epoch
    )
    outputs: dict[Path, bytes] = {}
    for lang in langs:
        old = compact_source(before.compact, lang, settings, before.source).document()
        new = compact_source(after.compact, lang, settings, after.source).document()
        result = redline(old, new, _fields(comparison, lang), lang)
        result.document.meta.change_author = author
        for fmt in formats:
            target = output_dir / f"{after.compact.id}.{lang}.redline.{fmt}"
            outputs[target] = writers.write(result.document, fmt, lang, settings)
    for target, data in outputs.items():
        write_atomic(target, data)
    return list(outputs)


# ------------------------------------------------------------------ the summary


def _summary(before: Version, after: Version, comparison: Comparison) -> None:
    changes = comparison.changes
    one_sided = len(comparison.one_sided)
    head = f"{before.name} → {after.name}: "
    if not changes:
        click.echo(head + "no change")
        return
    noun = "field" if len(changes) == 1 else "fields"
    tail = f", {one_sided} of them one-sided" if one_sided else ""
    click.echo(f"{head}{len(changes)} {noun} changed{tail}")
    for change in changes:
        for line in _lines(change):
            click.echo(line)


def _lines(change: FieldChange) -> list[str]:
    """A change in the summary: what, where, in which languages, and the words."""
    where = change.location
    at = f"  ({where.file}:{where.line})" if where.line else ""
    kind = "ONE-SIDED" if change.one_sided else change.kind
    entry = change.new or change.old
    assert entry is not None
    if not entry.is_text:
        if change.kind == "changed":
            assert change.old is not None and change.new is not None
            values = f"{_value(change.old.value)} → {_value(change.new.value)}"
        else:
            values = _value(entry.value)
        return [f"  {kind:<9} {change.key}: {values}{at}"]
    from cpc_docs.rules.changes import inline_diff

    statuses = ", ".join(f"{lang} {status}" for lang, status in change.languages.items())
    lines = [f"  {kind:<9} {change.key} [{statuses}]{at}"]
    for lang, status in change.languages.items():
        if status == "changed":
            assert change.old is not None and change.new is not None
            lines.append(
                f"      {lang}: {inline_diff(change.old.value[lang], change.new.value[lang])}"
            )
        elif status in ("added", "removed"):
            text = entry.value.get(lang, "")
            sign = "+" if status == "added" else "-"
            lines.append(f"      {lang}: {sign} {_short(text)}")
    return lines


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _value(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return _short(str(value))


def _json(
    before: Version, after: Version, comparison: Comparison, written: list[Path]
) -> dict[str, Any]:
    return {
        "old": before.name,
        "new": after.name,
        "changes": [change.as_dict() for change in comparison.changes],
        "one_sided": len(comparison.one_sided),
        "outputs": [str(path) for path in written],
    }
