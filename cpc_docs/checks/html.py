"""The concordance report people read: `cpc check --format html`.

One self-contained HTML5 file (inline CSS, no script, a Content-Security-Policy that forbids
any fetch), because it is mailed to translators and reviewers and opened from disk, years
after the run. Every bilingual text of the files checked is shown, not only the faulty ones,
so a reviewer reads the two versions side by side the way the signed instrument will be
read: grouped by file, then by article or section (the first one or two keys of the YAML
path), each language in its own column tagged with its `lang`. Each finding's spans are
marked in both texts (severity by colour, by the style of the underline and in words, for
people who do not see the colour), its message and rule beside the pair, and a waived
finding is shown as waived with the reviewer's reason.

Keyboard: a skip link, links from the summary to each finding and back, from each marked
span to its finding, focus always visible, and the tab order that of the reading (summary,
then each pair's texts, then its findings). Everything the user wrote is escaped.

The texts are read again from the files (the runner keeps only those behind a finding);
what is checked, and the findings, are the runner's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from html import escape
from itertools import count, pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpc_docs import __version__
from cpc_docs.checks.pairs import languages, walk
from cpc_docs.checks.runner import CheckReport, Detail, discover
from cpc_docs.checks.text import language_name
from cpc_docs.checks.waivers import Waiver
from cpc_docs.errors import CpcError, Location
from cpc_docs.findings import Finding

if TYPE_CHECKING:
    from cpc_docs.checks.output import Options

_GRAVITY = {"error": 0, "warning": 1, "waived": 2}  # which colour wins where marks overlap


@dataclass
class Entry:
    """A finding as the report shows it: numbered, with its texts and its waiver if any."""

    number: int
    finding: Finding
    detail: Detail | None
    waiver: Waiver | None = None

    @property
    def kind(self) -> str:
        return "waived" if self.waiver is not None else self.finding.severity

    @property
    def label(self) -> str:
        return f"{self.kind} {self.number}"

    @property
    def severity_words(self) -> str:
        severity = self.finding.severity
        return f"waived {severity}" if self.waiver is not None else severity


@dataclass
class Row:
    """One bilingual text: its path in the document and its value in each language."""

    anchor: str
    dotted: str
    line: int | None
    values: dict[str, Any]
    entries: list[tuple[Entry, int | None]] = field(default_factory=list)  # (entry, list item)


@dataclass
class Group:
    key: str
    rows: list[Row]
    title: dict[str, str]


@dataclass
class FileView:
    anchor: str
    file: str
    langs: tuple[str, ...] = ()
    groups: list[Group] = field(default_factory=list)
    loose: list[Entry] = field(default_factory=list)  # findings tied to no text shown


def _entries(report: CheckReport) -> list[Entry]:
    found = [Entry(i + 1, f, report.details.get(i)) for i, f in enumerate(report.findings)]
    start = len(found)
    for i, (finding, waiver) in enumerate(report.waived):
        found.append(Entry(start + i + 1, finding, report.waived_details.get(i), waiver))
    return found


def _group_key(path: tuple[Any, ...]) -> tuple[Any, ...]:
    """The article or section a text belongs to: `sections.purpose`, `objectives.2`,
    `articles.0`; a text at the top of the document (its title) is a group of its own."""
    return tuple(path[:2]) if len(path) >= 3 else tuple(path[:1])


def _read(view: FileView, path: Path, counter: Iterator[int]) -> None:
    from cpc_docs.load.yamlsource import parse_file

    try:
        source = parse_file(path)
    except CpcError:
        return  # the runner reported it (rule `input`)
    founds = list(walk(source.data))
    expected = languages(source.data, founds)
    langs = list(expected)
    for found in founds:
        langs.extend(lang for lang in found.values if lang not in langs)
    view.langs = tuple(langs)
    groups: dict[tuple[Any, ...], Group] = {}
    for found in founds:
        key = _group_key(found.path)
        group = groups.get(key)
        if group is None:
            dotted = ".".join(str(p) for p in key)
            group = groups[key] = Group(dotted, [], {})
            view.groups.append(group)
        row = Row(f"t{next(counter)}", found.dotted, source.locate(found.path).line, found.values)
        group.rows.append(row)
        if tuple(found.path) == (*key, "title") and all(
            isinstance(v, str) for v in found.values.values()
        ):
            group.title = dict(found.values)


def _views(entries: list[Entry], paths: tuple[Path, ...]) -> list[FileView]:
    yaml_files = discover(list(paths))[0] if paths else []
    names = {str(p): p for p in yaml_files}
    for entry in entries:
        names.setdefault(entry.finding.location.file, Path(entry.finding.location.file))
    views: list[FileView] = []
    counter = count(1)  # the rows' anchors, unique in the page
    for index, name in enumerate(sorted(names)):
        view = FileView(f"file{index + 1}", name)
        if names[name] in yaml_files or names[name].suffix in (".yaml", ".yml"):
            _read(view, names[name], counter)
        views.append(view)
    by_file = {view.file: view for view in views}
    where: dict[tuple[str, str], tuple[Row, int | None]] = {}
    for view in views:
        for group in view.groups:
            for row in group.rows:
                where[(view.file, row.dotted)] = (row, None)
                for lang_value in row.values.values():
                    if isinstance(lang_value, list):
                        for i in range(len(lang_value)):
                            where.setdefault((view.file, f"{row.dotted}.{i}"), (row, i))
    for entry in entries:
        loc = entry.finding.location
        found = where.get((loc.file, loc.path))
        if found is None:
            by_file[loc.file].loose.append(entry)
        else:
            found[0].entries.append((entry, found[1]))
    return views


# --- marked texts -----------------------------------------------------------------------------


def _spans(entries: list[Entry], lang: str, text: str) -> list[tuple[int, int, Entry]]:
    """The spans of `entries` that fall in `text`, the `lang` version of their pair."""
    out = []
    for entry in entries:
        detail = entry.detail
        if detail is None or detail.texts.get(lang) != text:
            continue
        for la, a, b in detail.spans:
            a, b = max(0, a), min(len(text), b)
            if la == lang and b > a:
                out.append((a, b, entry))
    return out


def marked(text: str, spans: list[tuple[int, int, Entry]]) -> str:
    """`text` escaped, each span in a <mark> (labelled for screen readers and on hover) and a
    link to its finding after the last span of each finding."""
    bounds = sorted({0, len(text), *(a for a, _, _ in spans), *(b for _, b, _ in spans)})
    last: dict[int, int] = {}
    for _, b, entry in spans:
        last[entry.number] = max(b, last.get(entry.number, 0))
    out: list[str] = []
    for a, b in pairwise(bounds):
        piece = escape(text[a:b])
        over = _distinct(e for s, t, e in spans if s <= a and b <= t)
        if over:
            kind = min((e.kind for e in over), key=_GRAVITY.__getitem__)
            labels = ", ".join(e.label for e in over)
            title = "; ".join(f"{e.label} [{e.finding.rule}]: {e.finding.message}" for e in over)
            out.append(
                f'<mark class="k-{kind}" title="{escape(title)}">'
                f'<span class="vh">({escape(labels)}) </span>{piece}</mark>'
            )
        else:
            out.append(piece)
        for entry in _distinct(e for _, _, e in spans):
            if last[entry.number] == b:
                out.append(_ref(entry))
    return "".join(out)


def _distinct(entries: Iterable[Entry]) -> list[Entry]:
    return sorted({e.number: e for e in entries}.values(), key=lambda e: e.number)


def _ref(entry: Entry) -> str:
    return (
        f'<a class="ref k-{entry.kind}" href="#f{entry.number}" '
        f'aria-label="{entry.label}: {escape(entry.finding.rule)}">{entry.label}</a>'
    )


def _value(value: Any, lang: str, entries: list[tuple[Entry, int | None]]) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return '<span class="missing" lang="en">(missing)</span>'
    if isinstance(value, list):
        items = []
        for i, item in enumerate(value):
            text = str(item)
            at = [e for e, index in entries if index == i]
            items.append(f'<li value="{i}">{marked(text, _spans(at, lang, text))}</li>')
        return '<ol class="items">' + "".join(items) + "</ol>"
    if isinstance(value, dict):
        return f"<code>{escape(repr(value))}</code>"
    text = str(value)
    return marked(text, _spans([e for e, index in entries if index is None], lang, text))


# --- findings ---------------------------------------------------------------------------------


def _finding(entry: Entry, shown: bool, base: Path | None) -> str:
    """A finding beside its pair; `shown`: its spans are marked in the texts above it."""
    finding = entry.finding
    parts = [
        f'<li id="f{entry.number}" class="finding k-{entry.kind}">',
        f'<span class="sev">{entry.severity_words}</span> <span class="num">{entry.number}</span>'
        f' <code class="rule">{escape(finding.rule)}</code> ',
        f'<span class="msg">{escape(finding.message)}</span>',
        f' <span class="loc">{escape(str(finding.location))}'
        + (f" {escape(finding.location.path)}" if finding.location.path else "")
        + "</span>",
    ]
    detail = entry.detail
    if detail is not None and not shown:
        parts.append('<dl class="excerpt">')
        for lang, text in detail.texts.items():
            spans = [(a, b, entry) for la, a, b in detail.spans if la == lang and b > a]
            parts.append(
                f"<dt>{escape(language_name(lang))}</dt>"
                f'<dd lang="{escape(lang)}">{marked(text, spans)}</dd>'
            )
        parts.append("</dl>")
    if entry.waiver is not None:
        waiver = entry.waiver
        parts.append(
            f'<p class="waiver"><strong>Waived</strong> ({escape(_at(waiver.location, base))}): '
            f"{escape(waiver.reason)}</p>"
        )
    parts.append(f' <a class="back" href="#s{entry.number}">back to the summary</a></li>')
    return "".join(parts)


def _shown(entry: Entry, row: Row, item: int | None) -> bool:
    """Whether the texts of the row are the finding's, so its spans are marked there."""
    detail = entry.detail
    if detail is None:
        return True
    for lang, text in detail.texts.items():
        value = row.values.get(lang)
        if item is not None:
            value = value[item] if isinstance(value, list) and item < len(value) else None
        if value is None or str(value) != text:
            return False
    return True


