"""A worker's rights over their data, exercised for them by their centre's head (or the registry's administrator):
consent withdrawn or given again per purpose, erasure, and a corrected name carried onto their certificates.
Access (the exports) is in views.py beside the worker's page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from registry.core.roles import Role
from registry.errors import Conflict
from registry.infra.app_context import db_session, evidence_storage, issue_context
from registry.models import ConsentPurpose
from registry.services import consents, erasure, rectification
from registry.services.candidates import get_candidate
from registry.web.access import roles, signed_in_user
from registry.web.auth.forms import ConfirmForm
from registry.web.candidates.blueprint import bp
from registry.web.candidates.forms import EraseForm, GiveConsentForm
from registry.web.certificates.views import holder_slips_page
from registry.web.labels import CONSENT_LABELS

rights_keepers = roles(*consents.MAY_CHANGE)


def _purpose(value: str) -> ConsentPurpose:
    try:
        return ConsentPurpose(value)
    except ValueError:
        abort(404)


def _back(candidate_id: int) -> str:
    return url_for("candidates.show", candidate_id=candidate_id)


@bp.route("/candidates/<int:candidate_id>/consents/<purpose>/withdraw", methods=["GET", "POST"])
@rights_keepers
def withdraw_consent(candidate_id: int, purpose: str) -> Response | str:
    actor, chosen = signed_in_user(), _purpose(purpose)
    candidate = get_candidate(db_session(), actor, candidate_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            consents.withdraw(db_session(), actor, candidate_id, chosen)
        except Conflict as refused:
            flash(str(refused.message), "error")
        else:
            flash(_("Consent to “%(purpose)s” is withdrawn.", purpose=CONSENT_LABELS[chosen]), "success")
        return redirect(_back(candidate_id))
    return render_template(
        "confirm_removal.html", form=form,
        title=_("Withdraw consent for %(name)s?", name=candidate.name_latin),
        facts=[(_("Purpose"), str(CONSENT_LABELS[chosen]))],
        lead=str(consents.EFFECTS[chosen]), button=_("Withdraw consent"), back=_back(candidate_id))


@bp.route("/candidates/<int:candidate_id>/consents/<purpose>/give", methods=["GET", "POST"])
@rights_keepers
def give_consent(candidate_id: int, purpose: str) -> Response | str:
    actor, chosen = signed_in_user(), _purpose(purpose)
    candidate = get_candidate(db_session(), actor, candidate_id)
    form = GiveConsentForm()
    if not form.is_submitted():
        form.language.data = candidate.preferred_language
    if form.validate_on_submit():
        try:
            consents.give(db_session(), actor, candidate_id, chosen, str(form.language.data))
        except Conflict as refused:
            flash(str(refused.message), "error")
        else:
            flash(_("Consent to “%(purpose)s” is recorded.", purpose=CONSENT_LABELS[chosen]), "success")
        return redirect(_back(candidate_id))
    return render_template("candidates/give_consent.html", form=form, candidate=candidate, purpose=chosen)


@bp.route("/candidates/<int:candidate_id>/erase", methods=["GET", "POST"])
@rights_keepers
def erase(candidate_id: int) -> Response | str:
    actor = signed_in_user()
    candidate = get_candidate(db_session(), actor, candidate_id)
    if candidate.erased_at is not None:
        flash(_("This worker's data was already erased."), "error")
        return redirect(_back(candidate_id))
    form = EraseForm()
    if form.validate_on_submit():
        done = erasure.erase_candidate(db_session(), actor, candidate_id, storage=evidence_storage())
        flash(_("The data of %(name)s is erased (evidence files deleted: %(files)d). Their certificates stay "
                "verifiable.", name=candidate.name_latin, files=done.evidence_files), "success")
        return redirect(_back(candidate_id) if actor.role is Role.PROVIDER_ADMIN else url_for("dashboard.home"))
    return render_template("candidates/erase.html", form=form, candidate=candidate)


@bp.route("/candidates/<int:candidate_id>/rectify", methods=["GET", "POST"])
@roles(Role.PROVIDER_ADMIN)
def rectify(candidate_id: int) -> Response | str:
    actor = signed_in_user()
    candidate = get_candidate(db_session(), actor, candidate_id)
    outdated = rectification.outdated_certificates(db_session(), candidate)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            issued = rectification.reissue_with_corrected_name(db_session(), actor, candidate_id, issue_context())
        except Conflict as refused:
            flash(str(refused.message), "error")
            return redirect(_back(candidate_id))
        flash(_("The certificates are reissued with the corrected name; the old ones are superseded. Print the "
                "new holder slips below and give them to the worker."), "success")
        return holder_slips_page(issued)
    if not outdated:
        flash(_("Every certificate of this worker already carries the name on their record."), "success")
        return redirect(_back(candidate_id))
    return render_template(
        "confirm_removal.html", form=form,
        title=_("Reissue the certificates of %(name)s with the corrected name?", name=candidate.name_latin),
        facts=[(certificate.number, f"{certificate.holder_name_latin} → {candidate.name_latin}")
               for certificate in outdated],
        lead=_("Each certificate is issued again with the name now on the record, and the old one is superseded: "
               "an employer who checks it is shown the new one. The worker gets new holder slips."),
        button=_("Reissue"), back=_back(candidate_id))
