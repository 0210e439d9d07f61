"""`cpc new`: a new compact that validates, with exactly the parts still to write reported.

A new user's first day: answer a few questions (or pass them as options), get a file that
`cpc validate` accepts as far as it goes and whose remaining errors are a to-do list, each
"still to write" with its line. The standard sections come from the one library of clauses
that the renderer also uses.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import click
import pytest
from conftest import MINI, ROOT
from docx_read import paragraphs
from hypothesis import given, settings
from hypothesis import strategies as st

from cpc_docs.authoring import compact_draft, new
from cpc_docs.authoring.yamltext import WIDTH, Draft, write_yaml
from cpc_docs.cli.main import Ui, main, validate
from cpc_docs.cli.new import BODY_SEPARATOR, body_names, gather_bodies, new_command
from cpc_docs.load.compact import load_compact, standard_clauses
from cpc_docs.load.yamlsource import parse_text
from cpc_docs.model.compact import LANGUAGES
from cpc_docs.rules.compact import check

OPTIONS = [
    "--no-input",
    "--country-fr", "le Ghana",
    "--country-en", "Ghana",
    "--place", "Accra",
    "--date", "2025-03-14",
    "--amount", "5 million",
    "--body", "HTS", "Secrétariat de lutte contre la traite", "Human Trafficking Secretariat",
    "--focal-name-fr", "Le Secrétariat de lutte contre la traite (HTS)",
    "--focal-name-en", "The Human Trafficking Secretariat (HTS)",
    "--focal-email", "hts@example.gov.gh",
    "--focal-phone", "+233 30 000 0000",
]  # fmt: skip

# What a fresh compact still lacks, and nothing else: (rule, field path).
STILL_TO_WRITE = {
    ("todo", "preamble.1.text"),
    ("todo", "sections.purpose.paragraphs.0"),
    ("todo", "sections.goal.goal"),
    *(
        ("todo", f"objectives.{index}.{part}")
        for index in range(4)
        for part in ("text", "activities.0.text", "indicators.0.text")
    ),
    *(
        ("todo", f"signature.signatories.{index}.{part}")
        for index in range(2)
        for part in ("name", "titles.0")
    ),
    ("statute", "statute.F"),
    ("statute", "statute.G"),
}


def cpc() -> click.Group:
    """The two commands of a new user's day, as the `cpc` group will hold them."""
    group = click.Group("cpc")
    group.add_command(new_command, "new")
    group.add_command(validate, "validate")
    return group


def run(runner, args: list[str], input: str | None = None):
    result = runner.invoke(cpc(), args, obj=Ui(), input=input)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def findings_of(path: Path):
    compact, source = load_compact(path)
    return compact, check(compact, source)


def assert_only_still_to_write(path: Path) -> None:
    _compact, findings = findings_of(path)
    assert {(f.rule, f.location.path) for f in findings} == STILL_TO_WRITE, findings
    assert len(findings) == len(STILL_TO_WRITE)
    assert all(f.severity == "error" for f in findings)
    todo = [f for f in findings if f.rule == "todo"]
    assert all(f.message.startswith("still to write") for f in todo)
    statute = sorted(f.message for f in findings if f.rule == "statute")
    assert "(F) requires how progress is sustained" in statute[0]
    assert "(G) requires how child-protection data" in statute[1]


# --- Non-interactive --------------------------------------------------------------------------


