"""The import template of a qualification, and exports in the same layout (CONTRACT.md): row 1 the column keys,
row 2 their labels in the reader's language, data from row 3, one column per unit. The same file round-trips:
export a cohort's results, edit them, upload them.

Every text is given by the caller, already translated; this module only lays the sheets out.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from registry.core.intake.workbook import MAX_ROWS

CANDIDATE_KEYS = ("name_latin", "name_native", "sex", "nationality", "date_of_birth", "id_document_type",
                  "id_document_number", "phone", "consent", "method", "assessed_on")
REQUIRED_KEYS = ("name_latin", "sex", "nationality", "date_of_birth")
# Typed as text in Excel: a 13-digit pink card number must not become 1.23E+12, nor a phone lose its leading 0.
TEXT_KEYS = ("id_document_number", "phone", "name_latin", "name_native")
# A cell whose text starts with one of these is a formula to Excel, LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", start_color="1B365D")
LABEL_FILL = PatternFill("solid", start_color="E8EEF5")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    choices: tuple[str, ...] = ()  # a drop-down list of the values a cell may take
    width: float = 18.0


@dataclass(frozen=True)
class Layout:
    columns: list[Column]
    instructions: Sequence[str] = field(default_factory=tuple)  # lines of the instructions sheet
    sheet_title: str = "cohort"
    instructions_title: str = "instructions"


def columns(unit_codes: Sequence[str], labels: Mapping[str, str], choices: Mapping[str, Sequence[str]]
            ) -> list[Column]:
    """The template's columns: the candidate's and the assessment's, then one per unit (its code is its key)."""
    keys = [*CANDIDATE_KEYS, *unit_codes]
    return [Column(key, labels.get(key, key), tuple(choices.get(key, ())), 22.0 if key in unit_codes else 18.0)
            for key in keys]


def neutralise(value: object) -> object:
    """A text that a spreadsheet would run as a formula, made plain text by a leading apostrophe (OWASP's advice for
    CSV injection); numbers and dates stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx(layout: Layout, rows: Iterable[Sequence[object]] = ()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = layout.sheet_title
    sheet.append([column.key for column in layout.columns])
    sheet.append([column.label for column in layout.columns])
    for row in rows:
        sheet.append([_cell(value) for value in row])
        _as_text(sheet[sheet.max_row])
    last_row = MAX_ROWS + 2
    for index, column in enumerate(layout.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        sheet.cell(1, index).font = Font(bold=True, color="FFFFFF")
        sheet.cell(1, index).fill = HEADER_FILL
        sheet.cell(2, index).font = Font(bold=True)
        sheet.cell(2, index).fill = LABEL_FILL
        if column.key in TEXT_KEYS:
            # The column's own style: Excel gives it to every cell typed into the column later.
            sheet.column_dimensions[letter].number_format = "@"
            for cells in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                cells[0].number_format = "@"
        if column.choices:
            listed = ",".join(column.choices)
            validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True,
                                        showErrorMessage=True)
            validation.add(f"{letter}3:{letter}{last_row}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A3"
    notes = workbook.create_sheet(layout.instructions_title)
    notes.column_dimensions["A"].width = 110
    for line in layout.instructions:
        notes.append([_cell(line)])
        _as_text(notes[notes.max_row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value: object) -> object:
    if value is None or isinstance(value, int | float | date):
        return value
    return str(value)


def _as_text(cells: Sequence[Cell | MergedCell]) -> None:
    """Text that would run as a formula is stored as text, marked as typed with a leading apostrophe (Excel's own
    "quote prefix"): the value itself stays as it was, so an export round-trips unchanged."""
    for cell in cells:
        if isinstance(cell, Cell) and isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True


def csv_bytes(layout: Layout, rows: Iterable[Sequence[object]] = ()) -> bytes:
    """UTF-8 with a BOM: Excel then opens Thai, Khmer, Lao and Burmese text as it is (without one it guesses the
    computer's legacy code page)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.key for column in layout.columns])
    writer.writerow([column.label for column in layout.columns])
    for row in rows:
        writer.writerow(["" if value is None else _csv_text(value) for value in row])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def _csv_text(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(neutralise(str(value)))
