"""The PDF object syntax (ISO 32000-1 §7.3), read and written, and nothing more.

Why not pypdf here: finishing touches five or six objects of a PDF whose layout it already
knows, and importing pypdf costs ~140 ms (with its font, image and crypto modules) of a render
whose whole budget is about half a second. Reading a classic cross-reference table, a handful
of dictionaries and writing a few new objects is all finishing needs; pypdf stays the reader
of the tests and of the rare paths (checking a signed file before replacing it).

Values map to Python types: dictionaries to `dict[Name, Any]` (in file order), arrays to
`list`, names to `Name`, strings to `String` (bytes), numbers to int/float, booleans, null to
None, indirect references to `Ref`. A `Stream` is a dictionary with data. Streams are read
only where finishing needs one (the XMP metadata, to carry its conformance claims over):
`ClassicPdf.stream_data`, unfiltered or Flate-compressed.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass, field
from typing import Any

WHITESPACE = b"\x00\t\n\x0c\r "
_DELIMITERS = b"()<>[]{}/%"
_REGULAR_NAME = frozenset(range(0x21, 0x7F)) - frozenset(_DELIMITERS) - {ord("#")}

# §7.2.2's character classes, written once: white space, and the "regular" characters that
# are neither white space nor delimiters (names and keywords are runs of them).
_WS = b"[" + re.escape(WHITESPACE) + b"]"
_REGULAR = b"[^" + re.escape(WHITESPACE + _DELIMITERS) + b"]"

_SPACE = re.compile(rb"(?:" + _WS + rb"+|%[^\r\n]*)*")
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
_REFERENCE = re.compile(rb"(\d+)" + _WS + rb"+(\d+)" + _WS + rb"+R(?!" + _REGULAR + rb")")
_NAME = re.compile(rb"/(" + _REGULAR + rb"*)")
_KEYWORD = re.compile(rb"[A-Za-z]+")
_OBJECT_HEADER = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj")
_STREAM_KEYWORD = re.compile(rb"\s*stream(?:\r\n|\n)")
_MAX_STREAM = 16 * 1024 * 1024  # a metadata packet is a few kilobytes
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_SUBSECTION = re.compile(rb"\s*(\d+)\s+(\d+)[ \t]*[\r\n]+")
_ENTRY = re.compile(rb"(\d{10})[ ](\d{5})[ ]([nf])(?:\r\n|[ ][\r\n]|\r|\n)")
_ESCAPES = {
    ord("n"): b"\n",
    ord("r"): b"\r",
    ord("t"): b"\t",
    ord("b"): b"\b",
    ord("f"): b"\f",
    ord("("): b"(",
    ord(")"): b")",
    ord("\\"): b"\\",
}


class PdfSyntaxError(ValueError):
    """The bytes are not the PDF object expected at this offset."""


class Name(str):
    """A PDF name, without its slash: Name("Type") is /Type."""


class String(bytes):
    """A PDF string's bytes (literal or hexadecimal in the file: the same value)."""


@dataclass(frozen=True, order=True)
class Ref:
    """An indirect reference, `number generation R`."""

    number: int
    generation: int = 0


@dataclass
class Stream:
    """A stream object to write: its dictionary (without /Length, added on writing) and data."""

    dictionary: dict[Name, Any] = field(default_factory=dict)
    data: bytes = b""


# ---------------------------------------------------------------------------------- reading


def _skip_space(data: bytes, pos: int) -> int:
    """The offset past the white space and comments at `pos` (none: `pos` itself; the
    pattern matches the empty string, so it always matches)."""
    space = _SPACE.match(data, pos)
    return space.end() if space else pos


def parse_value(data: bytes, pos: int) -> tuple[Any, int]:
    """The object starting at or after `pos` (after whitespace and comments), and the offset
    just past it."""
    pos = _skip_space(data, pos)
    if pos >= len(data):
        raise PdfSyntaxError(f"an object was expected at offset {pos}, the file ends")
    char = data[pos : pos + 1]
    if char == b"/":
        match = _NAME.match(data, pos)
        assert match is not None  # a slash always starts a (possibly empty) name
        return Name(_unescape_name(match.group(1))), match.end()
    if data.startswith(b"<<", pos):
        return _parse_dictionary(data, pos + 2)
    if char == b"<":
        return _parse_hex_string(data, pos + 1)
    if char == b"(":
        return _parse_literal_string(data, pos + 1)
    if char == b"[":
        return _parse_array(data, pos + 1)
    reference = _REFERENCE.match(data, pos)
    if reference:
        return Ref(int(reference.group(1)), int(reference.group(2))), reference.end()
    number = _NUMBER.match(data, pos)
    if number:
        text = number.group()
        value = float(text) if b"." in text else int(text)
        return value, number.end()
    keyword = _KEYWORD.match(data, pos)
    if keyword and keyword.group() in (b"true", b"false", b"null"):
        word = keyword.group()
        return {b"true": True, b"false": False, b"null": None}[word], keyword.end()
    raise PdfSyntaxError(f"no PDF object at offset {pos}: {data[pos : pos + 20]!r}")


