"""The import template and exports: keys, labels, drop-down lists, text columns, and no formula runs."""

from __future__ import annotations

import codecs
import io

import openpyxl

from registry.core.intake.template import CANDIDATE_KEYS, Layout, columns, csv_bytes, neutralise, xlsx
from registry.core.intake.workbook import read_sheet

UNITS = ("D1.HHK.CL3.01", "D1.HHK.CL3.03")
LABELS = {"name_latin": "ชื่อตามเอกสาร", "D1.HHK.CL3.01": "ให้บริการงานแม่บ้าน"}
CHOICES = {"sex": ("female", "male", "other", "undisclosed"), "D1.HHK.CL3.01": ("competent", "not_yet_competent")}


def _layout() -> Layout:
    return Layout(columns(UNITS, LABELS, CHOICES), instructions=["แถวที่ 1 ห้ามแก้ไข", "=HYPERLINK(\"x\")"])


def test_the_template_has_keys_then_labels_then_data_and_drop_downs() -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsx(_layout())))
    sheet = book.worksheets[0]
    keys = [cell.value for cell in sheet[1]]
    assert keys == [*CANDIDATE_KEYS, *UNITS]
    assert sheet.cell(2, 1).value == "ชื่อตามเอกสาร" and sheet.cell(2, len(keys) - 1).value == "ให้บริการงานแม่บ้าน"
    assert sheet.freeze_panes == "A3"
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["C3:C5002"] == '"female,male,other,undisclosed"'
    assert lists["L3:L5002"] == '"competent,not_yet_competent"'
    assert sheet.column_dimensions["G"].number_format == "@"  # document numbers stay text
    notes = book.worksheets[1]
    assert notes.cell(1, 1).value == "แถวที่ 1 ห้ามแก้ไข"
    assert notes.cell(2, 1).data_type == "s" and notes.cell(2, 1).quotePrefix


def test_an_export_round_trips_through_the_reader_and_runs_no_formula() -> None:
    row = ["=cmd|' /C calc'!A0", "សុខ ស្រីនាង", "female", "KH", "1996-04-12", "passport", "0012345678912",
           "+66 81 234 5601", "assessment certification", "observation", "2026-10-15", "competent", None]
    sheet = read_sheet(xlsx(_layout(), [row]))
    assert sheet.rows[2] == row  # unchanged: the formula-like texts are stored as text
    book = openpyxl.load_workbook(io.BytesIO(xlsx(_layout(), [row])))
    assert all(cell.data_type != "f" for cell in book.worksheets[0][3])
    assert book.worksheets[0]["A3"].quotePrefix and book.worksheets[0]["H3"].quotePrefix
    text = csv_bytes(_layout(), [row])
    assert text.startswith(codecs.BOM_UTF8)
    assert read_sheet(text).rows[2][:2] == ["'=cmd|' /C calc'!A0", "សុខ ស្រីនាង"]


def test_only_text_that_would_run_is_neutralised() -> None:
    assert [neutralise(v) for v in ("=1+1", "+66", "-5", "@SUM(A1)", "\tx", "SOK", "", 5, -5)] == [
        "'=1+1", "'+66", "'-5", "'@SUM(A1)", "'\tx", "SOK", "", 5, -5]
