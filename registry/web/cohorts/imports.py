"""A cohort from a spreadsheet: the template, the upload and its check, the decisions, the import, the exports."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_timedelta, ngettext
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from registry.core.roles import Role
from registry.errors import InvalidInput
from registry.infra.app_context import db_session, today
from registry.jobs.queue import start_job
from registry.models import CohortImport, ImportState, Job, JobKind, JobState
from registry.models.types import utcnow
from registry.services import catalogue, cohorts, imports, jobs
from registry.web import spreadsheets as sheets
from registry.web.access import roles, signed_in_user
from registry.web.cohorts.blueprint import bp
from registry.web.cohorts.forms import ImportUploadForm

organisers = roles(Role.PROVIDER_ADMIN, Role.ASSESSOR)
centre_staff = roles(Role.PROVIDER_ADMIN, Role.ASSESSOR, Role.MODERATOR)
KINDS = ("xlsx", "csv")


def _kind(kind: str) -> str:
    if kind not in KINDS:
        abort(404)
    return kind


@bp.route("/qualifications/<code>/template.<kind>")
@centre_staff
def template(code: str, kind: str) -> Response:
    qualification = catalogue.get_qualification_by_code(db_session(), code)
    content = sheets.sheet(qualification.units, [], _kind(kind))
    return sheets.download(content, f"{qualification.code}-template", kind)


@bp.route("/cohorts/<int:cohort_id>/export.<kind>")
@centre_staff
def export(cohort_id: int, kind: str) -> Response:
    actor = signed_in_user()
    cohort = cohorts.get_cohort(db_session(), actor, cohort_id)
    units, rows = cohorts.export_rows(db_session(), actor, cohort)
    return sheets.download(sheets.sheet(units, rows, _kind(kind)), f"cohort-{cohort.id}", kind)


@bp.route("/cohorts/<int:cohort_id>/import", methods=["GET", "POST"])
@organisers
def upload(cohort_id: int) -> Response | tuple[str, int]:
    actor = signed_in_user()
    cohort = cohorts.get_cohort(db_session(), actor, cohort_id)
    form = ImportUploadForm()
    if form.validate_on_submit():
        sent = form.file.data
        content = sent.read()
        cohort_import = imports.upload(db_session(), actor, cohort, sent.filename or "upload", content, today())
        return redirect(url_for("cohorts.show_import", cohort_id=cohort.id, import_id=cohort_import.id))
    status = 422 if request.method == "POST" else 200
    return render_template("cohorts/import.html", cohort=cohort, form=form), status


def _get(cohort_id: int, import_id: int) -> CohortImport:
    cohort_import = imports.get_import(db_session(), signed_in_user(), import_id)
    if cohort_import.cohort_id != cohort_id:
        abort(404)
    return cohort_import


@bp.route("/cohorts/<int:cohort_id>/imports/<int:import_id>")
@organisers
def show_import(cohort_id: int, import_id: int) -> str:
    cohort_import = _get(cohort_id, import_id)
    cohort = cohorts.get_cohort(db_session(), signed_in_user(), cohort_id)
    job = jobs.latest_job(db_session(), cohort_id, JobKind.IMPORT, subject_id=import_id)
    return render_template("cohorts/import_report.html", cohort=cohort, cohort_import=cohort_import,
                           report=cohort_import.report, imported=cohort_import.state is ImportState.IMPORTED,
                           job=job, working=job is not None and job.state in (JobState.QUEUED, JobState.RUNNING))


@bp.route("/cohorts/<int:cohort_id>/imports/<int:import_id>/finished")
@organisers
def import_finished(cohort_id: int, import_id: int) -> Response:
    """Where the progress bar leads when the import is done: what it created, said on the results grid."""
    cohort_import = _get(cohort_id, import_id)
    flash(ngettext("%(num)d candidate registered from the file.", "%(num)d candidates registered from the file.",
                   cohort_import.created_candidates), "success")
    if cohort_import.updated_assessments:
        flash(ngettext("%(num)d candidate's results updated.", "%(num)d candidates' results updated.",
                       cohort_import.updated_assessments), "success")
    return redirect(url_for("cohorts.grid", cohort_id=cohort_id))


def _decisions() -> dict[int, str]:
    decisions = {}
    for name, value in request.form.items():
        if name.startswith("decision-") and name[9:].isdigit() and value in set(imports.Decision):
            decisions[int(name[9:])] = value
    return decisions


@bp.route("/cohorts/<int:cohort_id>/imports/<int:import_id>", methods=["POST"])
@organisers
def run_import(cohort_id: int, import_id: int) -> Response:
    cohort_import = _get(cohort_id, import_id)
    if cohort_import.state is ImportState.IMPORTED:
        flash(_("This file was imported already: nothing was imported twice."), "info")
        return redirect(url_for("cohorts.grid", cohort_id=cohort_id))
    try:
        job = imports.start_import(db_session(), signed_in_user(), cohort_import, decisions=_decisions(),
                                   valid_rows_only=request.form.get("valid_rows_only") == "true", now=utcnow())
    except InvalidInput as error:
        db_session().rollback()
        for messages in error.errors.values():
            for message in messages:
                flash(str(message), "error")
        return redirect(url_for("cohorts.show_import", cohort_id=cohort_id, import_id=import_id))
    start_job(job)
    return redirect(url_for("cohorts.show_import", cohort_id=cohort_id, import_id=import_id))


@bp.route("/cohorts/<int:cohort_id>/imports/<int:import_id>/rejected.<kind>")
@organisers
def rejected(cohort_id: int, import_id: int, kind: str) -> Response:
    cohort_import = _get(cohort_id, import_id)
    units, rows = imports.rejected_rows(db_session(), cohort_import)
    content = sheets.sheet(units, rows, _kind(kind), with_error_column=True)
    return sheets.download(content, f"cohort-{cohort_id}-rows-to-correct", kind)



@bp.route("/jobs/<int:job_id>")
@centre_staff
def job_progress(job_id: int) -> Response:
    """The progress bar's source: how far a job of this centre got, and about how long it still needs."""
    job = jobs.get_job(db_session(), signed_in_user(), job_id)
    shown = jobs.view(job, utcnow())
    return jsonify({**shown, "words": progress_words(job, shown["seconds_left"])})


def progress_words(job: Job, seconds_left: int | None) -> str:
    if job.state is JobState.QUEUED:
        return _("Waiting for a worker to start…")
    if job.state is JobState.FAILED:
        return _("Stopped: %(reason)s", reason=job.failure)
    if job.kind is JobKind.IMPORT:
        words = _("%(done)d of %(total)d rows", done=job.done, total=job.total)
    else:
        words = _("%(done)d of %(total)d steps (certificates issued, then printed)", done=job.done, total=job.total)
    if seconds_left is not None and job.state is JobState.RUNNING:
        words += " · " + _("about %(time)s left", time=format_timedelta(timedelta(seconds=seconds_left),
                                                                        threshold=1.1))
    return words
