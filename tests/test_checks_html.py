"""`cpc check --format html`: the concordance report people read, parsed and rendered.

The report is read back with html.parser (and, in a real browser, with Chromium's own parser
through --dump-dom, which would move content a malformed table lets escape), and the
screenshot must show the page with the error colour in it.
"""

from __future__ import annotations

import json
import struct
import subprocess
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import need_program

from cpc_docs.checks.output import render
from cpc_docs.checks.runner import check_paths
from cpc_docs.cli.check import check_command

LIMITS_FR = "Le financement s'élève jusqu'à 5 millions de dollars."
LIMITS_EN = "The funding amounts to at least 5 million dollars."
HOSTILE_FR = "Les Parties <script>alert(1)</script> & coopèrent."
HOSTILE_EN = "The Participants <script>alert(1)</script> & cooperate."
NEGATION_FR = "Les Parties ne financent pas les activités."
REASON = "Reviewed: the <b>signed</b> English & French differ."

PAIRS = f"""\
articles:
  - title: {{fr: "Financement", en: "Funding"}}
    paragraphs:
      - fr: "{LIMITS_FR}"
        en: "{LIMITS_EN}"
      - fr: "{HOSTILE_FR}"
        en: "{HOSTILE_EN}"
  - title: {{fr: "Obligations", en: "Obligations"}}
    paragraphs:
      - fr: "{NEGATION_FR}"
        en: "The Participants fund the activities."
"""
WAIVERS = f"""\
waivers:
  - rule: negation
    path: articles.1.paragraphs.0
    reason: "{REASON}"
"""
VOID = frozenset({"meta", "input", "br", "img", "link", "hr", "col", "area", "base", "wbr"})


# --- a small DOM, from html.parser --------------------------------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter() if n.tag == tag and (cls is None or cls in n.classes)]

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self, skip: Callable[[Node], bool] = lambda n: False) -> str:
        out = []
        for child in self.children:
            if isinstance(child, str):
                out.append(child)
            elif not skip(child):
                out.append(child.text(skip))
        return "".join(out)

    def reading(self) -> str:
        """The text a sighted reader sees in a cell: no hidden label, no link to a finding."""
        return self.text(lambda n: "vh" in n.classes or "ref" in n.classes)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(text: str) -> Node:
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return builder.root


def pair_row(dom: Node, dotted: str) -> Node:
    (row,) = [
        tbody
        for tbody in dom.all("tbody", "pair")
        if any(th.text().split()[0] == dotted for th in tbody.all("th"))
    ]
    return row


def cell(row: Node, lang: str) -> Node:
    (found,) = [td for td in row.all("td") if td.attrs.get("lang") == lang]
    return found


def marks(node: Node) -> list[tuple[str, Node]]:
    return [(m.reading(), m) for m in node.all("mark")]


