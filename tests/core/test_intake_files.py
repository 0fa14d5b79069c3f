"""Uploaded spreadsheets read within limits: every encoding Excel writes, merged cells, hidden sheets, and the
hostile files (zip bombs, XML entity bombs, too many rows) refused quickly with bounded memory."""

from __future__ import annotations

import codecs
import io
import time
import tracemalloc
import zipfile

import openpyxl
import pytest

from registry.core.intake.workbook import FileProblem, UnreadableFile, read_sheet

HEADER = "name_latin,name_native,date_of_birth\nName,ชื่อ,วันเกิด\n"
THAI_ROW = "SOMCHAI Jaidee,สมชาย ใจดี,07/03/2537\n"


def _problem(data: bytes, **kwargs: int) -> FileProblem:
    with pytest.raises(UnreadableFile) as refused:
        read_sheet(data, **kwargs)
    return refused.value.problem


@pytest.mark.parametrize(("data", "encoding"), [
    ((HEADER + THAI_ROW).encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + (HEADER + THAI_ROW).encode("utf-8"), "utf-8-sig"),
    ((HEADER + THAI_ROW).replace(",", "\t").encode("utf-16"), "utf-16"),  # Excel's "Unicode text"
    ((HEADER + THAI_ROW).encode("cp874"), "cp874"),  # Thai Excel's CSV
])
def test_csv_in_each_encoding_excel_writes(data: bytes, encoding: str) -> None:
    sheet = read_sheet(data)
    assert sheet.encoding == encoding
    assert sheet.rows[2] == ["SOMCHAI Jaidee", "สมชาย ใจดี", "07/03/2537"]
    assert sheet.rows[0] == ["name_latin", "name_native", "date_of_birth"]


def test_a_csv_whose_encoding_cannot_be_decided_is_refused_not_stored_as_mojibake() -> None:
    khmer_in_legacy_bytes = "name_latin\nName\nSOK \xe0\xe1\xe2 Sreyneang\n".encode("latin-1")
    assert _problem(khmer_in_legacy_bytes) is FileProblem.ENCODING
    assert _problem(b"name_latin\nName\nSOK Sreyneang\n"[:-1] + b"\xff\xfe\x00\x00") in (
        FileProblem.ENCODING, FileProblem.TYPE)


def test_empty_and_non_spreadsheet_files_are_named_as_such() -> None:
    assert _problem(b"") is FileProblem.EMPTY
    assert _problem(b" \n\r\n") is FileProblem.EMPTY
    assert _problem(b"%PDF-1.7\n%\x00\x01binary") is FileProblem.TYPE
    assert _problem(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00") is FileProblem.TYPE  # an old .xls
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    assert _problem(archive.getvalue()) is FileProblem.TYPE  # a .docx is a zip too


def _xlsx(build: object) -> bytes:
    workbook = openpyxl.Workbook()
    assert callable(build)
    build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_merged_cells_read_as_the_person_sees_them_and_a_hidden_first_sheet_is_skipped() -> None:
    def build(workbook: openpyxl.Workbook) -> None:
        hidden = workbook.active
        hidden.title = "old"
        hidden.append(["not this one"])
        hidden.sheet_state = "hidden"
        sheet = workbook.create_sheet("cohort")
        for row in (["name_latin", "method"], ["Name", "Method"], ["SOK Sreyneang", "observation"],
                    ["KEO Sophea", None]):
            sheet.append(row)
        sheet.merge_cells("B3:B4")

    sheet = read_sheet(_xlsx(build))
    assert sheet.kind == "xlsx"
    assert sheet.rows[2:] == [["SOK Sreyneang", "observation"], ["KEO Sophea", "observation"]]


def test_header_only_and_formatted_empty_rows_give_no_data_rows() -> None:
    def build(workbook: openpyxl.Workbook) -> None:
        sheet = workbook.active
        sheet.append(["name_latin"])
        sheet.append(["Name"])
        sheet.cell(row=9000, column=1).number_format = "@"  # formatting far below, no value

    assert read_sheet(_xlsx(build)).rows == [["name_latin"], ["Name"]]


def test_a_file_over_the_row_limit_is_refused_with_its_reason() -> None:
    too_many = HEADER + "".join(f"NAME {i},,01/01/1990\n" for i in range(11))
    assert _problem(too_many.encode(), max_rows=10) is FileProblem.TOO_MANY_ROWS
    assert len(read_sheet(too_many.encode(), max_rows=11).rows) == 13

    def build(workbook: openpyxl.Workbook) -> None:
        for i in range(13):
            workbook.active.append([f"NAME {i}"])

    assert _problem(_xlsx(build), max_rows=10) is FileProblem.TOO_MANY_ROWS


def _bounded(data: bytes) -> FileProblem:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        problem = _problem(data)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.perf_counter() - started < 2.0
    assert peak < 32 * 1024 * 1024
    return problem


def test_a_zip_bomb_is_refused_from_the_archives_directory() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(200):
                member.write(b"\x00" * (1024 * 1024))  # 200 MB of zeros, a few hundred KB compressed
    data = archive.getvalue()
    assert len(data) < 1024 * 1024
    assert _bounded(data) is FileProblem.BOMB


def test_an_xml_entity_bomb_is_refused() -> None:
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                        for i in range(1, 10))
              + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>'
              '</worksheet>')
    workbook = _xlsx(lambda workbook: workbook.active.append(["x"]))
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(rebuilt, "w") as target:
        for item in source.infolist():
            body = laughs.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item, body)
    assert _bounded(rebuilt.getvalue()) is FileProblem.ENTITIES
