"""`cpc new`: a new compact that validates, with exactly the parts still to write reported.

A new user's first day: answer a few questions (or pass them as options), get a file that
`cpc validate` accepts as far as it goes and whose remaining errors are a to-do list, each
"still to write" with its line. The standard sections come from the one library of clauses
that the renderer also uses.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import click
import pytest
from conftest import MINI
from hypothesis import given, settings
from hypothesis import strategies as st

from cpc_docs import new
from cpc_docs.cli import Ui, validate
from cpc_docs.loader import load_compact, standard_clauses
from cpc_docs.new_command import new_command
from cpc_docs.rules import check
from cpc_docs.yamlsource import parse_text

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
    from cpc_docs.render import RenderSettings, compact_document
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
    assert set(new.STANDARD_SECTIONS) <= set(library)
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
    for section in library.values():  # every text in both languages
        for value in _texts(section):
            assert set(value) == {"fr", "en"}, value


def _texts(node):
    if isinstance(node, dict):
        if node and set(node) <= {"fr", "en"}:
            yield node
        else:
            for value in node.values():
                yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


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
    ],
)
def test_defaults_follow_the_country(country, lang, partner_id, government, english):
    assert new.default_partner_id(country, lang) == partner_id
    assert new.default_government(country, lang) == government
    assert new.default_country_name(country, lang, "en") == english


def test_emails_are_checked_with_the_model_pattern():
    from pydantic import TypeAdapter

    from cpc_docs.model import Email

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
        draft = new.build_draft(answers, inline)
        text = new.write_yaml(draft, new.header(answers))
        assert parse_text(text, "new.yaml").data == draft.data
        assert max(map(len, text.splitlines())) <= new.WIDTH
    path = tmp_path / "gha-2025.yaml"
    path.write_text(new.compact_yaml(answers), encoding="utf-8")
    compact, _ = load_compact(path)
    assert compact.parties[0].focal_points[0].name.root == {"fr": "Oui : # non", "en": "yes"}
    # Not "les dix-huit (18) prochaines années": the preamble says the period.
    assert "pendant une durée de {duration}" in compact.preamble[-1].text["fr"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_survives_the_yaml_writer(text):
    draft = new.Draft({"plain": text, "list": [text, {"fr": text, "en": "x"}], "bi": {"fr": text}})
    assert parse_text(new.write_yaml(draft), "t.yaml").data == draft.data
