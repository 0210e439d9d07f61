"""Dates that cannot be right are refused where they are written: a compact signed before
CPC partnerships existed, a report value measured outside the time it can have been measured
in, an annual meeting that does not follow the period it reviews."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI, REFERENCE, ROOT

from cpc_docs.cli.main import main

EXAMPLE = ROOT / "reports" / "civ-2022-2024.yaml"  # period 2023-12-07 to 2024-12-06
VALUE_2024 = "{year: 2024, value: 13, date: 2024-11-29"


def validate(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(path)])
    return result.exit_code, " ".join(result.output.split())


def edited(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    """A copy of `source` with one edit, in a folder where the report finds its compact."""
    text = source.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "compacts").mkdir(exist_ok=True)
    (tmp_path / "compacts" / "civ-2022.yaml").write_bytes(REFERENCE.read_bytes())
    path = tmp_path / source.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_compact_signed_before_the_statute_is_an_error(tmp_path: Path) -> None:
    path = edited(tmp_path, MINI, "  date: 2022-12-01", "  date: 1926-12-01")
    code, out = validate(path)
    assert code == 1
    assert "signature.date: signed on 1926-12-01, before CPC partnerships existed" in out
    assert "22 U.S.C. § 7103a was enacted on 2008-12-23" in out


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (VALUE_2024, "{year: 2024, value: 13, date: 2025-02-28",
         "a value for 2024 measured on 2025-02-28, after the annual meeting that presents it "
         "(2025-01-30)"),
        (VALUE_2024, "{year: 2024, value: 13, date: 2023-06-01",
         "a value for 2024 measured on 2023-06-01, before that year of the term began "
         "(2023-12-07)"),
        ("{year: 2023, value: 7, date: 2023-11-30", "{year: 2023, value: 7, date: 2025-01-01",
         "a value for 2023 measured on 2025-01-01, more than a year after that year of the "
         "term ended (2023-12-06)"),
        ("  date: 2025-01-30", "  date: 2023-01-30",
         "the annual meeting (2023-01-30) is before the period it reviews begins (2023-12-07)"),
        ("  date: 2025-01-30", "  date: 2027-01-30",
         "the annual meeting (2027-01-30) is more than a year after the period it reviews "
         "ended (2024-12-06)"),
    ],
)  # fmt: skip
def test_a_report_date_outside_its_possible_time_is_an_error(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    code, out = validate(edited(tmp_path, EXAMPLE, old, new))
    assert code == 1
    assert message in out


def test_the_example_reports_dates_are_plausible(tmp_path: Path) -> None:
    for name in ("civ-2022-2023.yaml", "civ-2022-2024.yaml"):
        code, out = validate(edited(tmp_path, ROOT / "reports" / name, "period:", "period:"))
        assert code == 0, out
