"""Amendments as data (issue 17, items 3 and 4): what a change does to the compact, the errors
that name its line, the rules, the instrument and the consolidated text in DOCX and PDF, the
text as signed, and the report years an extension adds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, mini_variant
from docx_read import paragraphs
from pypdf import PdfReader

from cpc_docs.cli.main import main
from cpc_docs.errors import ValidationFailed
from cpc_docs.load.compact import load_compact
from cpc_docs.load.report import term_year_for, term_years
from cpc_docs.model.amendment import amend, consolidate
from cpc_docs.model.compact import Compact
from cpc_docs.rules.compact import check

EXAMPLE = ROOT / "compacts" / "examples" / "civ-2022-amended.yaml"
SIGNATORIES = [
    {"party": "us", "name": "Jane Doe", "titles": [{"fr": "Ambassadrice", "en": "Ambassador"}]},
    {"party": "pa", "name": "Marie KOUAME", "titles": [{"fr": "Ministre", "en": "Minister"}]},
]


def amended(tmp_path: Path, *changes: dict[str, Any], **fields: Any) -> Path:
    """mini.yaml with one amendment of `changes` (signed 2025-03-10 unless `date` given)."""

    def edit(data: dict[str, Any]) -> None:
        amendment = {
            "date": dt.date(2025, 3, 10),
            "place": {"fr": "Capitale", "en": "Capital City"},
            "signatories": SIGNATORIES,
            "changes": list(changes),
            **fields,
        }
        data["amendments"] = [amendment]

    return mini_variant(tmp_path, edit)


def load(path: Path) -> Compact:
    return load_compact(path)[0]


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    return " ".join(p.text for p in paragraphs(path.read_bytes()))


# --- consolidation, one kind of change at a time ---------------------------------------------


def test_an_extension_moves_the_end_and_keeps_the_text_as_signed(tmp_path: Path) -> None:
    compact = load(amended(tmp_path, {"extend": "1 year"}))
    after = consolidate(compact)
    assert compact.end_date == dt.date(2027, 11, 30)
    assert after.end_date == dt.date(2028, 11, 30)
    assert after.term.duration == compact.term.duration  # {duration} still prints five years
    assert [e.decided for e in after.term.extensions] == [dt.date(2025, 3, 10)]
    assert after.amendments == [] and len(compact.amendments) == 1
    # in effect on its date, not before it
    assert consolidate(compact, dt.date(2025, 3, 9)).end_date == dt.date(2027, 11, 30)
    assert consolidate(compact, dt.date(2025, 3, 10)).end_date == dt.date(2028, 11, 30)


def test_the_term_restated_and_a_new_amount(tmp_path: Path) -> None:
    compact = load(
        amended(
            tmp_path,
            {"term": {"duration": "4 years"}},
            {"amount": {"commitment": "us-commitment", "value": 3500000}},
        )
    )
    after = consolidate(compact)
    assert after.term.duration.value == 4
    assert after.end_date == dt.date(2026, 11, 30)
    item = after.sections.commitments.items[0]
    assert item.amount is not None and item.amount.value == 3500000
    assert compact.sections.commitments.items[0].amount.value == 5000000  # type: ignore[union-attr]


def test_texts_replaced_added_and_removed_by_path_or_id(tmp_path: Path) -> None:
    new = {"fr": "Un objet nouveau.", "en": "A new purpose."}
    compact = load(
        amended(
            tmp_path,
            {"replace": {"path": "sections.purpose.paragraphs.0", "text": new}},
            {
                "replace": {
                    "path": "sections.monitoring.items.committee.paragraphs.1",
                    "text": {"fr": "Il rend compte.", "en": "It reports."},
                }
            },
            {
                "add": {
                    "path": "sections.purpose.paragraphs",
                    "at": 0,
                    "text": {"fr": "D'abord.", "en": "First."},
                }
            },
            {
                "add": {
                    "path": "objectives.prevention.activities",
                    "id": "prev-a02",
                    "text": {"fr": "Former les juges.", "en": "Train judges."},
                }
            },
            {"remove": {"path": "objectives.protection.activities.prot-a01"}},
        )
    )
    after = consolidate(compact)
    purpose = after.sections.purpose.paragraphs
    assert [p["en"] for p in purpose] == ["First.", "A new purpose."]  # type: ignore[index]
    committee = after.sections.monitoring.items[1].paragraphs
    assert committee[1]["fr"] == "Il rend compte."  # type: ignore[index]
    prevention = after.objectives[0].activities
    assert [a.id for a in prevention] == ["prev-a01", "prev-a02"]
    assert after.objectives[1].activities == []
    # the targets recorded for the instrument: in the text before for a replacement or a
    # removal, in the text after for an addition
    (step,) = amend(compact)
    assert step.targets == (
        ("sections", "purpose", "paragraphs", 0),
        ("sections", "monitoring", "items", 1, "paragraphs", 1),
        ("sections", "purpose", "paragraphs", 0),
        ("objectives", 0, "activities", 1),
        ("objectives", 1, "activities", 0),
    )


@pytest.mark.parametrize(
    ("change", "message", "field"),
    [
        ({"replace": {"path": "sections.purpos.paragraphs.0", "text": {"fr": "a", "en": "b"}}},
         "has no field 'purpos'; did you mean 'purpose'?", "path"),
        ({"replace": {"path": "sections.purpose.paragraphs.4", "text": {"fr": "a", "en": "b"}}},
         "has no entry '4' (1 entries, 0 to 0)", "path"),
        ({"remove": {"path": "objectives.prevention.activities.prev-a09"}},
         "has no entry 'prev-a09' (ids: prev-a01)", "path"),
        ({"replace": {"path": "sections.purpose", "text": {"fr": "a", "en": "b"}}},
         "is not a text", "path"),
        ({"amount": {"commitment": "pa-commitment", "value": 10}},
         "states no amount to change", "amount"),
        ({"replace": {"path": "id", "text": {"fr": "a", "en": "b"}}},
         "an amendment does not change 'id'", "path"),
    ],
    ids=["field", "index", "id", "not-a-text", "no-amount", "fixed"],
)  # fmt: skip
def test_a_change_that_names_nothing_is_an_error_at_its_line(
    tmp_path: Path, change: dict[str, Any], message: str, field: str
) -> None:
    path = amended(tmp_path, change)
    with pytest.raises(ValidationFailed) as raised:
        load_compact(path)
    (finding,) = raised.value.findings
    assert message in finding.message and finding.message.startswith("amendment 1, change 1:")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert finding.location.line is not None
    assert f"{field}:" in lines[finding.location.line - 1]  # the line of the field at fault
    assert finding.location.path.startswith("amendments.0.changes.0.")


def test_a_change_of_two_kinds_or_one_language_is_a_schema_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed) as raised:
        load_compact(amended(tmp_path, {"extend": "1 year", "term": {"duration": "6 years"}}))
    assert "a change is of one kind" in raised.value.findings[0].message
    one = {"replace": {"path": "sections.purpose.paragraphs.0", "text": {"fr": "Seul."}}}
    with pytest.raises(ValidationFailed) as raised:
        load_compact(amended(tmp_path, one))
    (finding,) = raised.value.findings
    assert "the 'en' text is missing" in finding.message
    assert finding.location.path == "amendments.0.changes.0.replace.text"


# --- rules -------------------------------------------------------------------------------------


def findings_of(path: Path) -> list[tuple[str, str, str, str]]:
    compact, source = load_compact(path)
    return [(f.rule, f.severity, f.location.path, f.message) for f in check(compact, source)]


def test_dates_after_signature_and_in_order(tmp_path: Path) -> None:
    found = findings_of(amended(tmp_path, {"extend": "1 year"}, date=dt.date(2022, 11, 1)))
    assert any(
        rule == "amendment" and severity == "error" and where == "amendments.0.date"
        and "not after the compact (2022-12-01)" in message
        for rule, severity, where, message in found
    )  # fmt: skip
    late = amended(tmp_path, {"extend": "1 year"}, date=dt.date(2028, 1, 5))
    assert any("after the compact ended (2027-11-30)" in m for *_, m in findings_of(late))
    early = amended(tmp_path, {"extend": "1 year"}, effective=dt.date(2025, 1, 1))
    assert any("before it is signed" in m for *_, m in findings_of(early))


def test_a_term_beyond_five_years_is_a_warning(tmp_path: Path) -> None:
    found = findings_of(amended(tmp_path, {"extend": "1 year"}))
    warned = [f for f in found if f[0] == "amendment"]
    assert warned == [
        ("amendment", "warning", "amendments.0.changes",
         "as amended by amendment 1, the compact lasts 6 years (to 2028-11-30); a CPC "
         "partnership lasts at most 5 years, extensions included (TIP Office fact sheet)"),
    ]  # fmt: skip
    assert not [
        f for f in findings_of(amended(tmp_path, {"extend": "6 months"})) if f[1] == "error"
    ]


def test_the_compact_as_amended_still_meets_the_statute(tmp_path: Path) -> None:
    """Removing the activity that addresses element G of the statute: the rules of a compact,
    run on the text as amended, find it, and say it at the amendment."""
    found = findings_of(
        amended(tmp_path, {"remove": {"path": "objectives.partnership.activities.part-a02"}})
    )
    statute = [f for f in found if f[0] == "statute"]
    assert len(statute) == 1
    _rule, severity, where, message = statute[0]
    assert severity == "error" and where == "amendments.0.changes"
    assert message.startswith("as amended by amendment 1: statute.G names 'part-a02'")


def test_a_placeholder_is_checked_in_the_place_its_text_goes(tmp_path: Path) -> None:
    """{amount} in a commitment's new text is no error (it has an amount there); in the
    purpose it is, at the amendment."""
    fine = {"fr": "Jusqu'à {amount}.", "en": "Up to {amount}."}
    ok = amended(
        tmp_path,
        {
            "replace": {
                "path": "sections.commitments.items.us-commitment.paragraphs.0",
                "text": fine,
            }
        },
    )
    assert not [f for f in findings_of(ok) if f[0] == "placeholders"]
    wrong = amended(tmp_path, {"replace": {"path": "sections.purpose.paragraphs.0", "text": fine}})
    placed = [f for f in findings_of(wrong) if f[0] == "placeholders"]
    assert placed and all(f[2] == "amendments.0.changes" for f in placed)
    assert "no commitment with an amount" in placed[0][3]


def test_cpc_check_compares_an_amendments_two_languages(tmp_path: Path) -> None:
    from cpc_docs.checks import gate

    text = {
        "fr": "Le comité se réunit tous les 30 jours.",
        "en": "The committee meets every 60 days.",
    }
    path = amended(tmp_path, {"replace": {"path": "sections.purpose.paragraphs.0", "text": text}})
    result = gate.run(path)
    assert any(
        f.location.path.startswith("amendments.0.changes.0.replace.text") for f in result.errors
    )


# --- the instrument and the consolidated text ------------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("example")
    result = CliRunner().invoke(main, ["render", str(EXAMPLE), "--amendment", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_example_amendment_renders_in_french_and_english(example: Path) -> None:
    stem = "civ-2022-amended.amendment-1"
    fr, en = pdf_text(example / f"{stem}.fr.pdf"), pdf_text(example / f"{stem}.en.pdf")
    for words in ("AVENANT N° 1", "RAPPELANT", "signé à Abidjan le 07 décembre 2022",
                  "décident de proroger le Partenariat CPC", "égale à un (01) an",
                  "jusqu’au 06 décembre 2028", "prend effet à la date de sa signature",
                  "SIGNÉ à Abidjan, le 15 juin 2027", "ILLUSTRATIF",
                  "Me Adama KAMARA"):  # fmt: skip
        assert words in fr, words
    for words in ("AMENDMENT No. 1", "signed at Abidjan on December 7, 2022",
                  "decide to extend the CPC Partnership", "one (1) year",
                  "until December 6, 2028", "comes into effect on the date of its signature",
                  "SIGNED at Abidjan, on June 15, 2027", "ILLUSTRATIVE",
                  "Joann M. Lockard"):  # fmt: skip
        assert words in en, words
    # the vocabulary of a non-binding instrument, not the compact's own "Sont convenus"
    assert "Ont décidé de ce qui suit" in fr and "convenus" not in fr and "vigueur" not in fr
    for treaty in ("agree", "shall", "enter into force", "entry into force"):
        assert treaty not in en.lower()
    docx = docx_text(example / f"{stem}.en.docx")
    assert "AMENDMENT No. 1" in docx and "until December 6, 2028" in docx
    assert "pour une durée supplémentaire égale à un (01) an" in docx_text(
        example / f"{stem}.fr.docx"
    )


def test_an_illustrative_amendment_is_marked_and_has_no_signature_field(example: Path) -> None:
    """The example is not an instrument to sign: every page says so, and no field invites a
    signature (as a draft's)."""
    for lang, word in (("fr", "ILLUSTRATIF"), ("en", "ILLUSTRATIVE")):
        reader = PdfReader(example / f"civ-2022-amended.amendment-1.{lang}.pdf")
        assert all(word in (page.extract_text() or "") for page in reader.pages)
        assert not reader.get_fields()


def test_an_amendment_has_a_signature_field_per_signatory(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    path = amended(tmp_path, {"extend": "6 months"})
    out = tmp_path / "out"
    result = runner.invoke(main, ["render", str(path), "--amendment", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    for lang in ("fr", "en"):
        fields = PdfReader(out / f"mini.amendment-1.{lang}.pdf").get_fields() or {}
        assert sorted(fields) == ["pa-2-marie-kouame", "us-1-jane-doe"]
        assert all(field.get("/FT") == "/Sig" for field in fields.values())
    text = pdf_text(out / "mini.amendment-1.fr.pdf")
    assert "égale à six (06) mois" in text and "jusqu’au 31 mai 2028" in text
    assert "ILLUSTRATIF" not in text


def test_consolidated_text_by_default_and_as_signed_on_request(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    new = {"fr": "Le présent Partenariat CPC renforce la protection des enfants.",
           "en": "This CPC Partnership strengthens the protection of children."}  # fmt: skip
    path = amended(
        tmp_path,
        {"replace": {"path": "sections.purpose.paragraphs.0", "text": new}},
        {"amount": {"commitment": "us-commitment", "value": 6000000}},
        {"extend": "1 year"},
    )
    out = tmp_path / "out"
    for args in ([], ["--as-signed"], ["--amendment", "1"]):
        result = runner.invoke(
            main, ["render", str(path), "--format", "pdf,docx", "-o", str(out), *args]
        )
        assert result.exit_code == 0, result.output
    consolidated = pdf_text(out / "mini.consolidated.en.pdf")
    assert "Consolidated text, as amended by:" in consolidated
    assert (
        "Amendment No. 1, signed at Capital City on March 10, 2025 (in effect until "
        "November 30, 2028)" in consolidated
    )
    assert new["en"] in consolidated and "up to US$6 million" in consolidated
    assert "aims to strengthen efforts against child trafficking" not in consolidated
    signed = pdf_text(out / "mini.en.pdf")
    assert "aims to strengthen efforts against child trafficking" in signed
    assert "up to US$5 million" in signed and "Consolidated" not in signed
    fr = docx_text(out / "mini.consolidated.fr.docx")
    assert "Texte consolidé, tel que modifié par\u00a0:" in fr and new["fr"] in fr
    instrument = pdf_text(out / "mini.amendment-1.en.pdf")
    assert (
        "in Section I, paragraph 1, of the CPC Partnership, the text “This CPC Partnership "
        "aims to strengthen efforts against child trafficking.” is replaced by the following "
        "text: “This CPC Partnership strengthens the protection of children.”"
    ) in instrument
    assert (
        "the commitment set out in Section VII.A of the CPC Partnership is henceforth up to "
        "US$6 million, subject to the availability of funds" in instrument
    )
    assert "ILLUSTRATIVE" not in instrument  # an amendment that is not an example
    instrument_fr = pdf_text(out / "mini.amendment-1.fr.pdf")
    assert (
        "porte désormais sur un montant pouvant aller jusqu’à 6 millions de dollars des États-Unis"
        in instrument_fr
    )


def test_an_amendment_the_compact_does_not_have(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    path = amended(tmp_path, {"extend": "1 year"})
    result = runner.invoke(
        main, ["render", str(path), "--amendment", "2", "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "mini has no amendment 2 (it has amendment 1)" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "o").exists()


# --- reports follow the compact as amended ----------------------------------------------------


def test_a_report_year_after_the_extension_is_a_year_of_the_term(tmp_path: Path) -> None:
    from cpc_docs.authoring.report_draft import draft_text
    from cpc_docs.rules.report import load_report_text

    path = amended(tmp_path, {"extend": "1 year"})
    compact = load(path)
    assert [y.label for y in term_years(compact)] == [2023, 2024, 2025, 2026, 2027, 2028]
    assert term_year_for(compact.model_copy(update={"amendments": []}), 2028) is None
    text = draft_text(compact, 2028, str(path))
    loaded = load_report_text(text, str(tmp_path / "mini-2028.yaml"), compact, path)
    assert loaded.term_year.number == 6 and loaded.compact.end_date == dt.date(2028, 11, 30)
    assert 2028 in loaded.report.objectives[0].indicators[0].targets
    # a year that starts before the amendment is on the compact as it then was
    before = draft_text(compact, 2024, str(path))
    earlier = load_report_text(before, str(tmp_path / "mini-2024.yaml"), compact, path)
    assert earlier.compact.end_date == dt.date(2027, 11, 30)
    assert 2028 not in earlier.report.objectives[0].indicators[0].targets
    assert "2028:" not in before


def test_the_example_file_is_valid_and_marked_illustrative() -> None:
    compact, source = load_compact(EXAMPLE)
    assert compact.amendments[0].illustrative
    assert consolidate(compact).end_date == dt.date(2028, 12, 6)
    assert not [f for f in check(compact, source) if f.severity == "error"]
    reference = (ROOT / "compacts" / "civ-2022.yaml").read_text(encoding="utf-8")
    assert reference.replace("\nid: civ-2022\n", "\nid: civ-2022-amended\n") in EXAMPLE.read_text(
        encoding="utf-8"
    )  # the reference compact, unchanged but for its id
