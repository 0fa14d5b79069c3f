"""Dates as spreadsheets hold them: a date cell, an Excel serial number, ISO text, day/month/year text, and years
in the Buddhist era (a year above 2400 is BE: 07/03/2537 is 1994-03-07)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

BUDDHIST_ERA_OFFSET = 543
FIRST_BUDDHIST_YEAR = 2400  # no worker was born in 1857; every Thai year written today is above 2500
# Excel's day 0 is 1899-12-30 for serials after its fictitious 29 February 1900 (serial 60), which no real date
# in this registry precedes.
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_SERIALS = range(61, 2_958_466)  # 1900-03-01 .. 9999-12-31
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_SERIAL = re.compile(r"\d{2,7}(?:\.0+)?")


class DateProblem(StrEnum):
    FORMAT = "format"  # not a date in any form we read
    IMPOSSIBLE = "impossible"  # 31/02/1994


class DateNote(StrEnum):
    NONE = ""
    BUDDHIST_ERA = "buddhist_era"
    EXCEL_SERIAL = "excel_serial"


@dataclass(frozen=True)
class ReadDate:
    value: date | None
    problem: DateProblem | None = None
    note: DateNote = DateNote.NONE


def _gregorian(year: int, month: int, day: int, note: DateNote) -> ReadDate:
    if year > FIRST_BUDDHIST_YEAR:
        year, note = year - BUDDHIST_ERA_OFFSET, DateNote.BUDDHIST_ERA
    try:
        return ReadDate(date(year, month, day), note=note)
    except ValueError:
        return ReadDate(None, DateProblem.IMPOSSIBLE)


def _serial(number: float) -> ReadDate:
    if number != int(number) or int(number) not in EXCEL_SERIALS:
        return ReadDate(None, DateProblem.FORMAT)
    return ReadDate(EXCEL_EPOCH + timedelta(days=int(number)), note=DateNote.EXCEL_SERIAL)


def read_date(cell: object) -> ReadDate:
    """The date a spreadsheet cell holds, or why it holds none. Text is read day first (as in Thailand, Cambodia,
    Lao PDR and Myanmar), never month first."""
    if isinstance(cell, datetime):
        return _gregorian(cell.year, cell.month, cell.day, DateNote.NONE)
    if isinstance(cell, date):
        return _gregorian(cell.year, cell.month, cell.day, DateNote.NONE)
    if isinstance(cell, bool) or cell is None:
        return ReadDate(None, DateProblem.FORMAT)
    if isinstance(cell, int | float):
        return _serial(float(cell))
    text = str(cell).strip()
    if match := _ISO.fullmatch(text):
        return _gregorian(int(match[1]), int(match[2]), int(match[3]), DateNote.NONE)
    if match := _DAY_FIRST.fullmatch(text):
        return _gregorian(int(match[3]), int(match[2]), int(match[1]), DateNote.NONE)
    if _SERIAL.fullmatch(text):
        return _serial(float(text))
    return ReadDate(None, DateProblem.FORMAT)
