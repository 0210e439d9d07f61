"""One exception root for everything a user can get wrong, and every error class under it.

Why in one module: a caller (the CLI, a test, a library user) catches a stage's errors by
class without importing the stage, and the whole hierarchy reads in one place. Every error
carries where it happened (file, line, column, dotted field path) and, where we
know it, how to fix it. Only the CLI turns these into messages and exit codes; library code
raises and never prints.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    file: str
    line: int | None = None
    column: int | None = None
    path: str = ""  # dotted field path: "sections.goal.title.fr"
    # A node of a document: where its text was written (the compact's YAML field), when it
    # came from the data, as the node's own location is the template line that printed it.
    text_from: Location | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        where = ":".join(parts)
        if self.text_from is not None:
            field = f" {self.text_from.path}" if self.text_from.path else ""
            where += f" (text from {self.text_from}{field})"
        return where


class CpcError(Exception):
    """Root of the errors a user can fix; `str()` is the message the CLI prints."""

    def __init__(self, message: str, location: Location | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        prefix = f"{self.location}: " if self.location else ""
        field = f"{self.location.path}: " if self.location and self.location.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{prefix}error: {field}{self.message}{hint}"


class InputError(CpcError):
    """An input file cannot be read or parsed (YAML syntax, encoding, size)."""


class ValidationFailed(CpcError):
    """An input file was read but does not describe a valid compact or report.

    `findings` holds every error found, so the user can fix them all in one pass.
    """

    def __init__(self, findings: list, file: str) -> None:  # list[Finding]
        super().__init__(f"{file}: {len(findings)} error(s)", Location(file))
        self.findings = findings

    def __str__(self) -> str:
        return "\n".join(str(f) for f in self.findings)


class TemplateFailure(CpcError):
    """A template is broken or uses a value that does not exist."""


class OutputError(CpcError):
    """An output cannot be written (permissions, full disk, a signed file in the way)."""


class ChildDied(CpcError):
    """A worker process stopped without answering: killed (out of memory?) or crashed."""


class WriterError(CpcError):
    """A writer cannot turn a document into its format (an unknown format, a node or a value
    the format cannot show, a reference DOCX without a style it needs)."""


class UnsupportedNode(WriterError):
    """A writer met a node type or paragraph role it cannot render."""


class PdfRenderError(WriterError):
    """Typst could not typeset the document (e.g. an image that is not a PNG or SVG)."""


class FinishingError(WriterError):
    """The PDF cannot be finished as asked (bad field name, a spot off the page…)."""


class SigningError(CpcError):
    """The PDF cannot or must not be signed as asked."""


class PassphraseNeeded(SigningError):
    """The private key (or PKCS#12 file) is encrypted and no passphrase was given."""


class StampError(CpcError):
    """The signature's appearance could not be typeset."""


class VerifyError(CpcError):
    """The PDF cannot be verified at all (not a PDF pyHanko can read, a bad trust root…)."""
