"""A sheet's rows read into values by column key: headers checked, text cleaned, dates read, outcomes and choices
checked against their lists. What the value was as read is kept beside every correction.

Format only: whether a name is written in one script or a candidate old enough is the services' rule, checked by
the same code that checks a candidate typed into the form (one place per rule).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from registry.core.intake.dates import DateNote, read_date
from registry.core.intake.template import CANDIDATE_KEYS, FORMULA_STARTS, REQUIRED_KEYS
from registry.core.intake.text import Correction, clean_text
from registry.core.intake.workbook import Cell

FIRST_DATA_ROW = 3
DATE_KEYS = ("date_of_birth", "assessed_on")


class RowProblem(StrEnum):
    REQUIRED = "required"
    DATE_FORMAT = "date_format"
    DATE_IMPOSSIBLE = "date_impossible"
    CHOICE = "choice"  # not one of the column's values
    TOO_LONG = "too_long"


class HeaderProblem(StrEnum):
    UNKNOWN_COLUMN = "unknown_column"
    MISSING_COLUMN = "missing_column"
    DUPLICATE_COLUMN = "duplicate_column"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class Issue:
    row: int  # as the spreadsheet numbers it: the first data row is 3
    column: str  # the column's key; "" for the whole row
    problem: str  # a RowProblem or HeaderProblem value, or a service's field error
    read: str = ""  # the value as read


@dataclass(frozen=True)
class Corrected:
    column: str
    read: str
    value: str
    why: str  # Correction or DateNote value


@dataclass
class Row:
    number: int
    values: dict[str, str | date | None]
    corrections: list[Corrected] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


@dataclass(frozen=True)
class ReadRows:
    rows: list[Row]
    header_issues: list[Issue]


MAX_TEXT = 200


def read_rows(sheet_rows: Sequence[Sequence[Cell]], unit_codes: Sequence[str],
              choices: Mapping[str, Sequence[str]]) -> ReadRows:
    """The data rows of ``sheet_rows`` (row 1 the keys, row 2 labels) for a qualification of ``unit_codes``;
    ``choices`` lists the values each choice column takes (units' outcomes among them). Blank rows are skipped."""
    keys = [_text(cell) for cell in sheet_rows[0]] if sheet_rows else []
    header_issues = _header_issues(keys, unit_codes)
    if header_issues:
        return ReadRows([], header_issues)
    rows = []
    for number, cells in enumerate(sheet_rows[2:], start=FIRST_DATA_ROW):
        texts = {key: cells[index] if index < len(cells) else None for index, key in enumerate(keys) if key}
        if all(_text(value) == "" for value in texts.values()):
            continue
        rows.append(_row(number, texts, choices))
    if not rows:
        return ReadRows([], [Issue(FIRST_DATA_ROW, "", HeaderProblem.NO_DATA.value)])
    return ReadRows(rows, [])


def _header_issues(keys: list[str], unit_codes: Sequence[str]) -> list[Issue]:
    known = {*CANDIDATE_KEYS, *unit_codes}
    issues = [Issue(1, key, HeaderProblem.UNKNOWN_COLUMN.value, key) for key in keys if key and key not in known]
    issues += [Issue(1, key, HeaderProblem.DUPLICATE_COLUMN.value, key)
               for key in sorted({k for k in keys if k and keys.count(k) > 1})]
    issues += [Issue(1, key, HeaderProblem.MISSING_COLUMN.value) for key in REQUIRED_KEYS if key not in keys]
    return issues


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    text = str(cell)
    # A CSV keeps the apostrophe that neutralised a formula-like text (an XLSX stores it as a style instead).
    if text.startswith("'") and text[1:2] and text[1:2] in "".join(FORMULA_STARTS):
        return text[1:]
    return text


def _row(number: int, cells: Mapping[str, Cell], choices: Mapping[str, Sequence[str]]) -> Row:
    row = Row(number, {})
    for key, cell in cells.items():
        if key in DATE_KEYS:
            row.values[key] = _date(row, key, cell)
            continue
        cleaned = clean_text(_text(cell))
        if cleaned.correction is not Correction.NONE:
            row.corrections.append(Corrected(key, cleaned.read, cleaned.text, cleaned.correction.value))
        value = cleaned.text
        if len(value) > MAX_TEXT:
            row.issues.append(Issue(number, key, RowProblem.TOO_LONG.value, value[:40]))
        allowed = choices.get(key)
        if allowed is not None and value:
            # "Female", "kh": the list's own spelling, whatever the case typed.
            value = next((choice for choice in allowed if choice.casefold() == value.casefold()), value)
            if value not in allowed:
                row.issues.append(Issue(number, key, RowProblem.CHOICE.value, value))
        row.values[key] = value or None
    for key in REQUIRED_KEYS:
        if row.values.get(key) in (None, "") and not any(issue.column == key for issue in row.issues):
            row.issues.append(Issue(number, key, RowProblem.REQUIRED.value))
    return row


def _date(row: Row, key: str, cell: Cell) -> date | None:
    if _text(cell).strip() == "":
        return None
    read = read_date(cell)
    if read.value is None:
        problem = RowProblem.DATE_IMPOSSIBLE if read.problem and read.problem.value == "impossible" \
            else RowProblem.DATE_FORMAT
        row.issues.append(Issue(row.number, key, problem.value, _text(cell)))
        return None
    if read.note is not DateNote.NONE:
        row.corrections.append(Corrected(key, _text(cell), read.value.isoformat(), read.note.value))
    return read.value