def _at(location: Location, base: Path | None) -> str:
    """`file:line:column`, the file relative to the current folder when it is inside it (the
    waiver file is found upwards, by its absolute path)."""
    path = Path(location.file)
    if base is not None and path.is_absolute() and path.is_relative_to(base):
        location = replace(location, file=path.relative_to(base).as_posix())
    return str(location)


# --- the page ---------------------------------------------------------------------------------


def _group(group: Group, langs: tuple[str, ...], gid: str, base: Path | None) -> str:
    title = " / ".join(
        f'<span lang="{escape(lang)}">{escape(group.title[lang])}</span>'
        for lang in langs
        if lang in group.title
    )
    heading = f"<code>{escape(group.key)}</code>" + (f" — {title}" if title else "")
    head = "".join(
        f'<th scope="col" lang="en">{escape(language_name(lang))} ({escape(lang)})</th>'
        for lang in langs
    )
    out = [
        f'<section class="group" aria-labelledby="{gid}"><h3 id="{gid}">{heading}</h3>',
        f'<table><thead><tr><th scope="col" class="where">Where</th>{head}</tr></thead>',
    ]
    for row in group.rows:
        state = "has-findings" if row.entries else "clean"
        line = f'<span class="line">line {row.line}</span>' if row.line else ""
        cells = "".join(
            f'<td lang="{escape(lang)}">{_value(row.values.get(lang), lang, row.entries)}</td>'
            for lang in langs
        )
        out.append(
            f'<tbody id="{row.anchor}" class="pair {state}"><tr>'
            f'<th scope="row" class="where"><code>{escape(row.dotted)}</code> {line}</th>'
            f"{cells}</tr>"
        )
        if row.entries:
            items = "".join(
                _finding(e, _shown(e, row, item), base)
                for e, item in sorted(row.entries, key=lambda x: x[0].number)
            )
            out.append(
                f'<tr class="findings"><td colspan="{len(langs) + 1}">'
                f'<ul class="findings">{items}</ul></td></tr>'
            )
        out.append("</tbody>")
    out.append("</table></section>")
    return "\n".join(out)


