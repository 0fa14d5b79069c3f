"""Jobs of the queue: created by a request, taken by one worker at a time under a lease, reported to the page.

A queue message can be lost with the worker that held it (a process killed, a machine restarted), so the job
itself lives in the database: a worker claims it by moving it to "running" with a lease, renews the lease at each
batch it commits, and a job whose lease ran out is claimed again by another worker, which carries on from the last
batch committed. Claiming is one conditional UPDATE, so two workers never run the same job at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from registry.models import Cohort, Job, JobKind, JobState, User
from registry.services.scope import get_in_scope, require_in_scope

FINISHED = (JobState.DONE, JobState.FAILED)


def create_job(session: Session, actor: User, kind: JobKind, cohort: Cohort, *, subject_id: int | None = None,
               params: dict[str, Any] | None = None, now: datetime) -> Job:
    require_in_scope(actor, cohort.centre_id)
    job = Job(kind=kind, state=JobState.QUEUED, centre_id=cohort.centre_id, cohort_id=cohort.id,
              subject_id=subject_id, created_by_id=actor.id, params=params or {}, done=0, total=0, result={},
              failure="", attempts=0, created_at=now)
    session.add(job)
    session.flush()
    return job


def get_job(session: Session, actor: User, job_id: int) -> Job:
    return get_in_scope(session, Job, job_id, actor, "centre_id")


def latest_job(session: Session, cohort_id: int, kind: JobKind, subject_id: int | None = None) -> Job | None:
    statement = select(Job).where(Job.cohort_id == cohort_id, Job.kind == kind)
    if subject_id is not None:
        statement = statement.where(Job.subject_id == subject_id)
    return session.scalars(statement.order_by(Job.id.desc()).limit(1)).first()


def claim(session: Session, job_id: int, *, now: datetime, lease: timedelta) -> Job | float | None:
    """The job, now this worker's; or the seconds until another worker's lease on it runs out; or None when there
    is nothing to do (the job is finished, or gone with its cohort)."""
    taken = session.execute(
        update(Job).where(Job.id == job_id, or_(
            Job.state == JobState.QUEUED,
            and_(Job.state == JobState.RUNNING, or_(Job.lease_until.is_(None), Job.lease_until < now))))
        .values(state=JobState.RUNNING, lease_until=now + lease, attempts=Job.attempts + 1,
                started_at=func.coalesce(Job.started_at, now))
        .execution_options(synchronize_session=False))
    job = session.scalars(select(Job).where(Job.id == job_id).execution_options(populate_existing=True)).first()
    if job is None or job.state in FINISHED:
        return None
    if cast(CursorResult[Any], taken).rowcount == 1:
        return job
    assert job.lease_until is not None
    return max((job.lease_until - now).total_seconds(), 0.5)


def renew(job: Job, done: int, total: int, *, now: datetime, lease: timedelta) -> None:
    job.done, job.total = done, total
    job.lease_until = now + lease


def finish(job: Job, result: dict[str, Any], *, now: datetime) -> None:
    job.state, job.result, job.finished_at, job.lease_until = JobState.DONE, result, now, None
    job.done = max(job.done, job.total)


def fail(job: Job, reason: str, *, now: datetime) -> None:
    job.state, job.failure, job.finished_at, job.lease_until = JobState.FAILED, reason[:500], now, None


def to_take_up(session: Session, *, now: datetime, queued_for: timedelta, leased_too: bool = False) -> list[int]:
    """Jobs whose message may have been lost: queued for a while, or running under a lease that ran out (or any
    running job, when a worker starts: it waits for a live lease to run out before it claims the job)."""
    running = Job.state == JobState.RUNNING
    if not leased_too:
        running = and_(running, or_(Job.lease_until.is_(None), Job.lease_until < now))
    return list(session.scalars(select(Job.id).where(or_(
        and_(Job.state == JobState.QUEUED, Job.created_at <= now - queued_for), running)).order_by(Job.id)))


def seconds_left(job: Job, now: datetime) -> int | None:
    """At the pace so far; None before there is a pace to go by."""
    if job.state is not JobState.RUNNING or job.started_at is None or not job.done or not job.total:
        return None
    elapsed = (now - job.started_at).total_seconds()
    return max(0, round(elapsed / job.done * (job.total - job.done)))


def view(job: Job, now: datetime | None = None) -> dict[str, Any]:
    """The job as the API and the progress bar see it."""
    return {"id": job.id, "kind": job.kind.value, "state": job.state.value,
            "progress": {"done": job.done, "total": job.total},
            "failure": job.failure or None, "result": job.result or {},
            "seconds_left": seconds_left(job, now) if now is not None else None,
            "started_at": job.started_at.isoformat() if job.started_at else None,
            "finished_at": job.finished_at.isoformat() if job.finished_at else None}
