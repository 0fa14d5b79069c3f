"""A cohort certified in one action: every endorsed assessment without a live certificate gets one, in batches
that each commit, so that a job taken up again after a crash issues only what is still missing."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.certificate_lifecycle import LIVE_STATUSES
from registry.models import Assessment, Certificate, Cohort, User
from registry.services import assessments, certificates
from registry.services.certificates import IssueContext
from registry.services.scope import require_in_scope

Progress = Callable[[int], None]


def issue_cohort(session: Session, actor: User, cohort: Cohort, context: IssueContext, *,
                 checkpoint: Progress | None = None, batch: int = 200) -> int:
    """Issue what is waiting; ``checkpoint(count issued so far)`` after each batch, where the caller commits."""
    require_in_scope(actor, cohort.centre_id)
    ready = assessments.endorsed_without_certificate(session, actor, cohort.id)
    for offset in range(0, len(ready), batch):
        certificates.issue_certificates(session, actor, ready[offset:offset + batch], context)
        session.flush()
        if checkpoint is not None:
            checkpoint(min(offset + batch, len(ready)))
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
