"""Programme reports against hand-counted fixtures, with small counts suppressed, for the people allowed to see."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.files import LocalStore
from registry.core.report_periods import Period, of_part
from registry.core.roles import Role
from registry.core.suppression import SMALL
from registry.core.workflow import Action
from registry.errors import Forbidden
from registry.models import Candidate, Certificate, User, VerificationEvent
from registry.services import assessments, certificates, cohorts, reports, workflow
from registry.services.assessments import ResultEntry
from registry.services.reports import ReportFilter
from tests.factories import ISSUE_CONTEXT, TODAY, letters, make_candidate, make_centre, make_qualification, make_user
from tests.services.test_report_tallies import _assert_equal_to_a_count_from_scratch

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
    assert found.totals == {"registered": 17, "opened": 17, "endorsed": 17, "qualifications": 17, "statements": 0,
                            "revoked": 0, "suspended": 0, "validity_ends": 0, "verifications": SMALL,
                            "checked": SMALL}
    assert found.by_state == {"draft": 0, "evidence": 0, "assessed": 0, "submitted": 0, "endorsed": 17,
                              "appealed": 0}
    by_sex = found.tables["sex"]
    assert by_sex["female"]["registered"] == 11 and by_sex["male"]["registered"] == 6
    # Lao is 3 people: hidden, and Myanmar (the next smallest) too, or 17 - 8 - Myanmar would give Lao back.
    by_nationality = found.tables["nationality"]
    assert {n: by_nationality[n]["registered"] for n in ("KH", "LA", "MM")} == {"KH": 8, "LA": SMALL, "MM": SMALL}
    assert found.tables["centre"]["REP"]["qualifications"] == 17
    assert found.tables["country"]["TH"]["qualifications"] == 17 and found.tables["sector"]["Testing"][
        "qualifications"] == 17
    assert found.tables["qualification"][next(iter(found.tables["qualification"]))]["registered"] is None
    assert found.tables["returnee"] == {"no": found.tables["returnee"]["no"]} and found.tables["returnee"]["no"][
        "registered"] == 17
    assert found.tables["age_band"]["25-34"]["registered"] == 17  # born 12 April 1996
    [unit_a, unit_b] = found.units
    assert (unit_a.assessed, unit_a.competent, unit_a.not_yet_competent, unit_a.pass_rate) == (17, 17, 0, 1.0)
    assert found.median_days is not None and found.organisations == 0


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
    # Two filters combined: Lao women are the 3 Lao people, hidden whichever way they are asked for.
    both = reports.report(session, analyst, ReportFilter(sex="female", nationality="LA"), ZONE)
    assert both.totals["registered"] == SMALL
    not_lao = reports.report(session, analyst, ReportFilter(sex="female", nationality="KH"), ZONE)
    assert not_lao.totals["registered"] == SMALL  # 11 women - 8 Cambodian women = 3: hidden against its wider count


def test_a_period_is_whole_months_of_the_registrys_calendar(session: Session) -> None:
    _, analyst = _programme(session)
    this_month = datetime.now(ZONE).date().replace(day=1)
    assert reports.report(session, analyst, ReportFilter(period=Period(this_month, this_month)), ZONE).totals[
        "registered"] == 17
    later = date(this_month.year + 1, 1, 1)
    assert reports.report(session, analyst, ReportFilter(period=Period(later, later)), ZONE).totals[
        "registered"] == 0
    year = reports.report(session, analyst, ReportFilter(period=of_part(this_month.year, "")), ZONE)
    # Registered this month; certified on the fixtures' day of issue, 23 November 2026
    assert year.by_month[this_month.isoformat()]["registered"] == 17
    assert year.by_month["2026-11-01"]["qualifications"] == 17 and year.by_month["2026-11-01"]["registered"] == 0


def test_a_centre_head_sees_their_centre_only_and_staff_see_no_reports(session: Session) -> None:
    head, _ = _programme(session)
    other_head = make_user(session, Role.PROVIDER_ADMIN, make_centre(session, "OTR"))
    assert reports.report(session, head, ReportFilter(), ZONE).totals["registered"] == 17
    elsewhere = reports.report(session, other_head, ReportFilter(centre_id=head.centre_id), ZONE)
    assert elsewhere.wanted.centre_id == other_head.centre_id and elsewhere.totals["registered"] == 0
    assert elsewhere.tables["centre"] == {}
    with pytest.raises(Forbidden):
        reports.report(session, make_user(session, Role.ASSESSOR, head.centre), ReportFilter(), ZONE)


def test_a_month_starts_at_midnight_in_bangkok_not_in_utc(session: Session) -> None:
    _, analyst = _programme(session)
    for person in session.scalars(select(Candidate)):  # 00:30 on 1 December in Bangkok is still 30 November in UTC
        person.created_at = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)
    session.flush()
    november, december = date(2026, 11, 1), date(2026, 12, 1)
    assert reports.report(session, analyst, ReportFilter(period=Period(november, november)), ZONE).totals[
        "registered"] == 0
    assert reports.report(session, analyst, ReportFilter(period=Period(december, december)), ZONE).totals[
        "registered"] == 17


def test_checks_by_channel_and_certificates_checked_at_least_once(session: Session) -> None:
    _, analyst = _programme(session)
    issued = session.scalars(select(Certificate).order_by(Certificate.id)).all()
    now = datetime.now(UTC)
    session.add_all([VerificationEvent(certificate_id=c.id, channel="number", at=now) for c in issued[2:8]])
    session.add_all([VerificationEvent(certificate_id=c.id, channel="api", at=now, organisation=name)
                     for c, name in zip(issued[8:11], ("ACME Co.", "acme  co.", "Siam Hotels"), strict=True)])
    session.add(VerificationEvent(certificate_id=issued[0].id, channel="number", at=now))  # checked twice
    session.flush()
    found = reports.report(session, analyst, ReportFilter(), ZONE)
    # 7 by typed number, 3 by the API and 2 by QR: two small counts hide each other, the total stays
    assert found.by_channel == {"api": SMALL, "number": 7, "qr": SMALL, "upload": 0}
    assert found.totals["verifications"] == 12
    assert found.checked == 11  # certificates, not checks: the one checked twice counts once
    assert found.organisations == SMALL  # two, "ACME Co." named twice as people type it
    assert reports.as_json(found)["certificates_checked_at_least_once"] == 11


def _outcomes_programme(session: Session) -> tuple[User, User]:
    """Eight workers: six competent in both units, two not yet competent in the second; one a returnee born in
    1970, one revoked, one suspended; six assessed 10 days before their certificate."""
    centre = make_centre(session, "OUT", country="KH")
    assessor, moderator = make_user(session, Role.ASSESSOR, centre), make_user(session, Role.MODERATOR, centre)
    head = make_user(session, Role.PROVIDER_ADMIN, centre)
    qualification = make_qualification(session, units=2)
    people = [make_candidate(session, assessor, name_latin=f"Outcome {letters(n)}", name_native="",
                             returnee=n == 0, date_of_birth=date(1970, 1, 5) if n == 0 else date(2003, 6, 1))
              for n in range(8)]
    group = assessments.open_assessments(session, assessor, people, qualification)
    first, second = qualification.units
    results = {(a.id, first.id): ResultEntry("competent", "observation") for a in group}
    results |= {(a.id, second.id): ResultEntry("not_yet_competent" if n >= 6 else "competent", "questioning")
                for n, a in enumerate(group)}
    assessments.save_results(session, assessor, group, qualification.units, results, TODAY - timedelta(days=10),
                             TODAY)
    for assessment in group:
        workflow.apply_transition(session, assessor, assessment, Action.SUBMIT)
        workflow.apply_transition(session, moderator, assessment, Action.ENDORSE)
    issued = certificates.issue_certificates(session, head, group, ISSUE_CONTEXT).certificates
    certificates.revoke(session, head, issued[1], "issued_in_error", today=TODAY)
    certificates.suspend(session, head, issued[2], "under investigation", today=TODAY)
    session.flush()
    return head, make_user(session, Role.ANALYST)


def test_units_durations_revocations_returnees_and_ages(session: Session) -> None:
    _, analyst = _outcomes_programme(session)
    found = reports.report(session, analyst, ReportFilter(country="KH"), ZONE)
    assert found.totals["qualifications"] == 6 and found.totals["statements"] == SMALL
    assert found.totals["revoked"] == SMALL and found.totals["suspended"] == SMALL
    first, second = found.units
    assert (first.assessed, first.competent, first.pass_rate) == (8, 8, 1.0)
    # 6 of 8 in the second unit; the 2 not yet competent are few, so the rate that would give them away is hidden
    assert (second.assessed, second.competent, second.not_yet_competent, second.pass_rate) == (8, SMALL, SMALL, SMALL)
    assert found.median_days == 10
    assert found.tables["returnee"]["yes"]["registered"] == SMALL and found.tables["returnee"]["no"][
        "registered"] == SMALL  # 1 and 7 of 8: the 7 would give the 1 away
    assert found.tables["age_band"]["under-25"]["registered"] == SMALL  # born 2003: 23 this year
    assert found.tables["age_band"]["55-plus"]["registered"] == SMALL
    elsewhere = reports.report(session, analyst, ReportFilter(country="TH"), ZONE)
    assert elsewhere.totals["registered"] == 0 and elsewhere.units == []
    young = reports.report(session, analyst, ReportFilter(age_band=1), ZONE)
    assert young.totals["registered"] == SMALL  # 7 of the 8: the 1 older worker would be the difference
    assert list(young.tables["age_band"]) == ["under-25"]


def test_the_tallies_kept_up_to_date_equal_a_count_from_scratch(session: Session, tmp_path: Path) -> None:
    head, analyst = _outcomes_programme(session)
    reports.report(session, analyst, ReportFilter(), ZONE)
    issued = session.scalars(select(Certificate).where(Certificate.status == "valid").order_by(Certificate.id)).all()
    # Changes of every kind after the first count: a revocation, a reinstatement, a worker's sex and birth date
    # corrected, checks, a new registration and a withdrawn draft.
    certificates.revoke(session, head, issued[0], "fraud", today=TODAY)
    suspended = session.scalars(select(Certificate).where(Certificate.status == "suspended")).one()
    certificates.reinstate(session, head, suspended, today=TODAY)
    person = session.get(Candidate, issued[3].candidate_id)
    assert person is not None
    person.sex, person.date_of_birth = "male", date(1960, 2, 2)
    session.add(VerificationEvent(certificate_id=issued[4].id, channel="qr", at=datetime(2026, 12, 2, tzinfo=UTC),
                                  organisation="Hotel"))
    assessor = make_user(session, Role.ASSESSOR, head.centre)
    newcomer = make_candidate(session, assessor, name_latin="Late Comer", name_native="")
    from registry.services import withdrawals

    draft = assessments.open_assessment(session, assessor, newcomer, make_qualification(session))
    session.flush()
    reports.report(session, analyst, ReportFilter(), ZONE)
    withdrawals.withdraw_assessment(session, assessor, draft, storage=LocalStore(tmp_path))
    session.flush()
    kept = reports.report(session, analyst, ReportFilter(), ZONE)
    _assert_equal_to_a_count_from_scratch(session)
    assert kept.tables["sex"]["male"]["registered"] == SMALL
