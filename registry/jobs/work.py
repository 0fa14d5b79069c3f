"""What each kind of job does, given a claimed job; it commits at each checkpoint, renewing the job's lease."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from registry.errors import NotFound
from registry.infra.app_context import document_key, issue_context, today
from registry.jobs import rendering
from registry.models import Cohort, CohortImport, Job, User
from registry.models.types import utcnow
from registry.services import cohort_issuance, imports, jobs
from registry.web.certificates.presentation import printed

RENDER_BATCH = 20


def lease() -> timedelta:
    return timedelta(seconds=float(current_app.config["JOB_LEASE_SECONDS"]))


def _commit_progress(session: Session, job: Job) -> Callable[[int, int], None]:
    def checkpoint(done: int, total: int) -> None:
        jobs.renew(job, done, total, now=utcnow(), lease=lease())
        session.commit()
    return checkpoint


def _subjects(session: Session, job: Job) -> tuple[User, Cohort]:
    actor = session.get(User, job.created_by_id)
    cohort = session.get(Cohort, job.cohort_id) if job.cohort_id is not None else None
    if actor is None or cohort is None:
        raise NotFound()
    return actor, cohort


def run_import(session: Session, job: Job) -> dict[str, Any]:
    actor, _cohort = _subjects(session, job)
    cohort_import = session.get(CohortImport, job.subject_id)
    if cohort_import is None:
        raise NotFound()
    decisions = {int(row): str(choice) for row, choice in (job.params.get("decisions") or {}).items()}
    imports.run_import(session, actor, cohort_import, today=today(), document_key=document_key(),
                       decisions=decisions, valid_rows_only=bool(job.params.get("valid_rows_only")),
                       checkpoint=_commit_progress(session, job),
                       batch=int(current_app.config.get("IMPORT_BATCH", 200)))
    return {"candidates": cohort_import.created_candidates, "assessments": cohort_import.created_assessments,
            "updated": cohort_import.updated_assessments}


def issue_and_print(session: Session, job: Job) -> dict[str, Any]:
    """Issue what the cohort has waiting, then render every live certificate's PDFs (the A4 certificate and the
    wallet card) into the document cache, so that the cohort's ZIP and card sheet are read from disk."""
    actor, cohort = _subjects(session, job)
    already = len(cohort_issuance.cohort_certificates(session, actor, cohort))
    progress = _commit_progress(session, job)
    # Each new certificate is issued, then printed; those issued before are only printed.
    issued = cohort_issuance.issue_cohort(session, actor, cohort, issue_context(),
                                          checkpoint=lambda count, waiting: progress(count, 2 * waiting + already))
    session.commit()  # the rendering processes read the certificates on their own connections
    documents = cohort_issuance.cohort_certificates(session, actor, cohort)
    processes = int(current_app.config["RENDER_PROCESSES"])
    if processes > 1 and len(documents) >= int(current_app.config["RENDER_PARALLEL_FROM"]) \
            and rendering.may_start_processes():
        ids = [certificate.id for certificate in documents]
        rendering.render_in_processes(ids, processes, lambda count: progress(issued + count // 2, issued + len(ids)))
        return {"issued": issued, "certificates": len(ids), "processes": processes}
    for position, certificate in enumerate(documents, start=1):
        printed(certificate)
        printed(certificate, card=True)
        if position % RENDER_BATCH == 0 or position == len(documents):
            progress(issued + position, issued + len(documents))
    return {"issued": issued, "certificates": len(documents)}