def _file(view: FileView, base: Path | None) -> str:
    out = [
        f'<section class="file" aria-labelledby="{view.anchor}">',
        f'<h2 id="{view.anchor}">{escape(view.file)}</h2>',
    ]
    if view.loose:
        items = "".join(_finding(e, False, base) for e in view.loose)
        heading = "Findings not tied to one text" if view.groups else "Findings"
        out.append(f'<h3>{heading}</h3><ul class="findings loose">{items}</ul>')
    if not view.groups and not view.loose:
        out.append("<p>No bilingual text in this file.</p>")
    for i, group in enumerate(view.groups):
        out.append(_group(group, view.langs, f"{view.anchor}-g{i + 1}", base))
    out.append("</section>")
    return "\n".join(out)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _summary(report: CheckReport, entries: list[Entry], views: list[FileView]) -> str:
    s = report.summary
    waived = len(report.waived)
    counts = (
        f'<p class="counts"><span class="k-error">{_plural(s["errors"], "error")}</span>, '
        f'<span class="k-warning">{_plural(s["warnings"], "warning")}</span>, '
        f'<span class="k-waived">{waived} waived</span> in {_plural(s["files"], "file")}, '
        f"{_plural(s['pairs'], 'bilingual text')}.</p>"
    )
    used = ", ".join(report.termbases) if report.termbases else "none (--no-glossary)"
    out = [counts, f"<p>Termbases: {escape(used)}.</p>"]
    files = []
    for view in views:
        mine = [e for e in entries if e.finding.location.file == view.file]
        tally = ", ".join(
            _plural(n, k) if k != "waived" else f"{n} waived"
            for k in ("error", "warning", "waived")
            if (n := sum(e.kind == k for e in mine))
        )
        files.append(
            f'<li><a href="#{view.anchor}">{escape(view.file)}</a>'
            + (f" ({tally})" if tally else "")
            + "</li>"
        )
    if files:
        out.append('<h2 id="files-h">Files</h2><ul class="files">' + "".join(files) + "</ul>")
    active = [e for e in entries if e.waiver is None]
    out.append('<h2 id="findings-h">Findings</h2>')
    out.append(_index(active) if active else "<p>No finding.</p>")
    if len(active) < len(entries):
        out.append('<h2 id="waived-h">Waived findings</h2>')
        out.append(_index([e for e in entries if e.waiver is not None]))
    return "\n".join(out)


