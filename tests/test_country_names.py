"""French country names carry their article (issue 20, item 3).

French contracts "de" and "à" with the article of a country name (« du Ghana », « aux
Philippines », « de l'Ouganda », « de Madagascar »), so the name is stored with its article
and every form is derived from it. `cpc new` proposes the article from a sourced table
(cpc_docs/present/countries_fr.yaml) and adds it to a bare name; `cpc validate` warns of a
name whose
article is not the one French gives it, and still accepts it.
"""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from babel import Locale
from conftest import MINI, REFERENCE
from docx_read import text

from cpc_docs.authoring import new
from cpc_docs.cli.main import Ui
from cpc_docs.cli.new import new_command
from cpc_docs.load.compact import load_compact
from cpc_docs.pipeline import compact_document
from cpc_docs.present.locale import FrenchCountry, french_country_proposal, french_country_table
from cpc_docs.rules.compact import check
from cpc_docs.settings import RenderSettings
from cpc_docs.writers import write

SETTINGS = RenderSettings(date_epoch=1669896000, fingerprint="SHA-256 0123456789abcdef")
MINI_COUNTRY = 'country: {fr: "la Patria", en: "Patria"}'


@pytest.mark.parametrize(
    ("country", "of", "to"),
    [
        ("le Ghana", "du Ghana", "au Ghana"),
        ("la Côte d'Ivoire", "de la Côte d'Ivoire", "à la Côte d'Ivoire"),
        ("les Philippines", "des Philippines", "aux Philippines"),
        ("l'Ouganda", "de l'Ouganda", "à l'Ouganda"),
        ("l’Ouganda", "de l’Ouganda", "à l’Ouganda"),  # the apostrophe as typed
        ("Madagascar", "de Madagascar", "à Madagascar"),
        ("Haïti", "d'Haïti", "à Haïti"),
        ("Israël", "d'Israël", "à Israël"),
    ],
)
def test_the_forms_follow_from_the_article(country, of, to):
    forms = FrenchCountry.parse(country)
    assert (str(forms), forms.of, forms.to) == (country, of, to)


def test_the_table_uses_cldr_names_with_a_french_article():
    """The article belongs to a name: the table's names are those Babel proposes, so that a
    name a user is offered and the article it gets cannot drift apart."""
    table = french_country_table()
    cldr = Locale.parse("fr").territories
    assert len(table) >= 193  # the member states of the United Nations
    assert table["NO"] == "la Norvège"  # a YAML 1.1 key NO would have been read as false
    for code, written in table.items():
        forms = FrenchCountry.parse(written)
        assert forms.article in ("le", "la", "les", "l'", ""), written
        assert forms.name == cldr[code].replace("’", "'"), (code, written)


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("Ghana", "le Ghana"),
        ("Côte d'Ivoire", "la Côte d'Ivoire"),
        ("Philippines", "les Philippines"),
        ("Uganda", "l'Ouganda"),
        ("Madagascar", "Madagascar"),
        ("Mexico", "le Mexique"),  # a masculine in -e
        ("Mozambique", "le Mozambique"),
    ],
)
def test_cpc_new_proposes_the_french_name_with_its_article(english, french):
    assert new.default_country_name(english, "en", "fr") == french


@pytest.mark.parametrize(
    ("given", "proposed"),
    [
        ("Ghana", "le Ghana"),
        ("Côte d’Ivoire", "la Côte d’Ivoire"),  # the user's spelling is kept
        ("Philippines", "les Philippines"),
        ("Ouganda", "l'Ouganda"),
        ("la Madagascar", "Madagascar"),
        ("le Côte d'Ivoire", "la Côte d'Ivoire"),
        ("le Ghana", None),
        ("Madagascar", None),
        ("Patria", None),  # not in the table: not judged
        ("les États-Unis d'Amérique", None),
    ],
)
def test_a_name_gets_the_article_the_table_gives_it(given, proposed):
    assert french_country_proposal(given) == proposed


# --- cpc new ----------------------------------------------------------------------------------


def run_new(runner, args: list[str], input: str | None = None):
    group = click.Group("cpc")
    group.add_command(new_command, "new")
    result = runner.invoke(group, ["new", *args], obj=Ui(), input=input)
    assert result.exit_code == 0, result.output
    return result


OPTIONS = [
    "--no-input",
    "--country-en", "TODO",
    "--place", "Accra",
    "--date", "2025-03-14",
    "--partner-id", "xyz",
    "--focal-name-fr", "Le Secrétariat (HTS)",
    "--focal-name-en", "The Secretariat (HTS)",
    "--focal-email", "hts@example.gov.gh",
]  # fmt: skip


