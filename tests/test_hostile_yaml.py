"""Hostile and broken YAML: each gets a clear error, with its location, in well under a second.

Alias bombs, deep nesting, huge files, too many values, bytes that are not UTF-8, UTF-16,
tabs, byte order marks and duplicate keys. Every case is timed (the limit is 1 s; the point of
the bounds in yamlsource.py is that a hostile file cannot make us spend more) and its message
must say file:line:column, except the size check, which refuses the file as a whole before
reading it. Times are CPU times of the test process.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINI

from cpc_docs.cli.main import main
from cpc_docs.errors import CpcError, InputError
from cpc_docs.load.compact import load_compact
from cpc_docs.load.yamlsource import MAX_BYTES, MAX_DEPTH, MAX_NODES, parse_text

LIMIT_SECONDS = 1.0


def refused(path: Path) -> tuple[CpcError, float]:
    """The error, and the CPU time it took: what the bounds are about. Wall-clock time also
    counts the other processes of a busy CI machine, and made the check flaky."""
    started = time.process_time()
    with pytest.raises(CpcError) as caught:
        load_compact(path)
    return caught.value, time.process_time() - started


def located(error: CpcError, path: Path) -> tuple[int, int]:
    """(line, column) from the message, which must start with file:line:column."""
    match = re.match(rf"{re.escape(str(path))}:(\d+):(\d+): error: ", str(error))
    assert match, f"no file:line:column in {error}"
    return int(match[1]), int(match[2])


def billion_laughs() -> str:
    """Nine levels of nine aliases each: 9**9 (387 million) values once expanded."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        alias = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([alias] * 9)}]")
    return "\n".join(lines) + "\n"