def parse_indirect(data: bytes, pos: int, expected: Ref) -> Any:
    """The value of the indirect object `expected` whose definition starts at `pos`."""
    header = _OBJECT_HEADER.match(data, pos)
    if not header or Ref(int(header.group(1)), int(header.group(2))) != expected:
        raise PdfSyntaxError(
            f"object {expected.number} {expected.generation} is not at offset {pos}, "
            "where the cross-reference table says"
        )
    value, _ = parse_value(data, header.end())
    return value


def parse_indirect_stream(data: bytes, pos: int, expected: Ref) -> tuple[dict[Name, Any], int]:
    """The dictionary of the stream object `expected` defined at `pos`, and the offset where
    its data starts (§7.3.8.1: after `stream` and a CRLF or LF)."""
    header = _OBJECT_HEADER.match(data, pos)
    if not header or Ref(int(header.group(1)), int(header.group(2))) != expected:
        raise PdfSyntaxError(
            f"object {expected.number} {expected.generation} is not at offset {pos}, "
            "where the cross-reference table says"
        )
    dictionary, after = parse_value(data, header.end())
    keyword = _STREAM_KEYWORD.match(data, after)
    if not isinstance(dictionary, dict) or not keyword:
        raise PdfSyntaxError(f"object {expected.number} is not a stream")
    return dictionary, keyword.end()


def _parse_dictionary(data: bytes, pos: int) -> tuple[dict[Name, Any], int]:
    result: dict[Name, Any] = {}
    while True:
        pos = _skip_space(data, pos)
        if data.startswith(b">>", pos):
            return result, pos + 2
        key, pos = parse_value(data, pos)
        if not isinstance(key, Name):
            raise PdfSyntaxError(f"a dictionary key must be a name (offset {pos})")
        result[key], pos = parse_value(data, pos)


def _parse_array(data: bytes, pos: int) -> tuple[list[Any], int]:
    result: list[Any] = []
    while True:
        pos = _skip_space(data, pos)
        if data.startswith(b"]", pos):
            return result, pos + 1
        value, pos = parse_value(data, pos)
        result.append(value)


def _parse_hex_string(data: bytes, pos: int) -> tuple[String, int]:
    end = data.find(b">", pos)
    if end < 0:
        raise PdfSyntaxError(f"unclosed hexadecimal string at offset {pos}")
    digits = bytes(c for c in data[pos:end] if c not in WHITESPACE)
    if len(digits) % 2:
        digits += b"0"  # §7.3.4.3: a missing last digit is 0
    try:
        return String(bytes.fromhex(digits.decode("ascii"))), end + 1
    except ValueError:
        raise PdfSyntaxError(f"bad hexadecimal string at offset {pos}") from None


def _parse_literal_string(data: bytes, pos: int) -> tuple[String, int]:
    out = bytearray()
    depth = 1
    while pos < len(data):
        char = data[pos]
        pos += 1
        if char == ord("\\"):
            following = data[pos : pos + 1]
            if not following:
                break
            if following in b"01234567":
                octal = re.match(rb"[0-7]{1,3}", data[pos : pos + 3])
                assert octal is not None
                out.append(int(octal.group(), 8) & 0xFF)
                pos += len(octal.group())
            elif following in (b"\r", b"\n"):  # a line continuation
                pos += 2 if data.startswith(b"\r\n", pos) else 1
            else:
                out += _ESCAPES.get(following[0], following)
                pos += 1
            continue
        if char == ord("\r"):  # §7.3.4.2: an end of line in a string reads as one LF
            if data.startswith(b"\n", pos):
                pos += 1
            out.append(ord("\n"))
            continue
        if char == ord("("):
            depth += 1
        elif char == ord(")"):
            depth -= 1
            if depth == 0:
                return String(bytes(out)), pos
        out.append(char)
    raise PdfSyntaxError("unclosed literal string: the file ends inside it")


