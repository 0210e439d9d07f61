"""What a render is asked for: templates, timestamp, fingerprint, paper, PDF engine.

Read by the templating stage (where the templates are) and the writers (which reference DOCX,
which PDF engine); it imports nothing, so neither stage depends on the other through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cpc_docs.shipped import TEMPLATE_ROOT


@dataclass(frozen=True)
class RenderSettings:
    template_root: Path = TEMPLATE_ROOT
    date_epoch: int = 0  # every timestamp in the outputs (SOURCE_DATE_EPOCH)
    fingerprint: str = ""  # short hash of the inputs, printed in footers
    paper: str = "a4"
    pdf_engine: str = "typst"  # or "libreoffice": the DOCX converted by soffice

    def reference_docx(self, lang: str) -> Path:
        return self.template_root / lang / "reference.docx"