CASES: dict[str, tuple[Callable[[str], bytes], str, tuple[int, int | range] | None]] = {
    # name: (content from mini.yaml's text, message, (line, column or columns) or None)
    "billion laughs": (
        lambda _: billion_laughs().encode(),
        f"this value expands to 597,871 values, more than {MAX_NODES:,}",
        (6, 5),  # a5, the first anchor past the limit: 9**6 values and its lists
    ),
    "deep flow nesting": (
        lambda _: ("x: " + "[" * 1000 + "]" * 1000 + "\n").encode(),
        f"nesting deeper than {MAX_DEPTH} levels",
        # Line 1, inside the brackets: at the 64th level where our reader stops, or further
        # on where libyaml's own limit stops its scanner first (PyYAML 6.0.4 and later).
        (1, range(3 + MAX_DEPTH, 2004)),
    ),
    "deep block nesting": (
        lambda _: "".join("  " * i + f"k{i}:\n" for i in range(100)).encode(),
        f"nesting deeper than {MAX_DEPTH} levels",
        (MAX_DEPTH + 1, 2 * MAX_DEPTH + 1),  # level n starts on line n, indented 2(n - 1)
    ),
    "too many values": (
        lambda _: ("x: [" + ", ".join(["1"] * (MAX_NODES + 50_000)) + "]\n").encode(),
        f"more than {MAX_NODES:,} values",
        None,
    ),
    "latin-1 bytes": (
        lambda text: text.replace("en: Purpose", "en: Purpos\xe9").encode("latin-1", "replace"),
        "byte 0xe9 is not UTF-8",
        None,
    ),
    "a tab in the indentation": (
        lambda text: text.replace("\n  purpose:", "\n\tpurpose:").encode(),
        "has a tab; YAML indents with spaces only",
        None,
    ),
    "UTF-16": (
        lambda text: text.encode("utf-16"),
        "encoded in UTF-16",
        (1, 1),
    ),
    "a byte order mark inside": (
        lambda text: text.replace("en: Purpose", "en: Pur\ufeffpose").encode(),
        "byte order mark (U+FEFF) in the middle",
        None,
    ),
    "a control character": (
        lambda text: text.replace("en: Purpose", "en: Pur\x1bpose").encode(),
        "U+001B",
        None,
    ),
    "a duplicate key": (
        lambda text: text.replace("  purpose:\n", "  purpose: x\n  purpose:\n", 1).encode(),
        "duplicate key 'purpose' (first at line",
        None,
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_hostile_yaml_is_refused_quickly_with_its_location(case: str, tmp_path: Path) -> None:
    make, message, where = CASES[case]
    path = tmp_path / "hostile.yaml"
    path.write_bytes(make(MINI.read_text(encoding="utf-8")))
    error, seconds = refused(path)
    assert isinstance(error, InputError)
    assert message in str(error)
    assert seconds < LIMIT_SECONDS, f"{case}: {seconds:.2f} s"
    line, column = located(error, path)
    if where is not None:
        assert line == where[0]
        expected = where[1]
        assert column in expected if isinstance(expected, range) else column == expected
    if "nesting" in message:  # whichever layer met it, the user is told what to look for
        assert "look for a bracket or an indentation that runs on" in str(error)
    if case in ("latin-1 bytes", "a tab in the indentation", "a byte order mark inside"):
        bad = path.read_bytes().splitlines()[line - 1]
        assert b"\xe9" in bad or b"\t" in bad or "\ufeff".encode() in bad


def test_a_huge_file_is_refused_by_its_size_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * (MAX_BYTES + 1_000_000) + b"\n")
    error, seconds = refused(path)
    assert f"the limit is {MAX_BYTES:,}" in str(error)
    assert str(error).startswith(f"{path}: error:")
    assert seconds < 0.2


def test_a_hundred_thousand_nested_brackets_do_not_crash_the_process(tmp_path: Path) -> None:
    """200 KB of `[`: libyaml's own composer recursed in C without limit and killed the
    process (segmentation fault). Run apart, so a crash fails this test, not the session."""
    path = tmp_path / "deep.yaml"
    path.write_text("x: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", "from cpc_docs.cli.main import main; main()", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, f"exit {done.returncode}: {done.stderr[-500:]}"
    found = re.search(rf"{re.escape(str(path))}:1:(\d+): error: nesting deeper than", done.stderr)
    assert found, done.stderr[-500:]
    assert 3 + MAX_DEPTH <= int(found[1]) <= 2003  # within the brackets (see "deep flow")
    assert time.perf_counter() - started < 10  # interpreter start-up included


def test_a_byte_order_mark_at_the_start_is_accepted(tmp_path: Path) -> None:
    """Notepad and other Windows editors write a UTF-8 BOM; it is an encoding signature, not
    content, so such a file is as valid as the same file without it."""
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINI.read_bytes())
    compact, _ = load_compact(path)
    assert compact.id == "mini"


def test_the_cli_reports_hostile_yaml_without_a_traceback(runner, tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert re.search(rf"{re.escape(str(path))}:6:5: error: this value expands to", result.output)


# Anchors and aliases: the reader expands them itself (no node graph), so each rule of theirs
# is checked here: what an alias yields, where its values are said to be, and each misuse.
def test_an_alias_is_a_copy_of_its_anchor_with_positions_at_both() -> None:
    source = parse_text("a: &x {b: 1, c: [2, 3]}\nd: *x\n", "a.yaml")
    assert source.data == {"a": {"b": 1, "c": [2, 3]}, "d": {"b": 1, "c": [2, 3]}}
    assert source.data["d"] is not source.data["a"]  # editing one never edits the other
    assert source.positions[("a", "c", 1)] == source.positions[("d", "c", 1)] == (1, 21)
    assert source.key_positions[("d",)] == (2, 1)


ALIAS_MISUSES = {
    "an undefined alias": ("a: 1\nb: *nope\n", "found undefined alias 'nope'", (2, 4)),
    "an alias inside its own anchor": (
        "a: &x [1, *x]\n",
        f"nesting deeper than {MAX_DEPTH} levels once aliases are expanded",
        (1, 11),
    ),
    "an anchor defined twice": (
        "a: &x 1\nb: &x 2\n",
        "found duplicate anchor 'x' (first at line 1)",
        (2, 4),
    ),
    "a number that is not one": ("a: !!int abc\n", "'abc' is not a valid int", (1, 4)),
    "an alias too deep where it is used": (
        "a: &x " + "[" * 40 + "]" * 40 + "\nb: " + "[" * 30 + "*x" + "]" * 30 + "\n",
        f"nesting deeper than {MAX_DEPTH} levels once aliases are expanded",
        (2, 34),
    ),
    "a second document": ("a: 1\n---\nb: 2\n", "more than one YAML document", (2, 1)),
    "a merge key": ("a: &x {b: 1}\nc:\n  <<: *x\n", "merge keys (<<) are not supported", (3, 3)),
}


@pytest.mark.parametrize("case", ALIAS_MISUSES, ids=list(ALIAS_MISUSES))
def test_misused_anchors_aliases_and_tags_are_named_where_they_are(case: str) -> None:
    text, message, where = ALIAS_MISUSES[case]
    with pytest.raises(InputError) as caught:
        parse_text(text, "a.yaml")
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"a.yaml:{where[0]}:{where[1]}: error: ")


def test_a_file_over_the_node_limit_is_refused_before_its_values_are_built() -> None:
    """150,000 numbers: refused at the 100,001st by the event scan, not after PyYAML has
    constructed 100,000 integers (a second)."""
    started = time.perf_counter()
    with pytest.raises(InputError, match="more than 100,000 values"):
        parse_text("x: [" + ", ".join(["1"] * 150_000) + "]\n", "many.yaml")
    assert time.perf_counter() - started < LIMIT_SECONDS


# Numbers, booleans and nulls are built without PyYAML's constructor when their text is plain:
# each must still read as PyYAML reads it (YAML 1.1: 012 is octal, 1:30 sexagesimal, yes true).
SCALARS = [
    "0", "7", "012", "-5", "+5", "1_000", "0x1f", "0b101", "1:30", "1.5", "-2.5e+3", ".5", "1.",
    ".inf", "-.Inf", "1_000.5", "1:30.5", "6.8523015e+5", "yes", "No", "ON", "off", "true",
    "False", "~", "null", "Null", "", "2024-02-29", "١٢", "0o17", "1e3",
]  # fmt: skip


def test_plain_scalars_read_as_pyyaml_reads_them() -> None:
    import yaml

    text = "".join(f"k{i}: {value}\n" for i, value in enumerate(SCALARS))
    ours, theirs = parse_text(text, "s.yaml").data, yaml.safe_load(text)
    for key, expected in theirs.items():
        assert ours[key] == expected and type(ours[key]) is type(expected), (key, ours[key])


def test_an_unclosed_quote_is_traced_back_to_its_line() -> None:
    """libyaml stops where the runaway string finally meets a quote, lines below the mistake:
    the hint names the line that opened it."""
    text = 'a: 1\nb: "open quote\nc: 2\nd: 3\ne: x"y\nf: 4\n'
    with pytest.raises(InputError) as caught:
        parse_text(text, "q.yaml")
    assert str(caught.value).startswith("q.yaml:5:")
    assert "line 2 opens a quote that it does not close" in str(caught.value)
    with pytest.raises(InputError) as unrelated:  # the quotes above are closed: no such hint
        parse_text('a: "x"\nb: [1, 2\nc: 3\n', "q.yaml")
    assert "opens a quote" not in str(unrelated.value)
