"""Annual report data: the draft skeleton, the checks against the compact, gaps, the CLI.

These tests do not render documents (see test_report_render.py); they are fast.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import MINI, REFERENCE, ROOT

from cpc_docs.authoring.report_draft import build_draft, draft_text
from cpc_docs.cli.main import Ui
from cpc_docs.cli.report import report_group
from cpc_docs.errors import CpcError, ValidationFailed
from cpc_docs.load.compact import load_compact
from cpc_docs.load.report import term_year_for, term_year_of, term_years
from cpc_docs.load.yamlsource import parse_text
from cpc_docs.present.report import TEMPLATE, report_context
from cpc_docs.rules.report import gaps, load_report

EXAMPLE_2023 = ROOT / "reports" / "civ-2022-2023.yaml"
EXAMPLE_2024 = ROOT / "reports" / "civ-2022-2024.yaml"


@pytest.fixture(scope="module")
def compact():
    return load_compact(REFERENCE)[0]


@pytest.fixture(scope="module")
def draft_2023(tmp_path_factory) -> tuple[Path, str]:
    """`cpc report draft compacts/civ-2022.yaml --year 2023 -o …`, run once for the module."""
    out = tmp_path_factory.mktemp("draft") / "r.yaml"
    result = invoke("draft", str(REFERENCE), "--year", "2023", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out, result.output


def invoke(*args: str):
    return CliRunner().invoke(report_group, list(args), obj=Ui())


# ---------------------------------------------------------------- the draft


def test_draft_lists_every_objective_activity_and_indicator_of_annex_a(compact, draft_2023):
    path, output = draft_2023
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["compact"] == "civ-2022"
    assert [o["id"] for o in data["objectives"]] == [o.id for o in compact.objectives]
    drafted_activities = [a["id"] for o in data["objectives"] for a in o["activities"]]
    drafted_indicators = [i["id"] for o in data["objectives"] for i in o["indicators"]]
    assert drafted_activities == [a.id for a in compact.activities()]
    assert drafted_indicators == [i.id for i in compact.indicators()]
    assert (len(drafted_activities), len(drafted_indicators)) == (54, 15)
    assert "4 objectives, 54 activities, 15 indicators" in output
    # Year 1 of the term: from the entry into force (7 December 2022) to the day before
    # its anniversary.
    assert data["period"] == {"start": dt.date(2022, 12, 7), "end": dt.date(2023, 12, 6)}


def test_every_gap_of_the_draft_is_a_null_marked_to_do(draft_2023):
    path, output = draft_2023
    lines = path.read_text(encoding="utf-8").splitlines()
    marked = {n for n, line in enumerate(lines, start=1) if "# TO DO" in line}
    found = gaps(load_report(path, REFERENCE))
    assert {gap.location.line for gap in found} == marked
    assert len(found) == len(marked) == 177
    assert f"{len(found)} values to complete" in output
    for gap in found:
        assert re.search(r"(: |- )null  # TO DO", lines[gap.location.line - 1]), gap


def test_the_draft_comments_each_id_with_the_compact_text(compact, draft_2023):
    text = draft_2023[0].read_text(encoding="utf-8")
    first = compact.objectives[0].activities[0]
    assert f"# {first.text['fr'][:60]}" in text
    assert max(len(line) for line in text.splitlines()) <= 110


def test_a_draft_from_last_year_carries_over_what_is_known(tmp_path):
    out = tmp_path / "r2024.yaml"
    result = invoke("draft", str(REFERENCE), "--year", "2024", "--previous", str(EXAMPLE_2023),
                    "-o", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    loaded = load_report(out, REFERENCE)
    report = loaded.report
    assert loaded.term_year.number == 2
    assert report.period.start == dt.date(2023, 12, 7)
    indicator = report.objectives[0].indicators[0]
    assert indicator.id == "prev-i01"
    assert indicator.baseline.value == 4 and indicator.baseline.year == 2022
    assert indicator.targets == {2023: 8, 2024: 12, 2025: 15, 2026: 18, 2027: 20}
    assert [(v.year, v.value) for v in indicator.values] == [(2023, 7), (2024, None)]
    assert indicator.values[0].source["en"] == "CNS activity reports"
    statuses = {a.id: a.status for o in report.objectives for a in o.activities}
    assert statuses["prev-a04"] == "completed" and statuses["part-a06"] == "dropped"
    assert statuses["prev-a02"] is None  # "in progress" last year: to update
    assert report.contributions.currency == "XOF"
    assert [m.status for m in report.sustainability] == [None, None]
    # What remains: this year's values and the prose, not what was carried over.
    missing = {".".join(map(str, g.path)) for g in gaps(loaded)}
    assert "objectives.0.indicators.0.values.1.value" in missing
    assert not any(".baseline" in m or ".targets" in m for m in missing)


def test_draft_year_outside_the_term_is_a_usage_error(tmp_path):
    result = invoke("draft", str(REFERENCE), "--year", "2030", "-o", str(tmp_path / "r.yaml"))
    assert result.exit_code == 2
    assert "2030 is not a report year of civ-2022" in result.output
    assert "2023 to 2027" in result.output
    assert not (tmp_path / "r.yaml").exists()


def test_draft_never_overwrites_a_report_unless_forced(tmp_path):
    out = tmp_path / "r.yaml"
    out.write_text("precious: work\n", encoding="utf-8")
    result = invoke("draft", str(REFERENCE), "--year", "2023", "-o", str(out))
    assert result.exit_code == 1
    assert "exists; not overwritten" in result.output
    assert out.read_text(encoding="utf-8") == "precious: work\n"
    assert invoke("draft", str(REFERENCE), "--year", "2023", "-o", str(out), "--force")
    assert "compact: civ-2022" in out.read_text(encoding="utf-8")


def test_draft_to_standard_output(compact):
    result = invoke("draft", str(REFERENCE), "--year", "2025", "-o", "-")
    assert result.exit_code == 0
    assert "start: 2024-12-07" in result.stdout and "end: 2025-12-06" in result.stdout


def test_schema_describes_the_report_file():
    result = invoke("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "CPC annual report" and "contributions" in schema["properties"]
    assert set(schema["$defs"]["ActivityReport"]["properties"]["status"]["anyOf"][0]["enum"]) == {
        "not_started", "in_progress", "completed", "delayed", "dropped"
    }  # fmt: skip


def test_help_texts_have_examples():
    for command in ("draft", "render"):
        result = invoke(command, "--help")
        assert result.exit_code == 0
        assert "Examples:" in result.output and "cpc report" in result.output


# ---------------------------------------------------------------- the term


def test_term_years_count_from_the_entry_into_force(compact):
    years = term_years(compact)
    assert [(y.number, y.label) for y in years] == [(n, 2022 + n) for n in range(1, 6)]
    assert years[-1].end == compact.end_date == dt.date(2027, 12, 6)
    assert term_year_for(compact, 2024).start == dt.date(2023, 12, 7)
    assert term_year_for(compact, 2022) is None
    # A calendar-year period belongs to the term year it mostly falls in.
    assert term_year_of(compact, dt.date(2024, 1, 1), dt.date(2024, 12, 31)).number == 2


def test_draft_text_refuses_a_year_outside_the_term(compact):
    with pytest.raises(CpcError, match=r"report years .* are 2023 to 2027"):
        draft_text(compact, 2031, "compacts/civ-2022.yaml")


@pytest.mark.parametrize(("year", "previous"), [(2023, None), (2024, EXAMPLE_2023),
                                                (2025, EXAMPLE_2024)])  # fmt: skip
def test_the_written_draft_reads_back_as_its_data(compact, year, previous):
    """The skeleton is data first, written with its comments: the text cannot drift from it,
    texts carried over from the previous report included."""
    before = load_report(previous, REFERENCE) if previous else None
    text = draft_text(compact, year, "compacts/civ-2022.yaml", before)
    draft = build_draft(compact, year, before)
    assert parse_text(text, "r.yaml").data == draft.data
    carried = [a for o in draft.data["objectives"] for a in o["activities"] if a["note"]]
    assert bool(carried) == (previous is not None)


# ---------------------------------------------------------------- the worked examples


@pytest.mark.parametrize(("path", "number"), [(EXAMPLE_2023, 1), (EXAMPLE_2024, 2)])
def test_worked_examples_are_complete_and_labelled_illustrative(path, number):
    loaded = load_report(path)  # finds compacts/civ-2022.yaml beside reports/
    assert loaded.compact_path.resolve() == REFERENCE.resolve()
    assert loaded.term_year.number == number
    assert gaps(loaded) == []
    assert path.read_text(encoding="utf-8").startswith("# ILLUSTRATIVE DATA — NOT REAL FIGURES.")
    assert "Fictitious data" in loaded.report.disclaimer["en"]
    assert "Données fictives" in loaded.report.disclaimer["fr"]


def test_second_year_keeps_the_first_years_values_for_the_trend():
    first, second = load_report(EXAMPLE_2023).report, load_report(EXAMPLE_2024).report

    def values(report, year):
        return {
            i.id: v.value
            for o in report.objectives
            for i in o.indicators
            for v in i.values
            if v.year == year
        }

    assert values(second, 2023) == values(first, 2023)
    assert len(values(second, 2024)) == 15


# ---------------------------------------------------------------- errors, with where they are

BROKEN = [
    # (replace this, with that, expected path, expected message)
    ("- id: prev-a04", "- id: prev-a99", "objectives.0.activities.3.id",
     "unknown activity 'prev-a99'; did you mean"),
    ("- id: prev-a04", "- id: zzz", "objectives.0.activities.3.id",
     "unknown activity 'zzz' (the activity ids of objective 'prevention': prev-a01, "),
    ("- id: prot-a02", "- id: prev-a02", "objectives.1.activities.1.id",
     "activity 'prev-a02' belongs to objective 'prevention', not 'protection'"),
    ("- id: pros-i07", "- id: pros-i70", "objectives.2.indicators.6.id",
     "unknown indicator 'pros-i70'; did you mean 'pros-i07'?"),
    ("- id: protection", "- id: protektion", "objectives.1.id", "unknown objective 'protektion'"),
    ("- id: prev-a05", "- id: prev-a04", "objectives.0.activities.4.id",
     "activity 'prev-a04' is listed twice"),
    ("2026: 18, 2027: 20}", "2026: 18, 2028: 20}", "objectives.0.indicators.0.targets.2028",
     "2028 is not a year of the compact's term (its report years are 2023 to 2027)"),
    ("value: 7\n", "value: 7.5\n", "objectives.0.indicators.0.values.0.value",
     "a count is a whole number, zero or more (got 7.5)"),
    ("value: 36500\n", 'value: "36500"\n', "objectives.0.indicators.1.values.0.value",
     "expected a number, true/false for a yes/no indicator, or null (got '36500')"),
    ("value: 12.5\n", "value: true\n", "objectives.2.indicators.0.values.0.value",
     "a percentage indicator takes a number (got True)"),
    ("          value: false\n          year: 2022", "          value: 1\n          year: 2022",
     "objectives.3.indicators.1.baseline.value", "a yes/no indicator takes true or false"),
    ("  - year: 2023\n            value: 7\n", "  - year: 2025\n            value: 7\n",
     "objectives.0.indicators.0.values.0.year", "a value for 2025, after the report's year"),
    ("  start: 2022-12-07", "  start: 2022-12-06", "period.start",
     "the period starts before the compact entered into force (2022-12-07)"),
    ("status: in_progress\n        note:\n          fr: \"Protocole",
     "status: underway\n        note:\n          fr: \"Protocole",
     "objectives.0.activities.0.status",
     "expected one of: not_started, in_progress, completed, delayed, dropped (got 'underway')"),
    ("    narrative:\n      fr: >-\n        Les campagnes",
     "    narative:\n      fr: >-\n        Les campagnes",
     "objectives.0.narative", "unknown field 'narative'"),
    ("meeting:\n  date: 2024-01-25", "meeting:\n  dat: 2024-01-25", "meeting.dat",
     "unknown field 'dat'; did you mean 'date'?"),
    ('          en: "Study protocol validated; data collection under way."\n', "",
     "objectives.0.activities.0.note", "the 'en' text is missing"),
    ("- activity: prev-a06", "- activity: prev-a60", "next_year.0.activity",
     "unknown activity 'prev-a60'"),
    ("currency: XOF", "currency: xof", "contributions.currency",
     "not an ISO 4217 currency code (e.g. XOF); did you mean 'XOF'?"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "path", "message"), BROKEN, ids=[b[2] for b in BROKEN])
def test_bad_report_data_is_reported_with_file_line_and_field(tmp_path, old, new, path, message):
    text = EXAMPLE_2023.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "civ-2022-2023.yaml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        load_report(broken, REFERENCE)
    [finding] = [f for f in caught.value.findings if f.location.path == path]
    assert message in finding.message
    # The line is the one we changed (or, for a removed line, the text around it).
    changed = text.split(old)[0].count("\n") + 1
    assert finding.location.line is not None
    assert changed <= finding.location.line <= changed + old.count("\n") + 1 or not new
    assert str(finding).startswith(f"{broken}:{finding.location.line}:")
    assert f": error: {path}: " in str(finding)


def test_the_cli_prints_located_errors_and_never_a_traceback(tmp_path):
    text = EXAMPLE_2023.read_text(encoding="utf-8").replace("- id: prev-a04", "- id: prev-a99")
    broken = tmp_path / "r.yaml"
    broken.write_text(text, encoding="utf-8")
    result = invoke("render", str(broken), "--compact", str(REFERENCE), "-o", str(tmp_path))
    assert result.exit_code == 1
    line = text.split("prev-a99")[0].count("\n") + 1
    assert (
        f"{broken}:{line}:13: error: objectives.0.activities.3.id: unknown activity 'prev-a99'"
        in result.output
    )
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == [broken]  # nothing rendered


def test_a_report_whose_compact_cannot_be_found_says_where_it_looked(tmp_path):
    report = tmp_path / "r.yaml"
    report.write_text("compact: civ-2099\nperiod: {start: 2022-12-07, end: 2023-12-06}\n")
    result = invoke("render", str(report))
    assert result.exit_code == 1
    assert "the compact 'civ-2099' was not found" in result.output
    assert "--compact" in result.output


def test_a_report_on_another_compact_is_refused(tmp_path):
    report = tmp_path / "r.yaml"
    report.write_text("compact: mini\nperiod: {start: 2022-12-07, end: 2023-12-06}\n")
    with pytest.raises(CpcError) as caught:
        load_report(report, REFERENCE)
    assert not isinstance(caught.value, ValidationFailed)  # one line, not one per id
    assert str(caught.value) == (
        f"{report}:1:10: error: compact: this report is on mini; the compact is civ-2022 "
        "(give the file of the compact mini to --compact)"
    )


def test_a_minimal_report_is_a_valid_draft_with_every_item_a_gap(tmp_path, compact):
    """Two lines are a report: everything else is still to complete, and listed."""
    report = tmp_path / "r.yaml"
    report.write_text("compact: civ-2022\nperiod: {start: 2022-12-07, end: 2023-12-06}\n")
    found = gaps(load_report(report, REFERENCE))
    whats = [g.what for g in found]
    for objective in compact.objectives:
        assert f"objective {objective.id} is not in the report" in whats
    for what in ("no contribution of the partner government listed",
                 "no sustainability measure listed", "the date of the annual meeting"):  # fmt: skip
        assert what in whats


def test_final_refuses_to_render_a_draft(draft_2023, tmp_path):
    result = invoke("render", str(draft_2023[0]), "--compact", str(REFERENCE), "--final",
                    "-o", str(tmp_path))  # fmt: skip
    assert result.exit_code == 1
    assert "not rendered: --final, and 177 values are missing" in result.output
    assert "to complete: objectives.0.activities.0.status: status of activity prev-a01" in (
        result.output
    )
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- the template's words


def markdown(report: Path, compact: Path, lang: str, **key: int) -> str:
    """The report's markup in `lang`, as the template writes it (`key`: key figures to set)."""
    from cpc_docs.templating.jinja import TEMPLATE_ROOT, render_template

    loaded = load_report(report, compact)
    context, _images = report_context(loaded, lang, gaps(loaded))
    context["key"].update(key)
    return render_template(TEMPLATE, lang, context, TEMPLATE_ROOT)


