"""Dates as people read them: the Buddhist era on Thai pages, in one place."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime

BUDDHIST_ERA_OFFSET = 543


def buddhist_year(day: date) -> int:
    return day.year + BUDDHIST_ERA_OFFSET


def format_date(day: date, language: str) -> str:
    """A long date in ``language``; Thai uses the Buddhist era (Babel's ``th`` calendar is Gregorian)."""
    if language == "th":
        return f"{babel_format_date(day, 'd MMMM', locale='th')} {buddhist_year(day)}"
    if language == "en":
        return babel_format_date(day, "long", locale="en")
    # Day, month name, year, as Khmer, Lao and Burmese readers write a date: CLDR's medium Burmese date reads
    # "2026 ဒီ 3" (year, a clipped month, day) and its Lao one abbreviates the month.
    return babel_format_date(day, "d MMMM y", locale=language)


def format_datetime(moment: datetime, language: str) -> str:
    """Date and time to the minute, in the moment's own timezone."""
    clock = babel_format_datetime(moment, "HH:mm", locale=language)
    return f"{format_date(moment.date(), language)} {clock}"
