from __future__ import annotations

import io

from flask import current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from registry.core.roles import Role
from registry.core.storable import whole_number
from registry.core.uploads import download_name
from registry.core.workflow import TRANSITIONS, Action
from registry.errors import Conflict, InvalidInput, NotFound
from registry.infra.app_context import db_session, evidence_storage, local_now, today
from registry.models import Assessment
from registry.services import assessments, certificates, evidence, withdrawals, workflow
from registry.web.access import roles, signed_in_user
from registry.web.assessments.blueprint import bp
from registry.web.assessments.forms import EvidenceForm, ReasonForm
from registry.web.forms import attach_errors
from registry.web.labels import assessment_state_label
from registry.web.results_grid import GridInput, from_form, from_saved
from registry.web.sent_once import remember, sent_before

centre_staff = roles(Role.PROVIDER_ADMIN, Role.ASSESSOR, Role.MODERATOR)
ACTIONS_WITH_REASON = {action for action, transition in TRANSITIONS.items() if transition.needs_reason}


def _page(assessment: Assessment, grid: GridInput | None = None, evidence_form: EvidenceForm | None = None,
          reason_form: ReasonForm | None = None, status: int = 200) -> tuple[str, int]:
    actor = signed_in_user()
    units = list(assessment.qualification.units)
    if grid is None:
        saved = {(assessment.id, result.unit_id): result for result in assessment.results}
        grid = from_saved([assessment], units, saved, assessment.cohort.assessment_date if assessment.cohort
                          else today())
    issued = certificates.certificates_of_assessment(db_session(), actor, assessment)
    offered = workflow.offered_actions(actor, assessment)
    return render_template(
        "assessments/show.html", assessment=assessment, units=units, grid=grid,
        kind=assessments.kind_of(assessment),
        actions=[a for a in offered if a is not Action.RECORD_RESULTS],
        can_record=Action.RECORD_RESULTS in offered,
        needs_reason=ACTIONS_WITH_REASON,
        evidence_form=evidence_form or EvidenceForm(formdata=None),
        reason_form=reason_form or ReasonForm(formdata=None),
        history=assessments.assessment_history(db_session(), actor, assessment),
        certificates=issued,
        can_issue=certificates.can_issue(actor, assessment, issued),
        can_withdraw=actor.role in withdrawals.MAY_WITHDRAW and withdrawals.still_a_draft(assessment),
    ), status


@bp.route("/assessments/<int:assessment_id>")
@centre_staff
def show(assessment_id: int) -> tuple[str, int]:
    return _page(assessments.get_assessment(db_session(), signed_in_user(), assessment_id))


@bp.route("/assessments/<int:assessment_id>/results", methods=["POST"])
@roles(Role.ASSESSOR)
def save_results(assessment_id: int) -> Response | tuple[str, int]:
    actor = signed_in_user()
    assessment = assessments.get_assessment(db_session(), actor, assessment_id)
    units = list(assessment.qualification.units)
    grid = from_form(request.form, [assessment], units)
    try:
        assessments.save_results(db_session(), actor, [assessment], units, grid.cells, grid.assessed_on, today(),
                                 expected_versions=grid.versions)
    except InvalidInput as error:
        db_session().rollback()
        grid.errors = error.errors
        flash(str(error.message), "error")
        return _page(assessments.get_assessment(db_session(), actor, assessment_id), grid, status=422)
    except Conflict as conflict:
        db_session().rollback()
        flash(str(conflict.message), "error")
        fresh = assessments.get_assessment(db_session(), actor, assessment_id)
        grid.versions = {fresh.id: fresh.version}  # saving again overwrites, now knowingly
        return _page(fresh, grid, status=409)
    flash(_("Results saved."), "success")
    return redirect(url_for("assessments.show", assessment_id=assessment_id))


@bp.route("/assessments/<int:assessment_id>/steps/<action>", methods=["POST"])
@centre_staff
def take_step(assessment_id: int, action: str) -> Response | tuple[str, int]:
    actor = signed_in_user()
    assessment = assessments.get_assessment(db_session(), actor, assessment_id)
    try:
        step = Action(action)
    except ValueError:
        step = None
    if step is None or step is Action.RECORD_RESULTS or step not in TRANSITIONS:
        raise NotFound()
    form = ReasonForm()
    if not form.validate_on_submit():
        return _page(assessment, reason_form=form, status=422)
    reason = (form.reason.data or "").strip()
    problems = workflow.reason_problems(step, reason)
    if problems:
        attach_errors(form, problems)
        return _page(assessment, reason_form=form, status=422)
    if step is Action.LODGE_APPEAL:
        assessments.lodge_appeal(db_session(), actor, assessment, reason, now=local_now(),
                                 window_days=current_app.config["APPEAL_WINDOW_DAYS"])
    elif step in (Action.UPHOLD_APPEAL, Action.DISMISS_APPEAL):
        assessments.decide_appeal(db_session(), actor, assessment, uphold=step is Action.UPHOLD_APPEAL, reason=reason)
    else:
        workflow.apply_transition(db_session(), actor, assessment, step, reason=reason,
                                  expected_version=whole_number(form.version.data))
    flash(_("Done: %(state)s.", state=str(_state_label(assessment))), "success")
    return redirect(url_for("assessments.show", assessment_id=assessment_id))


def _state_label(assessment: Assessment) -> str:
    return str(assessment_state_label(assessment))


@bp.route("/assessments/<int:assessment_id>/evidence", methods=["POST"])
@roles(Role.PROVIDER_ADMIN, Role.ASSESSOR)
def add_evidence(assessment_id: int) -> Response | tuple[str, int]:
    actor = signed_in_user()
    assessment = assessments.get_assessment(db_session(), actor, assessment_id)
    form = EvidenceForm()
    if form.validate_on_submit():
        if (earlier := sent_before(form)) is not None:
            return earlier
        upload = form.file.data
        try:
            evidence.add_evidence(db_session(), actor, assessment, upload.stream, upload.filename or "",
                                  form.description.data or "", storage=evidence_storage(),
                                  max_bytes=current_app.config["MAX_EVIDENCE_BYTES"])
        except InvalidInput as error:
            db_session().rollback()
            attach_errors(form, error.errors)
            return _page(assessments.get_assessment(db_session(), actor, assessment_id), evidence_form=form,
                         status=422)
        flash(_("Evidence added."), "success")
        remember(form, url_for("assessments.show", assessment_id=assessment_id))
        return redirect(url_for("assessments.show", assessment_id=assessment_id))
    return _page(assessment, evidence_form=form, status=422)


@bp.route("/evidence/<int:evidence_id>")
@centre_staff
def open_evidence(evidence_id: int) -> Response:
    record, content = evidence.open_evidence(db_session(), signed_in_user(), evidence_id, storage=evidence_storage())
    response = send_file(io.BytesIO(content), mimetype=record.content_type, as_attachment=True,
                         download_name=download_name(record.original_name, record.content_type), max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
