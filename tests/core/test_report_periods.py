"""Report periods as whole months, and age bands at the start of a month."""

from __future__ import annotations

from datetime import date

import pytest

from registry.core.report_periods import age_band, last_day, months, next_month, of_part, read_month


def test_a_year_a_quarter_and_a_month() -> None:
    assert of_part(2026, "") == of_part(2026, "") and of_part(2026, "").until == date(2026, 12, 31)
    quarter = of_part(2026, "q3")
    assert (quarter.first, quarter.last, quarter.until) == (date(2026, 7, 1), date(2026, 9, 1), date(2026, 9, 30))
    february = of_part(2028, "m02")
    assert (february.first, february.until) == (date(2028, 2, 1), date(2028, 2, 29))  # a leap year
    with pytest.raises(ValueError):
        of_part(2026, "q5")


def test_months_are_read_from_a_month_or_a_day() -> None:
    assert read_month("2026-11") == date(2026, 11, 1) and read_month(" 2026-11-23 ") == date(2026, 11, 1)
    for wrong in ("23/11/2026", "2026-13", "2026-02-30", "2026", ""):
        with pytest.raises(ValueError):
            read_month(wrong)


def test_runs_of_months() -> None:
    assert next_month(date(2026, 12, 1)) == date(2027, 1, 1) and last_day(date(2026, 2, 1)) == date(2026, 2, 28)
    assert months(date(2026, 11, 15), date(2027, 2, 1)) == [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1),
                                                            date(2027, 2, 1)]


def test_age_bands_turn_on_the_birthday() -> None:
    born = date(2001, 12, 4)
    assert age_band(born, date(2026, 12, 3)) == 1  # 24 until the day before the birthday
    assert age_band(born, date(2026, 12, 4)) == 2  # 25 on it
    assert age_band(date(1971, 1, 1), date(2026, 1, 1)) == 5 and age_band(date(1971, 1, 2), date(2026, 1, 1)) == 4
