"""What a wheel carries: every language folder of templates/ is package data.

`make package-test` (run by CI) builds the wheel and renders from it outside the checkout;
this test catches the cheaper mistake first: a language folder added to templates/ but not
declared in pyproject.toml would be left out of the wheel, and rendering from an installed
cpc-docs would say "no templates for language …".
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from cpc_docs.shipped import TEMPLATE_ROOT, languages_in, project_templates, template_root_for

ROOT = Path(__file__).resolve().parent.parent


def test_every_language_folder_is_declared_as_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    packages = set(config["setuptools"]["packages"])
    data = config["setuptools"]["package-data"]
    languages = languages_in(ROOT / "templates")
    assert {"fr", "en"} <= set(languages)
    for lang in languages:
        assert f"cpc_docs.templates.{lang}" in packages, lang
        patterns = data[f"cpc_docs.templates.{lang}"]
        shipped = {p.name for p in (ROOT / "templates" / lang).iterdir()}
        assert all(any(Path(name).match(pattern) for pattern in patterns) for name in shipped)
    assert config["setuptools"]["package-dir"]["cpc_docs.templates"] == "templates"


def test_the_termbase_is_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert "*.yaml" in config["setuptools"]["package-data"]["cpc_docs.checks"]
    assert (ROOT / "cpc_docs" / "checks" / "termbase.yaml").is_file()


def test_a_templates_folder_beside_the_compacts_overrides_the_shipped_one(tmp_path: Path) -> None:
    compact = tmp_path / "compacts" / "x.yaml"
    compact.parent.mkdir()
    compact.write_text("", encoding="utf-8")
    assert template_root_for(compact, None) == TEMPLATE_ROOT
    (tmp_path / "templates").mkdir()  # an empty folder of that name is not a template folder
    assert project_templates(compact) is None
    (tmp_path / "templates" / "fr").mkdir()
    (tmp_path / "templates" / "fr" / "compact.md.j2").write_text("x", encoding="utf-8")
    assert template_root_for(compact, None) == tmp_path / "templates"
    given = tmp_path / "mine"
    assert template_root_for(compact, given) == given
