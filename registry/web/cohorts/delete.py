"""Deleting a cohort made by mistake, before anyone was added to it: a page that names it, then a POST."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from registry.infra.app_context import db_session
from registry.services import cohorts, withdrawals
from registry.web.access import signed_in_user
from registry.web.auth.forms import ConfirmForm
from registry.web.cohorts.blueprint import bp
from registry.web.cohorts.views import organisers
from registry.web.i18n import current_language, format_date


@bp.route("/cohorts/<int:cohort_id>/delete", methods=["GET", "POST"])
@organisers
def delete(cohort_id: int) -> Response | str:
    actor = signed_in_user()
    cohort = cohorts.get_cohort(db_session(), actor, cohort_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = cohort.name
        withdrawals.delete_empty_cohort(db_session(), actor, cohort)
        flash(_("Cohort %(name)s is deleted.", name=name), "success")
        return redirect(url_for("cohorts.index"))
    if cohort.assessments:
        flash(_("This cohort has candidates: withdraw their draft assessments first."), "error")
        return redirect(url_for("cohorts.grid", cohort_id=cohort_id))
    return render_template(
        "confirm_removal.html", form=form, title=_("Delete cohort %(name)s?", name=cohort.name),
        facts=[(_("Qualification"), cohort.qualification.title_in(current_language())),
               (_("Assessment date"), format_date(cohort.assessment_date))],
        lead=_("The cohort has no candidates yet. Its uploaded spreadsheets are deleted with it."),
        button=_("Delete"), back=url_for("cohorts.grid", cohort_id=cohort_id))