def key_figures(text: str) -> dict[str, str]:
    start = text.index("|:--|:--|\n") + len("|:--|:--|\n")
    rows = text[start : text.index("\n\n", start)].splitlines()
    return dict(tuple(cell.strip() for cell in row.strip("|").split(" | ")) for row in rows)


def test_key_figures_count_only_what_is_filled_in(draft_2023, tmp_path):
    """A fresh draft holds one empty in-kind contribution and one empty measure to show
    where they go: placeholders, not contributions or measures. The in-kind one still to
    describe makes their number unknown: a gap, not a 0 that reads as a fact."""
    path = draft_2023[0]
    en, fr = (key_figures(markdown(path, REFERENCE, lang)) for lang in ("en", "fr"))
    assert en["In-kind contributions"] == r"[\[TO BE COMPLETED\]]{.gap}"
    assert en["Sustainability measures (completed)"] == "0 (0)"
    assert fr["Contributions en nature"] == r"[\[À COMPLÉTER\]]{.gap}"
    assert fr["Mesures de pérennisation (achevées)"] == "0 (0)"
    text = path.read_text(encoding="utf-8")
    kind = "- kind: in_kind"
    at = text.index(kind)
    text = text[:at] + text[at:].replace(
        "description: null", 'description: {fr: "Des locaux", en: "Premises"}', 1
    )
    at = text.index("sustainability:")
    text = text[:at] + text[at:].replace("status: null", "status: completed", 1)
    filled = tmp_path / "r.yaml"
    filled.write_text(text, encoding="utf-8")
    en = key_figures(markdown(filled, REFERENCE, "en"))
    assert en["In-kind contributions"] == "1"
    assert en["Sustainability measures (completed)"] == "1 (1)"


