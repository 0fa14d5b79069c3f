"""A report's tables as CSV (UTF-8 with a BOM, for Excel) and XLSX (a sheet per table)."""

from __future__ import annotations

import csv
import io
import re

from flask_babel import gettext as _
from openpyxl import Workbook

from registry.core.intake.template import neutralise
from registry.web.reports.tables import Table, shown_cell


def _rows(table: Table) -> list[list[object]]:
    rows: list[list[object]] = [list(table.head)]
    for _category, label, cells in table.rows:
        rows.append([neutralise(label), *[shown_cell(cell) for cell in cells]])
    if table.total is not None:
        rows.append([_("Total"), *[shown_cell(cell) for cell in table.total]])
    return rows


def as_csv(tables: list[Table]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for table in tables:
        writer.writerow([table.title])
        writer.writerows(_rows(table))
        writer.writerow([])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(tables: list[Table]) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])
    for number, table in enumerate(tables, start=1):
        sheet = book.create_sheet(re.sub(r"[\\/*?:\[\]]", " ", f"{number} {table.title}")[:31])
        for row in _rows(table):
            sheet.append([int(cell) if isinstance(cell, str) and cell.isdigit() else cell for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