def _unescape_name(raw: bytes) -> str:
    text = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
    return text.decode("utf-8", "surrogateescape")


# ---------------------------------------------------------------------------------- writing


def serialize(value: Any) -> bytes:
    """The PDF syntax for `value` (see the module docstring for the types)."""
    if value is None:
        return b"null"
    if value is True:
        return b"true"
    if value is False:
        return b"false"
    if isinstance(value, Name):
        return b"/" + _escape_name(value)
    if isinstance(value, String):
        return _literal_string(value)
    if isinstance(value, Ref):
        return b"%d %d R" % (value.number, value.generation)
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"a PDF number must be finite, not {value}")
        text = f"{value:.10f}".rstrip("0").rstrip(".")  # PDF has no exponent notation
        return (text if text not in ("", "-0") else "0").encode("ascii")
    if isinstance(value, list):
        return b"[" + b" ".join(serialize(item) for item in value) + b"]"
    if isinstance(value, dict):
        items = (b"/" + _escape_name(key) + b" " + serialize(item) for key, item in value.items())
        return b"<<" + b"".join(items) + b">>"
    if isinstance(value, Stream):
        dictionary = {**value.dictionary, Name("Length"): len(value.data)}
        return serialize(dictionary) + b"\nstream\n" + value.data + b"\nendstream"
    raise TypeError(f"no PDF syntax for {type(value).__name__}")


def text_string(value: str) -> String:
    """A PDF text string (§7.9.2.2): ASCII as is, anything else in UTF-16BE with its BOM."""
    if value.isascii():
        return String(value.encode("ascii"))
    return String(b"\xfe\xff" + value.encode("utf-16-be"))


def decode_text_string(value: Any) -> str:
    """A PDF text string as Python text: UTF-16BE after its BOM, else PDFDocEncoding, read
    as Latin-1 (the same for the printable ASCII and Latin letters that metadata holds)."""
    if not isinstance(value, bytes):
        return ""
    if value.startswith(b"\xfe\xff"):
        return value[2:].decode("utf-16-be", "replace")
    return value.decode("latin-1")


def _literal_string(value: bytes) -> bytes:
    """Printable ASCII as a literal string, anything else (a file ID, UTF-16 text) in hex."""
    if not all(0x20 <= byte < 0x7F for byte in value):
        return b"<" + value.hex().upper().encode("ascii") + b">"
    escaped = value.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped + b")"


def _escape_name(name: str) -> bytes:
    raw = name.encode("utf-8", "surrogateescape")
    return b"".join(bytes([c]) if c in _REGULAR_NAME else b"#%02X" % c for c in raw)


# ------------------------------------------------------------------------ the file's objects


