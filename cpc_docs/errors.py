"""One exception root for everything a user can get wrong.

Every error carries where it happened (file, line, column, dotted field path) and, where we
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

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


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
