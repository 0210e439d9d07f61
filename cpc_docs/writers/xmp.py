"""The XMP metadata packet of a finished PDF: written in step with its Info dictionary, and
the PDF/A and PDF/UA claims it carries read back.

Why finishing writes its own packet instead of leaving the typesetter's: finishing sets the
document information dictionary (title, author, dates, the creating tool…), and an archival
PDF must say the same thing in both places (ISO 19005-1 §6.7.3 makes it a rule, and PDF/A-2
validators still compare them); the typesetter's packet names the typesetter as the creating
tool where Info names cpc-docs. So the packet is rebuilt from the very values written to Info,
and the conformance claims the typesetter made (`pdfaid`, `pdfuaid`) are carried over: the
typesetter made them, finishing keeps them true (see finishing.py).

The packet is plain RDF/XML with one `rdf:Description`, the PDF/UA identification schema
declared as a PDF/A extension schema (PDF/A-2 predefines no `pdfuaid`), UTF-8, no `bytes` or
`encoding` attribute in its header (ISO 19005-2 §6.6.2.1). Reading uses ElementTree, which
never fetches external entities; a packet that is not XML has no claims.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.sax.saxutils import escape

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
# cpc-docs' own properties: whether `cpc check` found the language versions concordant, when
# a render went ahead although it did not (cpc:concordance "discordant", cpc:errors).
CPC = "urn:cpc-docs:ns:concordance:1.0/"
DISCORDANT = "discordant"
# Not allowed in XML 1.0 text, whatever the escaping.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Conformance:
    """What a PDF claims to conform to, as its XMP says (nothing claimed: all None)."""

    pdfa_part: int | None = None
    pdfa_level: str | None = None  # "A", "B" or "U"
    pdfua_part: int | None = None

    @property
    def pdfa(self) -> str | None:
        """ "PDF/A-2a", or None when no PDF/A part is claimed."""
        if self.pdfa_part is None:
            return None
        return f"PDF/A-{self.pdfa_part}{(self.pdfa_level or '').lower()}"

    @property
    def pdfua(self) -> str | None:
        return None if self.pdfua_part is None else f"PDF/UA-{self.pdfua_part}"

    def __str__(self) -> str:
        claims = [c for c in (self.pdfa, self.pdfua) if c]
        return " and ".join(claims) if claims else "no PDF/A or PDF/UA claim"


@dataclass(frozen=True)
class XmpFacts:
    """The values of the document information dictionary, to say again in XMP.

    Each maps to one Info entry: title → Title, subject → Subject, author → Author,
    keywords → Keywords, creator_tool → Creator, producer → Producer, created →
    CreationDate, modified → ModDate (seconds since 1970, UTC). `language` is the catalog's
    /Lang; `source` the inputs' fingerprint (dc:source: what the document was made from).
    """

    title: str = ""
    subject: str = ""
    author: str = ""
    keywords: str = ""
    creator_tool: str = ""
    producer: str = ""
    created: int | None = None
    modified: int | None = None
    language: str = ""
    source: str = ""
    # Info's CPCConcordance ("discordant", or "" for nothing to say) and the number of errors.
    concordance: str = ""
    discordant_errors: int | None = None


@dataclass(frozen=True)
class Concordance:
    """What a PDF's XMP says of its concordance: "discordant" and the number of errors of
    `cpc check` its render went past; nothing ("", None) for a concordant render."""

    state: str = ""
    errors: int | None = None

    @property
    def discordant(self) -> bool:
        return self.state == DISCORDANT


def read_conformance(packet: bytes | None) -> Conformance:
    """The claims of an XMP packet, in element (`<pdfaid:part>2</…>`) or attribute
    (`pdfaid:part="2"`) form; none for a packet that is missing or not XML."""
    if not packet:
        return Conformance()
    try:
        root = ElementTree.fromstring(packet)
    except ElementTree.ParseError:
        return Conformance()
    values: dict[str, str] = {}
    for description in root.iter(f"{{{RDF}}}Description"):
        for key, value in description.attrib.items():
            values.setdefault(key, value.strip())
        for child in description:
            if child.text and child.text.strip():
                values.setdefault(child.tag, child.text.strip())
    return Conformance(
        pdfa_part=_integer(values.get(f"{{{PDFAID}}}part")),
        pdfa_level=(values.get(f"{{{PDFAID}}}conformance") or None),
        pdfua_part=_integer(values.get(f"{{{PDFUAID}}}part")),
    )


def read_concordance(packet: bytes | None) -> Concordance:
    """The concordance mark of an XMP packet (none for a packet that is missing or not XML)."""
    if not packet:
        return Concordance()
    try:
        root = ElementTree.fromstring(packet)
    except ElementTree.ParseError:
        return Concordance()
    for description in root.iter(f"{{{RDF}}}Description"):
        state = description.get(f"{{{CPC}}}concordance") or description.findtext(
            f"{{{CPC}}}concordance"
        )
        if state:
            errors = description.get(f"{{{CPC}}}errors") or description.findtext(f"{{{CPC}}}errors")
            return Concordance(state.strip(), _integer(errors.strip() if errors else None))
    return Concordance()


def _integer(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def xmp_date(epoch: int) -> str:
    """The XMP form of a date (ISO 8601, UTC): the same instant as `pdf_date` gives Info."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def packet(facts: XmpFacts, conformance: Conformance) -> bytes:
    """An XMP packet saying `facts` and claiming `conformance`, UTF-8 encoded."""
    properties: list[str] = []
    if facts.title:
        properties.append(_alternative("dc:title", facts.title))
    if facts.subject:
        properties.append(_alternative("dc:description", facts.subject))
    if facts.author:
        properties.append(f"<dc:creator><rdf:Seq><rdf:li>{_text(facts.author)}</rdf:li>"
                          "</rdf:Seq></dc:creator>")  # fmt: skip
    if facts.language:
        properties.append(f"<dc:language><rdf:Bag><rdf:li>{_text(facts.language)}</rdf:li>"
                          "</rdf:Bag></dc:language>")  # fmt: skip
    if facts.source:
        properties.append(_simple("dc:source", facts.source))
    properties.append(_simple("dc:format", "application/pdf"))
    if facts.keywords:
        properties.append(_simple("pdf:Keywords", facts.keywords))
    if facts.producer:
        properties.append(_simple("pdf:Producer", facts.producer))
    if facts.creator_tool:
        properties.append(_simple("xmp:CreatorTool", facts.creator_tool))
    if facts.created is not None:
        properties.append(_simple("xmp:CreateDate", xmp_date(facts.created)))
    if facts.modified is not None:
        properties.append(_simple("xmp:ModifyDate", xmp_date(facts.modified)))
        properties.append(_simple("xmp:MetadataDate", xmp_date(facts.modified)))
    if conformance.pdfa_part is not None:
        properties.append(_simple("pdfaid:part", str(conformance.pdfa_part)))
        if conformance.pdfa_level:
            properties.append(_simple("pdfaid:conformance", conformance.pdfa_level))
    schemas: list[str] = []
    if conformance.pdfua_part is not None:
        properties.append(_simple("pdfuaid:part", str(conformance.pdfua_part)))
        if conformance.pdfa_part is not None:
            schemas.append(_PDFUA_SCHEMA)
    namespaces = ""
    if facts.concordance:
        namespaces = f' xmlns:cpc="{CPC}"'
        properties.append(_simple("cpc:concordance", facts.concordance))
        if facts.discordant_errors is not None:
            properties.append(_simple("cpc:errors", str(facts.discordant_errors)))
        schemas.append(_CPC_SCHEMA)
    if schemas:
        properties.append(
            "<pdfaExtension:schemas><rdf:Bag>"
            + "".join(schemas)
            + "</rdf:Bag></pdfaExtension:schemas>"
        )
    body = "".join(properties)
    text = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f'<rdf:RDF xmlns:rdf="{RDF}">'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        f' xmlns:pdfaid="{PDFAID}"'
        f' xmlns:pdfuaid="{PDFUAID}"'
        ' xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
        ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"'
        ' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"'
        f"{namespaces}>"
        f"{body}</rdf:Description></rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    )
    return text.encode("utf-8")


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _simple(name: str, value: str) -> str:
    return f"<{name}>{_text(value)}</{name}>"


