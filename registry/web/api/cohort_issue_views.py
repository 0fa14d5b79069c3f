"""A cohort issued in one action over the API: the job, its progress, and the ZIP of its certificates."""

from __future__ import annotations

from typing import Any

from flask import jsonify, url_for
from werkzeug.wrappers import Response

from registry.core.roles import Role
from registry.errors import NotFound
from registry.infra.app_context import db_session
from registry.jobs.queue import start_job
from registry.models import Job, JobKind
from registry.models.types import utcnow
from registry.services import cohort_issuance, cohorts, jobs
from registry.web.access import api_user, roles
from registry.web.api.answers import located
from registry.web.api.blueprint import bp
from registry.web.certificates.bundle import certificates_zip

centre_head = roles(Role.PROVIDER_ADMIN)
centre_staff = roles(Role.PROVIDER_ADMIN, Role.ASSESSOR, Role.MODERATOR)


def job_resource(job: Job) -> dict[str, Any]:
    shown = jobs.view(job, utcnow())
    return {**shown, "errors": [{"row": None, "column": None, "message": job.failure}] if job.failure else [],
            "created": {"certificates": int(job.result.get("issued", 0))} if job.kind is JobKind.ISSUE
            else {"candidates": int(job.result.get("candidates", 0)),
                  "assessments": int(job.result.get("assessments", 0))}}


@bp.route("/cohorts/<int:cohort_id>/issue", methods=["POST"])
@centre_head
def issue_cohort(cohort_id: int) -> Response:
    actor = api_user()
    cohort = cohorts.get_cohort(db_session(), actor, cohort_id)
    job = cohort_issuance.start_issue(db_session(), actor, cohort, now=utcnow())
    url = url_for("api.get_job", cohort_id=cohort.id, job_id=job.id)
    start_job(job)
    return located({"id": job.id, "state": job.state.value, "url": url}, 202, url)


@bp.route("/cohorts/<int:cohort_id>/jobs/<int:job_id>")
@centre_staff
def get_job(cohort_id: int, job_id: int) -> Response:
    job = jobs.get_job(db_session(), api_user(), job_id)
    if job.cohort_id != cohort_id:
        raise NotFound()
    return jsonify(job_resource(job))


@bp.route("/cohorts/<int:cohort_id>/certificates.zip")
@centre_head
def certificates_of_cohort(cohort_id: int) -> Response:
    actor = api_user()
    cohort = cohorts.get_cohort(db_session(), actor, cohort_id)
    documents = cohort_issuance.cohort_certificates(db_session(), actor, cohort)
    if not documents:
        raise NotFound()
    return certificates_zip(cohort, documents)
