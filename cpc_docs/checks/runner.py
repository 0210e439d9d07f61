"""Running the checks on files and folders: the one entry point the CLI and tests use.

    report = check_paths(["compacts/", "templates/"], shipped_termbase=True)
    report.findings        # list[Finding], in file and line order
    report.summary         # {"errors": …, "warnings": …, "files": …, "pairs": …}
    report.exit_code()     # 0, 1 on errors, 2 on input errors

Folders are walked for YAML files (`*.yaml`, `*.yml`) and template folders (a `templates`
folder with `fr/` and `en/` inside, or the two language folders given side by side). A file
that cannot be read is a finding of rule `input`, not an exception, so one broken file does not
hide the findings of the others.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from cpc_docs import parallel
from cpc_docs.checks import acronyms as acr
from cpc_docs.checks.fields import Context, Hit, TextPair, check_pair
from cpc_docs.checks.glossary import Glossary, load_termbases
from cpc_docs.checks.glossary import load as load_glossary
from cpc_docs.checks.pairs import (
    Bilingual,
    compared,
    declared_acronyms,
    is_glossary,
    languages,
    walk,
)
from cpc_docs.checks.rules import RULES, severity
from cpc_docs.checks.text import language_name as _name
from cpc_docs.checks.waivers import Waiver
from cpc_docs.checks.waivers import read as read_waivers
from cpc_docs.errors import CpcError, InputError, Location
from cpc_docs.findings import Finding, Severity

# The findings that depend on a document's own parties and bodies (see Checker).
ENTITY_RULES = frozenset({"entities", "roles"})
SKIP_DIRS = frozenset({".git", ".venv", "venv", "node_modules", "build", "dist", "__pycache__"})
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Detail:
    """The texts behind a finding, and the spans at fault, for reports that show them."""

    texts: dict[str, str]
    spans: tuple[tuple[str, int, int], ...]


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    details: dict[int, Detail] = field(default_factory=dict)  # by index in `findings`
    files: int = 0
    pairs: int = 0
    waived: list[tuple[Finding, Waiver]] = field(default_factory=list)
    waived_details: dict[int, Detail] = field(default_factory=dict)  # by index in `waived`
    termbases: list[str] = field(default_factory=list)  # what the glossary rule used

    @property
    def summary(self) -> dict[str, Any]:
        return {
            "errors": sum(f.severity == "error" for f in self.findings),
            "warnings": sum(f.severity == "warning" for f in self.findings),
            "files": self.files,
            "pairs": self.pairs,
            "termbases": list(self.termbases),
        }

    def exit_code(self, strict: bool = False) -> int:
        """2 when an input could not be read, 1 on errors (or warnings if strict), else 0."""
        if any(f.rule == "input" for f in self.findings):
            return 2
        if any(f.severity == "error" or strict for f in self.findings):
            return 1
        return 0


class _Lines:
    """Line starts of a file's text, to turn an offset into line and column (found when a
    finding first needs them: most files have none)."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer("\n", self.text)]

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        import bisect

        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


def _refine(
    lines: _Lines | None, line: int | None, column: int | None, needle: str
) -> tuple[int | None, int | None]:
    """Where in the file a span of a value is (folded YAML lines and all), if we can tell."""
    if lines is None or line is None or column is None:
        return line, column
    words = needle.split()[:6]
    if not words:
        return line, column
    pattern = r"\s+(?:#[^\n]*\n\s*)?".join(re.escape(w) for w in words)
    start = lines.offset(line, column)
    m = re.compile(pattern).search(lines.text, start, start + 20_000)
    if not m:
        return line, column
    return lines.position(m.start())


@dataclass
class CheckMemo:
    """What a Checker learned, kept for the next check in the same process (`cpc watch`
    checks a compact again on every save, and most of its pairs have not changed): the pairs
    already checked, in their contexts. Only for checks with the same glossary (the render's
    gate has none) and the same word lists: drop it when a language's files change."""

    contexts: dict[tuple[Any, ...], Context] = field(default_factory=dict)
    hits: dict[tuple[Any, ...], list[Hit]] = field(default_factory=dict)
    defined: dict[str, frozenset[str]] = field(default_factory=dict)
    # id(context) -> id of its context sans entities (see Checker); the contexts are kept
    # alive in `contexts`, so their ids stay theirs.
    shared: dict[int, int] = field(default_factory=dict)


