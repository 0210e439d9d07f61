"""Where the data shipped with cpc-docs lives, and which template folder a render uses.

The templates, reference DOCX files and the termbase are package data: a wheel installed
anywhere carries them (`cpc_docs/templates/` inside the package, mapped from the repository's
`templates/` by pyproject.toml). Run from a checkout, the same names are found at the
repository's root, so the templates are edited where the layout has them and never copied.

A project may bring its own templates: `--templates DIR`, or a `templates/` folder beside its
compacts (in the compact's folder or the folder above it). The shipped ones are the default.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpc_docs.errors import CpcError, Location, TemplateFailure

if TYPE_CHECKING:
    import typst

# The package's own folder: data files at its root (clauses.yaml) are named from here.
PACKAGE_DIR = Path(__file__).resolve().parent
FONTS = PACKAGE_DIR / "writers" / "fonts"  # Liberation Serif: the PDFs' and the charts' fonts


@cache
def typst_fonts() -> typst.Fonts:
    """The shipped fonts and Typst's embedded ones (for a glyph they lack), never the
    machine's: found once per process, the same files on every machine, so the same document
    gives the same bytes. For every Typst compile: the PDFs, the charts, the signature stamp."""
    import typst

    return typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(FONTS)]
    )


_CHECKOUT = PACKAGE_DIR.parent


def shipped(name: str) -> Path:
    """A file or folder of the package's data: inside the installed package, or at the
    checkout's root when cpc-docs runs from its source tree (an editable install)."""
    inside = Path(str(resources.files("cpc_docs").joinpath(name)))
    if inside.exists():
        return inside
    return _CHECKOUT / name


TEMPLATE_ROOT = shipped("templates")
DEFAULT_LANGUAGES: tuple[str, ...] = ("fr", "en")


@cache
def shipped_languages() -> tuple[str, ...]:
    """The languages cpc-docs has a folder for, French and English (the first ones) first:
    what the model accepts and `--lang` offers."""
    found = languages_in(TEMPLATE_ROOT)
    return (
        *(lang for lang in DEFAULT_LANGUAGES if lang in found),
        *(lang for lang in found if lang not in DEFAULT_LANGUAGES),
    )


@cache
def language_data(lang: str, name: str) -> dict[str, Any]:
    """A data file of a shipped language folder (`locale.yaml`, `report.yaml`), read once."""

    path = TEMPLATE_ROOT / lang / name
    try:
        data: dict[str, Any] = read_data(path)
    except OSError:
        raise CpcError(
            f"the language {lang!r} has no {name} ({path})",
            Location(str(path)),
            "a language folder needs it (docs/adding-a-language.md)",
        ) from None
    return data


def read_data(path: Path) -> Any:
    """A data file shipped with cpc-docs, read safely with libyaml's loader (the same data,
    ~10× faster than PyYAML's pure Python one: ~5 ms a file on a cold render's critical
    path); PyYAML's where libyaml is missing."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def draft_word(lang: str) -> str:
    """The word across every page of a draft in `lang` (locale.yaml `draft_word`); empty when
    the language lacks it, and the writers' error then names the key."""
    return str(language_data(lang, "locale.yaml").get("draft_word", ""))


class ByLanguage:
    """`TABLE[lang]`: one key of every language's data file, e.g. `LOCALES["fr"]`."""

    def __init__(self, name: str, key: str, convert: Callable[[Any], Any] = lambda x: x) -> None:
        self.name, self.key, self.convert = name, key, convert

    def __getitem__(self, lang: str) -> Any:
        return self.convert(language_data(lang, self.name)[self.key])


def project_templates(document: Path) -> Path | None:
    """A `templates/` folder beside a compact or report: in its folder or the one above
    (`compacts/x.yaml` → `templates/`), as a repository of compacts lays them out."""
    here = document.resolve().parent
    for folder in (here, here.parent):
        candidate = folder / "templates"
        if languages_in(candidate):  # a folder of templates, not any folder of that name
            return candidate
    return None


def template_root_for(document: Path, given: Path | None) -> Path:
    """The template folder for a document: the one given, a project's, or the shipped one."""
    return given or project_templates(document) or TEMPLATE_ROOT


def languages_in(root: Path) -> list[str]:
    """The language folders of a template root (those holding at least one template)."""
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and any(p.glob("*.j2")))


def no_language_folder(root: Path, lang: str) -> TemplateFailure:
    """The error for a language the template folder lacks: where it looked, what it has."""
    found = languages_in(root)
    folder = root / lang
    return TemplateFailure(
        f"no templates for language {lang!r} in {root}"
        + (f" (it has {', '.join(found)})" if found else ""),
        Location(str(folder)),
        f"add the folder {folder} (a copy of another language's folder is a start), "
        "or give another template folder with --templates",
    )
