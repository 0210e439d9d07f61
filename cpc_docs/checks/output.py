"""Reports of a check run, for people and for machines.

One registry, every writer the same signature `write(report, options) -> str`:

- `text`: for people, grouped by file, each finding with both texts and the spans at fault
  marked (in colour on a terminal, between ⟦ ⟧ otherwise);
- `json`: `{"findings": [{rule, severity, file, line, column, path, message}],
  "summary": {errors, warnings, files, pairs, termbases}}`;
- `sarif`: SARIF 2.1.0 as GitHub code scanning reads it (relative URIs, rules with their
  default level, a fingerprint per finding so alerts survive unrelated edits);
- `github`: workflow commands (`::error file=…,line=…::…`) that annotate a pull request;
- `junit`: JUnit XML, one test suite per file, one failing test case per finding;
- `html`: the concordance report people read (html.py): every pair of the files checked side
  by side, the spans of each finding marked in both languages, waived findings shown as such.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from cpc_docs import __version__
from cpc_docs.checks.html import write_html
from cpc_docs.checks.rules import RULES
from cpc_docs.checks.runner import CheckReport, Detail
from cpc_docs.findings import Finding


@dataclass(frozen=True)
class Options:
    color: bool = False
    strict: bool = False
    base: Path | None = None  # paths in SARIF are made relative to this folder
    paths: tuple[Path, ...] = ()  # what was checked: the HTML report shows all its pairs


def _relative(file: str, base: Path | None) -> str:
    path = Path(file)
    if base is not None and path.is_absolute():
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            return path.as_posix()
    return path.as_posix()


# --- text -------------------------------------------------------------------------------------

_MARK = {True: ("\x1b[1;31m", "\x1b[0m"), False: ("⟦", "⟧")}
_SEVERITY_COLOR = {"error": "\x1b[31m", "warning": "\x1b[33m"}


def _marked(text: str, spans: list[tuple[int, int]], color: bool, width: int = 240) -> str:
    """The text with spans marked; long texts cut around the first span."""
    opening, closing = _MARK[color]
    spans = sorted({(max(0, a), min(len(text), b)) for a, b in spans if b > a})
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    lo, hi = 0, len(text)
    if len(text) > width:
        center = merged[0][0] if merged else 0
        lo = max(0, center - width // 3)
        hi = min(len(text), lo + width)
    out, pos = [], lo
    for a, b in merged:
        if b <= lo or a >= hi:
            continue
        a, b = max(a, lo), min(b, hi)
        out += [text[pos:a], opening, text[a:b], closing]
        pos = b
    out.append(text[pos:hi])
    shown = " ".join("".join(out).split())
    return ("…" if lo > 0 else "") + shown + ("…" if hi < len(text) else "")


def write_text(report: CheckReport, options: Options) -> str:
    # Which termbases the glossary rule used: a translator who checks one file must see that
    # the CPC termbase was there (and theirs with it), or that no termbase was.
    used = ", ".join(report.termbases) if report.termbases else "none (--no-glossary)"
    lines: list[str] = [f"termbases: {used}"]
    color = options.color
    current = None
    for i, finding in enumerate(report.findings):
        loc = finding.location
        if loc.file != current:
            current = loc.file
            lines.append(("\x1b[1m" + loc.file + "\x1b[0m") if color else loc.file)
        where = f"{loc.line or '-'}:{loc.column or '-'}"
        severity: str = finding.severity
        if color:
            severity = f"{_SEVERITY_COLOR[severity]}{severity}\x1b[0m"
        path = f" {loc.path}" if loc.path else ""
        lines.append(f"  {where:>9}  {severity}  [{finding.rule}]{path}")
        lines.append(f"             {finding.message}")
        detail: Detail | None = report.details.get(i)
        if detail is not None:
            for lang, text in detail.texts.items():  # the pair's languages, in its order
                spans = [(a, b) for la, a, b in detail.spans if la == lang]
                lines.append(f"             {lang}: {_marked(text, spans, color)}")
    summary = report.summary
    tail = (
        f"{summary['errors']} error(s), {summary['warnings']} warning(s) in "
        f"{summary['files']} file(s), {summary['pairs']} bilingual text(s)"
    )
    if report.waived:
        tail += f"; {len(report.waived)} waived"
    if len(lines) > 1:
        lines.append("")
    lines.append(tail)
    return "\n".join(lines) + "\n"


# --- json -------------------------------------------------------------------------------------


def write_json(report: CheckReport, options: Options) -> str:
    return (
        json.dumps(
            {"findings": [f.as_dict() for f in report.findings], "summary": report.summary},
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


# --- sarif ------------------------------------------------------------------------------------

_SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _fingerprint(finding: Finding) -> str:
    key = "\0".join(
        (finding.rule, Path(finding.location.file).as_posix(), finding.location.path,
         finding.message)
    )  # fmt: skip
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def write_sarif(report: CheckReport, options: Options) -> str:
    base = options.base or Path.cwd()
    rule_ids = list(RULES)
    rules = [
        {
            "id": rule.id,
            "name": "".join(p.capitalize() for p in rule.id.split("-")),
            "shortDescription": {"text": rule.summary.split(":")[0].rstrip(".")},
            "fullDescription": {"text": rule.summary},
            "defaultConfiguration": {"level": rule.severity},
            "help": {"text": rule.summary},
            "properties": {"tags": ["translation", "bilingual"]},
        }
        for rule in RULES.values()
    ]
    results = []
    for finding in report.findings:
        loc = finding.location
        level = finding.severity
        if options.strict and level == "warning":
            level = "error"
        region = {"startLine": loc.line or 1}
        if loc.column:
            region["startColumn"] = loc.column
        result: dict[str, object] = {
            "ruleId": finding.rule,
            "ruleIndex": rule_ids.index(finding.rule) if finding.rule in RULES else -1,
            "level": level,
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _relative(loc.file, base)},
                        "region": region,
                    },
                    **(
                        {"logicalLocations": [{"fullyQualifiedName": loc.path, "kind": "member"}]}
                        if loc.path
                        else {}
                    ),
                }
            ],
            "partialFingerprints": {"cpcCheck/v1": _fingerprint(finding)},
        }
        if result["ruleIndex"] == -1:
            del result["ruleIndex"]
        results.append(result)
    document = {
        "$schema": _SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cpc check",
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- github -----------------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(report: CheckReport, options: Options) -> str:
    lines = []
    for finding in report.findings:
        loc = finding.location
        level = "error" if finding.severity == "error" or options.strict else "warning"
        props = [f"file={_escape_property(Path(loc.file).as_posix())}"]
        if loc.line:
            props.append(f"line={loc.line}")
        if loc.column:
            props.append(f"col={loc.column}")
        title = finding.rule + (f" {loc.path}" if loc.path else "")
        props.append(f"title={_escape_property(title)}")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(finding.message)}")
    s = report.summary
    lines.append(
        f"cpc check: {s['errors']} error(s), {s['warnings']} warning(s) in {s['files']} "
        f"file(s), {s['pairs']} bilingual text(s)"
    )
    return "\n".join(lines) + "\n"


# --- junit ------------------------------------------------------------------------------------


def write_junit(report: CheckReport, options: Options) -> str:
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_file.setdefault(finding.location.file, []).append(finding)
    suites = []
    total_tests = total_failures = 0
    for file, findings in by_file.items():
        cases = []
        failures = 0
        for finding in findings:
            loc = finding.location
            name = f"{finding.rule} {loc.path or ''} line {loc.line or 0}".strip()
            failing = finding.severity == "error" or options.strict
            body = escape(f"{loc}: {finding.message}")
            if failing:
                failures += 1
                cases.append(
                    f"    <testcase classname={quoteattr(file)} name={quoteattr(name)}>\n"
                    f"      <failure type={quoteattr(finding.rule)} "
                    f"message={quoteattr(finding.message)}>{body}</failure>\n"
                    "    </testcase>"
                )
            else:
                cases.append(
                    f"    <testcase classname={quoteattr(file)} name={quoteattr(name)}>\n"
                    f"      <system-out>warning: {body}</system-out>\n"
                    "    </testcase>"
                )
        total_tests += len(cases)
        total_failures += failures
        suites.append(
            f'  <testsuite name={quoteattr(file)} tests="{len(cases)}" '
            f'failures="{failures}" errors="0">\n' + "\n".join(cases) + "\n  </testsuite>"
        )
    if not suites:
        total_tests = 1
        s = report.summary
        suites.append(
            '  <testsuite name="cpc check" tests="1" failures="0" errors="0">\n'
            f'    <testcase classname="cpc check" name="translation consistency">\n'
            f"      <system-out>{s['files']} file(s), {s['pairs']} bilingual text(s) "
            "checked</system-out>\n    </testcase>\n  </testsuite>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="cpc check" tests="{total_tests}" failures="{total_failures}">\n'
        + "\n".join(suites)
        + "\n</testsuites>\n"
    )


WRITERS: dict[str, Callable[[CheckReport, Options], str]] = {
    "text": write_text,
    "json": write_json,
    "sarif": write_sarif,
    "github": write_github,
    "junit": write_junit,
    "html": write_html,
}


def render(report: CheckReport, fmt: str, options: Options | None = None) -> str:
    return WRITERS[fmt](report, options or Options())


def wants_color(stream: object) -> bool:
    """Colour for a terminal, unless NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