class Checker:
    def __init__(
        self,
        glossary: Glossary | None = None,
        only: frozenset[str] | None = None,
        memo: CheckMemo | None = None,
    ) -> None:
        self.glossary = glossary
        self.only = only  # the findings wanted (None: all)
        self.report = CheckReport()
        self._glossary_acronyms = glossary.acronym_pairs() if glossary else []
        # Compacts share much of their text (standard clauses, a compact and its drafts): a
        # pair already checked in the same context is not checked again.
        memo = memo if memo is not None else CheckMemo()
        self._contexts = memo.contexts
        self._hits = memo.hits
        self._defined = memo.defined
        # Only the entities rule reads a document's parties and bodies: the other findings of
        # a pair are shared by every document with the same acronyms (a clause shared by
        # compacts with different partners is checked once), the entities' by the same
        # parties and bodies.
        self._shared = memo.shared  # id(context) -> id of its context sans entities
        # Each pair of texts as the rules read it (tokens, sentences…), for its other contexts.
        self._prepared: dict[tuple[str, str, tuple[str, str]], TextPair] = {}
        wanted = frozenset(RULES) if only is None else only
        self._by_entities = wanted & ENTITY_RULES
        self._not_by_entities = wanted - ENTITY_RULES

    # --- findings -------------------------------------------------------------------------
    def add(self, finding: Finding, detail: Detail | None = None) -> None:
        if detail is not None:
            self.report.details[len(self.report.findings)] = detail
        self.report.findings.append(finding)

    def input_error(self, exc: CpcError, file: str) -> None:
        location = exc.location or Location(file)
        message = exc.message + (f" ({exc.hint})" if exc.hint else "")
        self.add(Finding("input", "error", message, location))

    # --- YAML -------------------------------------------------------------------------------
    def check_yaml(self, path: Path, raw: bytes | None = None) -> None:
        """Check a YAML file: its bytes `raw` when given (already read), else read now."""
        from cpc_docs.load.yamlsource import decode, parse_text

        file = str(path)
        self.report.files += 1
        try:
            try:
                raw = path.read_bytes() if raw is None else raw
            except OSError as exc:
                raise InputError(f"cannot read: {exc.strerror}", Location(file)) from None
            text = decode(raw, file)
            source = parse_text(text, file)
        except CpcError as exc:
            self.input_error(exc, file)
            return
        lines = _Lines(text)
        data = source.data
        glossary_file = is_glossary(data)
        founds = list(walk(data))
        expected = languages(data, founds)
        context = self._context(data, founds)
        for found in founds:
            self.report.pairs += 1
            self._check_bilingual(found, source, lines, expected, glossary_file, context)

    def _context(self, data: Any, founds: list[Bilingual]) -> Context:
        defined: set[str] = set()
        pairs = list(self._glossary_acronyms)
        others: list[tuple[str, str, str]] = []  # (language, its acronym, the English one)
        for value in declared_acronyms(data):
            if isinstance(value, str):
                defined.add(acr.normalize(value))
            elif isinstance(value, dict):
                fr, en = value.get("fr"), value.get("en")
                for v in value.values():
                    if isinstance(v, str):
                        defined.add(acr.normalize(v))
                if isinstance(fr, str) and isinstance(en, str):
                    pairs.append((fr, en))
                if isinstance(en, str):
                    others += [(str(lang), v, en) for lang, v in value.items()
                               if lang not in ("fr", "en") and isinstance(v, str)]  # fmt: skip
        for found in founds:
            for value in found.values.values():
                if isinstance(value, str) and "(" in value:
                    known = self._defined.get(value)
                    if known is None:
                        known = self._defined[value] = frozenset(acr.defined_in(value))
                    defined |= known
        entities = document_entities(data)
        compact = isinstance(data, dict) and "sections" in data and "parties" in data
        key = (frozenset(defined), tuple(sorted(pairs)), tuple(sorted(others)), entities, compact)
        context = self._contexts.get(key)
        if context is None:
            context = Context(self.glossary, frozenset(defined), acr.equivalents(pairs, others),
                              entities, compact)  # fmt: skip
            self._contexts[key] = context
            shared_key = (*key[:3], (), compact)
            self._shared[id(context)] = id(self._contexts.setdefault(shared_key, context))
        return context

    def _check_bilingual(
        self,
        found: Bilingual,
        source: Any,
        lines: _Lines,
        expected: tuple[str, ...],
        glossary_file: bool,
        context: Context,
    ) -> None:
        values = found.values
        path = found.path

        def where(side: str | None = None, key: tuple[Any, ...] = ()) -> Location:
            probe = (*path, side, *key) if side else path
            return source.locate(probe) if side else source.locate(path)

        missing = [
            lang for lang in expected
            if values.get(lang) is None
            or (isinstance(values[lang], str) and not values[lang].strip())
            or (isinstance(values[lang], (list, dict)) and not values[lang])
        ]  # fmt: skip
        for lang in missing:
            present = [la for la in expected if la not in missing]
            state = "missing" if lang not in values else "empty"
            message = f"the {_name(lang)} text is {state}"
            if present:
                message += f" (the {_name(present[0])} has one)"
            loc = where(lang) if lang in values else where()
            self.add(Finding("missing-translation", "error", message,
                             Location(loc.file, loc.line, loc.column, found.dotted)))  # fmt: skip
        if missing:
            return
        for langs in compared(expected):
            self._check_values(found, langs, where, source, lines, glossary_file, context)

    def _check_values(
        self, found: Bilingual, langs: tuple[str, str], where: Any, source: Any, lines: _Lines,
        glossary_file: bool, context: Context,
    ) -> None:  # fmt: skip
        path = found.path
        fr, en = found.values[langs[0]], found.values[langs[1]]
        name_a, name_b = _name(langs[0]), _name(langs[1])
        if isinstance(fr, (str, int, float)) and isinstance(en, (str, int, float)):
            self._check_texts(str(fr), str(en), path, found.dotted, source, lines, context,
                              langs=langs)  # fmt: skip
        elif isinstance(fr, list) and isinstance(en, list):
            if glossary_file:
                return  # a term's forms: as many as there are accepted variants
            if len(fr) != len(en):
                loc = where()
                self.add(Finding(
                    "missing-translation", "error",
                    f"{len(fr)} item(s) in the {name_a} list, {len(en)} in the {name_b}",
                    Location(loc.file, loc.line, loc.column, found.dotted),
                ))  # fmt: skip
            for i, (a, b) in enumerate(zip(fr, en, strict=False)):
                if isinstance(a, str) and isinstance(b, str) and a.strip() and b.strip():
                    self._check_texts(a, b, path, f"{found.dotted}.{i}", source, lines,
                                      context, index=i, langs=langs)  # fmt: skip
        else:
            loc = where()
            self.add(Finding(
                "missing-translation", "error",
                f"the {name_a} is {_kind(fr)} but the {name_b} is {_kind(en)}",
                Location(loc.file, loc.line, loc.column, found.dotted),
            ))  # fmt: skip

    def _check_texts(
        self, fr: str, en: str, path: tuple[Any, ...], dotted: str, source: Any,
        lines: _Lines, context: Context, index: int | None = None,
        langs: tuple[str, str] = ("fr", "en"),
    ) -> None:  # fmt: skip
        hits = self._cached(fr, en, langs, context, self._shared.get(id(context), id(context)),
                            self._not_by_entities)  # fmt: skip
        if self._by_entities and context.entities:
            hits = hits + self._cached(fr, en, langs, context, id(context), self._by_entities)
        texts = {langs[0]: fr, langs[1]: en}
        for hit in hits:
            self.add(self._locate(hit, texts, path, dotted, source, lines, index),
                     Detail(texts, hit.spans))  # fmt: skip

    def _cached(
        self, fr: str, en: str, langs: tuple[str, str], context: Context, shared: int,
        only: frozenset[str],
    ) -> list[Hit]:  # fmt: skip
        """The findings of rules `only` on a pair, computed once per `shared` context."""
        key = (fr, en, shared, langs, only)
        hits = self._hits.get(key)
        if hits is None:
            # The same texts in another context (another partner's entities): prepared once.
            pair = self._prepared.get((fr, en, langs))
            if pair is None:
                pair = TextPair(fr, en, langs)
                if len(self._prepared) < 20_000:
                    self._prepared[(fr, en, langs)] = pair
            hits = check_pair(fr, en, context, langs, only, pair=pair)
            if len(self._hits) < 100_000:
                self._hits[key] = hits
        return hits

    def _locate(
        self, hit: Hit, texts: dict[str, str], path: tuple[Any, ...], dotted: str,
        source: Any, lines: _Lines, index: int | None,
    ) -> Finding:  # fmt: skip
        side = hit.side
        if side:
            key = (*path, side) if index is None else (*path, side, index)
            loc = source.locate(key)
            line, column = loc.line, loc.column
            lang, start, end = hit.spans[0]
            if end > start:
                line, column = _refine(lines, line, column, texts[lang][start:end])
        else:
            loc = source.locate(path)
            line, column = loc.line, loc.column
        return Finding(hit.rule, severity(hit.rule), hit.message,
                       Location(loc.file, line, column, dotted))  # fmt: skip

    # --- templates ----------------------------------------------------------------------------
    def check_templates(self, fr_dir: Path, en_dir: Path) -> None:
        from cpc_docs.checks.templates import check_folders

        findings, files = check_folders(fr_dir, en_dir)
        self.report.files += files
        for finding in findings:
            self.add(finding)


