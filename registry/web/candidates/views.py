from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from registry.core.languages import LANGUAGES
from registry.core.roles import Role
from registry.core.storable import whole_number
from registry.errors import PossibleDuplicate, StaleRecord
from registry.infra.app_context import db_session, document_key, today
from registry.models import Candidate, ConsentPurpose
from registry.services import assessments, candidates, catalogue, consents, rectification, subject_access
from registry.web.access import roles, signed_in_user
from registry.web.candidates.access_document import access_export_pdf as render_access_pdf
from registry.web.candidates.blueprint import bp
from registry.web.candidates.forms import CandidateForm, EditCandidateForm, OpenAssessmentForm
from registry.web.forms import SelectChoice, run_service
from registry.web.i18n import current_language
from registry.web.sent_once import remember, sent_before

centre_staff = roles(Role.PROVIDER_ADMIN, Role.ASSESSOR, Role.MODERATOR)
registrars = roles(Role.PROVIDER_ADMIN, Role.ASSESSOR)


def consent_notices() -> dict[str, str]:
    """The consent notice in each language, so it can be read to the candidate in theirs."""
    notices = {}
    for language in LANGUAGES:
        with force_locale(language.code):
            notices[language.code] = _(
                "The training centre records your name, nationality, sex, date of birth, contact and the results of "
                "your skills assessment, to assess you and, if you pass, to issue a certificate that employers can "
                "check. Your identity number is never stored in full. Employers see only your name, qualification, "
                "units achieved, the centre and the dates. You can ask for a copy of your data or for its erasure "
                "at any time. Notice version %(version)s.",
                version=candidates.CONSENT_NOTICE_VERSION,
            )
    return notices


@bp.route("/candidates")
@centre_staff
def index() -> str:
    query = request.args.get("q", "")[:100]
    found = candidates.search_candidates(db_session(), signed_in_user(), query)
    return render_template("candidates/index.html", candidates=found, query=query)


@bp.route("/candidates/new", methods=["GET", "POST"])
@registrars
def new() -> Response | str:
    form = CandidateForm()  # no consent ticked and no sex or nationality chosen for the user (PDPA)
    duplicates: list[Candidate] = []
    if form.validate_on_submit():
        if (earlier := sent_before(form)) is not None:
            return earlier
        try:
            candidate = run_service(form, lambda: candidates.register_candidate(
                db_session(), signed_in_user(), form.details(), document_key=document_key(), today=today(),
                confirm_duplicate=form.confirm_duplicate.data == "yes"))
        except PossibleDuplicate as warning:
            db_session().rollback()
            duplicates = [m for m in warning.matches if isinstance(m, Candidate)]
            form.confirm_duplicate.data = "yes"
            candidate = None
        if candidate is not None:
            flash(_("%(name)s is registered.", name=candidate.name_latin), "success")
            return _remembered(form, url_for("candidates.show", candidate_id=candidate.id))
    return render_template("candidates/form.html", form=form, candidate=None, duplicates=duplicates,
                           notices=consent_notices())


def _remembered(form: CandidateForm, target: str) -> Response:
    remember(form, target)
    return redirect(target)


@bp.route("/candidates/<int:candidate_id>")
@centre_staff
def show(candidate_id: int) -> str:
    actor = signed_in_user()
    candidate = candidates.get_candidate(db_session(), actor, candidate_id)
    form = OpenAssessmentForm(formdata=None)
    form.qualification_id.choices = _qualification_choices()
    return render_template("candidates/show.html", candidate=candidate, open_form=form,
                           assessments=assessments.assessments_of(db_session(), actor, candidate),
                           history=assessments.history(db_session(), actor, candidate),
                           outdated=rectification.outdated_certificates(db_session(), candidate),
                           may_keep_rights=actor.role in consents.MAY_CHANGE, purposes=list(ConsentPurpose))


@bp.route("/candidates/<int:candidate_id>/export.json")
@roles(*subject_access.MAY_EXPORT)
def access_export(candidate_id: int) -> Response:
    """The worker's right of access: everything held on them, as a file for them (audited)."""
    response = jsonify(subject_access.export(db_session(), signed_in_user(), candidate_id))
    response.headers["Content-Disposition"] = f'attachment; filename="worker-{candidate_id}-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/candidates/<int:candidate_id>/export.pdf")
@roles(*subject_access.MAY_EXPORT)
def access_export_pdf(candidate_id: int) -> Response:
    """The same, as pages the worker can read, in the worker's language (audited)."""
    held = subject_access.held_records(db_session(), signed_in_user(), candidate_id, file_format="pdf")
    response = Response(render_access_pdf(held, today()), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="worker-{candidate_id}-data.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/candidates/<int:candidate_id>/edit", methods=["GET", "POST"])
@registrars
def edit(candidate_id: int) -> Response | str:
    actor = signed_in_user()
    candidate = candidates.get_candidate(db_session(), actor, candidate_id)
    if candidate.erased_at is not None:
        flash(str(candidates.ERASED_RECORD), "error")
        return redirect(url_for("candidates.show", candidate_id=candidate_id))
    form = EditCandidateForm(obj=candidate)
    if request.method == "GET":
        form.version.data = str(candidate.version)
        form.id_document_type.data = candidate.id_document_type.value if candidate.id_document_type else ""
    if form.validate_on_submit():
        expected = whole_number(form.version.data)
        try:
            saved = run_service(form, lambda: candidates.update_candidate(
                db_session(), actor, candidate, form.details(), document_key=document_key(), today=today(),
                expected_version=-1 if expected is None else expected))
        except StaleRecord as conflict:
            db_session().rollback()
            form.form_errors.append(str(conflict.message))
            form.version.data = str(candidates.get_candidate(db_session(), actor, candidate_id).version)
            saved = None
        if saved is not None:
            flash(_("Changes to %(name)s are saved.", name=saved.name_latin), "success")
            if actor.role is Role.PROVIDER_ADMIN and rectification.outdated_certificates(db_session(), saved):
                # A corrected name: offer the certificates printed with the old one for reissue at once.
                return redirect(url_for("candidates.rectify", candidate_id=candidate_id))
            return redirect(url_for("candidates.show", candidate_id=candidate_id))
    return render_template("candidates/form.html", form=form, candidate=candidate, duplicates=[], notices={})


@bp.route("/candidates/<int:candidate_id>/assessments", methods=["POST"])
@registrars
def open_assessment(candidate_id: int) -> Response:
    actor = signed_in_user()
    candidate = candidates.get_candidate(db_session(), actor, candidate_id)
    form = OpenAssessmentForm()
    form.qualification_id.choices = _qualification_choices()
    if form.validate_on_submit():
        if (earlier := sent_before(form)) is not None:
            return earlier
        qualification = catalogue.get_qualification(db_session(), int(form.qualification_id.data or 0))
        assessment = assessments.open_assessment(db_session(), actor, candidate, qualification)
        remember(form, url_for("assessments.show", assessment_id=assessment.id))
        return redirect(url_for("assessments.show", assessment_id=assessment.id))
    flash(_("Choose a qualification."), "error")
    return redirect(url_for("candidates.show", candidate_id=candidate_id))


def _qualification_choices() -> list[SelectChoice]:
    return [SelectChoice(str(q.id), f"{q.code} · {q.title_in(current_language())}")
            for q in catalogue.list_qualifications(db_session(), include_retired=False)]
