"""The PDF object syntax that finishing reads and writes, checked against pypdf's reading."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from cpc_docs.writers.pdfsyntax import (
    ClassicPdf,
    Name,
    PdfSyntaxError,
    Ref,
    Stream,
    String,
    parse_value,
    serialize,
    text_string,
)


@pytest.mark.parametrize(
    ("source", "value"),
    [
        (b"  42 ", 42),
        (b"-3.5", -3.5),
        (b".5", 0.5),
        (b"true", True),
        (b"null", None),
        (b"/Type", Name("Type")),
        (b"/A#20B", Name("A B")),
        (b"12 0 R", Ref(12, 0)),
        (b"[1 0 R 2]", [Ref(1), 2]),
        (b"[1 2]", [1, 2]),
        (b"(a (nested) \\) string\\n)", String(b"a (nested) ) string\n")),
        (b"(\\101\\7x)", String(b"A\x07x")),
        (b"(split \\\nline)", String(b"split line")),
        (b"<48 65 6c6C 6>", String(b"Hell`")),
        (b"<</A<</B[(x)]>>/C 1 0 R>>", {"A": {"B": [String(b"x")]}, "C": Ref(1)}),
        (b"% a comment\n/X", Name("X")),
    ],
)
def test_parses_each_kind_of_object(source: bytes, value: object) -> None:
    parsed, end = parse_value(source, 0)
    assert parsed == value and type(parsed) is type(value)
    assert source[end:].strip() == b""


@pytest.mark.parametrize("source", [b"", b"(unclosed", b"<4", b"<zz>", b"<<1 2>>", b"@"])
def test_refuses_what_is_not_an_object(source: bytes) -> None:
    with pytest.raises(PdfSyntaxError):
        parse_value(source, 0)


def test_what_it_writes_it_reads_back() -> None:
    value = {
        Name("Title"): text_string("Pacte (CPC) \\ Côte d'Ivoire ✓"),
        Name("Odd name/#"): [Ref(3), 1.25, -0.0, 7, True, None, String(b"\x00\xff")],
        Name("Nested"): {Name("K"): Name("V w")},
    }
    parsed, _ = parse_value(serialize(value), 0)
    assert parsed == value
    assert serialize(Stream({Name("Type"): Name("XObject")}, b"q Q")) == (
        b"<</Type /XObject/Length 3>>\nstream\nq Q\nendstream"
    )


def test_text_strings_read_back_by_pypdf() -> None:
    """ASCII stays readable in the file; anything else is UTF-16 with its byte-order mark."""
    assert text_string("CPC") == b"CPC"
    assert text_string("État").startswith(b"\xfe\xff")
    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    writer.add_metadata({"/Title": "x"})
    out = io.BytesIO()
    writer.write(out)
    pdf = ClassicPdf(out.getvalue())
    assert pdf.resolve(pdf.trailer["Info"])["Title"] == b"x"


def pdf_with_update() -> bytes:
    """A pypdf PDF of two pages, then an incremental update that renames the first page's
    box and frees nothing: the reader must follow /Prev and take the newest entries."""
    writer = PdfWriter()
    writer.add_blank_page(100, 200)
    writer.add_blank_page(300, 400)
    writer.add_metadata({"/Title": "first"})
    out = io.BytesIO()
    writer.write(out)
    original = out.getvalue()
    reader = PdfReader(io.BytesIO(original))
    info_ref = reader.trailer.raw_get("/Info")
    info = reader.trailer["/Info"].get_object()
    info[NameObject("/Title")] = TextStringObject("second")
    body = io.BytesIO()
    info.write_to_stream(body)
    start = len(original) + 1
    update = b"\n%d 0 obj\n" % info_ref.idnum + body.getvalue() + b"\nendobj\n"
    xref = len(original) + len(update)
    startxref = original.rsplit(b"startxref", 1)[1].split()[0]
    update += b"xref\n%d 1\n%010d 00000 n\r\n" % (info_ref.idnum, start)
    update += b"trailer\n<</Size %d/Root %d 0 R/Info %d 0 R/Prev %s>>\n" % (
        int(reader.trailer["/Size"]),
        reader.trailer.raw_get("/Root").idnum,
        info_ref.idnum,
        startxref,
    )
    update += b"startxref\n%d\n%%%%EOF\n" % xref
    return original + update


def test_follows_updates_to_the_newest_object() -> None:
    data = pdf_with_update()
    assert PdfReader(io.BytesIO(data)).metadata.title == "second"  # the fixture is right
    pdf = ClassicPdf(data)
    assert pdf.resolve(pdf.trailer["Info"])["Title"] == b"second"
    assert [box for _, _, box in pdf.pages()] == [[0, 0, 100, 200], [0, 0, 300, 400]]


def test_refuses_a_cross_reference_stream() -> None:
    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    # pypdf writes a classic table; rewrite its startxref to point at an object instead.
    first_object = data.index(b"1 0 obj")
    tail = data.rsplit(b"startxref", 1)[0]
    broken = tail + b"startxref\n%d\n%%%%EOF\n" % first_object
    with pytest.raises(PdfSyntaxError, match="cross-reference stream"):
        ClassicPdf(broken)


@pytest.mark.parametrize(
    ("cut", "message"),
    [
        (lambda d: d[: len(d) // 2], "truncated"),
        (lambda d: d.replace(b"trailer", b"trail3r"), "no trailer"),
        (lambda d: d.replace(b" 00000 n", b" 0000x n", 1), "bad cross-reference entry"),
    ],
)
def test_damaged_files_get_a_clear_error(cut: Callable[[bytes], bytes], message: str) -> None:
    with pytest.raises(PdfSyntaxError, match=message):
        ClassicPdf(cut(pdf_with_update()))


def test_line_ends_in_strings_read_as_one_line_feed() -> None:
    assert parse_value(b"(a\r\nb\rc\nd)", 0)[0] == b"a\nb\nc\nd"


def test_numbers_keep_their_precision_and_refuse_infinity() -> None:
    assert serialize(1e-05) == b"0.00001" and serialize(123456.78901) == b"123456.78901"
    with pytest.raises(ValueError, match="finite"):
        serialize(float("inf"))


def test_binary_strings_are_written_in_hex() -> None:
    assert serialize(String(b"\x00\xffA")) == b"<00FF41>"
    assert serialize(String(b"a(b)\\")) == b"(a\\(b\\)\\\\)"


@pytest.mark.parametrize(
    ("page_tree", "message"),
    [
        (b"<</Type/Pages/Kids[<</Type/Page>>]/Count 1>>", "broken /Kids"),
        (b"<</Type/Pages/Kids[3 0 R]/Count 1/MediaBox[0 0 (a) 1]>>", "no valid media box"),
    ],
)
def test_broken_page_trees_are_refused(page_tree: bytes, message: str) -> None:
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", page_tree, b"<</Type/Page/Parent 2 0 R>>"]
    data = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 4\n0000000000 65535 f\r\n"
    data += b"".join(b"%010d 00000 n\r\n" % offset for offset in offsets)
    data += b"trailer\n<</Size 4/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref
    with pytest.raises(PdfSyntaxError, match=message):
        ClassicPdf(bytes(data)).pages()
