from __future__ import annotations

from datetime import UTC, date, datetime

from registry.core.dates import buddhist_year, format_date, format_datetime
from registry.core.languages import choose_language, parse_accept_language


def test_accept_language_is_ordered_by_quality() -> None:
    assert parse_accept_language("en;q=0.2, th-TH, km;q=0.9, *;q=0.1") == ["th", "km", "en"]
    assert parse_accept_language("lo;q=0, my") == ["my"]
    assert parse_accept_language("xx;q=abc") == []


def test_query_beats_cookie_beats_browser() -> None:
    assert choose_language("my", "th", "km") == "my"
    assert choose_language(None, "th", "km") == "th"
    assert choose_language("fr", None, "de, lo;q=0.5") == "lo"
    assert choose_language(None, None, None) == "en"


def test_thai_dates_use_the_buddhist_era() -> None:
    assert buddhist_year(date(2026, 11, 23)) == 2569
    assert format_date(date(2026, 11, 23), "th") == "23 พฤศจิกายน 2569"
    assert "2026" in format_date(date(2026, 11, 23), "en")
    assert "2569" not in format_date(date(2026, 11, 23), "km")


def test_khmer_lao_and_burmese_dates_read_day_month_name_year() -> None:
    day = date(2026, 12, 3)
    assert format_date(day, "my") == "3 ဒီဇင်ဘာ 2026"
    assert format_date(day, "km") == "3 ធ្នូ 2026"
    assert format_date(day, "lo") == "3 ທັນວາ 2026"


def test_datetime_includes_the_time() -> None:
    moment = datetime(2026, 1, 2, 9, 5, tzinfo=UTC)
    assert format_datetime(moment, "th").endswith("09:05")
    assert "2569" in format_datetime(moment, "th")
