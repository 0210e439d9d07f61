"""The Jinja environment that turns a model into markup for one language.

Three protections, because templates may come from users and a legal text must never carry a
silently wrong or empty value:

- the sandbox: a template cannot reach Python internals (`{{ x.__class__ }}` fails);
- StrictUndefined: a missing value is an error naming the template, its line and the value;
- `finalize`: every value printed is escaped for Markdown unless it is markup we built
  (`Markup`), and `None` or an empty string is refused instead of printing blank.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from cpc_docs import cache as user_cache
from cpc_docs.errors import Location, TemplateFailure
from cpc_docs.model.compact import BiText, Duration, Money, TextList
from cpc_docs.present import locale
from cpc_docs.present.prose import PlaceholderError, Resolver, escape_markdown
from cpc_docs.shipped import TEMPLATE_ROOT, no_language_folder
from cpc_docs.templating.recording import LineCodeGenerator, Rendered, printed, record


class EmptyValue(ValueError):
    pass


def _finalize(value: Any) -> Any:
    if isinstance(value, jinja2.Undefined):
        # `finalize` sees a missing value before it is turned into text, which is where
        # StrictUndefined raises with the name of what is missing ("'Compact object' has no
        # attribute 'motto'"). Without this, the error named only the type: "a template printed
        # a StrictUndefined". str() raises that better error (a SecurityError for what the
        # sandbox refused).
        str(value)
    if isinstance(value, Markup):
        return str(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise EmptyValue("a template printed an empty value")
    if isinstance(value, BiText):
        raise EmptyValue("a bilingual text was printed without choosing a language (use | t)")
    if isinstance(value, (int, float, str)):
        return escape_markdown(str(value))
    raise EmptyValue(f"a template printed a {type(value).__name__}; format it with a filter")


class Filters:
    """The filters templates use; bound to one language so templates never pass it."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def t(self, text: BiText | None) -> str:
        """The text in this language (plain; escaped when printed)."""
        if text is None:
            raise EmptyValue("the text is missing")
        value = text.get(self.lang)
        if value is None:
            raise EmptyValue(f"the text has no {self.lang!r} version")
        printed(text, value, True)
        return value

    @jinja2.pass_context
    def prose(
        self, context: jinja2.runtime.Context, text: BiText | TextList, *scopes: Any
    ) -> Markup:
        """Prose with its placeholders filled ({duration}, {ref:ID}…), as markup; a list
        among paragraphs as a list of its style.

        `scopes`: the item, section or definition around the text, innermost first.
        """
        resolver: Resolver = context["resolver"]
        if isinstance(text, TextList):
            entries = [resolver.markup(entry, *scopes) for entry in text.entries]
            for entry, shown in zip(text.entries, entries, strict=True):
                printed(entry, shown, False)
            if text.style == "letter":
                return Markup(
                    "\n\n".join(
                        f'{{.item label="{chr(ord("a") + i)})"}}\n{entry}'
                        for i, entry in enumerate(entries)
                    )
                )
            marker = "1." if text.style == "number" else "-"
            return Markup("\n".join(f"{marker} {entry}" for entry in entries))
        shown = resolver.markup(text, *scopes)
        printed(text, shown, False)
        return Markup(shown)

    def anchor(self, name: str) -> Markup:
        """The attribute line that gives the next heading its anchor: {#purpose}."""
        return Markup("{#" + escape_markdown(name).replace("\\", "") + "}")

    def date(self, value: dt.date, style: str = "long") -> str:
        return locale.format_date(value, self.lang, style)

    def money(self, value: Money) -> str:
        return locale.format_money(value, self.lang)

    def duration(self, value: Duration, style: str = "legal") -> str:
        return locale.format_duration(value, self.lang, style)

    def count(self, value: int) -> str:
        return locale.format_count(value, self.lang)

    def ordinal(self, value: int) -> str:
        number, suffix = locale.ordinal_parts(value, self.lang)
        return number + suffix

    def pillar(self, key: str | BiText) -> str:
        return key[self.lang] if isinstance(key, BiText) else locale.pillar_label(key, self.lang)

    def languages(self, codes: list[str]) -> str:
        return locale.language_list(codes, self.lang)

    def capfirst(self, text: str) -> str:
        return text[:1].upper() + text[1:]

    def json(self, value: Any) -> Markup:
        """A value for the YAML front matter (JSON is YAML), never Markdown-escaped."""
        import json

        return Markup(json.dumps(value, ensure_ascii=False))


