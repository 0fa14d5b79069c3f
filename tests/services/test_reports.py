"""Programme reports against hand-counted fixtures, with small counts suppressed, for the people allowed to see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.roles import Role
from registry.core.suppression import SMALL
from registry.core.workflow import Action
from registry.errors import Forbidden
from registry.models import Candidate, Certificate, User, VerificationEvent
from registry.services import assessments, certificates, cohorts, reports, workflow
from registry.services.assessments import ResultEntry
from registry.services.reports import ReportFilter
from tests.factories import ISSUE_CONTEXT, TODAY, letters, make_candidate, make_centre, make_qualification, make_user

ZONE = ZoneInfo("Asia/Bangkok")
PEOPLE = [("female", "KH")] * 8 + [("male", "MM")] * 6 + [("female", "LA")] * 3


def _programme(session: Session) -> tuple[User, User]:
    """17 workers at one centre, all assessed, endorsed and certified; two certificates checked by employers."""
    centre = make_centre(session, "REP")
    assessor, moderator = make_user(session, Role.ASSESSOR, centre), make_user(session, Role.MODERATOR, centre)
    head = make_user(session, Role.PROVIDER_ADMIN, centre)
    qualification = make_qualification(session, units=2)
    people = [make_candidate(session, assessor, name_latin=f"Report {letters(n)}", name_native="", sex=sex,
                             nationality=nationality) for n, (sex, nationality) in enumerate(PEOPLE)]
    cohort = cohorts.create_cohort(session, assessor, "Reported", qualification, TODAY, [assessor.id], [])
    group = assessments.open_assessments(session, assessor, people, qualification, cohort_id=cohort.id)
    assessments.save_results(session, assessor, group, qualification.units, {
        (a.id, u.id): ResultEntry("competent", "observation") for a in group for u in qualification.units},
        TODAY, TODAY)
    for assessment in group:
        workflow.apply_transition(session, assessor, assessment, Action.SUBMIT)
        workflow.apply_transition(session, moderator, assessment, Action.ENDORSE)
    issued = certificates.issue_certificates(session, head, group, ISSUE_CONTEXT).certificates
    for certificate in issued[:2]:
        session.add(VerificationEvent(certificate_id=certificate.id, channel="qr", at=datetime.now(UTC)))
    session.flush()
    analyst = make_user(session, Role.ANALYST)
    return head, analyst


def test_every_indicator_hand_counted_with_small_counts_hidden(session: Session) -> None:
    head, analyst = _programme(session)
    found = reports.report(session, analyst, ReportFilter(), ZONE)
    assert found.totals == {"registered": 17, "endorsed": 17, "qualifications": 17, "statements": 0, "revoked": 0,
                            "verifications": SMALL}
    by_sex = found.tables["sex"]
    assert by_sex["female"]["registered"] == 11 and by_sex["male"]["registered"] == 6
    # Lao is 3 people: hidden, and Myanmar (the next smallest) too, or 17 - 8 - Myanmar would give Lao back.
    by_nationality = found.tables["nationality"]
    assert {n: by_nationality[n]["registered"] for n in ("KH", "LA", "MM")} == {"KH": 8, "LA": SMALL, "MM": SMALL}
    assert found.tables["centre"]["REP"]["qualifications"] == 17


def test_a_filter_cannot_be_subtracted_to_find_a_few_people(session: Session) -> None:
    _, analyst = _programme(session)
    women = reports.report(session, analyst, ReportFilter(sex="female"), ZONE)
    assert women.totals["registered"] == 11  # 17 - 11 = 6 men: not few
    by_nationality = women.tables["nationality"]
    assert by_nationality["LA"]["registered"] == SMALL and by_nationality["KH"]["registered"] == SMALL
    lao = reports.report(session, analyst, ReportFilter(nationality="LA"), ZONE)
    assert lao.totals["registered"] == SMALL
    burmese = reports.report(session, analyst, ReportFilter(nationality="MM"), ZONE)
    assert burmese.totals["registered"] == 6 and burmese.tables["sex"]["male"]["registered"] == 6


def test_a_period_counts_by_the_registrys_calendar_days(session: Session) -> None:
    _, analyst = _programme(session)
    today = datetime.now(ZONE).date()
    assert reports.report(session, analyst, ReportFilter(date_from=today, date_to=today), ZONE).totals[
        "registered"] == 17
    tomorrow = today + timedelta(days=1)
    assert reports.report(session, analyst, ReportFilter(date_from=tomorrow), ZONE).totals["registered"] == 0


def test_a_centre_head_sees_their_centre_only_and_staff_see_no_reports(session: Session) -> None:
    head, _ = _programme(session)
    other_head = make_user(session, Role.PROVIDER_ADMIN, make_centre(session, "OTR"))
    assert reports.report(session, head, ReportFilter(), ZONE).totals["registered"] == 17
    elsewhere = reports.report(session, other_head, ReportFilter(centre_id=head.centre_id), ZONE)
    assert elsewhere.wanted.centre_id == other_head.centre_id and elsewhere.totals["registered"] == 0
    with pytest.raises(Forbidden):
        reports.report(session, make_user(session, Role.ASSESSOR, head.centre), ReportFilter(), ZONE)


def test_a_day_starts_at_midnight_in_bangkok_not_in_utc(session: Session) -> None:
    _, analyst = _programme(session)
    for person in session.scalars(select(Candidate)):  # 00:30 on 2 December in Bangkok is still 1 December in UTC
        person.created_at = datetime(2026, 12, 1, 17, 30, tzinfo=UTC)
    session.flush()
    first, second = datetime(2026, 12, 1).date(), datetime(2026, 12, 2).date()
    assert reports.report(session, analyst, ReportFilter(date_from=first, date_to=first), ZONE).totals[
        "registered"] == 0
    assert reports.report(session, analyst, ReportFilter(date_from=second, date_to=second), ZONE).totals[
        "registered"] == 17


def test_checks_by_channel_and_certificates_checked_at_least_once(session: Session) -> None:
    _, analyst = _programme(session)
    issued = session.scalars(select(Certificate).order_by(Certificate.id)).all()
    now = datetime.now(UTC)
    session.add_all([VerificationEvent(certificate_id=c.id, channel="number", at=now) for c in issued[2:8]])
    session.add_all([VerificationEvent(certificate_id=c.id, channel="api", at=now) for c in issued[8:11]])
    session.add(VerificationEvent(certificate_id=issued[0].id, channel="number", at=now))  # checked twice
    session.flush()
    found = reports.report(session, analyst, ReportFilter(), ZONE)
    # 7 by typed number, 3 by the API and 2 by QR: two small counts hide each other, the total stays
    assert found.by_channel == {"api": SMALL, "number": 7, "qr": SMALL} and found.totals["verifications"] == 12
    assert found.checked == 11  # certificates, not checks: the one checked twice counts once
    assert reports.as_json(found)["certificates_checked_at_least_once"] == 11
