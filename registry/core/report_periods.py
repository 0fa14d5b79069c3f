"""Reports count whole months of the registry's calendar: a period is a run of months, chosen as a year, a quarter
or a month, or as a first and a last month. Ages are counted in bands, at the start of the month of each event."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# Band number -> (youngest, oldest) age in it, None where open.
AGE_BANDS: dict[int, tuple[int | None, int | None]] = {
    1: (None, 24), 2: (25, 34), 3: (35, 44), 4: (45, 54), 5: (55, None),
}
UNKNOWN_AGE = 6  # the birth date was erased at the worker's request
AGE_BAND_CODES = {1: "under-25", 2: "25-34", 3: "35-44", 4: "45-54", 5: "55-plus", UNKNOWN_AGE: "unknown"}
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 1)  # the ends of a period open at one end
PARTS = ("", "q1", "q2", "q3", "q4", *(f"m{n:02d}" for n in range(1, 13)))  # "" is the whole year


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def last_day(month: date) -> date:
    return date.fromordinal(next_month(month).toordinal() - 1)


def months(first: date, last: date) -> list[date]:
    """Every month from ``first``'s to ``last``'s, both included."""
    found, month = [], month_of(first)
    while month <= last:
        found.append(month)
        month = next_month(month)
    return found


def age_band(born: date, on: date) -> int:
    age = on.year - born.year - ((born.month, born.day) > (on.month, on.day))
    for band, (_youngest, oldest) in AGE_BANDS.items():
        if oldest is None or age <= oldest:
            return band
    raise AssertionError("the last band is open")  # pragma: no cover


@dataclass(frozen=True)
class Period:
    first: date  # the first day of its first month
    last: date  # the first day of its last month

    @property
    def until(self) -> date:
        """Its last day."""
        return last_day(self.last)


def of_part(year: int, part: str) -> Period:
    """A year, one of its quarters (``q1``..``q4``) or one of its months (``m01``..``m12``)."""
    if part not in PARTS:
        raise ValueError(part)
    if not part:
        return Period(date(year, 1, 1), date(year, 12, 1))
    if part.startswith("q"):
        first = 3 * (int(part[1]) - 1) + 1
        return Period(date(year, first, 1), date(year, first + 2, 1))
    month = date(year, int(part[1:]), 1)
    return Period(month, month)


_MONTH = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


def read_month(text: str) -> date:
    """``YYYY-MM`` or ``YYYY-MM-DD`` (a day stands for its month); ValueError otherwise."""
    matched = _MONTH.fullmatch(text.strip())
    if not matched:
        raise ValueError(text)
    year, month, day = matched.groups()
    return month_of(date(int(year), int(month), int(day or 1)))
