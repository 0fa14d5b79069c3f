"""A report's tables as CSV (UTF-8 with a BOM, for Excel) and XLSX (a sheet per table): the numbers of the page,
suppressed the same way, with the labels in the user's language."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping

from openpyxl import Workbook

from registry.core.intake.template import neutralise
from registry.services.reports import Report

Label = Callable[[str, str], str]  # (dimension, category) -> what people read


def _rows(found: Report, dimension: str, indicators: Mapping[str, object], label: Label,
          total: str) -> list[list[object]]:
    rows: list[list[object]] = [["", *[str(name) for name in indicators.values()]]]
    for category, counts in found.tables[dimension].items():
        rows.append([neutralise(label(dimension, category)), *[counts.get(key, "—") for key in indicators]])
    rows.append([total, *[found.totals[key] for key in indicators]])
    return rows


def as_csv(found: Report, indicators: Mapping[str, object], dimensions: Mapping[str, object], label: Label,
           total: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for dimension, title in dimensions.items():
        writer.writerow([str(title)])
        writer.writerows(_rows(found, dimension, indicators, label, total))
        writer.writerow([])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(found: Report, indicators: Mapping[str, object], dimensions: Mapping[str, object], label: Label,
            total: str) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])
    for dimension, title in dimensions.items():
        sheet = book.create_sheet(str(title)[:31])
        for row in _rows(found, dimension, indicators, label, total):
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
