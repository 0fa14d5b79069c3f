"""Jobs claimed under a lease: one worker at a time, taken up again when a worker vanished."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from registry.models import Job, JobKind, JobState
from registry.services import cohort_issuance, jobs
from tests.factories import make_endorsed_cohort

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


def _job(session: Session) -> Job:
    head, cohort = make_endorsed_cohort(session, size=1)
    job = cohort_issuance.start_issue(session, head, cohort, now=NOW)
    session.commit()
    return job


def test_one_worker_at_a_time_and_again_when_its_lease_ran_out(session: Session) -> None:
    job = _job(session)
    assert jobs.claim(session, job.id, now=NOW, lease=LEASE) is job
    assert job.state is JobState.RUNNING and job.attempts == 1
    assert jobs.claim(session, job.id, now=NOW + timedelta(seconds=10), lease=LEASE) == 20.0  # wait for the lease
    jobs.renew(job, 5, 10, now=NOW + timedelta(seconds=20), lease=LEASE)
    assert jobs.claim(session, job.id, now=NOW + timedelta(seconds=40), lease=LEASE) == 10.0  # renewed
    # the worker vanished: another takes it up once the lease ran out, where it got to
    assert jobs.claim(session, job.id, now=NOW + timedelta(seconds=51), lease=LEASE) is job
    assert job.attempts == 2 and job.done == 5
    jobs.finish(job, {"issued": 1}, now=NOW + timedelta(seconds=60))
    assert jobs.claim(session, job.id, now=NOW + timedelta(seconds=61), lease=LEASE) is None
    assert job.done == job.total


def test_unfinished_jobs_are_taken_up(session: Session) -> None:
    queued = _job(session)
    assert jobs.to_take_up(session, now=NOW, queued_for=timedelta(minutes=1)) == []  # just queued: its message
    assert jobs.to_take_up(session, now=NOW + timedelta(minutes=2), queued_for=timedelta(minutes=1)) == [queued.id]
    jobs.claim(session, queued.id, now=NOW, lease=LEASE)
    assert jobs.to_take_up(session, now=NOW + timedelta(seconds=10), queued_for=timedelta(0)) == []
    assert jobs.to_take_up(session, now=NOW + timedelta(seconds=10), queued_for=timedelta(0),
                           leased_too=True) == [queued.id]  # a worker starting up looks at every one
    assert jobs.to_take_up(session, now=NOW + timedelta(seconds=31), queued_for=timedelta(0)) == [queued.id]


def test_time_left_at_the_pace_so_far(session: Session) -> None:
    job = _job(session)
    jobs.claim(session, job.id, now=NOW, lease=LEASE)
    assert jobs.seconds_left(job, NOW) is None
    jobs.renew(job, 25, 100, now=NOW + timedelta(seconds=10), lease=LEASE)
    job.started_at = NOW
    assert jobs.seconds_left(job, NOW + timedelta(seconds=10)) == 30
    assert jobs.view(job, NOW + timedelta(seconds=10))["progress"] == {"done": 25, "total": 100}
    assert job.kind is JobKind.ISSUE
