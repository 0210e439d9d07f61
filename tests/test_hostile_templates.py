"""Templates edited by many hands: a missing value never prints blank, and the sandbox holds.

Each case copies the project's templates, adds one line to the French compact template and
renders tests/fixtures/mini.yaml with it. A value that does not exist, or exists but is empty,
must fail the render with a message naming the template file, the line, and the value (the
template's own line is quoted, so even "the text is missing" says which text). A template
that reaches for Python's internals, a file, or an unbounded loop fails the same way, and never
with a traceback.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, ROOT

from cpc_docs.errors import TemplateFailure
from cpc_docs.load.compact import load_compact
from cpc_docs.model.compact import Compact
from cpc_docs.pipeline import compact_document
from cpc_docs.settings import RenderSettings

ANCHOR = "{.doc-title}"  # the added line goes just before the title paragraph


@pytest.fixture(scope="module")
def mini() -> Compact:
    return load_compact(MINI)[0]


def with_line(tmp_path: Path, line: str) -> tuple[Path, int]:
    """A copy of the templates whose French compact template has `line` added; the copy's
    root and the number of the added line."""
    root = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", root)
    template = root / "fr" / "compact.md.j2"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, text in enumerate(lines) if text.strip() == ANCHOR)
    lines[at:at] = [line + "\n", "\n"]
    template.write_text("".join(lines), encoding="utf-8")
    return root, at + 1


def failure(compact: Compact, root: Path) -> TemplateFailure:
    with pytest.raises(TemplateFailure) as caught:
        compact_document(compact, "fr", RenderSettings(template_root=root))
    return caught.value


MISSING = {
    "an unknown attribute": ("{{ compact.witness }}", ["'witness'"]),
    "an unknown variable": ("{{ witness }}", ["'witness' is undefined"]),
    "an unknown key in a test": ("{% if compact.signature.witness %}x{% endif %}", ["'witness'"]),
    "a loop over nothing": ("{% for x in compact.annexes %}{{ x }}{% endfor %}", ["'annexes'"]),
    "an index past the end": ("{{ compact.parties[5].name | t }}", ["no element 5"]),
    "an optional text left out": ("{{ partner.motto | t }}", ["partner.motto"]),
    "an empty value": ("{{ compact.id | replace('mini', '') }}", ["empty value"]),
    "a text without its language": ("{{ compact.title }}", ["without choosing a language"]),
}


@pytest.mark.parametrize("case", MISSING, ids=list(MISSING))
def test_a_missing_value_fails_naming_template_line_and_value(
    case: str, mini: Compact, tmp_path: Path
) -> None:
    snippet, words = MISSING[case]
    root, line = with_line(tmp_path, snippet)
    compact = mini
    if case == "an optional text left out":
        partner = mini.parties[0].model_copy(update={"motto": None})
        compact = mini.model_copy(update={"parties": [partner, *mini.parties[1:]]})
    error = failure(compact, root)
    message = str(error)
    assert message.startswith(f"{root / 'fr' / 'compact.md.j2'}:{line}: error: "), message
    for word in words:
        assert word in message
    assert snippet in message  # the template's line, quoted


SANDBOX = {
    "a class's internals": "{{ compact.__class__.__mro__ }}",
    "a function's globals": "{{ lipsum.__globals__ }}",
    "a cycler's globals": "{{ cycler.__init__.__globals__.os }}",
    "subclasses of object": "{{ ().__class__.__base__.__subclasses__() }}",
    "format string": "{{ '{0.__class__}'.format(compact) }}",
    "a private attribute": "{{ resolver._duration }}",
    "the template's context": "{{ self._TemplateReference__context }}",
}


@pytest.mark.parametrize("case", SANDBOX, ids=list(SANDBOX))
def test_the_sandbox_refuses_python_internals(case: str, mini: Compact, tmp_path: Path) -> None:
    root, line = with_line(tmp_path, SANDBOX[case])
    message = str(failure(mini, root))
    assert f"compact.md.j2:{line}: error: " in message
    assert re.search(r"sandbox forbids|unsafe|is undefined|has no attribute", message), message


@pytest.mark.parametrize(
    ("snippet", "words"),
    [
        ("{% include '../../../../etc/passwd' %}", ["includes '../../../../etc/passwd'"]),
        ("{% include '/etc/passwd' %}", ["includes '/etc/passwd'"]),
        ("{% import '../fr/../../pyproject.toml' as p %}", ["pyproject.toml"]),
        ("{{ range(10 ** 9) | list | length }}", ["OverflowError", "range"]),
        ("{{ 1 / 0 }}", ["ZeroDivisionError"]),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", ["RecursionError"]),
    ],
    ids=[
        "include outside",
        "include absolute",
        "import outside",
        "huge range",
        "zero",
        "recursion",
    ],
)
def test_files_and_runaway_templates_fail_cleanly(
    snippet: str, words: list[str], mini: Compact, tmp_path: Path
) -> None:
    root, line = with_line(tmp_path, snippet)
    message = str(failure(mini, root))
    assert f"compact.md.j2:{line}: error: " in message
    for word in words:
        assert word in message
    assert "root:" not in message


@pytest.fixture
def fresh_environments():  # type: ignore[no-untyped-def]
    from cpc_docs.templating import jinja as templating

    templating.environment.cache_clear()
    yield templating
    templating.environment.cache_clear()


def test_compiled_templates_are_not_taken_from_a_folder_others_can_write(
    mini: Compact, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_environments: Any
) -> None:
    """The cache of compiled templates holds Python bytecode that runs outside the sandbox:
    whoever can write that folder could run code in every `cpc render`. A folder open to
    others (CPC_CACHE_DIR=/tmp/shared, or one someone made first) is not used."""
    templating = fresh_environments
    marker = tmp_path / "ran-outside-the-sandbox"
    monkeypatch.setenv("CPC_CACHE_DIR", str(tmp_path / "cache"))
    env = templating.environment("fr")
    cache = env.bytecode_cache
    assert cache is not None  # our own folder, closed to others: used
    # What another user could write there: bytecode that is not a template at all.
    source, filename, _ = env.loader.get_source(env, "compact.md.j2")
    bucket = cache.get_bucket(env, "compact.md.j2", filename, source)
    bucket.code = compile(f"open({str(marker)!r}, 'w').write('x')", filename, "exec")
    cache.set_bucket(bucket)
    folder = next((tmp_path / "cache").iterdir())
    folder.chmod(0o777)
    templating.environment.cache_clear()

    compact_document(mini, "fr", RenderSettings())
    assert not marker.exists()
    assert templating.environment("fr").bytecode_cache is None


def test_markup_the_tree_cannot_hold_names_the_template_line(mini: Compact, tmp_path: Path) -> None:
    """Not a line of the rendered markup, which no user can open."""
    root, line = with_line(tmp_path, "```\ncode\n```")
    message = str(failure(mini, root))
    assert message.startswith(f"{root / 'fr' / 'compact.md.j2'}:{line}: error: "), message
    assert "'fence'" in message and "rendered markup" not in message
