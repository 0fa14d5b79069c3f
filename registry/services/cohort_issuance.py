"""A cohort certified in one action: every endorsed assessment without a live certificate gets one, in batches
that each commit, so that a job taken up again after a crash issues only what is still missing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.certificate_lifecycle import LIVE_STATUSES
from registry.core.roles import Role
from registry.errors import Conflict, Forbidden
from registry.models import Assessment, Certificate, Cohort, Job, JobKind, JobState, User
from registry.services import assessments, certificates, jobs
from registry.services.certificates import IssueContext
from registry.services.scope import require_in_scope

Progress = Callable[[int, int], None]


def start_issue(session: Session, actor: User, cohort: Cohort, *, now: datetime) -> Job:
    """A job that issues the cohort's waiting certificates and renders every PDF of the cohort; the one already
    under way when asked twice."""
    if actor.role is not Role.PROVIDER_ADMIN:
        raise Forbidden(_l("Only the centre's head issues certificates."))
    require_in_scope(actor, cohort.centre_id)
    underway = jobs.latest_job(session, cohort.id, JobKind.ISSUE)
    if underway is not None and underway.state in (JobState.QUEUED, JobState.RUNNING):
        return underway
    if not waiting_count(session, actor, cohort) and not cohort_certificates(session, actor, cohort):
        raise Conflict(_l("No endorsed assessment in this cohort is waiting for a certificate."))
    return jobs.create_job(session, actor, JobKind.ISSUE, cohort, now=now)


def issue_cohort(session: Session, actor: User, cohort: Cohort, context: IssueContext, *,
                 checkpoint: Progress | None = None, batch: int = 200) -> int:
    """Issue what is waiting; ``checkpoint(issued so far, waiting at the start)`` after each batch, where the caller
    commits."""
    require_in_scope(actor, cohort.centre_id)
    ready = assessments.endorsed_without_certificate(session, actor, cohort.id)
    for offset in range(0, len(ready), batch):
        certificates.issue_certificates(session, actor, ready[offset:offset + batch], context)
        session.flush()
        if checkpoint is not None:
            checkpoint(min(offset + batch, len(ready)), len(ready))
    return len(ready)


def waiting_count(session: Session, actor: User, cohort: Cohort) -> int:
    return len(assessments.endorsed_without_certificate(session, actor, cohort.id))


def cohort_certificates(session: Session, actor: User, cohort: Cohort) -> list[Certificate]:
    """The cohort's live certificates (valid or suspended), in number order."""
    require_in_scope(actor, cohort.centre_id)
    return list(session.scalars(
        select(Certificate).join(Assessment, Assessment.id == Certificate.assessment_id)
        .where(Assessment.cohort_id == cohort.id, Certificate.status.in_(LIVE_STATUSES))
        .order_by(Certificate.number)))
