"""A cohort's certificates for the centre's head to download at once, and its wallet cards to print (rendered in
the background by the job started when the cohort was issued)."""

from __future__ import annotations

from flask import flash, make_response, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from registry.core.pdf.sheets import card_sheet
from registry.core.roles import Role
from registry.infra.app_context import db_session
from registry.services import cohort_issuance, cohorts
from registry.web.access import roles, signed_in_user
from registry.web.certificates.blueprint import bp
from registry.web.certificates.bundle import certificates_zip
from registry.web.certificates.presentation import printed

centre_head = roles(Role.PROVIDER_ADMIN)


@bp.route("/cohorts/<int:cohort_id>/certificates.zip")
@centre_head
def cohort_zip(cohort_id: int) -> Response:
    actor = signed_in_user()
    cohort = cohorts.get_cohort(db_session(), actor, cohort_id)
    documents = cohort_issuance.cohort_certificates(db_session(), actor, cohort)
    if not documents:
        flash(_("This cohort has no certificates yet."), "error")
        return redirect(url_for("cohorts.grid", cohort_id=cohort_id))
    return certificates_zip(cohort, documents)


@bp.route("/cohorts/<int:cohort_id>/cards.pdf")
@centre_head
def cohort_cards(cohort_id: int) -> Response:
    """Every wallet card of the cohort, ten to an A4 page with crop marks, for the centre's printer."""
    actor = signed_in_user()
    cohort = cohorts.get_cohort(db_session(), actor, cohort_id)
    documents = cohort_issuance.cohort_certificates(db_session(), actor, cohort)
    if not documents:
        flash(_("This cohort has no certificates yet."), "error")
        return redirect(url_for("cohorts.grid", cohort_id=cohort_id))
    response = make_response(card_sheet([printed(certificate, card=True) for certificate in documents]))
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="cohort-{cohort.id}-cards.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
