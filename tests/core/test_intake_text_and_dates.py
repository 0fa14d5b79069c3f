"""Text and dates as centres type them into spreadsheets."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest

from registry.core.intake.dates import DateNote, DateProblem, read_date
from registry.core.intake.text import Correction, clean_text, is_zawgyi

ZAW_UNICODE = "ဇော်မင်းထွန်း"
ZAW_ZAWGYI = "ေဇာ္မင္းထြန္း"  # the same name as typed on a Zawgyi phone


def test_zawgyi_burmese_is_detected_and_converted_with_the_value_as_read_kept() -> None:
    cleaned = clean_text(ZAW_ZAWGYI)
    assert (cleaned.text, cleaned.read, cleaned.correction) == (ZAW_UNICODE, ZAW_ZAWGYI, Correction.ZAWGYI)
    assert not is_zawgyi(ZAW_UNICODE) and not is_zawgyi("SOK Sreyneang") and not is_zawgyi("สมชาย")
    assert clean_text(ZAW_UNICODE) .correction is Correction.NONE


def test_names_are_nfc_without_invisible_characters_and_with_single_spaces() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    cleaned = clean_text(f"\ufeff {decomposed}\u200b\u00a0 ")
    assert cleaned.text == "Nguyễn Thị Ánh" and cleaned.correction is Correction.TIDIED
    assert clean_text("SOK\u202e Sreyneang\x00").text == "SOK Sreyneang"
    assert clean_text("  SOK   Sreyneang ").correction is Correction.NONE  # spaces alone are no correction
    assert clean_text("សុខ ស្រីនាង").text == "សុខ ស្រីនាង"
    assert clean_text("ក\u200dខ").text == "ក\u200dខ"  # the joiner some spellings need stays


@pytest.mark.parametrize(("cell", "expected", "note"), [
    ("07/03/2537", date(1994, 3, 7), DateNote.BUDDHIST_ERA),
    ("7/3/1994", date(1994, 3, 7), DateNote.NONE),
    ("07.03.1994", date(1994, 3, 7), DateNote.NONE),
    ("1994-03-07", date(1994, 3, 7), DateNote.NONE),
    ("2537-03-07", date(1994, 3, 7), DateNote.BUDDHIST_ERA),
    (34400, date(1994, 3, 7), DateNote.EXCEL_SERIAL),
    (34400.0, date(1994, 3, 7), DateNote.EXCEL_SERIAL),
    ("34400", date(1994, 3, 7), DateNote.EXCEL_SERIAL),
    (datetime(1994, 3, 7), date(1994, 3, 7), DateNote.NONE),
    (datetime(2537, 3, 7), date(1994, 3, 7), DateNote.BUDDHIST_ERA),  # Excel took 07/03/2537 for a date in 2537
    (date(1994, 3, 7), date(1994, 3, 7), DateNote.NONE),
])
def test_dates_in_every_form_found_in_the_field(cell: object, expected: date, note: DateNote) -> None:
    read = read_date(cell)
    assert (read.value, read.problem, read.note) == (expected, None, note)


@pytest.mark.parametrize(("cell", "problem"), [
    ("31/02/1994", DateProblem.IMPOSSIBLE),
    ("03/31/1994", DateProblem.IMPOSSIBLE),  # month first is never guessed
    ("March 1994", DateProblem.FORMAT),
    ("", DateProblem.FORMAT),
    (None, DateProblem.FORMAT),
    (True, DateProblem.FORMAT),
    (34400.5, DateProblem.FORMAT),
    (60, DateProblem.FORMAT),  # Excel's 29 February 1900, which never was
])
def test_what_is_not_a_date_says_why(cell: object, problem: DateProblem) -> None:
    assert read_date(cell).value is None and read_date(cell).problem is problem