@cache
def environment(lang: str, template_root: Path = TEMPLATE_ROOT) -> SandboxedEnvironment:
    """One environment per language and template folder, compiled templates cached."""
    folder = template_root / lang
    if not folder.is_dir():
        raise no_language_folder(template_root, lang)
    env = _Environment(
        loader=jinja2.FileSystemLoader([str(folder), str(template_root / "shared")]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(template_root),
    )
    filters = Filters(lang)
    for name in [
        "t",
        "prose",
        "anchor",
        "date",
        "money",
        "duration",
        "count",
        "ordinal",
        "pillar",
        "languages",
        "capfirst",
        "json",
    ]:
        env.filters[name] = getattr(filters, name)
    # A hard line break inside a paragraph (the next line is indented for list items).
    env.globals["br"] = Markup("\\\n  ")
    return env


class _Environment(SandboxedEnvironment):
    """The sandbox, compiling templates so that each line of their text has its template line
    (see templating.recording)."""

    code_generator_class = LineCodeGenerator


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, which never fails a render: a cache that
    cannot be read or written (read-only or full disk) just means compiling again."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache(template_root: Path) -> jinja2.BytecodeCache | None:
    """A per-user cache of the project's compiled templates (compiling them was ~50 ms per
    language on every run, a third of building a document). Keyed by Jinja (its version and
    the options above), the template's path and a checksum of its source, so an edited
    template is compiled again and the output is the same either way. Only the shipped
    templates: a folder given with --templates (or a test's) would leave an entry per path.
    `CPC_CACHE_DIR` moves the cache; an empty value, or a home that cannot be written,
    turns it off."""
    if template_root != TEMPLATE_ROOT:
        return None
    # "lines": compiled by LineCodeGenerator (a template compiled without it renders the same
    # text but gives its constant text no line of its own). A cached template is Python
    # bytecode that Jinja runs as is, outside the sandbox: the cache's folder is used only if
    # it is ours and closed to others (cpc_docs/cache.py), like Jinja's own default folder.
    folder = user_cache.folder(f"jinja-{jinja2.__version__}-sandboxed-strict-trim-lstrip-lines")
    if folder is None:
        return None
    return _QuietCache(str(folder))


def render_template(name: str, lang: str, context: dict[str, Any], template_root: Path) -> str:
    """Render `templates/<lang>/<name>`; every failure becomes a TemplateFailure with a line."""
    return render_with_origins(name, lang, context, template_root).text


def render_with_origins(
    name: str, lang: str, context: dict[str, Any], template_root: Path
) -> Rendered:
    """Render `templates/<lang>/<name>`, recording the origin of each line of the markup (see
    `record`); every failure becomes a TemplateFailure with a line."""
    env = environment(lang, template_root)
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound:
        raise TemplateFailure(
            f"template {name!r} not found", Location(str(template_root / lang / name))
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateFailure(
            f"template syntax: {exc.message}", Location(exc.filename or name, exc.lineno)
        ) from None
    try:
        try:
            return record(template, context, lang)
        except Exception:
            # What Template.render does: the traceback rewritten to the template's lines,
            # which _template_location reads.
            env.handle_exception()
    except (jinja2.UndefinedError, jinja2.TemplateError, EmptyValue, PlaceholderError) as exc:
        location = _template_location(exc, template)
        raise TemplateFailure(_describe(exc) + _source_line(location), location) from None
    except (
        TypeError, AttributeError, LookupError, ValueError, ArithmeticError, RecursionError,
    ) as exc:  # fmt: skip
        # A template's mistake, not ours: `{{ range(10**9) }}` (OverflowError from the
        # sandbox), `{{ 1 / 0 }}`, a macro calling itself. Each used to escape as a traceback.
        location = _template_location(exc, template)
        message = f"{type(exc).__name__}: {exc}" + _source_line(location)
        raise TemplateFailure(message, location) from None


def _describe(exc: Exception) -> str:
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return f"the template tried something the sandbox forbids: {exc}"
    if isinstance(exc, jinja2.UndefinedError):
        return f"the template uses a value that does not exist: {exc.message}"
    if isinstance(exc, jinja2.TemplateNotFound):
        # Its message is the bare name ("../../etc/passwd"): say what happened.
        return f"the template includes {exc.name!r}, which is not a template of the folder"
    return str(exc)


def _source_line(location: Location) -> str:
    """The failing line of the template, quoted, so the message shows *which* value is missing
    even when the error itself cannot name it ("the text is missing": which text?)."""
    if location.line is None:
        return ""
    try:
        lines = Path(location.file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    if not 1 <= location.line <= len(lines):
        return ""
    line = " ".join(lines[location.line - 1].split())
    return f", in: {line[:157] + '...' if len(line) > 160 else line}"


def _template_location(exc: BaseException, template: jinja2.Template) -> Location:
    """The template file and line where rendering failed, read off the traceback."""
    filename, line = template.filename or template.name or "?", None
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(".j2"):
            filename = code.co_filename
            line = tb.tb_lineno
        tb = tb.tb_next
    return Location(filename, line)