def document_entities(data: Any) -> tuple[Any, ...]:
    """A compact's parties and bodies as the rules of meaning name them: (id, ((language,
    (forms…)), …)) — a party by its name, short name, country and state; the bodies of its
    focal points; a body of `bodies` by its acronym and name — so that "the CNS" where the
    other version says "the CIM" is a party swapped, not a word changed."""
    if not isinstance(data, dict):
        return ()
    out: list[Any] = []
    for party in data.get("parties") or ():
        if not isinstance(party, dict):
            continue
        forms: dict[str, list[str]] = {}
        for key in ("name", "short", "country", "state"):
            value = party.get(key)
            if isinstance(value, dict):
                for lang, text in value.items():
                    if isinstance(text, str) and text.strip():
                        forms.setdefault(str(lang), []).append(text)
        if forms:
            ident = f"party:{party.get('id', len(out))}"
            out.append((ident, tuple((lang, tuple(f)) for lang, f in sorted(forms.items()))))
        # Its focal points' bodies: "Le Ministère de l'Emploi … / Le Comité … (CIM)", one
        # entity per name between the slashes (the same name in both languages' order).
        for index, point in enumerate(party.get("focal_points") or ()):
            name = point.get("name") if isinstance(point, dict) else None
            if not isinstance(name, dict):
                continue
            parts = {
                str(lang): [p.strip() for p in text.split(" / ") if p.strip()]
                for lang, text in name.items()
                if isinstance(text, str)
            }
            if len({len(p) for p in parts.values()}) != 1:
                continue  # not as many names on each side: no telling which is which
            for k in range(len(next(iter(parts.values()), []))):
                out.append((
                    f"focal:{party.get('id')}:{index}:{k}",
                    tuple((lang, (p[k],)) for lang, p in sorted(parts.items())),
                ))  # fmt: skip
    for body in data.get("bodies") or ():
        if not isinstance(body, dict):
            continue
        acronym, name = body.get("acronym"), body.get("name")
        forms = {}
        if isinstance(name, dict):
            for lang, text in name.items():
                if isinstance(text, str) and text.strip():
                    forms.setdefault(str(lang), []).append(text)
        if isinstance(acronym, str):
            for lang in forms or {"fr": [], "en": []}:
                forms.setdefault(lang, []).append(acronym)
        elif isinstance(acronym, dict):
            for lang, text in acronym.items():
                if isinstance(text, str):
                    forms.setdefault(str(lang), []).append(text)
        if forms:
            label = acronym if isinstance(acronym, str) else len(out)
            out.append(
                (f"body:{label}", tuple((lang, tuple(f)) for lang, f in sorted(forms.items())))
            )
    return tuple(out)


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a text"


