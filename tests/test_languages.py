"""A language is a folder: a toy one, added from a fixture folder to a copy of the package,
is offered, validated, rendered and written in its own words, with no code changed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import MINI, ROOT
from docx_read import paragraphs


def _toy_folder(target: Path) -> None:
    """Portuguese, started from the English folder as docs/adding-a-language.md says."""
    shutil.copytree(ROOT / "templates" / "en", target)
    locale = yaml.safe_load((target / "locale.yaml").read_text(encoding="utf-8"))
    locale.update(babel="pt_BR", bcp47="pt-BR", number_words="pt_BR")
    locale["units"] = {
        "years": ["ano", "anos"],
        "months": ["mês", "meses"],
        "days": ["dia", "dias"],
    }
    locale["unit_words"] = locale["units"]
    locale["money"] = {"style": "name", "of": "de", "scales": {
        "billion": ["bilhão", "bilhões"], "million": ["milhão", "milhões"]}}  # fmt: skip
    (target / "locale.yaml").write_text(yaml.safe_dump(locale, allow_unicode=True), "utf-8")
    formulas = yaml.safe_load((target / "formulas.yaml").read_text(encoding="utf-8"))
    formulas["agreed"] = "Decidiram o seguinte:"
    formulas["signed_one_language"] = (
        "ASSINADO em {place}, em {date}, em {originals} vias, em {language}."
    )
    (target / "formulas.yaml").write_text(yaml.safe_dump(formulas, allow_unicode=True), "utf-8")


def _only(node: object, old: str, new: str) -> object:
    """The compact's `old` texts relabeled `new`, the others dropped: a one-language copy."""
    if isinstance(node, dict):
        if old in node and set(node) <= {"fr", "en"}:
            return {new: node[old]}
        return {key: _only(value, old, new) for key, value in node.items()}
    if isinstance(node, list):
        return [_only(value, old, new) for value in node]
    return node


def test_a_toy_language_folder_is_enough(tmp_path: Path) -> None:
    package = tmp_path / "site"
    shutil.copytree(ROOT / "cpc_docs", package / "cpc_docs",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copytree(ROOT / "templates", package / "cpc_docs" / "templates")
    _toy_folder(package / "cpc_docs" / "templates" / "pt")

    data = _only(yaml.safe_load(MINI.read_text(encoding="utf-8")), "en", "pt")
    assert isinstance(data, dict)
    data["languages"] = ["pt"]
    compact = tmp_path / "mini.yaml"
    compact.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    def cpc(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", "from cpc_docs.cli.main import main; main()", *args],
            capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
            env={"PYTHONPATH": str(package), "PATH": "/usr/bin:/bin", "CPC_CACHE_DIR": ""},
        )  # fmt: skip

    assert "[fr|en|es|pt]" in " ".join(cpc("render", "--help").stdout.split())
    done = cpc("render", str(compact), "--format", "docx", "-o", "out")
    assert done.returncode == 0, done.stderr
    texts = [p.text for p in paragraphs((tmp_path / "out" / "mini.pt.docx").read_bytes())]
    assert "Decidiram o seguinte:" in texts
    signed = next(t for t in texts if t.startswith("ASSINADO em"))
    assert (
        signed
        == "ASSINADO em Capital City, em 1 de dezembro de 2022, em dois (2) vias, em português."
    )
    assert any("5\u00a0milhões de" in t for t in texts)  # Babel's currency name in Portuguese
