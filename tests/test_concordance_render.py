"""Nothing discordant gets signed: `cpc render` refuses a compact whose versions disagree.

A copy of the small complete compact with one change of meaning in its English (a negation
added) is refused: nothing written, the finding and the way out said, exit 1. With
`--allow-discordant` it renders and the manifest records what was let through; a reviewed
waiver lets it render as concordant; every manifest records the check.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import MINI

from cpc_docs.checks import gate
from cpc_docs.cli.main import main

CONCORDANT = "The Participants meet once a year."
DISCORDANT = "The Participants do not meet once a year."


def _discordant(folder: Path) -> Path:
    text = MINI.read_text(encoding="utf-8")
    assert CONCORDANT in text
    compact = folder / "mini.yaml"
    compact.write_text(text.replace(CONCORDANT, DISCORDANT), encoding="utf-8")
    return compact


def _render(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["render", *args, "--lang", "fr", "--format", "docx"])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def test_a_discordant_compact_is_not_rendered(tmp_path: Path) -> None:
    compact = _discordant(tmp_path)
    out = tmp_path / "out"
    code, output = _render(str(compact), "-o", str(out))
    assert code == 1
    assert not out.exists() or not any(out.iterdir())
    assert "error: sections.monitoring.items.0.paragraphs.0: negation differs" in output
    assert "[negation]" in output
    assert "not rendered: its language versions disagree (1 error(s) of cpc check" in output
    assert "--allow-discordant" in output


def test_allow_discordant_renders_and_the_manifest_records_it(tmp_path: Path) -> None:
    compact = _discordant(tmp_path)
    out = tmp_path / "out"
    code, output = _render(str(compact), "-o", str(out), "--allow-discordant")
    assert code == 0, output
    assert "warning: sections.monitoring.items.0.paragraphs.0: negation differs" in output
    assert "(rendered with --allow-discordant)" in output
    manifest = json.loads((out / "mini.fr.docx.manifest.json").read_text(encoding="utf-8"))
    check = manifest["check"]
    assert check["concordant"] is False and check["allowed_discordant"] is True
    assert check["errors"] == 1
    (finding,) = check["findings"]
    assert finding["rule"] == "negation"
    assert finding["path"] == "sections.monitoring.items.0.paragraphs.0"
    assert str(tmp_path) not in json.dumps(check)  # the same bytes from any folder


def test_a_concordant_render_records_the_check(tmp_path: Path) -> None:
    code, output = _render(str(MINI), "-o", str(tmp_path))
    assert code == 0, output
    manifest = json.loads((tmp_path / "mini.fr.docx.manifest.json").read_text(encoding="utf-8"))
    assert manifest["check"]["concordant"] is True
    assert manifest["check"]["errors"] == 0
    assert manifest["check"]["allowed_discordant"] is False


def test_a_reviewed_waiver_lets_it_through(tmp_path: Path) -> None:
    compact = _discordant(tmp_path)
    (tmp_path / ".cpc-check.yaml").write_text(
        "waivers:\n"
        "  - rule: negation\n"
        "    path: sections.monitoring.items.0.paragraphs.0\n"
        "    file: mini.yaml\n"
        "    reason: reviewed by the language officer (test)\n",
        encoding="utf-8",
    )
    assert gate.waiver_file(compact) == tmp_path / ".cpc-check.yaml"
    code, output = _render(str(compact), "-o", str(tmp_path / "out"))
    assert code == 0, output
    manifest = json.loads(
        (tmp_path / "out" / "mini.fr.docx.manifest.json").read_text(encoding="utf-8")
    )
    assert manifest["check"]["concordant"] is True and manifest["check"]["waived"] == 1


def test_the_gate_checks_only_the_compact_it_renders(tmp_path: Path) -> None:
    compact = _discordant(tmp_path)
    (tmp_path / "other.yaml").write_text("title: {fr: Un, en: Two}\n", encoding="utf-8")
    result = gate.run(compact)
    assert [f.rule for f in result.errors] == ["negation"]
    assert all(f.location.file == str(compact) for f in result.errors)


def test_a_rule_the_project_made_a_warning_does_not_stop_the_render(tmp_path: Path) -> None:
    compact = _discordant(tmp_path)
    (tmp_path / ".cpc-check.yaml").write_text("severities:\n  negation: warning\n", "utf-8")
    code, output = _render(str(compact), "-o", str(tmp_path / "out"))
    assert code == 0, output