def _template_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """Language folder pairs under `folder`: any folder holding `fr/` and `en/` with templates."""
    found = []
    candidates = [folder, *(p for p in folder.rglob("*") if p.is_dir() and not _skipped(p))]
    for candidate in candidates:
        fr, en = candidate / "fr", candidate / "en"
        if fr.is_dir() and en.is_dir() and (any(fr.rglob("*.j2")) or any(en.rglob("*.j2"))):
            found.append((fr, en))
    return found


def _skipped(path: Path) -> bool:
    return any(part in SKIP_DIRS or (part.startswith(".") and part not in (".", ".."))
               for part in path.parts)  # fmt: skip


def discover(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, Path]], list[Path]]:
    """YAML files, template folder pairs, and paths that do not exist."""
    yaml_files: list[Path] = []
    template_pairs: list[tuple[Path, Path]] = []
    missing: list[Path] = []
    language_dirs: dict[str, Path] = {}
    for path in paths:
        if not path.exists():
            missing.append(path)
        elif path.is_file():
            if path.suffix in YAML_SUFFIXES:
                yaml_files.append(path)
            elif path.suffix == ".j2":
                other = _counterpart(path)
                if other is not None:
                    pair = (path.parent, other.parent) if _lang_of(path) == "fr" else (
                        other.parent, path.parent)  # fmt: skip
                    template_pairs.append(pair)
            else:
                yaml_files.append(path)  # named explicitly: try it as YAML
        elif path.name in ("fr", "en") and path.is_dir():
            language_dirs[path.name] = path
        else:
            for file in sorted(path.rglob("*")):
                relative = file.relative_to(path)
                if file.suffix in YAML_SUFFIXES and file.is_file() and not _skipped(relative):
                    if file.name == ".cpc-check.yaml":
                        continue
                    yaml_files.append(file)
            template_pairs.extend(_template_pairs(path))
    if "fr" in language_dirs and "en" in language_dirs:
        template_pairs.append((language_dirs["fr"], language_dirs["en"]))
    elif language_dirs:
        lone = next(iter(language_dirs.values()))
        sibling = lone.parent / ("en" if lone.name == "fr" else "fr")
        if sibling.is_dir():
            pair = (lone, sibling) if lone.name == "fr" else (sibling, lone)
            template_pairs.append(pair)
    unique_pairs = list(dict.fromkeys((a.resolve(), b.resolve()) for a, b in template_pairs))
    by_resolved = {(a.resolve(), b.resolve()): (a, b) for a, b in template_pairs}
    unique_yaml = list(dict.fromkeys(yaml_files))
    return unique_yaml, [by_resolved[p] for p in unique_pairs], missing