# --- the report ---------------------------------------------------------------------------------


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pairs.yaml").write_text(PAIRS, encoding="utf-8")
    (tmp_path / ".cpc-check.yaml").write_text(WAIVERS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(check_command, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


@pytest.fixture
def report(work: Path) -> tuple[str, Node]:
    code, _ = run("pairs.yaml", "--format", "html", "-o", "report.html")
    assert code == 1  # as for every format: an error
    text = (work / "report.html").read_text(encoding="utf-8")
    return text, parse(text)


def test_every_pair_is_shown_side_by_side_grouped_by_article(
    report: tuple[str, Node], work: Path
) -> None:
    _, dom = report
    summary = json.loads(run("pairs.yaml", "--format", "json")[1])["summary"]
    rows = dom.all("tbody", "pair")
    assert len(rows) == summary["pairs"] == 5
    assert [h.text() for h in dom.all("h3")] == [
        "articles.0 — Financement / Funding",
        "articles.1 — Obligations / Obligations",
    ]
    for row in rows:  # each text in its language's column, tagged with it
        assert [td.attrs.get("lang") for td in row.all("tr")[0].all("td")] == ["fr", "en"]
    limits = pair_row(dom, "articles.0.paragraphs.0")
    assert cell(limits, "fr").reading() == LIMITS_FR
    assert cell(limits, "en").reading() == LIMITS_EN
    assert "line 4" in limits.all("th")[0].text()
    assert "clean" in pair_row(dom, "articles.0.paragraphs.1").classes
    assert dom.all("html")[0].attrs["lang"] == "en"


def test_the_spans_of_a_finding_are_marked_in_both_languages(report: tuple[str, Node]) -> None:
    _, dom = report
    row = pair_row(dom, "articles.0.paragraphs.0")
    ((fr_text, fr_mark),) = marks(cell(row, "fr"))
    ((en_text, en_mark),) = marks(cell(row, "en"))
    assert (fr_text, en_text) == ("jusqu'à", "at least")
    for mark in (fr_mark, en_mark):
        assert "k-error" in mark.classes  # colour by class, and in words:
        (label,) = mark.all("span", "vh")
        assert label.text() == "(error 1) "
        assert mark.attrs["title"].startswith("error 1 [limits]: limits differ")
    (finding,) = row.all("li", "finding")
    assert finding.attrs["id"] == "f1"
    assert finding.all("span", "sev")[0].text() == "error"
    assert finding.all("code", "rule")[0].text() == "limits"
    assert "the bound on the number is not the same" in finding.text()
    refs = [a.attrs["href"] for td in row.all("td") for a in td.all("a", "ref")]
    assert refs == ["#f1", "#f1"]  # from each language's span to the finding


def test_a_waived_finding_is_shown_as_waived_with_its_reason(report: tuple[str, Node]) -> None:
    _, dom = report
    row = pair_row(dom, "articles.1.paragraphs.0")
    assert [text for text, _ in marks(cell(row, "fr"))] == ["ne", "pas"]
    assert all("k-waived" in m.classes for _, m in marks(cell(row, "fr")))
    (finding,) = row.all("li", "finding")
    assert "k-waived" in finding.classes
    assert finding.all("span", "sev")[0].text() == "waived error"
    assert finding.all("code", "rule")[0].text() == "negation"
    (waiver,) = finding.all("p", "waiver")
    assert waiver.text().endswith(REASON)  # the reason's markup is text, not markup
    assert ".cpc-check.yaml:2:5" in waiver.text()  # the waiver, relative to the folder
    assert not finding.all("b")
    (listed,) = dom.all("li", "k-waived")[:1]
    assert listed.attrs["id"] == "s2" and listed.all("a")[0].attrs["href"] == "#f2"


def test_user_text_is_escaped_and_nothing_runs_or_is_fetched(report: tuple[str, Node]) -> None:
    text, dom = report
    row = pair_row(dom, "articles.0.paragraphs.1")
    assert cell(row, "fr").reading() == HOSTILE_FR
    assert cell(row, "en").reading() == HOSTILE_EN
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; coopèrent." in text
    assert not dom.all("script") and not dom.all("link") and not dom.all("img")
    links = [n.attrs["href"] for n in dom.iter() if "href" in n.attrs]
    assert links and all(href.startswith("#") for href in links)
    (policy,) = [m for m in dom.all("meta") if m.attrs.get("http-equiv")]
    assert "default-src 'none'" in policy.attrs["content"]


def test_summary_and_keyboard_navigation(report: tuple[str, Node]) -> None:
    text, dom = report
    counts = dom.all("p", "counts")[0].text()
    assert counts == "1 error, 0 warnings, 1 waived in 1 file, 5 bilingual texts."
    focusable = [n for n in dom.iter() if n.tag in ("a", "input", "button")]
    skip = focusable[0]
    assert "skip" in skip.classes and skip.attrs["href"] == "#texts"
    assert next(n for n in dom.iter() if n.attrs.get("id") == "texts").tag == "main"
    ids = {n.attrs["id"] for n in dom.iter() if "id" in n.attrs}
    targets = [n.attrs["href"][1:] for n in focusable if n.attrs.get("href", "").startswith("#")]
    assert set(targets) <= ids  # every link leads somewhere
    assert {"f1", "f2", "s1", "s2"} <= ids
    assert not [n for n in dom.iter() if int(n.attrs.get("tabindex", "0")) > 0]
    # Reading order: the summary's link to the finding, then the French span's, the
    # English span's, then the finding itself.
    position = {id(n): i for i, n in enumerate(dom.iter())}
    (listed,) = [n for n in dom.all("li") if n.attrs.get("id") == "s1"]
    row = pair_row(dom, "articles.0.paragraphs.0")
    sequence = [
        listed.all("a")[0],
        cell(row, "fr").all("a", "ref")[0],
        cell(row, "en").all("a", "ref")[0],
        row.all("li", "finding")[0],
    ]
    assert [position[id(n)] for n in sequence] == sorted(position[id(n)] for n in sequence)
    assert ":focus-visible" in text and "outline" in text


def test_stdout_and_exit_status(work: Path) -> None:
    code, out = run("pairs.yaml", "--format", "html")
    assert code == 1 and out.startswith("<!DOCTYPE html>")
    assert run("pairs.yaml", "--format", "html", "-o", "-") == (code, out)
    run("pairs.yaml", "--format", "html", "-o", "again.html")
    assert (work / "again.html").read_text(encoding="utf-8") == out  # the same bytes each run
    (work / "es.yaml").write_text(
        "languages: [es, en]\nt:\n  es: Los Participantes cooperan.\n"
        "  en: The Participants cooperate.\n",
        encoding="utf-8",
    )
    code, out = run("es.yaml", "--format", "html")
    assert code == 0
    row = pair_row(parse(out), "t")
    assert cell(row, "es").reading() == "Los Participantes cooperan."
    assert "Spanish (es)" in out


# --- in a browser -------------------------------------------------------------------------------


def _pixels(png: bytes) -> tuple[int, int, int, bytes]:
    """Width, height, bytes per pixel and the unfiltered rows of an 8-bit RGB(A) PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, data = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = data
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    width, height, depth, color = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and color in (2, 6)
    bpp = 3 if color == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    out, prev = bytearray(), bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (
                    line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)
                ) & 255
        out += line
        prev = line
    return width, height, bpp, bytes(out)


def test_chromium_renders_the_report(report: tuple[str, Node], work: Path) -> None:
    chromium = need_program("chromium")
    url = (work / "report.html").as_uri()
    flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--user-data-dir={work / 'profile'}"]  # fmt: skip
    shot = work / "report.png"
    subprocess.run([*flags, f"--screenshot={shot}", "--window-size=1200,1400", url],
                   check=True, capture_output=True, timeout=120)  # fmt: skip
    width, height, bpp, pixels = _pixels(shot.read_bytes())
    assert (width, height) == (1200, 1400)
    colours = {pixels[i : i + 3] for i in range(0, len(pixels), bpp * 7)}
    assert len(colours) > 20  # text and tables, not a blank page
    # The error badge's colour (#b3261e), antialiased at most a little: the CSS was applied.
    assert any(abs(r - 0xB3) + abs(g - 0x26) + abs(b - 0x1E) < 24 for r, g, b in colours)
    dom = subprocess.run([*flags, "--dump-dom", url], check=True, capture_output=True,
                         text=True, timeout=120).stdout  # fmt: skip
    row = pair_row(parse(dom), "articles.0.paragraphs.0")  # as the browser built the table
    assert [text for text, _ in marks(cell(row, "fr"))] == ["jusqu'à"]
    assert [text for text, _ in marks(cell(row, "en"))] == ["at least"]


def test_the_writer_alone_shows_the_files_of_its_findings(work: Path) -> None:
    """`render(report, "html")` from the API, told nothing of what was checked."""
    report = check_paths(["pairs.yaml"], waivers=".cpc-check.yaml")
    dom = parse(render(report, "html"))
    assert len(dom.all("tbody", "pair")) == report.pairs == 5
    row = pair_row(dom, "articles.0.paragraphs.0")
    assert [text for text, _ in marks(cell(row, "en"))] == ["at least"]
