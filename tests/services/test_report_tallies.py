"""The reports' monthly tallies stay equal to a count of the records while certificates are issued, revoked and
checked at the same time as reports are read, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.roles import Role
from registry.extensions import db
from registry.models import Assessment, Certificate, ReportItemTally, ReportStale, ReportTally, User
from registry.models.report_tally import mark_everything_stale
from registry.services import certificates, check_log, report_tallies, reports
from registry.services.reports import ReportFilter
from tests.factories import ISSUE_CONTEXT, TODAY, make_endorsed_cohort, make_user

ZONE = ZoneInfo("Asia/Bangkok")


def _tallies(session: Session) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    def rows(model: type[ReportTally] | type[ReportItemTally]) -> list[tuple[object, ...]]:
        return sorted(tuple(row) for row in session.execute(select(*model.__table__.columns)))

    return rows(ReportTally), rows(ReportItemTally)


def _six_certified(session: Session) -> tuple[User, User, list[Certificate]]:
    """A centre's head, an analyst, and six certificates of a cohort of that centre."""
    head, cohort = make_endorsed_cohort(session, size=6)
    analyst = make_user(session, Role.ANALYST)
    group = list(session.scalars(select(Assessment).where(Assessment.cohort_id == cohort.id)))
    return head, analyst, certificates.issue_certificates(session, head, group, ISSUE_CONTEXT).certificates


def _assert_equal_to_a_count_from_scratch(session: Session) -> None:
    kept = _tallies(session)
    mark_everything_stale(session)
    report_tallies.refresh(session, ZONE)
    assert _tallies(session) == kept


def test_counts_stay_true_under_concurrent_issuance_revocation_checks_and_reports(session: Session) -> None:
    head, cohort = make_endorsed_cohort(session, size=24)
    analyst = make_user(session, Role.ANALYST)
    session.commit()
    head_id, analyst_id, engine = head.id, analyst.id, db.engine
    waiting = list(session.scalars(select(Assessment.id).where(Assessment.cohort_id == cohort.id)
                                   .order_by(Assessment.id)))
    issued_all, failures = threading.Event(), []

    def worker(work: object) -> None:
        try:
            with Session(bind=engine) as own:
                work(own)  # type: ignore[operator]
        except Exception as error:  # noqa: BLE001 (reported by the test below)
            failures.append(error)

    def issue(own: Session) -> None:
        actor = own.get(User, head_id)
        for first in range(0, len(waiting), 3):
            batch = list(own.scalars(select(Assessment).where(Assessment.id.in_(waiting[first:first + 3]))))
            certificates.issue_certificates(own, actor, batch, ISSUE_CONTEXT)
            own.commit()
        issued_all.set()

    def revoke_and_check(own: Session) -> None:
        actor = own.get(User, head_id)
        revoked = 0
        while revoked < 8:
            found = own.scalars(select(Certificate).where(Certificate.status == "valid").order_by(Certificate.id)
                                .limit(1)).first()
            if found is None:
                own.rollback()
                continue
            certificates.revoke(own, actor, found, "issued_in_error", today=TODAY)
            check_log.record(own, [{"certificate_id": found.id, "at": datetime.now(UTC), "channel": "api",
                                    "organisation": "Checker"}])
            own.commit()
            revoked += 1

    def read_reports(own: Session) -> None:
        actor = own.get(User, analyst_id)
        while not issued_all.is_set():
            reports.report(own, actor, ReportFilter(), ZONE)
            own.commit()

    threads = [threading.Thread(target=worker, args=(work,)) for work in (issue, revoke_and_check, read_reports)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    final = reports.report(session, session.get(User, analyst_id), ReportFilter(), ZONE)
    session.commit()
    assert final.totals["qualifications"] == 24 and final.totals["revoked"] == 8
    assert session.scalar(select(ReportStale.id).limit(1)) is None
    _assert_equal_to_a_count_from_scratch(session)


def test_a_worker_corrected_moves_every_count_of_theirs(session: Session) -> None:
    head, analyst, issued = _six_certified(session)
    check_log.record(session, [{"certificate_id": issued[0].id, "at": datetime(2026, 12, 1, tzinfo=UTC),
                                "channel": "qr", "organisation": ""}])
    assert list(reports.report(session, analyst, ReportFilter(), ZONE).tables["sex"]) == ["female"]
    person = issued[0].candidate_id
    from registry.models import Candidate

    candidate = session.get(Candidate, person)
    assert candidate is not None
    candidate.sex, candidate.date_of_birth = "male", date(1950, 1, 1)
    session.flush()
    after = reports.report(session, analyst, ReportFilter(), ZONE)
    assert after.tables["sex"]["male"]["registered"] == "<5" and after.tables["age_band"]["55-plus"][
        "verifications"] == "<5"
    _assert_equal_to_a_count_from_scratch(session)


def test_a_report_read_again_within_the_minute_counts_nothing_again(session: Session) -> None:
    from datetime import timedelta

    head, analyst, issued = _six_certified(session)
    minute, here = timedelta(minutes=1), ReportFilter(centre_id=head.centre_id)
    assert reports.report(session, analyst, here, ZONE).totals["revoked"] == 0  # counted now
    certificates.revoke(session, head, issued[0], "fraud", today=TODAY)
    assert reports.report(session, analyst, here, ZONE, minute).totals["revoked"] == 0
    assert report_tallies.counted_at(session)[1] is True  # the page says that changes wait to be counted
    assert reports.report(session, analyst, here, ZONE).totals["revoked"] == "<5"
    assert report_tallies.counted_at(session)[1] is False


def test_a_certificate_issued_again_is_not_a_second_award(session: Session) -> None:
    head, analyst, issued = _six_certified(session)
    here = ReportFilter(centre_id=head.centre_id)
    assert reports.report(session, analyst, here, ZONE).totals["qualifications"] == 6
    certificates.reissue(session, head, issued[0], ISSUE_CONTEXT)  # a corrected name
    assert reports.report(session, analyst, here, ZONE).totals["qualifications"] == 6


def test_a_request_leaves_a_long_count_to_the_job_worker(session: Session) -> None:
    """After a migration or a busy year more months wait than a request may count within its timeout: the report
    shows the tallies counted so far and says changes wait; the job worker's count (every minute) brings it up."""
    from registry.jobs.report_counting import count_reports_now
    from registry.models.report_tally import mark_stale

    head, analyst, issued = _six_certified(session)
    here = ReportFilter(centre_id=head.centre_id)
    assert reports.report(session, analyst, here, ZONE, most_months=3).totals["revoked"] == 0  # a few: counted
    certificates.revoke(session, head, issued[0], "fraud", today=TODAY)
    mark_stale(session, days=[date(2025, month, 15) for month in (1, 3, 5, 7, 9)])
    assert reports.report(session, analyst, here, ZONE, most_months=3).totals["revoked"] == 0
    assert report_tallies.counted_at(session)[1] is True
    assert count_reports_now(session) >= 6
    assert report_tallies.counted_at(session)[1] is False
    assert reports.report(session, analyst, here, ZONE, most_months=3).totals["revoked"] == "<5"
    _assert_equal_to_a_count_from_scratch(session)
