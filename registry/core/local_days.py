"""Which date rules compare instants and which compare the registry's calendar days, in one place.

The registry's people live in one time zone (Asia/Bangkok by default, ``REGISTRY_TIMEZONE``). A certificate is
issued on, expires after and may be appealed against within their calendar days; a key is compromised, and a
certificate signed, at an instant. From 00:00 to 07:00 in Bangkok UTC's date is still the day before, so a rule
that takes the date of a UTC instant, or compares a day with an instant, is a day off for seven hours of each day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo


def local_date(instant: datetime, zone: tzinfo) -> date:
    """The calendar day ``instant`` falls on in ``zone``."""
    if instant.tzinfo is None:
        raise ValueError("an instant needs a time zone; got a naive datetime")
    return instant.astimezone(zone).date()


def start_of_day(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=zone)


def end_of_validity(expires_on: date, zone: tzinfo) -> datetime:
    """The first instant at which a certificate expiring on ``expires_on`` is expired: it is valid all that day."""
    return start_of_day(expires_on + timedelta(days=1), zone)


def appeal_window_open(endorsed_at: datetime, now: datetime, window_days: int) -> bool:
    """An appeal may be lodged up to and including the ``window_days``-th calendar day after the day of
    endorsement, both days counted where the registry is (``now`` carries its zone)."""
    if now.tzinfo is None:
        raise ValueError("now needs the registry's time zone")
    last_day = local_date(endorsed_at, now.tzinfo) + timedelta(days=window_days)
    return now.date() <= last_day