def test_one_activity_is_said_in_the_singular_and_gets_no_status_chart(tmp_path):
    """A chart of statuses is drawn for two activities or more: of one, the table row under
    it says all (objective 1 of the mini compact has one activity, objective 4 two)."""
    report = tmp_path / "mini-2023.yaml"
    assert invoke("draft", str(MINI), "--year", "2023", "-o", str(report)).exit_code == 0
    en, fr = (markdown(report, MINI, lang) for lang in ("en", "fr"))
    charts = [re.findall(r"::: chart (status.*)\n", text) for text in (en, fr)]
    assert charts == [[r"status\-partnership"]] * 2  # the chart's id, escaped as markup
    assert "activity of objective 1" not in en and "activité de l'objectif 1" not in fr
    assert "Status of the 2 activities of objective 4\n" in en
    assert "État des 2 activités de l'objectif 4\n" in fr
    assert "1 activities" not in en and "1 activités" not in fr
    assert "| Status of the 5 Annex A activities |" in en
    assert "| Status of the Annex A activity |" in markdown(report, MINI, "en", activities=1)
    assert "| État de l'activité de l'Annexe A |" in markdown(report, MINI, "fr", activities=1)


@pytest.mark.slow
def test_the_indicator_table_marks_gaps_short_with_a_legend(draft_2023):
    """ "[TO BE COMPLETED]" overflows the table's narrow figure columns: "[…]" there, and a
    legend under the table; the full mark everywhere else."""
    for lang, label, legend in (
        ("en", "[TO BE COMPLETED]", "[\\[…\\]]{.gap}: a value to be completed."),
        ("fr", "[À COMPLÉTER]", "[\\[…\\]]{.gap} : valeur à compléter."),
    ):
        text = markdown(draft_2023[0], REFERENCE, lang)
        start = text.index("|:--|--:|--:|--:|--:|:--|")
        table = text[start : text.index("\n\n", start)]
        assert table.count("[\\[…\\]]{.gap}") == 3 * 15  # baseline, target, value
        assert "COMPL" not in table
        assert text[start + len(table) :].lstrip().startswith("{.note}\n" + legend)
        assert label.replace("[", "\\[").replace("]", "\\]") in text  # elsewhere, in full
    complete = markdown(EXAMPLE_2024, REFERENCE, "en")
    assert "[…]" not in complete and "a value to be completed" not in complete
