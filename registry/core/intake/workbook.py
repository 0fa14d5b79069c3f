"""The rows of an uploaded spreadsheet (XLSX or CSV), read within limits a hostile file cannot break: a zip bomb is
refused from the archive's directory before anything is inflated, XML entities are refused by defusedxml (which
openpyxl uses when it is installed), and no more rows are read than the limit allows."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from enum import StrEnum

import openpyxl
from defusedxml import DefusedXmlException

from registry.core.intake import encoding

MAX_ROWS = 5_000  # data rows, after the two header rows
MAX_COLUMNS = 200
# The whole archive, inflated: a full 5,000-row sheet of 40 columns is about 12 MB, and openpyxl's model of what is
# read takes some 10 times the XML's size in memory.
MAX_UNCOMPRESSED = 24 * 1024 * 1024
MAX_RATIO = 200  # inflated size / compressed size of any one member: real sheets stay well under 100
MAX_MEMBERS = 500
ZIP_MAGIC = b"PK\x03\x04"


class FileProblem(StrEnum):
    EMPTY = "empty"
    TYPE = "type"  # neither XLSX nor CSV
    BOMB = "bomb"  # inflates far beyond any real spreadsheet
    ENTITIES = "entities"  # XML with a DOCTYPE or entities
    ENCODING = "encoding"  # a CSV whose encoding cannot be decided
    TOO_MANY_ROWS = "too_many_rows"
    TOO_MANY_COLUMNS = "too_many_columns"
    NO_VISIBLE_SHEET = "no_visible_sheet"
    UNREADABLE = "unreadable"


class UnreadableFile(ValueError):
    def __init__(self, problem: FileProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


Cell = str | int | float | object | None


@dataclass(frozen=True)
class Sheet:
    rows: list[list[Cell]]  # every row as read, the two header rows included
    kind: str  # "xlsx" | "csv"
    encoding: str = ""  # for a CSV


def read_sheet(data: bytes, max_rows: int = MAX_ROWS) -> Sheet:
    """The first sheet of an XLSX (the first visible one if the first is hidden), or a CSV's rows."""
    if not data.strip():
        raise UnreadableFile(FileProblem.EMPTY)
    if data.startswith(ZIP_MAGIC):
        return Sheet(_xlsx_rows(data, max_rows), "xlsx")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(FileProblem.TYPE)  # binary: an old .xls, a PDF, an image
    try:
        decoded = encoding.decode(data)
    except encoding.EncodingProblem as error:
        raise UnreadableFile(FileProblem.ENCODING) from error
    rows: list[list[Cell]] = [list(row) for row in encoding.rows(decoded.text)]
    _check_size(rows, max_rows)
    return Sheet(rows, "csv", decoded.encoding.value)


def _check_archive(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
        raise UnreadableFile(FileProblem.BOMB)
    for member in members:
        if member.file_size > MAX_RATIO * max(member.compress_size, 1) and member.file_size > 1024 * 1024:
            raise UnreadableFile(FileProblem.BOMB)
    if "xl/workbook.xml" not in archive.namelist():
        raise UnreadableFile(FileProblem.TYPE)  # a zip, a .docx or an .ods: not a workbook


def _xlsx_rows(data: bytes, max_rows: int) -> list[list[Cell]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
        # Not read-only: merged cells need the full model, and the archive's inflated size is already bounded.
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except UnreadableFile:
        raise
    except (DefusedXmlException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        raise UnreadableFile(FileProblem.ENTITIES if _caused_by_entities(error) else FileProblem.UNREADABLE) \
            from error
    visible = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
    if not visible:
        raise UnreadableFile(FileProblem.NO_VISIBLE_SHEET)
    sheet = workbook.worksheets[0] if workbook.worksheets[0].sheet_state == "visible" else visible[0]
    if sheet.max_column > MAX_COLUMNS:
        raise UnreadableFile(FileProblem.TOO_MANY_COLUMNS)
    merged: dict[tuple[int, int], Cell] = {}
    for cells in sheet.merged_cells.ranges:
        # A merged block reads as its top-left value in every cell it covers, as the person sees it.
        top_left = sheet.cell(cells.min_row, cells.min_col).value
        for row_number in range(cells.min_row, cells.max_row + 1):
            for column_number in range(cells.min_col, cells.max_col + 1):
                merged[(row_number, column_number)] = top_left
    rows: list[list[Cell]] = []
    for index, cells_read in enumerate(sheet.iter_rows(values_only=True), start=1):
        values = [merged.get((index, column), value) for column, value in enumerate(cells_read, start=1)]
        if index > max_rows + 2:
            if any(value not in (None, "") for value in values):
                raise UnreadableFile(FileProblem.TOO_MANY_ROWS)
            continue  # formatted but empty rows below the data
        rows.append(values)
    while rows and all(value in (None, "") for value in rows[-1]):
        rows.pop()  # formatted but empty rows at the end
    _check_size(rows, max_rows)
    return rows


def _caused_by_entities(error: BaseException | None) -> bool:
    """openpyxl wraps defusedxml's refusal in a ValueError of its own."""
    while error is not None:
        if isinstance(error, DefusedXmlException):
            return True
        error = error.__cause__ or error.__context__
    return False


def _check_size(rows: list[list[Cell]], max_rows: int) -> None:
    if len(rows) - 2 > max_rows:
        raise UnreadableFile(FileProblem.TOO_MANY_ROWS)
    if any(len(row) > MAX_COLUMNS for row in rows):
        raise UnreadableFile(FileProblem.TOO_MANY_COLUMNS)