def _lang_of(path: Path) -> str | None:
    for part in reversed(path.parent.parts):
        if part in ("fr", "en"):
            return part
    return None


def _counterpart(path: Path) -> Path | None:
    lang = _lang_of(path)
    if lang is None:
        return None
    parts = list(path.parts)
    for i in range(len(parts) - 2, -1, -1):
        if parts[i] == lang:
            parts[i] = "en" if lang == "fr" else "fr"
            return Path(*parts)
    return None


def check_paths(
    paths: list[str | Path] | tuple[str | Path, ...],
    *,
    glossary: str | Path | Glossary | None = None,
    shipped_termbase: bool = False,
    waivers: str | Path | list[Waiver] | None = None,
    jobs: int | None = None,
    only: frozenset[str] | None = None,
    memo: CheckMemo | None = None,
    contents: Mapping[Path, bytes] | None = None,
) -> CheckReport:
    """Check files and folders; return every finding (waived ones set aside) and a summary.

    `glossary` is a termbase file, read alone, or object (`glossary.load_termbases` makes
    the shipped termbase extended by a project's, as `cpc check` uses; None: no glossary
    rule); `shipped_termbase`: the shipped termbase, extended by `glossary` if given.
    `waivers` is a waiver file (whose `severities:` also apply) or list. A glossary or waiver
    file that cannot be read is an `input` finding. `jobs` is the number of processes for
    many files (default: one per core, for 8 files or more). `only`: the rules whose
    findings are wanted (the others are not run; `gate` wants the errors alone). `memo`:
    what an earlier check of this process learned (see CheckMemo). `contents`: the bytes of
    files already read, checked instead of reading them again (the render's gate keeps its
    verdict under the bytes it checked).
    """
    termbase: Glossary | None = None
    checker = Checker()
    if isinstance(glossary, Glossary):
        termbase = glossary
    elif glossary is not None or shipped_termbase:
        try:
            termbase = (
                load_termbases(glossary) if shipped_termbase else load_glossary(str(glossary))
            )
        except CpcError as exc:
            checker.input_error(exc, str(exc.location.file if exc.location else glossary))
    waiver_list: list[Waiver] = []
    severities: dict[str, Severity] = {}
    if isinstance(waivers, list):
        waiver_list = waivers
    elif waivers is not None:
        try:
            waiver_list, severities = read_waivers(waivers)
        except CpcError as exc:
            checker.input_error(exc, str(waivers))
    early = checker.report.findings
    checker = Checker(termbase, only, memo)
    checker.report.findings.extend(early)
    if termbase is not None:
        checker.report.termbases = list(termbase.sources) or [termbase.file]

    yaml_files, template_pairs, missing = discover([Path(p) for p in paths])
    for path in missing:
        checker.add(Finding("input", "error", "no such file or folder", Location(str(path))))
    workers = _workers(jobs, len(yaml_files))
    if workers > 1:
        _check_in_parallel(checker, yaml_files, workers)
    else:
        for path in yaml_files:
            checker.check_yaml(path, (contents or {}).get(path))
    for fr_dir, en_dir in template_pairs:
        checker.check_templates(fr_dir, en_dir)
    report = checker.report
    if severities:
        # The project's own stakes (`severities:` of .cpc-check.yaml) before anything else.
        report.findings = [
            replace(f, severity=severities[f.rule]) if f.rule in severities else f
            for f in report.findings
        ]
    if waiver_list:
        _apply_waivers(report, waiver_list, checked={str(p) for p in yaml_files})
    _sort(report)
    return report