class ClassicPdf:
    """A PDF's objects by number, from its classic cross-reference tables and trailers.

    Sections are read from the last (`startxref`) back along /Prev, the newest entry for an
    object winning, as readers do after incremental updates. Cross-reference streams and
    compressed object streams (PDF 1.5) are refused with a clear error: Typst, LibreOffice and
    pypdf all write classic tables.
    """

    def __init__(self, data: bytes) -> None:
        match = _STARTXREF.search(data[-1024:])
        if not match:
            raise PdfSyntaxError("the PDF has no final 'startxref': it is truncated")
        self.data = data
        self.startxref = int(match.group(1))
        self.offsets: dict[int, tuple[int, int] | None] = {}  # number: (offset, gen) or free
        self.trailer: dict[Name, Any] = {}
        seen: set[int] = set()
        section: int | None = self.startxref
        while section is not None:
            if section in seen or not 0 <= section < len(data):
                raise PdfSyntaxError(f"the cross-reference chain is broken at offset {section}")
            seen.add(section)
            trailer = self._read_section(section)
            for key, value in trailer.items():
                self.trailer.setdefault(key, value)
            previous = trailer.get(Name("Prev"))
            section = previous if isinstance(previous, int) else None

    def resolve(self, value: Any) -> Any:
        """The object `value` refers to, or `value` itself when it is direct."""
        if not isinstance(value, Ref):
            return value
        entry = self.offsets.get(value.number)
        if entry is None or entry[1] != value.generation:
            return None  # §7.3.10: a reference to a missing or free object means null
        return parse_indirect(self.data, entry[0], value)

    def stream_data(self, ref: Any) -> bytes | None:
        """The decoded data of the stream `ref` refers to; None when it is not a stream, is
        encoded with a filter other than Flate, or does not decode."""
        if not isinstance(ref, Ref):
            return None
        entry = self.offsets.get(ref.number)
        if entry is None or entry[1] != ref.generation:
            return None
        dictionary, start = parse_indirect_stream(self.data, entry[0], ref)
        length = self.resolve(dictionary.get(Name("Length")))
        if not isinstance(length, int) or not 0 <= length <= _MAX_STREAM:
            return None
        raw = self.data[start : start + length]
        filters = self.resolve(dictionary.get(Name("Filter")))
        filters = filters if isinstance(filters, list) else [] if filters is None else [filters]
        if not filters:
            return raw
        if filters != ["FlateDecode"] or dictionary.get(Name("DecodeParms")) is not None:
            return None
        try:
            decoder = zlib.decompressobj()
            out = decoder.decompress(raw, _MAX_STREAM)
        except zlib.error:
            return None
        return None if decoder.unconsumed_tail else out

    def pages(self) -> list[tuple[Ref, dict[Name, Any], list[float]]]:
        """Every page in order: its reference, dictionary and media box (inherited or own)."""
        root = self.resolve(self.trailer.get(Name("Root")))
        if not isinstance(root, dict) or not isinstance(root.get("Pages"), Ref):
            raise PdfSyntaxError("the PDF has no page tree")
        found: list[tuple[Ref, dict[Name, Any], list[float]]] = []
        stack: list[tuple[Ref, Any]] = [(root["Pages"], None)]
        visited: set[Ref] = set()
        while stack:
            ref, inherited_box = stack.pop()
            if ref in visited:
                raise PdfSyntaxError("the page tree loops")
            visited.add(ref)
            node = self.resolve(ref)
            if not isinstance(node, dict):
                raise PdfSyntaxError(f"page tree node {ref.number} is not a dictionary")
            box = self.resolve(node.get("MediaBox", inherited_box))
            if node.get("Type") == "Pages" or "Kids" in node:
                kids = self.resolve(node.get("Kids")) or []
                if not isinstance(kids, list) or not all(isinstance(k, Ref) for k in kids):
                    raise PdfSyntaxError(f"page tree node {ref.number} has a broken /Kids")
                stack.extend((kid, box) for kid in reversed(kids))
            else:
                numbers = [self.resolve(v) for v in box] if isinstance(box, list) else []
                if len(numbers) != 4 or not all(
                    isinstance(v, int | float) and not isinstance(v, bool) for v in numbers
                ):
                    raise PdfSyntaxError(f"page object {ref.number} has no valid media box")
                found.append((ref, node, [float(v) for v in numbers]))
        return found

    def _read_section(self, pos: int) -> dict[Name, Any]:
        data = self.data
        pos = _skip_space(data, pos)
        if not data.startswith(b"xref", pos):
            if _OBJECT_HEADER.match(data, pos):
                raise PdfSyntaxError(
                    "the PDF uses a cross-reference stream (PDF 1.5 compression); "
                    "only PDFs with classic cross-reference tables can be finished"
                )
            raise PdfSyntaxError(f"no cross-reference table at offset {pos}")
        pos += 4
        while True:
            subsection = _SUBSECTION.match(data, pos)
            if not subsection:
                break
            first, count = int(subsection.group(1)), int(subsection.group(2))
            pos = subsection.end()
            for number in range(first, first + count):
                entry = _ENTRY.match(data, pos)
                if not entry:
                    raise PdfSyntaxError(f"bad cross-reference entry at offset {pos}")
                pos = entry.end()
                if number not in self.offsets:
                    in_use = entry.group(3) == b"n"
                    offset, generation = int(entry.group(1)), int(entry.group(2))
                    self.offsets[number] = (offset, generation) if in_use else None
        pos = _skip_space(data, pos)
        if not data.startswith(b"trailer", pos):
            raise PdfSyntaxError(f"no trailer after the cross-reference table (offset {pos})")
        trailer, _ = parse_value(data, pos + len(b"trailer"))
        if not isinstance(trailer, dict):
            raise PdfSyntaxError("the trailer is not a dictionary")
        return trailer