def _alternative(name: str, value: str) -> str:
    return (f'<{name}><rdf:Alt><rdf:li xml:lang="x-default">{_text(value)}</rdf:li>'
            f"</rdf:Alt></{name}>")  # fmt: skip


# ISO 19005-2 §6.6.2.3: a property of a schema PDF/A-2 does not predefine (pdfuaid came
# later) is declared in the packet with the PDF/A extension schema container schema: one
# `pdfaExtension:schemas` bag, with one of these per schema.
_PDFUA_SCHEMA = (
    '<rdf:li rdf:parseType="Resource">'
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    f"<pdfaSchema:namespaceURI>{PDFUAID}</pdfaSchema:namespaceURI>"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    "<pdfaSchema:property><rdf:Seq>"
    '<rdf:li rdf:parseType="Resource">'
    "<pdfaProperty:name>part</pdfaProperty:name>"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    "<pdfaProperty:category>internal</pdfaProperty:category>"
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed"
    "</pdfaProperty:description>"
    "</rdf:li>"
    "</rdf:Seq></pdfaSchema:property>"
    "</rdf:li>"
)
# The same for cpc-docs' own properties, written only on a discordant render.
_CPC_SCHEMA = (
    '<rdf:li rdf:parseType="Resource">'
    "<pdfaSchema:schema>cpc-docs concordance of the language versions</pdfaSchema:schema>"
    f"<pdfaSchema:namespaceURI>{CPC}</pdfaSchema:namespaceURI>"
    "<pdfaSchema:prefix>cpc</pdfaSchema:prefix>"
    "<pdfaSchema:property><rdf:Seq>"
    '<rdf:li rdf:parseType="Resource">'
    "<pdfaProperty:name>concordance</pdfaProperty:name>"
    "<pdfaProperty:valueType>Text</pdfaProperty:valueType>"
    "<pdfaProperty:category>internal</pdfaProperty:category>"
    "<pdfaProperty:description>discordant: rendered although cpc check found errors in "
    "the language versions; not for signature</pdfaProperty:description>"
    "</rdf:li>"
    '<rdf:li rdf:parseType="Resource">'
    "<pdfaProperty:name>errors</pdfaProperty:name>"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    "<pdfaProperty:category>internal</pdfaProperty:category>"
    "<pdfaProperty:description>The number of errors cpc check found</pdfaProperty:description>"
    "</rdf:li>"
    "</rdf:Seq></pdfaSchema:property>"
    "</rdf:li>"
)
