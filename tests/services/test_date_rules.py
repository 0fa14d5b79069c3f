"""Every date rule at the edges of a Bangkok day: 00:30 and 23:30 local time, when UTC's date differs or not.

Each rule says whether it compares instants (a key's compromise against the moment a certificate was signed) or the
registry's calendar days (the appeal window, expiry, the credential's end of validity): core/local_days.py.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from registry.core.local_days import appeal_window_open, end_of_validity, local_date
from registry.errors import Conflict
from registry.models import Certificate
from registry.services import assessments, certificate_documents, certificates, issuer_keys, verification
from registry.services.certificates import IssueContext
from registry.services.verification import Verdict
from tests.factories import ISSUER_SECRET, make_endorsed_assessment

BANGKOK = ZoneInfo("Asia/Bangkok")


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BANGKOK)


# Calendar days ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("instant", "day"), [
    (_at(date(2026, 11, 1), 0, 30), date(2026, 11, 1)),  # UTC: 31 October, 17:30
    (_at(date(2026, 11, 1), 23, 30), date(2026, 11, 1)),  # UTC: 1 November, 16:30
    (datetime(2026, 10, 31, 17, 0, tzinfo=UTC), date(2026, 11, 1)),  # Bangkok's midnight
    (datetime(2026, 10, 31, 16, 59, 59, tzinfo=UTC), date(2026, 10, 31)),
])
def test_an_instant_falls_on_the_registry_day_not_the_utc_day(instant: datetime, day: date) -> None:
    assert local_date(instant, BANGKOK) == day


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        local_date(datetime(2026, 11, 1, 0, 30), BANGKOK)


@pytest.mark.parametrize("endorsed_at", [_at(date(2026, 11, 1), 0, 30), _at(date(2026, 11, 1), 23, 30)],
                         ids=["endorsed-00:30", "endorsed-23:30"])
def test_the_appeal_window_counts_bangkok_days_from_the_day_of_endorsement(endorsed_at: datetime) -> None:
    last_day = date(2026, 12, 1)  # 1 November + 30 days, whatever the hour of endorsement
    endorsed_utc = endorsed_at.astimezone(UTC)
    assert appeal_window_open(endorsed_utc, _at(last_day, 0, 30), 30)
    assert appeal_window_open(endorsed_utc, _at(last_day, 23, 59), 30)
    assert not appeal_window_open(endorsed_utc, _at(last_day + timedelta(days=1), 0, 0), 30)
    assert not appeal_window_open(endorsed_utc, _at(last_day + timedelta(days=1), 0, 30), 30)


@pytest.mark.parametrize("hour", [0, 23])
def test_an_appeal_on_the_last_day_of_the_window_is_recorded(session: Session, hour: int) -> None:
    head, assessment = make_endorsed_assessment(session)
    assessment.endorsed_at = _at(date(2026, 11, 1), hour, 30).astimezone(UTC)
    session.flush()
    assessments.lodge_appeal(session, head, assessment, "Unit 2 was observed in a rush",
                             now=_at(date(2026, 12, 1), 0, 30), window_days=30)
    assert assessment.appeals and assessment.appeals[-1].reason == "Unit 2 was observed in a rush"


def test_an_appeal_the_day_after_the_window_is_refused(session: Session) -> None:
    head, assessment = make_endorsed_assessment(session)
    assessment.endorsed_at = _at(date(2026, 11, 1), 0, 30).astimezone(UTC)
    session.flush()
    with pytest.raises(Conflict, match="appeal window"):
        assessments.lodge_appeal(session, head, assessment, "Too late", now=_at(date(2026, 12, 2), 0, 30),
                                 window_days=30)


def test_a_certificate_is_valid_through_its_whole_expiry_day_in_bangkok() -> None:
    ends = end_of_validity(date(2029, 11, 23), BANGKOK)
    assert ends == datetime(2029, 11, 23, 17, 0, tzinfo=UTC)  # 24 November, 00:00 in Bangkok


def test_the_credential_is_valid_until_the_end_of_the_expiry_day_in_bangkok(session: Session) -> None:
    head, assessment = make_endorsed_assessment(session, validity=3)
    context = IssueContext(master_secret=ISSUER_SECRET, base_url="https://registry.example", today=date(2026, 11, 23))
    [certificate] = certificates.issue_certificates(session, head, [assessment], context).certificates
    assert certificate.expires_on == date(2029, 11, 23)
    token = certificate_documents.credential_jws(session, certificate, "https://registry.example", ISSUER_SECRET,
                                                 BANGKOK)
    credential = json.loads(_payload(token))
    # The registry answers "valid" all through 23 November in Bangkok, and so must the credential.
    assert credential["validUntil"] == "2029-11-23T17:00:00Z"


def _payload(token: str) -> str:
    body = token.split(".")[1]
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()


# Instants: one key-trust rule for a scanned code and a typed number ------------------------------------------------

COMPROMISED_FROM = _at(date(2026, 11, 1), 0, 0)  # `keys compromised KID --since 2026-11-01T00:00:00+07:00`


def _certificate_signed_at(session: Session, signed_at: datetime) -> Certificate:
    """A certificate whose record says it was signed at ``signed_at``, on that Bangkok day."""
    head, assessment = make_endorsed_assessment(session)
    context = IssueContext(master_secret=ISSUER_SECRET, base_url="https://registry.example",
                           today=local_date(signed_at, BANGKOK))
    [certificate] = certificates.issue_certificates(session, head, [assessment], context).certificates
    session.execute(update(Certificate).where(Certificate.id == certificate.id)
                    .values(issued_at=signed_at.astimezone(UTC)))
    return certificate


def _both_paths(session: Session, certificate: Certificate) -> tuple[tuple[Verdict, str], tuple[Verdict, str]]:
    today = date(2026, 12, 3)
    by_code = verification.verify_code(session, certificate.qr_code, today)
    by_number = verification.verify_number(session, certificate.number, today)
    return (by_code.verdict, by_code.problem), (by_number.verdict, by_number.problem)


def _compromise(session: Session, certificate: Certificate) -> None:
    issuer_keys.mark_compromised(session, None, certificate.kid, COMPROMISED_FROM)
    session.commit()
    verification.forget_cached_directory()


def test_a_certificate_signed_the_evening_before_the_compromise_stays_valid_by_code_and_by_number(
        session: Session) -> None:
    # 31 October 10:00 in Bangkok is 03:00 UTC on 31 October; the compromise starts at 17:00 UTC that day.
    certificate = _certificate_signed_at(session, _at(date(2026, 10, 31), 10, 0))
    before_midnight = _certificate_signed_at(session, _at(date(2026, 10, 31), 23, 30))
    _compromise(session, certificate)
    assert _both_paths(session, certificate) == ((Verdict.VALID, ""), (Verdict.VALID, ""))
    assert _both_paths(session, before_midnight) == ((Verdict.VALID, ""), (Verdict.VALID, ""))


@pytest.mark.parametrize("signed_at", [COMPROMISED_FROM, _at(date(2026, 11, 1), 0, 30)],
                         ids=["at-the-compromise", "00:30-after"])
def test_a_certificate_signed_from_the_compromise_on_is_invalid_by_code_and_by_number(
        session: Session, signed_at: datetime) -> None:
    certificate = _certificate_signed_at(session, signed_at)
    _compromise(session, certificate)
    refused = (Verdict.INVALID, "key_compromised")
    assert _both_paths(session, certificate) == (refused, refused)
