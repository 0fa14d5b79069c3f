"""One job run by a worker: claimed under a lease, its work done, finished or failed with a reason people read."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from registry.errors import InvalidInput, RegistryError
from registry.jobs import work
from registry.models import CohortImport, ImportState, Job, JobKind, User
from registry.models.types import utcnow
from registry.services import jobs

log = logging.getLogger(__name__)

WORK: dict[JobKind, Callable[[Session, Job], dict[str, Any]]] = {
    JobKind.IMPORT: work.run_import,
    JobKind.ISSUE: work.issue_and_print,
}


def run_job(session: Session, job_id: int) -> float | None:
    """Do the job's work; None when it is finished (here or elsewhere), or the seconds to wait while another
    worker's lease on it runs."""
    claimed = jobs.claim(session, job_id, now=utcnow(), lease=work.lease())
    session.commit()
    if not isinstance(claimed, Job):
        return claimed
    job = claimed
    creator = session.get(User, job.created_by_id)
    try:
        # What a job reports (a reason it failed) is read by the person who started it, in their language.
        with force_locale(creator.preferred_language if creator else "en"):
            result = WORK[job.kind](session, job)
    except RegistryError as error:
        session.rollback()
        with force_locale(creator.preferred_language if creator else "en"):
            _failed(session, job_id, _reason(error))
        return None
    except Exception:
        session.rollback()
        log.exception("job %s failed", job_id)
        with force_locale(creator.preferred_language if creator else "en"):
            _failed(session, job_id, _("The job stopped on an unexpected error. Nothing of its last batch was "
                                       "kept; start it again, or ask the registry's administrator."))
        return None
    jobs.finish(job, result, now=utcnow())
    session.commit()
    return None


def _reason(error: RegistryError) -> str:
    if isinstance(error, InvalidInput):
        return next((message for messages in error.errors.values() for message in messages), str(error.message))
    return str(error.message)


def _failed(session: Session, job_id: int, reason: str) -> None:
    job = session.get(Job, job_id)
    if job is None:
        return
    jobs.fail(job, reason, now=utcnow())
    if job.kind is JobKind.IMPORT and job.subject_id is not None:
        cohort_import = session.get(CohortImport, job.subject_id)
        if cohort_import is not None and cohort_import.state is not ImportState.IMPORTED:
            cohort_import.state, cohort_import.failure = ImportState.FAILED, reason[:500]
    session.commit()