def _workers(jobs: int | None, files: int) -> int:
    import os

    if jobs is not None:
        return max(1, min(jobs, files))
    if files < 8 or not hasattr(os, "fork"):
        return 1
    return max(1, min(os.cpu_count() or 1, 4, files // 4))


# In a worker process: its Checker, kept from one chunk to the next.
_worker_checker: Checker | None = None


def _check_chunk(
    paths: tuple[Path, ...],
) -> tuple[list[Finding], dict[int, Detail], int, int]:
    """In a worker: the findings of `paths`, with the glossary and rules its pool shares.

    The worker's Checker outlives the chunk, so that the pairs its earlier chunks checked
    (the standard clauses every compact shares) are not checked again: a Checker a chunk
    checked them once per chunk, and two workers took more time than one."""
    global _worker_checker
    glossary, only = parallel.shared()
    checker = _worker_checker
    if checker is None or checker.glossary is not glossary or checker.only != only:
        checker = _worker_checker = Checker(glossary, only)
    checker.report = CheckReport()
    for path in paths:
        checker.check_yaml(path)
    report = checker.report
    return report.findings, report.details, report.files, report.pairs


def _check_in_parallel(checker: Checker, paths: list[Path], workers: int) -> None:
    """Check files in worker processes (forked ones inherit the loaded glossary), then add
    their findings in file order.

    Four chunks a worker rather than one: Ctrl-C (or a worker's death) then waits for the
    chunks under way only, and the pairs a chunk shares are still checked once."""
    size = max(1, -(-len(paths) // (workers * 4)))
    chunks = [tuple(paths[i : i + size]) for i in range(0, len(paths), size)]
    with parallel.processes(workers, share=(checker.glossary, checker.only)) as pool:
        if pool is None:
            for path in paths:
                checker.check_yaml(path)
            return
        died = "a checker process stopped unexpectedly; no report was written"
        results = dict(parallel.unordered(pool, _check_chunk, chunks, died=died))
    for chunk in chunks:
        findings, details, files, pairs = results[chunk]
        for i, finding in enumerate(findings):
            checker.add(finding, details.get(i))
        checker.report.files += files
        checker.report.pairs += pairs


def _apply_waivers(report: CheckReport, waivers: list[Waiver], checked: set[str]) -> None:
    kept: list[Finding] = []
    details: dict[int, Detail] = {}
    used: set[int] = set()
    for i, finding in enumerate(report.findings):
        waiver = next((w for w in waivers if finding.rule != "input" and w.matches(finding)), None)
        if waiver is None:
            if i in report.details:
                details[len(kept)] = report.details[i]
            kept.append(finding)
        else:
            used.add(id(waiver))
            if i in report.details:  # the HTML report marks a waived finding's spans too
                report.waived_details[len(report.waived)] = report.details[i]
            report.waived.append((finding, waiver))
    for waiver in waivers:
        if id(waiver) not in used and any(waiver.names(file) for file in checked):
            kept.append(Finding(
                "unused-waiver", severity("unused-waiver"),
                f"the waiver of {waiver.rule!r} at {waiver.path!r} matches no finding in "
                f"{waiver.file}; remove it if the defect was fixed",
                waiver.location,
            ))  # fmt: skip
    report.findings = kept
    report.details = details


def _sort(report: CheckReport) -> None:
    order = sorted(
        range(len(report.findings)),
        key=lambda i: (
            report.findings[i].location.file,
            report.findings[i].location.line or 0,
            report.findings[i].location.column or 0,
        ),
    )
    report.details = {
        new: report.details[old] for new, old in enumerate(order) if old in report.details
    }
    report.findings = [report.findings[i] for i in order]