@pytest.mark.parametrize(
    ("bare", "written", "government", "of"),
    [
        ("Ghana", "le Ghana", "le Gouvernement du Ghana", "du Ghana"),
        ("Côte d'Ivoire", "la Côte d'Ivoire", "le Gouvernement de la Côte d'Ivoire",
         "de la Côte d'Ivoire"),
        ("Philippines", "les Philippines", "le Gouvernement des Philippines", "des Philippines"),
        ("Ouganda", "l'Ouganda", "le Gouvernement de l'Ouganda", "de l'Ouganda"),
        ("Madagascar", "Madagascar", "le Gouvernement de Madagascar", "de Madagascar"),
    ],
)  # fmt: skip
def test_cpc_new_writes_a_bare_country_with_its_article(
    runner, tmp_path, bare, written, government, of
):
    out = tmp_path / "new.yaml"
    result = run_new(runner, [*OPTIONS, "--country-fr", bare, "-o", str(out)])
    compact, _ = load_compact(out)
    partner = compact.parties[0]
    assert partner.country["fr"] == written
    assert partner.name["fr"] == government
    us = compact.sections.commitments.items[0]
    assert f"les différents Ministères concernés {of}, pour" in " ".join(
        us.paragraphs[0]["fr"].split()
    )
    assert f"et les Ministères concernés {of}." in us.paragraphs[1]["fr"]
    if written != bare:  # the change is said, not made silently
        assert f"French writes the country « {written} »" in result.output
    else:
        assert "French writes the country" not in result.output


def test_cpc_new_says_when_it_cannot_check_the_article(runner, tmp_path):
    out = tmp_path / "new.yaml"
    result = run_new(runner, [*OPTIONS, "--country-fr", "Patria", "-o", str(out)])
    assert "« Patria » is not in the table of French country names" in result.output
    assert "« pour Patria », « de Patria »" in result.output


def test_the_prompt_shows_the_proposal_with_its_article(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    answers = [
        "en,fr",
        "Ghana",
        "",  # French: the proposal, "le Ghana"
        "",  # the Government of Ghana
        "",  # le Gouvernement du Ghana
        "",  # gha
        "Accra",
        "",  # the same in French
        "2025-03-14",
        "",  # gha-2025
        "",  # 5 years
        "",  # 5 million
        "",  # no bodies
        "The Secretariat (HTS)",
        "Le Secrétariat (HTS)",
        "hts@example.gov.gh",
        "",  # no telephone
    ]
    result = run_new(runner, [], input="\n".join(answers) + "\n")
    question = "as it reads after « pour » (e.g. la Côte d'Ivoire, le Ghana, Madagascar)"
    assert f"{question} [le Ghana]" in result.output
    assert "[le Gouvernement du Ghana]" in result.output
    compact, _ = load_compact(Path("compacts/gha-2025.yaml"))
    assert compact.parties[0].country.root == {"en": "Ghana", "fr": "le Ghana"}
    assert compact.parties[0].name["fr"] == "le Gouvernement du Ghana"


# --- cpc validate ---------------------------------------------------------------------------


def mini_with_country(tmp_path, country: str) -> Path:
    source = MINI.read_text(encoding="utf-8")
    assert source.count(MINI_COUNTRY) == 1
    path = tmp_path / "mini.yaml"
    path.write_text(
        source.replace(MINI_COUNTRY, f'country: {{fr: "{country}", en: "Ghana"}}'),
        encoding="utf-8",
    )
    return path


def test_a_bare_name_is_accepted_with_a_warning_naming_the_form_to_write(tmp_path):
    compact, source = load_compact(mini_with_country(tmp_path, "Ghana"))
    (warning,) = [f for f in check(compact, source) if f.rule == "country-article"]
    assert warning.severity == "warning"
    assert warning.location.path == "parties.0.country.fr"
    assert "« pour le Ghana », « du Ghana », « au Ghana »" in warning.message
    assert warning.message.endswith("write fr: le Ghana")
    # Accepted: it renders, with the name as written.
    fr = text(write(compact_document(compact, "fr", SETTINGS), "docx", "fr", SETTINGS))
    assert "Points focaux pour Ghana" in fr


@pytest.mark.parametrize("country", ["le Ghana", "Madagascar", "la Patria"])
def test_a_name_with_its_french_article_gets_no_warning(tmp_path, country):
    compact, source = load_compact(mini_with_country(tmp_path, country))
    assert not [f for f in check(compact, source) if f.rule == "country-article"]


def test_the_reference_compact_gets_no_country_warning():
    compact, source = load_compact(REFERENCE)
    assert not [f for f in check(compact, source) if f.rule == "country-article"]
