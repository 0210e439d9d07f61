"""Where each line of a template's markup came from: the template line that printed it and the
YAML fields whose text it holds.

No user can open the markup a template renders, so a message naming one of its lines points
nowhere. While a template renders, the renderer (`jinja.render_with_origins`) records this map;
it travels beside the markup (`tree.markup.MarkupSource`, to the process that builds the tree)
and the parser gives each node the `Location` of its first line: the template file and line,
and in `Location.text_from` the field of the compact the node's text was written in.

No Jinja here: the process that parses the markup and writes the files never imports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cpc_docs.errors import Location


@dataclass(frozen=True)
class FieldSpan:
    """A text of the compact printed on markup lines `first` to `last` (from 1)."""

    first: int
    last: int
    size: int  # characters printed: of two texts on one line, the longer one names it
    field: Location  # compacts/civ-2022.yaml:57:9, path sections.goal.paragraphs.0.fr


@dataclass(frozen=True)
class Origins:
    """The origin of every line of one rendered template. Small and picklable."""

    template: str  # the template's file, as a user opens it
    lines: tuple[int | None, ...]  # per markup line (index 0 is line 1): its template line
    fields: tuple[FieldSpan, ...] = ()
    _by_line: dict[int, Location] = field(default_factory=dict, compare=False, repr=False)

    def locate(self, first: int, last: int | None = None) -> Location:
        """The location of a node on markup lines `first` to `last` (from 1): the template line
        that printed its first line, and the field of the compact printed there (else on a
        later line of the node: a list's first item, say)."""
        line = self.lines[first - 1] if 1 <= first <= len(self.lines) else None
        text_from = None
        if self.fields:
            by_line = self._fields_by_line()
            for probe in range(first, max(first, last or first) + 1):
                text_from = by_line.get(probe)
                if text_from is not None:
                    break
        return Location(self.template, line, text_from=text_from)

    def _fields_by_line(self) -> dict[int, Location]:
        """Each markup line's field: the longest text starting on the line, else the longest
        text crossing it. Built once, where the tree is built."""
        if not self._by_line:
            rank: dict[int, tuple[bool, int]] = {}
            for span in self.fields:
                for line in range(span.first, span.last + 1):
                    key = (line == span.first, span.size)
                    if line not in rank or key > rank[line]:
                        rank[line] = key
                        self._by_line[line] = span.field
        return self._by_line
