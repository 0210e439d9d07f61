"""A finding: one thing wrong (error) or worth a look (warning), with where it is.

Validation, domain rules and translation checks all speak in findings so the CLI prints them
the same way: `FILE:LINE:COL: severity: field.path: message`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from cpc_docs.errors import Location

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    location: Location

    def __str__(self) -> str:
        field = f"{self.location.path}: " if self.location.path else ""
        return f"{self.location}: {self.severity}: {field}{self.message} [{self.rule}]"

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "path": self.location.path,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """The finding `as_dict` gave (KeyError, TypeError when `data` is not one)."""
        where = Location(data["file"], data["line"], data["column"], data["path"])
        return cls(data["rule"], data["severity"], data["message"], where)


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]
