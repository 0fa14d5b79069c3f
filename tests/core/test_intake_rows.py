"""Sheet rows read by column key: headers, cleaning, dates and choices, each issue by row and column."""

from __future__ import annotations

from datetime import date, datetime

from registry.core.intake.rows import HeaderProblem, RowProblem, read_rows
from registry.core.intake.template import CANDIDATE_KEYS

UNITS = ("D1.HHK.CL3.01", "D1.HHK.CL3.03")
CHOICES = {"sex": ("female", "male", "other", "undisclosed"), "nationality": ("KH", "LA", "MM", "TH", "VN"),
           **{code: ("competent", "not_yet_competent", "credit_transfer") for code in UNITS}}
KEYS = [*CANDIDATE_KEYS, *UNITS]
LABELS = ["label"] * len(KEYS)


def _row(**values: object) -> list[object]:
    return [values.get(key) for key in KEYS]


def test_a_good_row_is_read_with_its_corrections_beside_the_values_as_read() -> None:
    read = read_rows([KEYS, LABELS, _row(
        name_latin="Zaw Min Htun", name_native="ေဇာ္မင္းထြန္း", sex="Male", nationality="mm",
        date_of_birth="30/09/2536", assessed_on=datetime(2026, 10, 15), consent="assessment certification",
        **{"D1.HHK.CL3.01": "competent", "D1.HHK.CL3.03": "Not_Yet_Competent"})], UNITS, CHOICES)
    assert read.header_issues == []
    [row] = read.rows
    assert row.number == 3 and row.issues == []
    assert row.values["name_native"] == "ဇော်မင်းထွန်း"
    assert (row.values["sex"], row.values["nationality"]) == ("male", "MM")
    assert row.values["date_of_birth"] == date(1993, 9, 30) and row.values["assessed_on"] == date(2026, 10, 15)
    assert row.values["D1.HHK.CL3.03"] == "not_yet_competent"
    assert {(c.column, c.read, c.why) for c in row.corrections} == {
        ("name_native", "ေဇာ္မင္းထြန္း", "zawgyi"), ("date_of_birth", "30/09/2536", "buddhist_era")}


def test_each_problem_is_named_by_spreadsheet_row_and_column_key() -> None:
    read = read_rows([KEYS, LABELS, _row(name_latin="A B", sex="f", nationality="KH", date_of_birth="31/02/1990"),
                      _row(), _row(sex="female", nationality="KH", date_of_birth="soon",
                                   **{"D1.HHK.CL3.01": "passed"})], UNITS, CHOICES)
    issues = {(i.row, i.column, i.problem, i.read) for row in read.rows for i in row.issues}
    assert issues == {
        (3, "sex", RowProblem.CHOICE.value, "f"),
        (3, "date_of_birth", RowProblem.DATE_IMPOSSIBLE.value, "31/02/1990"),
        (5, "name_latin", RowProblem.REQUIRED.value, ""),  # the blank row 4 is skipped, numbers are the sheet's
        (5, "date_of_birth", RowProblem.DATE_FORMAT.value, "soon"),
        (5, "D1.HHK.CL3.01", RowProblem.CHOICE.value, "passed"),
    }


def test_headers_unknown_duplicate_or_missing_and_files_without_data() -> None:
    keys = ["name_latin", "surname", "sex", "sex", "date_of_birth"]
    read = read_rows([keys, keys, ["A", "B", "female", "female", "1990-01-01"]], UNITS, CHOICES)
    assert read.rows == []
    assert {(i.column, i.problem) for i in read.header_issues} == {
        ("surname", HeaderProblem.UNKNOWN_COLUMN.value), ("sex", HeaderProblem.DUPLICATE_COLUMN.value),
        ("nationality", HeaderProblem.MISSING_COLUMN.value)}
    assert [i.problem for i in read_rows([KEYS, LABELS], UNITS, CHOICES).header_issues] == [
        HeaderProblem.NO_DATA.value]
    assert [i.problem for i in read_rows([], UNITS, CHOICES).header_issues][0] == \
        HeaderProblem.MISSING_COLUMN.value


def test_a_csv_apostrophe_that_neutralised_a_formula_is_taken_off() -> None:
    [row] = read_rows([KEYS, LABELS, _row(name_latin="A", sex="female", nationality="KH", date_of_birth="1990-01-01",
                                          phone="'+66 81 234 5601")], UNITS, CHOICES).rows
    assert row.values["phone"] == "+66 81 234 5601"
