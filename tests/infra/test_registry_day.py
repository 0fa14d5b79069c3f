"""The registry's today is Bangkok's calendar day, also between 00:00 and 07:00 when UTC's date is the day before."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

import pytest
from flask import Flask

from registry.infra import app_context


@pytest.mark.parametrize(("utc_instant", "day"), [
    (datetime(2026, 11, 30, 17, 30, tzinfo=UTC), date(2026, 12, 1)),  # 00:30 on 1 December in Bangkok
    (datetime(2026, 12, 1, 16, 30, tzinfo=UTC), date(2026, 12, 1)),  # 23:30 on 1 December in Bangkok
])
def test_today_is_the_registry_day(app: Flask, monkeypatch: pytest.MonkeyPatch, utc_instant: datetime,
                                   day: date) -> None:
    class Clock(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
            assert tz is not None
            return utc_instant.astimezone(tz)

    monkeypatch.setattr(app_context, "datetime", Clock)
    with app.app_context():
        assert app_context.today() == day
        assert app_context.issue_context().today == day