def _index(entries: list[Entry]) -> str:
    items = []
    for e in entries:
        loc = e.finding.location
        where = escape(str(loc)) + (f" {escape(loc.path)}" if loc.path else "")
        items.append(
            f'<li id="s{e.number}" class="k-{e.kind}"><a href="#f{e.number}">'
            f'<span class="sev">{e.severity_words}</span> {e.number} '
            f"<code>{escape(e.finding.rule)}</code> {where}</a>: "
            f"{escape(e.finding.message)}</li>"
        )
    return '<ol class="index">' + "".join(items) + "</ol>"


CSS = """
:root { --error: #b3261e; --error-bg: #fde2df; --warning: #7a4f00; --warning-bg: #fff0c2;
  --waived: #4a4a4a; --waived-bg: #e8e8e8; --focus: #0b57d0; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 90rem;
  padding: 0 1rem 3rem; color: #1b1b1b; background: #fff; }
a { color: #0b4fb0; }
a:focus-visible, input:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
:target { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; }
.skip:focus { left: 1rem; z-index: 1; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  clip-path: inset(50%); white-space: nowrap; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: .5rem 0 1.5rem; }
th, td { border: 1px solid #c8c8c8; padding: .4rem .6rem; vertical-align: top;
  text-align: left; overflow-wrap: anywhere; }
td { white-space: pre-wrap; }
th.where { width: 12rem; font-weight: normal; font-size: .85rem; }
thead th { background: #f2f2f2; font-weight: 600; }
.line { color: #555; display: block; }
tbody.has-findings > tr:first-child > * { background: #fffaf5; }
tr.findings td { white-space: normal; background: #fafafa; }
ul.findings { margin: 0; padding-left: 1.2rem; }
.finding { margin: .3rem 0; }
.sev { font-weight: 700; text-transform: uppercase; font-size: .8rem; letter-spacing: .03em; }
.k-error .sev, .k-error.sev, span.k-error { color: var(--error); }
.k-warning .sev, span.k-warning { color: var(--warning); }
.k-waived .sev, span.k-waived { color: var(--waived); }
mark { color: inherit; padding: 0 .1em; }
mark.k-error { background: var(--error-bg); border-bottom: 3px solid var(--error); }
mark.k-warning { background: var(--warning-bg); border-bottom: 3px dashed var(--warning); }
mark.k-waived { background: var(--waived-bg); border-bottom: 2px dotted var(--waived); }
a.ref { font-size: .75rem; font-weight: 700; vertical-align: super; margin: 0 .15em;
  text-decoration: none; border-radius: .2rem; padding: 0 .2em; white-space: nowrap; }
a.ref.k-error { color: #fff; background: var(--error); }
a.ref.k-warning { color: #1b1b1b; background: #f2c230; }
a.ref.k-waived { color: #fff; background: var(--waived); }
.msg { font-weight: 500; }
.loc, .back { font-size: .85rem; color: #555; }
.waiver { margin: .2rem 0; padding: .2rem .5rem; border-left: 4px solid var(--waived);
  background: var(--waived-bg); }
.missing { font-style: italic; color: var(--error); }
ol.items { margin: 0; padding-left: 1.5rem; }
dl.excerpt dd { white-space: pre-wrap; margin-left: 1rem; }
.filter { margin: 1rem 0; }
body:has(#only-findings:checked) tbody.clean,
body:has(#only-findings:checked) section.group:not(:has(tbody.has-findings)) { display: none; }
@media print { .skip, .filter, .back, a.ref { display: none; } }
"""


def write_html(report: CheckReport, options: Options) -> str:
    entries = _entries(report)
    views = _views(entries, options.paths)
    body = [
        '<a class="skip" href="#texts">Skip to the texts</a>',
        "<header><h1>Concordance report</h1></header>",
        '<nav aria-label="Summary">',
        _summary(report, entries, views),
        "</nav>",
        '<main id="texts" tabindex="-1"><h2 class="vh">Texts</h2>',
        '<p class="filter"><label><input type="checkbox" id="only-findings"> '
        "Show only the texts with findings</label></p>",
        *(_file(view, options.base) for view in views),
        "</main>",
    ]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="cpc check {escape(__version__)}">\n'
        "<title>cpc check: concordance report</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
