"""Withdrawing a draft assessment or removing an evidence file: a page that names what goes, then a POST."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from registry.core.roles import Role
from registry.infra.app_context import db_session, evidence_storage
from registry.models import Evidence
from registry.services import assessments, withdrawals
from registry.services.scope import get_in_scope
from registry.web.access import roles, signed_in_user
from registry.web.assessments.blueprint import bp
from registry.web.auth.forms import ConfirmForm
from registry.web.i18n import current_language

withdrawers = roles(Role.PROVIDER_ADMIN, Role.ASSESSOR)


@bp.route("/assessments/<int:assessment_id>/withdraw", methods=["GET", "POST"])
@withdrawers
def withdraw(assessment_id: int) -> Response | str:
    actor = signed_in_user()
    assessment = assessments.get_assessment(db_session(), actor, assessment_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        name, cohort_id, candidate_id = assessment.candidate.name_latin, assessment.cohort_id, assessment.candidate_id
        withdrawals.withdraw_assessment(db_session(), actor, assessment, storage=evidence_storage())
        flash(_("The draft assessment of %(name)s is withdrawn.", name=name), "success")
        if cohort_id is not None:
            return redirect(url_for("cohorts.grid", cohort_id=cohort_id))
        return redirect(url_for("candidates.show", candidate_id=candidate_id))
    if not withdrawals.still_a_draft(assessment):
        flash(_("This assessment has been submitted: it can no longer be withdrawn."), "error")
        return redirect(url_for("assessments.show", assessment_id=assessment_id))
    return render_template(
        "confirm_removal.html", form=form,
        title=_("Withdraw the draft assessment of %(name)s?", name=assessment.candidate.name_latin),
        facts=[(_("Candidate"), assessment.candidate.name_latin),
               (_("Qualification"), assessment.qualification.title_in(current_language())),
               (_("Results entered"), str(len(assessment.results))),
               (_("Evidence files"), str(len(assessment.evidence)))],
        lead=_("The results entered and the evidence files are deleted. The candidate stays registered. "
               "The audit log keeps a record of what was withdrawn."),
        button=_("Withdraw"), back=url_for("assessments.show", assessment_id=assessment_id))


@bp.route("/evidence/<int:evidence_id>/remove", methods=["GET", "POST"])
@withdrawers
def remove_evidence(evidence_id: int) -> Response | str:
    actor = signed_in_user()
    item = get_in_scope(db_session(), Evidence, evidence_id, actor, "centre_id")
    back = url_for("assessments.show", assessment_id=item.assessment_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = item.original_name
        withdrawals.remove_evidence(db_session(), actor, item, storage=evidence_storage())
        flash(_("%(name)s is removed.", name=name), "success")
        return redirect(back)
    if not withdrawals.still_a_draft(item.assessment):
        flash(_("This assessment has been submitted: its evidence stays on the record."), "error")
        return redirect(back)
    return render_template(
        "confirm_removal.html", form=form, title=_("Remove %(name)s?", name=item.original_name),
        facts=[(_("Candidate"), item.assessment.candidate.name_latin), (_("Description"), item.description or "–")],
        lead=_("The file is deleted. The audit log keeps its name and fingerprint."),
        button=_("Remove"), back=back)
