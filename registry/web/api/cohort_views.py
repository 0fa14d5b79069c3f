"""Cohorts, their spreadsheet imports and the import template over the JSON API (CONTRACT.md)."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from registry.core.roles import Role
from registry.errors import InvalidInput, NotFound
from registry.infra.app_context import db_session, today
from registry.jobs.queue import start_job
from registry.models import Cohort, CohortImport, ImportState, Job, JobKind
from registry.models.types import utcnow
from registry.services import catalogue, cohorts, imports, jobs
from registry.web import spreadsheets as sheets
from registry.web.access import api_user, roles
from registry.web.api.answers import located
from registry.web.api.blueprint import bp
from registry.web.api.payloads import iso_date, json_body, text

centre_staff = roles(Role.PROVIDER_ADMIN, Role.ASSESSOR, Role.MODERATOR)
organisers = roles(Role.PROVIDER_ADMIN, Role.ASSESSOR)
FLAGS = {"true": True, "false": False, "": False}


def cohort_resource(cohort: Cohort) -> dict[str, Any]:
    return {"id": cohort.id, "name": cohort.name, "qualification_code": cohort.qualification.code,
            "assessment_date": cohort.assessment_date.isoformat(),
            "assessments": [{"id": a.id, "state": a.state.value, "candidate_id": a.candidate_id}
                            for a in cohort.assessments]}


@bp.route("/cohorts", methods=["POST"])
@organisers
def create_cohort() -> Response:
    body = json_body()
    actor = api_user()
    errors: dict[str, list[object]] = {}
    name = text(body, "name", errors, required=True, max_length=200)
    code = text(body, "qualification_code", errors, required=True, max_length=40)
    assessment_date = iso_date(body, "assessment_date", errors) if body.get("assessment_date") else today()
    if errors:
        raise InvalidInput(errors)
    try:
        qualification = catalogue.get_qualification_by_code(db_session(), code)
    except NotFound:
        raise InvalidInput({"qualification_code": [_l("No qualification has this code.")]}) from None
    cohort = cohorts.create_cohort(db_session(), actor, name, qualification, assessment_date,
                                   cohorts.default_assessor_ids(db_session(), actor), [])
    return located(cohort_resource(cohort), 201, url_for("api.get_cohort", cohort_id=cohort.id))


@bp.route("/cohorts/<int:cohort_id>")
@centre_staff
def get_cohort(cohort_id: int) -> Response:
    return jsonify(cohort_resource(cohorts.get_cohort(db_session(), api_user(), cohort_id)))


def _flag(name: str) -> bool:
    value = request.form.get(name, "").strip().lower()
    if value not in FLAGS:
        raise InvalidInput({name: [_l("Give true or false.")]})
    return FLAGS[value]


@bp.route("/cohorts/<int:cohort_id>/imports", methods=["POST"])
@organisers
def create_import(cohort_id: int) -> Response:
    actor = api_user()
    cohort = cohorts.get_cohort(db_session(), actor, cohort_id)
    sent = request.files.get("file")
    if sent is None:
        raise InvalidInput({"file": [_l("Choose a file.")]})
    dry_run, valid_rows_only = _flag("dry_run"), _flag("valid_rows_only")
    cohort_import = imports.upload(db_session(), actor, cohort, sent.filename or "upload", sent.read(), today())
    job = None
    if not dry_run:
        try:
            job = imports.start_import(db_session(), actor, cohort_import, decisions={},
                                       valid_rows_only=valid_rows_only, now=utcnow())
        except InvalidInput as refused:  # the whole file refused: said by the import's state, as a job would
            imports.refuse(db_session(), cohort_import, refused)
        else:
            start_job(job)
    url = url_for("api.get_import", cohort_id=cohort.id, import_id=cohort_import.id)
    return located({"id": cohort_import.id, "state": _state(cohort_import, _job(cohort_import)), "url": url}, 202,
                   url)


def _job(cohort_import: CohortImport) -> Job | None:
    return jobs.latest_job(db_session(), cohort_import.cohort_id, JobKind.IMPORT, subject_id=cohort_import.id)


def _state(cohort_import: CohortImport, job: Job | None) -> str:
    return job.state.value if job is not None else imports.job_state(cohort_import)


def import_resource(cohort_import: CohortImport) -> dict[str, Any]:
    report = cohort_import.report
    job = _job(cohort_import)
    return {
        "id": cohort_import.id,
        "state": _state(cohort_import, job),
        "dry_run": job is None and cohort_import.state is ImportState.CHECKED,
        "progress": {"done": len(cohort_import.rows_done or []), "total": cohort_import.row_count},
        "errors": [{"row": int(e["row"]), "column": e["column"], "message": e["message"]}
                   for e in report.get("errors", [])],
        "duplicates": [{"row": d["row"], "same_as_row": d["same_as_row"],
                        "candidate_ids": [c["id"] for c in d["candidates"]]} for d in report.get("duplicates", [])],
        "created": {"candidates": cohort_import.created_candidates,
                    "assessments": cohort_import.created_assessments},
        "updated": {"assessments": cohort_import.updated_assessments},
        "failure": cohort_import.failure or None,
    }


@bp.route("/cohorts/<int:cohort_id>/imports/<int:import_id>")
@organisers
def get_import(cohort_id: int, import_id: int) -> Response:
    cohort_import = imports.get_import(db_session(), api_user(), import_id)
    if cohort_import.cohort_id != cohort_id:
        raise NotFound()
    return jsonify(import_resource(cohort_import))


@bp.route("/qualifications/<code>/template.<kind>")
@centre_staff
def template(code: str, kind: str) -> Response:
    if kind not in ("xlsx", "csv"):
        raise NotFound()
    qualification = catalogue.get_qualification_by_code(db_session(), code)
    return sheets.download(sheets.sheet(qualification.units, [], kind), f"{qualification.code}-template", kind)