def test_options_only_write_a_compact_with_only_still_to_write_findings(runner, tmp_path):
    out = tmp_path / "gha-2025.yaml"
    result = run(runner, ["new", *OPTIONS, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    assert f"{len(STILL_TO_WRITE)} parts still to write;" in result.output
    assert "Languages of the compact" not in result.output  # no question was asked
    assert_only_still_to_write(out)

    compact, _ = findings_of(out)
    partner, us = compact.parties
    assert (partner.id, us.id) == ("gha", "us")
    assert partner.name.root == {"fr": "le Gouvernement du Ghana", "en": "the Government of Ghana"}
    assert partner.focal_points[0].emails == ["hts@example.gov.gh"]
    assert partner.focal_points[0].phones == ["+233 30 000 0000"]
    assert us.focal_points[0].emails == [new.US_EMAIL]
    assert {"HTS", "CPC", "TIP"} <= {
        b.acronym for b in compact.bodies if isinstance(b.acronym, str)
    }
    assert compact.signature.date == dt.date(2025, 3, 14)
    assert compact.signature.place.root == {"fr": "Accra", "en": "Accra"}
    assert (compact.term.duration.value, compact.term.duration.unit) == (5, "years")
    us_commitment, in_kind = compact.sections.commitments.items
    assert us_commitment.amount is not None and us_commitment.amount.value == 5_000_000
    assert us_commitment.up_to and us_commitment.subject_to_funds
    assert "{amount}" in us_commitment.paragraphs[0]["fr"]
    assert in_kind.party == "gha" and in_kind.in_kind


def test_validate_lists_what_is_still_to_write_with_lines(runner, tmp_path):
    out = tmp_path / "gha-2025.yaml"
    assert run(runner, ["new", *OPTIONS, "-o", str(out)]).exit_code == 0
    result = run(runner, ["validate", str(out)])
    assert result.exit_code == 1  # not ready to render: there is writing left
    lines = [line for line in result.output.splitlines() if ": error: " in line]
    assert result.output.rstrip().endswith("0 valid, 1 with errors")
    assert len(lines) == len(STILL_TO_WRITE)
    for line in lines:
        assert re.match(rf"{re.escape(str(out))}:\d+:\d+: error: ", line), line
        assert line.endswith(("[todo]", "[statute]")), line
    text = out.read_text(encoding="utf-8").splitlines()
    goal = next(line for line in lines if "sections.goal.goal" in line)
    assert "still to write: the goal of the partnership" in goal
    line = int(goal.split(":")[1])  # the goal's text, whose first line holds the TODO
    assert text[line - 2].strip() == "goal:"
    assert "TODO : le but du partenariat" in text[line - 1] + text[line]


def test_once_the_todos_are_written_the_compact_is_valid(runner, tmp_path):
    out = tmp_path / "gha-2025.yaml"
    assert run(runner, ["new", *OPTIONS, "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    text = text.replace("TODO : ", "").replace("TODO: ", "")
    text = text.replace("F: []", "F: [part-a01, gha-commitment]").replace("G: []", "G: [part-a01]")
    out.write_text(text, encoding="utf-8")
    result = run(runner, ["validate", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines() == [f"{out}: valid", "1 valid, 0 with errors"]


def test_default_output_is_named_after_the_id_and_not_overwritten(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = run(runner, ["new", *OPTIONS])
    assert first.exit_code == 0, first.output
    path = Path("compacts/gha-2025.yaml")
    written = path.read_text(encoding="utf-8")

    path.write_text(written + "# my edits\n", encoding="utf-8")
    again = run(runner, ["new", *OPTIONS])
    assert again.exit_code == 1
    assert "compacts/gha-2025.yaml already exists" in again.output
    assert "--force" in again.output
    assert path.read_text(encoding="utf-8").endswith("# my edits\n")  # untouched

    forced = run(runner, ["new", *OPTIONS, "--force"])
    assert forced.exit_code == 0
    assert path.read_text(encoding="utf-8") == written
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temp file


def test_existing_output_is_refused_before_any_question(runner, tmp_path):
    out = tmp_path / "mine.yaml"
    out.write_text("keep me\n", encoding="utf-8")
    result = run(runner, ["new", "--output", str(out)], input="")
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert "Languages" not in result.output
    assert out.read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--date", "14/03/2025", "not a date written YYYY-MM-DD"),
        ("--date", "2025-02-30", "not a date of the calendar"),
        ("--duration", "6 years", "at most 5 years"),
        ("--duration", "five years", "not a duration"),
        ("--amount", "a lot", "not an amount in US dollars"),
        ("--focal-email", "hts-at-example.gov.gh", "not an e-mail address"),
        ("--id", "Ghana 2025", "not an id"),
        ("--partner-id", "us", "the id of the United States"),
        ("--languages", "fr,de", "'de' is not one of 'fr', 'en', 'es'"),
        ("--country-en", "Gh{ana}", "braces"),
    ],
)
def test_a_bad_option_is_a_usage_error_naming_it(runner, tmp_path, option, value, message):
    args = [*OPTIONS, "-o", str(tmp_path / "x.yaml")]
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    result = run(runner, ["new", *args])
    assert result.exit_code == 2, result.output
    assert option in result.output
    assert message in result.output
    assert not (tmp_path / "x.yaml").exists()


def test_no_input_without_a_required_answer_is_a_usage_error(runner, tmp_path):
    args = [*OPTIONS, "-o", str(tmp_path / "x.yaml")]
    index = args.index("--date")
    del args[index : index + 2]
    result = run(runner, ["new", *args])
    assert result.exit_code == 2
    assert "Error: --no-input asks no questions; give --date\n" in result.output


def test_no_input_lists_every_missing_answer_at_once(runner, tmp_path):
    result = run(runner, ["new", "--no-input", "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert (
        "Error: --no-input asks no questions; give --country-fr, "
        "--place (or --place-fr and --place-en), --date, --focal-name-fr, --focal-name-en "
        "and --focal-email\n"
    ) in result.output
    assert result.output.count("Error:") == 1
    assert not (tmp_path / "x.yaml").exists()


def test_no_input_asks_for_what_no_default_can_give(runner, tmp_path):
    # The English name defaults to CLDR's name of the French one: needed only when CLDR does
    # not know it; the English place defaults to the French place.
    args = ["new", "--no-input", "--country-fr", "la Bordurie", "--place-fr", "Szohôd",
            "--date", "2025-03-14", "--focal-email", "x@example.org",
            "-o", str(tmp_path / "x")]  # fmt: skip
    result = run(runner, args)
    assert result.exit_code == 2
    assert "give --country-en, --focal-name-fr and --focal-name-en\n" in result.output
    result = run(runner, ["new", "--no-input", "--languages", "en", "-o", str(tmp_path / "x")])
    assert "give --country-en, --place (or --place-en), --date, --focal-name-en and" in (
        result.output
    )


@pytest.mark.parametrize("amount", ["4", "4.5", "25000", "99,999"])
def test_no_input_refuses_a_small_amount_in_bare_digits(runner, tmp_path, amount):
    args = [*OPTIONS, "-o", str(tmp_path / "x.yaml")]
    args[args.index("--amount") + 1] = amount
    result = run(runner, ["new", *args])
    assert result.exit_code == 2
    assert "Invalid value for '--amount'" in result.output
    assert f"write '{amount} USD' if" in result.output
    assert not (tmp_path / "x.yaml").exists()


@pytest.mark.parametrize(
    ("amount", "value"), [("4 USD", 4), ("US$4", 4), ("40 thousand", 40_000), ("100000", 100_000)]
)
def test_a_small_amount_with_its_currency_or_scale_is_taken_as_written(
    runner, tmp_path, amount, value
):
    out = tmp_path / "x.yaml"
    args = [*OPTIONS, "-o", str(out)]
    args[args.index("--amount") + 1] = amount
    assert run(runner, ["new", *args]).exit_code == 0
    compact, _ = findings_of(out)
    assert compact.sections.commitments.items[0].amount.value == value  # type: ignore[union-attr]


def test_the_amount_doubt_says_what_was_likely_meant():
    assert new.amount_doubt("4") == (
        "4 is US$4; did you mean '4 million'? (write '4 USD' if US$4 is right)"
    )
    assert new.amount_doubt("25 000") == (
        "25 000 is US$25,000, far below the usual few million (write '25 000 USD' if "
        "US$25,000 is right)"
    )
    for meant in ("4 million", "4m", "$4", "4 dollars", "4 thousand", "5000000"):
        assert new.amount_doubt(meant) is None, meant


def test_an_option_for_a_language_the_compact_lacks_is_refused(runner, tmp_path):
    result = run(runner, ["new", *OPTIONS, "--languages", "fr", "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert "--country-en is given but the compact's languages are fr" in result.output


# --- Interactive ------------------------------------------------------------------------------

ANSWERS = [
    "",  # languages: fr,en
    "la Côte d'Ivoire",
    "",  # English name: Côte d'Ivoire, from CLDR
    "le Gouvernement de la République de Côte d'Ivoire",
    "the Government of the Republic of Côte d'Ivoire",
    "",  # partner id: civ (ISO 3166 alpha-3)
    "Abidjan",
    "",  # the same in English
    "7 décembre 2025",  # bad, asked again
    "2025-12-07",
    "",  # id: civ-2025
    "6 years",  # bad, asked again
    "",  # 5 years
    "beaucoup",  # bad, asked again
    "4.5 million",
    "CNS",
    "Comité National de Surveillance",
    "National Monitoring Committee",
    "CPC",  # already defined: asked again
    "",  # no more bodies
    "Le Comité National de Surveillance (CNS)",
    "The National Monitoring Committee (CNS)",
    "cns-at-1eredame.ci",  # bad, asked again
    "cns@1eredame.ci",
    "",  # no telephone
]


def test_prompts_ask_again_after_a_bad_answer_and_write_the_same_compact(
    runner, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    result = run(runner, ["new"], input="\n".join(ANSWERS) + "\n")
    assert result.exit_code == 0, result.output
    output = result.output
    for message in (
        "Error: '7 décembre 2025' is not a date written YYYY-MM-DD",
        "Error: a CPC partnership lasts at most 5 years",
        "Error: 'beaucoup' is not an amount in US dollars",
        "Error: CPC is already defined",
        "Error: 'cns-at-1eredame.ci' is not an e-mail address",
    ):
        assert message in output
    assert output.count("Planned signature date (YYYY-MM-DD):") == 2
    assert output.count("Its e-mail address:") == 2
    # Defaults follow the earlier answers.
    assert "[Côte d'Ivoire]" in output
    assert "Short id of the partner (lower case) [civ]" in output
    assert "[civ-2025]" in output
    assert "up to 4,5\u00a0millions de dollars des États-Unis / US$4.5 million" in output

    path = Path("compacts/civ-2025.yaml")
    assert_only_still_to_write(path)
    compact, _ = findings_of(path)
    assert compact.parties[0].country.root == {"fr": "la Côte d'Ivoire", "en": "Côte d'Ivoire"}
    assert compact.parties[0].short.root == {"fr": "Côte d'Ivoire", "en": "Côte d'Ivoire"}
    assert compact.sections.commitments.items[0].amount.value == 4_500_000  # type: ignore[union-attr]
    assert compact.parties[0].focal_points[0].phones == []


@pytest.mark.parametrize(("keep", "value"), [("n", 4_500_000), ("y", 4)])
def test_a_small_amount_at_the_prompt_is_confirmed(runner, tmp_path, monkeypatch, keep, value):
    monkeypatch.chdir(tmp_path)
    answers = list(ANSWERS)
    index = answers.index("4.5 million")
    answers[index:index] = ["4", keep]
    if keep == "y":
        del answers[index + 2]  # "4.5 million" is not asked for
    result = run(runner, ["new"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "4 is US$4; did you mean '4 million'?" in result.output
    assert "Keep US$4? [y/N]" in result.output
    compact, _ = findings_of(Path("compacts/civ-2025.yaml"))
    assert compact.sections.commitments.items[0].amount.value == value  # type: ignore[union-attr]


def test_prompt_for_the_id_refuses_an_existing_file(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("compacts").mkdir()
    Path("compacts/civ-2025.yaml").write_text("taken\n", encoding="utf-8")
    answers = list(ANSWERS)
    answers.insert(ANSWERS.index("", 10) + 1, "civ-2025-b")  # after the refused default
    result = run(runner, ["new"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "compacts/civ-2025.yaml already exists; choose another id" in result.output
    assert Path("compacts/civ-2025.yaml").read_text(encoding="utf-8") == "taken\n"
    assert_only_still_to_write(Path("compacts/civ-2025-b.yaml"))


# --- Standard clauses -------------------------------------------------------------------------


def test_standard_clauses_render_in_both_languages(runner, tmp_path):
    from cpc_docs.pipeline import compact_document
    from cpc_docs.settings import RenderSettings
    from cpc_docs.writers.text import render

    out = tmp_path / "gha-2025.yaml"
    assert run(runner, ["new", *OPTIONS, "-o", str(out)]).exit_code == 0
    assert "  confidentiality: standard\n" in out.read_text(encoding="utf-8")
    compact, _ = load_compact(out)
    library = standard_clauses()["confidentiality"]["paragraphs"][0]
    for lang in ("fr", "en"):
        text = render(compact_document(compact, lang, RenderSettings()))
        first_sentence = " ".join(library[lang].split()).split(". ")[0]
        assert first_sentence in text, lang
    assert "Confidentialité" in render(compact_document(compact, "fr", RenderSettings()))


def test_inline_clauses_write_the_library_text_and_mean_the_same(runner, tmp_path):
    by_reference, inline = tmp_path / "ref.yaml", tmp_path / "inline.yaml"
    assert run(runner, ["new", *OPTIONS, "-o", str(by_reference)]).exit_code == 0
    assert run(runner, ["new", *OPTIONS, "-o", str(inline), "--inline-clauses"]).exit_code == 0
    text = inline.read_text(encoding="utf-8")
    assert ": standard\n" not in text
    assert "tout différend" in text
    assert_only_still_to_write(inline)
    # The same compact but for its id, which each file takes from its name (--output).
    assert (load_compact(inline)[0].id, load_compact(by_reference)[0].id) == ("inline", "ref")
    assert load_compact(inline)[0].model_copy(update={"id": "ref"}) == load_compact(by_reference)[0]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_single_language_compact_takes_its_language_of_the_standard_clauses(
    runner, tmp_path, lang
):
    other = "en" if lang == "fr" else "fr"
    args = [*OPTIONS, "--languages", lang, "-o", str(tmp_path / "one.yaml")]
    index = args.index(f"--focal-name-{other}")
    del args[index : index + 2]
    index = args.index(f"--country-{other}")
    del args[index : index + 2]
    assert run(runner, ["new", *args]).exit_code == 0
    assert_only_still_to_write(tmp_path / "one.yaml")
    compact, _ = load_compact(tmp_path / "one.yaml")
    assert compact.languages == [lang]
    assert compact.sections.disputes is not None
    assert compact.sections.disputes.title.languages == (lang,)


def test_the_library_holds_every_standard_section_general_and_corrected():
    library = standard_clauses()
    assert set(compact_draft.STANDARD_SECTIONS) <= set(library)
    items = [item["id"] for item in library["monitoring"]["items"]]
    assert items == ["annual-meeting", "annual-report", "us-oversight", "committee"]
    assert str(library["communications"]["notice"]) == "30 days"
    assert str(library["amendment"]["notice"]) == "3 months"
    assert "{notice:digits}" in library["communications"]["paragraphs"][0]["fr"]
    text = repr(library)
    for civ in ("Côte d'Ivoire", "ivoirien", "CNS", "CIM", "CNLTP"):
        assert civ not in text, civ  # no body or country of the signed compact
    assert "tout différend" in library["disputes"]["paragraphs"][0]["fr"]
    assert "souvent interchangeables" in library["definitions"]["definitions"][0]["text"]["fr"]
    texts = [value for section in library.values() for value in _texts(section)]
    assert len(texts) == 44
    for value in texts:  # every text in every language of the library
        assert set(value) == {"fr", "en", "es"}, value


def _texts(node):
    if isinstance(node, dict):
        if node and set(node) & {"fr", "en", "es"}:
            yield node
        else:
            for value in node.values():
                yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


# --- Any language with a folder: Spanish and English, English alone, Spanish alone… -------


@dataclass(frozen=True)
class Case:
    """A new compact in languages other than French and English, and what it must hold."""

    languages: str
    options: tuple[str, ...]
    partner_id: str
    name: dict[str, str]  # the partner government, in each language of the compact
    country: dict[str, str]
    short: dict[str, str]
    body: tuple[str, dict[str, str]]  # the body given with --body: acronym and names
    # (language, a line of its rendered DOCX) once the TODOs are written
    rendered: tuple[tuple[str, str], ...]


SPANISH_ENGLISH = Case(
    languages="es,en",
    options=(
        "--country-es", "el Perú", "--place", "Lima", "--date", "2025-06-15",
        "--body", "CMNP", "Comisión Multisectorial Permanente contra la Trata de Personas",
        "Permanent Multisectoral Commission against Trafficking in Persons",
        "--focal-name-es", "La Comisión Multisectorial (CMNP)",
        "--focal-name-en", "The Multisectoral Commission (CMNP)",
        "--focal-email", "cmnp@example.gob.pe",
    ),
    partner_id="per",
    name={"es": "el Gobierno del Perú", "en": "the Government of Peru"},  # English from CLDR
    country={"es": "el Perú", "en": "Peru"},
    short={"es": "Perú", "en": "Peru"},
    body=("CMNP", {"es": "Comisión Multisectorial Permanente contra la Trata de Personas",
                   "en": "Permanent Multisectoral Commission against Trafficking in Persons"}),
    rendered=(
        ("es", "Han decidido lo siguiente:"),
        ("es", "FIRMADO en Lima, el 15 de junio de 2025, en dos (2) ejemplares, en los idiomas "
               "español e inglés, siendo los textos igualmente válidos."),
        ("en", "Have reached the following understandings:"),
    ),
)  # fmt: skip
ENGLISH = Case(
    languages="en",
    options=(
        "--country-en", "the Philippines", "--place", "Manila", "--date", "2025-03-14",
        "--body", "IACAT", "Inter-Agency Council Against Trafficking",
        "--focal-name-en", "The Inter-Agency Council Against Trafficking (IACAT)",
        "--focal-email", "iacat@example.gov.ph",
    ),
    partner_id="phl",
    name={"en": "the Government of the Philippines"},
    country={"en": "the Philippines"},
    short={"en": "Philippines"},
    body=("IACAT", {"en": "Inter-Agency Council Against Trafficking"}),
    rendered=(
        ("en", "SIGNED at Manila, on March 14, 2025, in two (2) originals, in the English "
               "language."),
    ),
)  # fmt: skip
SPANISH = Case(
    languages="es",
    options=(
        "--country-es", "Colombia", "--place", "Bogotá", "--date", "2025-04-26",
        "--body", "ICBF", "Instituto Colombiano de Bienestar Familiar",
        "--focal-name-es", "El Instituto Colombiano de Bienestar Familiar (ICBF)",
        "--focal-email", "icbf@example.gov.co",
    ),
    partner_id="col",
    name={"es": "el Gobierno de Colombia"},
    country={"es": "Colombia"},
    short={"es": "Colombia"},
    body=("ICBF", {"es": "Instituto Colombiano de Bienestar Familiar"}),
    rendered=(("es", "FIRMADO en Bogotá, el 26 de abril de 2025, en dos (2) ejemplares, en "
                     "idioma español."),),
)  # fmt: skip
TRILINGUAL = Case(
    languages="fr,en,es",
    options=(
        "--country-fr", "le Pérou", "--place", "Lima", "--date", "2025-06-15",
        "--body", "CMNP", "Commission multisectorielle", "Multisectoral Commission",
        "Comisión Multisectorial",
        "--focal-name-fr", "La Commission (CMNP)", "--focal-name-en", "The Commission (CMNP)",
        "--focal-name-es", "La Comisión (CMNP)", "--focal-email", "cmnp@example.gob.pe",
    ),
    partner_id="per",
    # English and Spanish from CLDR's names of the French one, the governments from them.
    name={"fr": "le Gouvernement du Pérou", "en": "the Government of Peru",
          "es": "el Gobierno de Perú"},
    country={"fr": "le Pérou", "en": "Peru", "es": "Perú"},
    short={"fr": "Pérou", "en": "Peru", "es": "Perú"},
    body=("CMNP", {"fr": "Commission multisectorielle", "en": "Multisectoral Commission",
                   "es": "Comisión Multisectorial"}),
    rendered=(("fr", "Ont décidé de ce qui suit\u00a0:"), ("es", "Han decidido lo siguiente:")),
)  # fmt: skip
CASES = [SPANISH_ENGLISH, ENGLISH, SPANISH, TRILINGUAL]


def new_in(runner, case: Case, out: Path):
    return run(runner, ["new", "--no-input", "--languages", case.languages, *case.options,
                        "-o", str(out)])  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.languages)
def test_a_new_compact_in_any_languages_has_only_still_to_write(runner, tmp_path, case):
    out = tmp_path / f"{case.partner_id}-2025.yaml"
    result = new_in(runner, case, out)
    assert result.exit_code == 0, result.output
    # Only the TODOs: no treaty word, no acronym undefined, in the skeleton's Spanish either.
    assert_only_still_to_write(out)
    compact, _ = findings_of(out)
    langs = case.languages.split(",")
    assert compact.languages == langs
    partner = compact.parties[0]
    assert partner.id == case.partner_id
    assert partner.name.root == case.name
    assert partner.country.root == case.country
    assert partner.short.root == case.short
    acronym, names = case.body
    assert next(b for b in compact.bodies if b.acronym == acronym).name.root == names
    # The standard sections by reference, taken in the compact's languages.
    text = out.read_text(encoding="utf-8")
    assert "translate into" not in text  # every text written in the compact's own words
    for key in compact_draft.STANDARD_SECTIONS:
        assert f"\n  {key}: standard\n" in text, key
    title = standard_clauses()["disputes"]["title"]
    assert compact.sections.disputes.title.root == {lang: title[lang] for lang in langs}
    if "es" in langs:  # the words of templates/es and of the Peru compact
        spanish_title = compact.title.root["es"]
        assert spanish_title == "Asociación del Pacto para la Protección de la Niñez (CPC)"
        assert compact.party_term.root["es"] == "Participantes"
        in_kind = compact.sections.commitments.items[1].paragraphs[0]["es"]
        government = case.name["es"][0].upper() + case.name["es"][1:]
        assert in_kind.startswith(
            f"{government}, por conducto de sus instituciones competentes, tiene la intención de"
        )


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.languages)
def test_a_new_compact_in_any_languages_renders_once_written(runner, tmp_path, case):
    """Through `cpc render`, so also through its check that the versions say the same."""
    out = tmp_path / f"{case.partner_id}-2025.yaml"
    assert new_in(runner, case, out).exit_code == 0
    text = out.read_text(encoding="utf-8").replace("TODO : ", "").replace("TODO: ", "")
    text = text.replace("F: []", f"F: [part-a01, {case.partner_id}-commitment]")
    out.write_text(text.replace("G: []", "G: [part-a01]"), encoding="utf-8")
    assert run(runner, ["validate", str(out)]).exit_code == 0
    result = runner.invoke(main, ["render", str(out), "--format", "docx", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    library = standard_clauses()["confidentiality"]["paragraphs"][0]
    for lang in case.languages.split(","):
        lines = [p.text for p in paragraphs((tmp_path / f"{out.stem}.{lang}.docx").read_bytes())]
        first_sentence = " ".join(library[lang].split()).split(". ")[0]
        assert any(first_sentence in line for line in lines), lang
        for expected_lang, line in case.rendered:
            if expected_lang == lang:
                assert line in lines, line


def test_inline_clauses_write_the_library_s_spanish_and_mean_the_same(runner, tmp_path):
    by_reference, inline = tmp_path / "ref.yaml", tmp_path / "inline.yaml"
    assert new_in(runner, SPANISH_ENGLISH, by_reference).exit_code == 0
    args = ("--inline-clauses", *SPANISH_ENGLISH.options)
    assert new_in(runner, replace(SPANISH_ENGLISH, options=args), inline).exit_code == 0
    text = inline.read_text(encoding="utf-8")
    assert ": standard\n" not in text and "\n    title: {es: Controversias, en: Disputes}\n" in text
    assert "resolver únicamente de manera amistosa cualquier controversia" in " ".join(text.split())
    assert "Litiges" not in text  # the compact's languages only
    assert_only_still_to_write(inline)
    assert load_compact(inline)[0].model_copy(update={"id": "ref"}) == load_compact(by_reference)[0]


def test_no_input_names_the_options_of_the_compact_s_languages(runner, tmp_path):
    args = ["new", "--no-input", "--languages", "es,en", "-o", str(tmp_path / "x.yaml")]
    result = run(runner, args)
    assert result.exit_code == 2
    assert (
        "Error: --no-input asks no questions; give --country-es, --place (or --place-es and "
        "--place-en), --date, --focal-name-es, --focal-name-en and --focal-email\n"
    ) in result.output


def test_every_language_with_a_folder_has_its_options(runner):
    names = {param.name for param in new_command.params}
    for lang in LANGUAGES:
        for option in ("country", "government", "place", "focal_name"):
            assert f"{option}_{lang}" in names, (option, lang)
    shown = " ".join(run(runner, ["new", "--help"]).output.split())
    assert "--country-es TEXT The partner country in Spanish, as after 'para'" in shown
    assert "--body ACRONYM NAME…" in shown


@pytest.mark.parametrize(
    ("languages", "names", "expected"),
    [
        (("es", "en"), ["Comisión", "Commission"], {"es": "Comisión", "en": "Commission"}),
        (("en", "es"), ["Commission", "Comisión"], {"en": "Commission", "es": "Comisión"}),
        (("fr", "en"), ["Secrétariat", "Secretariat"], {"fr": "Secrétariat", "en": "Secretariat"}),
        (("es",), ["Comisión"], {"es": "Comisión"}),
        (("fr", "en", "es"), ["Secrétariat", "Secretariat", "Secretaría"],
         {"fr": "Secrétariat", "en": "Secretariat", "es": "Secretaría"}),
        # NAME_FR NAME_EN, as --body was before Spanish, for a French or an English compact.
        (("fr",), ["Secrétariat", ""], {"fr": "Secrétariat"}),
        (("en",), ["", "Secretariat"], {"en": "Secretariat"}),
    ],
)  # fmt: skip
def test_body_names_follow_the_order_of_the_languages(languages, names, expected):
    assert body_names("HTS", names, languages) == expected


@pytest.mark.parametrize(
    ("languages", "names"),
    [(("es", "en"), ["Comisión"]), (("es",), ["Comisión", "Commission"]),
     (("es", "en"), ["Comisión", "Commission", "Commission"]), (("en", "fr"), [])],
)  # fmt: skip
def test_body_with_another_number_of_names_is_refused(languages, names):
    with pytest.raises(ValueError, match=r"takes one name per language of the compact"):
        body_names("HTS", names, languages)


def test_a_body_missing_a_name_is_a_usage_error(runner, tmp_path):
    args = list(SPANISH_ENGLISH.options)
    del args[args.index("CMNP") + 2]  # the English name
    result = new_in(runner, replace(SPANISH_ENGLISH, options=tuple(args)), tmp_path / "x.yaml")
    assert result.exit_code == 2
    assert "Invalid value for '--body'" in result.output
    assert "--body CMNP takes one name per language of the compact, in the order of " in (
        " ".join(result.output.split())
    )
    assert not (tmp_path / "x.yaml").exists()


def test_names_in_another_order_than_french_then_english_are_said(runner, tmp_path):
    args = [*OPTIONS, "--languages", "en,fr", "-o", str(tmp_path / "x.yaml")]
    result = run(runner, ["new", *args])
    assert result.exit_code == 0, result.output
    assert "--body: names read in the order of --languages (en, fr)" in result.output


S = BODY_SEPARATOR


@pytest.mark.parametrize(
    ("args", "gathered"),
    [
        (["--body", "A", "b", "c", "-o", "x"], ["--body", f"A{S}b{S}c", "-o", "x"]),
        (["--body=A", "b", "--place", "Lima"], ["--body", f"A{S}b", "--place", "Lima"]),
        (["--body", "A", "", "b", "--body", "B", "x"], ["--body", f"A{S}{S}b", "--body", f"B{S}x"]),
        (["--body", "A", "-", "b", "-q"], ["--body", f"A{S}-{S}b", "-q"]),  # a dash is a name
        (["--body", "A", "b", "--", "--body"], ["--body", f"A{S}b", "--", "--body"]),
        (["--body"], ["--body", ""]),  # then refused: '' is not an acronym
    ],
)  # fmt: skip
def test_body_values_are_gathered_up_to_the_next_option(args, gathered):
    assert gather_bodies(args) == gathered


SPANISH_ANSWERS = [
    "es,en",
    "el Perú",
    "",  # English name: Peru, from CLDR
    "",  # el Gobierno del Perú, from the country
    "the Government of the Republic of Peru",
    "",  # partner id: per
    "Lima",
    "",  # the same in English
    "2025-06-15",
    "",  # id: per-2025
    "4 years",
    "",  # 5 million
    "CMNP",
    "Comisión Multisectorial",
    "Multisectoral Commission",
    "",  # no more bodies
    "La Comisión Multisectorial (CMNP)",
    "The Multisectoral Commission (CMNP)",
    "cmnp@example.gob.pe",
    "",  # no telephone
]


def test_prompts_ask_in_the_compact_s_languages(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(runner, ["new"], input="\n".join(SPANISH_ANSWERS) + "\n")
    assert result.exit_code == 0, result.output
    output = result.output
    assert "Partner country in Spanish, as it reads after «para»" in output
    assert "Partner country in English, as it reads after “for” (e.g. Côte d'Ivoire, the " \
        "Philippines) [Peru]" in output  # fmt: skip
    assert "The partner government in Spanish, with its article [el Gobierno del Perú]" in output
    assert "Name of CMNP in Spanish:" in output and "Name of CMNP in English:" in output
    assert "up to 5\u00a0millones de dólares de los Estados Unidos / US$5 million" in output
    path = Path("compacts/per-2025.yaml")
    assert_only_still_to_write(path)
    compact, _ = findings_of(path)
    assert compact.parties[0].name.root == {
        "es": "el Gobierno del Perú",
        "en": "the Government of the Republic of Peru",
    }
    assert (compact.term.duration.value, compact.term.duration.unit) == (4, "years")


def test_a_language_folder_alone_gets_a_compact_to_translate(tmp_path):
    """A language cpc-docs has no words for in `cpc new` (a toy Portuguese folder, as
    tests/test_languages.py adds one): its options exist, and each of its texts is the
    English marked TODO, to translate; nothing else is wrong with the file."""
    from test_languages import _toy_folder

    package = tmp_path / "site"
    shutil.copytree(ROOT / "cpc_docs", package / "cpc_docs",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copytree(ROOT / "templates", package / "cpc_docs" / "templates")
    _toy_folder(package / "cpc_docs" / "templates" / "pt")

    def cpc(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", "from cpc_docs.cli.main import main; main()", *args],
            capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
            env={"PYTHONPATH": str(package), "PATH": "/usr/bin:/bin", "CPC_CACHE_DIR": ""},
        )  # fmt: skip

    made = cpc("new", "--no-input", "--languages", "pt,en", "--country-pt", "Gana",
               "--country-en", "Ghana", "--government-pt", "o Governo do Gana",
               "--place", "Acra", "--date", "2025-03-14",
               "--body", "HTS", "Secretaria de Combate ao Tráfico", "Human Trafficking Secretariat",
               "--focal-name-pt", "A Secretaria (HTS)", "--focal-name-en", "The Secretariat (HTS)",
               "--focal-email", "hts@example.gov.gh", "-o", "gha-2025.yaml")  # fmt: skip
    assert made.returncode == 0, made.stderr
    checked = cpc("validate", "gha-2025.yaml")
    assert checked.returncode == 1
    assert checked.stderr.strip().endswith("0 valid, 1 with errors")
    findings = [line for line in checked.stderr.splitlines() if ": error: " in line
                or ": warning: " in line]  # fmt: skip
    rules = {line.rsplit("[", 1)[-1] for line in findings}
    assert rules == {"todo]", "statute]"}, findings
    assert any(
        "sections.disputes.title: still to write: translate into Portuguese: Disputes" in line
        for line in findings
    )
    data = parse_text((tmp_path / "gha-2025.yaml").read_text(encoding="utf-8"), "x").data
    given = {"Gana", "o Governo do Gana", "Acra", "Secretaria de Combate ao Tráfico",
             "A Secretaria (HTS)"}  # fmt: skip
    portuguese = [text["pt"] for text in _texts(data)]
    assert len(portuguese) > 80
    assert [t for t in portuguese if not t.startswith("TODO") and t not in given] == []


# --- The rule `todo` on any compact -----------------------------------------------------------


def test_a_todo_left_in_any_compact_is_an_error_at_its_line(tmp_path, mini_text):
    old = '{fr: "Former les magistrats.", en: "Train judges and prosecutors."}'
    assert old in mini_text
    path = tmp_path / "mini.yaml"
    path.write_text(
        mini_text.replace(old, '{fr: "TODO : les magistrats", en: "TODO: judges, how"}'),
        encoding="utf-8",
    )
    _compact, findings = findings_of(path)
    assert [(f.rule, f.location.path, f.message) for f in findings] == [
        ("todo", "objectives.2.activities.0.text", "still to write: judges, how")
    ]
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "TODO" in text)
    assert findings[0].location.line == line
    assert findings_of(MINI)[1] == []  # the word alone, not "todo" or "TODOS", is the mark


# --- Answers and the YAML writer --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("5000000", 5_000_000),
        ("5,000,000", 5_000_000),
        ("5 000 000", 5_000_000),
        ("5 million", 5_000_000),
        ("US$2.5 million", 2_500_000),
        ("$750,000", 750_000),
        ("10M", 10_000_000),
        ("1234567.5", 1_234_567.5),
    ],
)
def test_amounts_are_read_as_people_write_them(text, amount):
    assert new.parse_amount(text) == amount


@pytest.mark.parametrize(
    ("country", "lang", "partner_id", "government", "english"),
    [
        ("la Côte d'Ivoire", "fr", "civ", "le Gouvernement de la Côte d'Ivoire", "Côte d'Ivoire"),
        ("le Ghana", "fr", "gha", "le Gouvernement du Ghana", "Ghana"),
        ("les Philippines", "fr", "phl", "le Gouvernement des Philippines", "Philippines"),
        ("l'Ouganda", "fr", "uga", "le Gouvernement de l'Ouganda", "Uganda"),
        ("the Philippines", "en", "phl", "the Government of the Philippines", "Philippines"),
        ("Patria", "en", "pat", "the Government of Patria", None),
        # Spanish contracts "de el" but not the name's own capital "El".
        ("el Perú", "es", "per", "el Gobierno del Perú", "Peru"),
        ("El Salvador", "es", "slv", "el Gobierno de El Salvador", "El Salvador"),
        ("Filipinas", "es", "phl", "el Gobierno de Filipinas", "Philippines"),
        ("la India", "es", "ind", "el Gobierno de la India", "India"),
        ("El Perú", "es", "per", "el Gobierno del Perú", "Peru"),  # a capital article
    ],
)
def test_defaults_follow_the_country(country, lang, partner_id, government, english):
    assert new.default_partner_id(country, lang) == partner_id
    assert new.default_government(country, lang) == government
    assert new.default_country_name(country, lang, "en") == english


@pytest.mark.parametrize(
    ("country", "lang", "target", "name"),
    [
        ("le Pérou", "fr", "es", "Perú"),
        ("the Philippines", "en", "es", "Filipinas"),
        ("Filipinas", "es", "fr", "les Philippines"),  # with the French article
        ("el Perú", "es", "en", "Peru"),
        ("Bordurie", "fr", "es", None),  # CLDR does not know it: asked, not guessed
    ],
)
def test_country_names_default_from_cldr_in_every_language(country, lang, target, name):
    assert new.default_country_name(country, lang, target) == name


def test_emails_are_checked_with_the_model_pattern():
    from pydantic import TypeAdapter

    from cpc_docs.model.compact import Email

    for address in ("JTIPGrants@state.gov", "cns@1eredame.ci"):
        assert new.parse_email(address) == TypeAdapter(Email).validate_python(address)
    for address in ("cns@localhost", "a b@c.d", "@x.org"):
        with pytest.raises(ValueError, match="not an e-mail address"):
            new.parse_email(address)


def test_the_written_yaml_reads_back_as_the_draft_data(runner, tmp_path):
    answers = new.Answers(
        compact_id="gha-2025",
        languages=("fr", "en"),
        partner_id="gha",
        country={"fr": "le Ghana", "en": "Ghana"},
        government={"fr": "le Gouvernement du Ghana", "en": "the Government of Ghana"},
        place={"fr": "Accra", "en": "Accra"},
        date=dt.date(2025, 3, 14),
        duration=new.parse_duration("18 months"),
        amount=2_500_000,
        focal_point=new.FocalPointAnswer({"fr": "Oui : # non", "en": "yes"}, "a@b.gh"),
    )
    for inline in (False, True):
        draft = compact_draft.build_draft(answers, inline)
        text = write_yaml(draft, compact_draft.header(answers))
        assert parse_text(text, "new.yaml").data == draft.data
        assert max(map(len, text.splitlines())) <= WIDTH
    path = tmp_path / "gha-2025.yaml"
    path.write_text(compact_draft.compact_yaml(answers), encoding="utf-8")
    compact, _ = load_compact(path)
    assert compact.parties[0].focal_points[0].name.root == {"fr": "Oui : # non", "en": "yes"}
    # Not "les dix-huit (18) prochaines années": the preamble says the period.
    assert "pendant une durée de {duration}" in compact.preamble[-1].text["fr"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_survives_the_yaml_writer(text):
    draft = Draft({"plain": text, "list": [text, {"fr": text, "en": "x"}], "bi": {"fr": text}})
    assert parse_text(write_yaml(draft), "t.yaml").data == draft.data
