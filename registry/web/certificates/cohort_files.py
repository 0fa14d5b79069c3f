"""A cohort's certificates for the centre's head to download at once, and its wallet cards to print (rendered in
the background by the job started when the cohort was issued)."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, make_response, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from registry.core.pdf.sheets import card_sheet
from registry.core.roles import Role
from registry.infra.app_context import db_session
from registry.models import Certificate, Cohort
from registry.services import cohort_issuance, cohorts
from registry.web.access import roles, signed_in_user
from registry.web.certificates.blueprint import bp
from registry.web.certificates.bundle import certificates_zip
from registry.web.certificates.presentation import printed

centre_head = roles(Role.PROVIDER_ADMIN)


def _files_of(cohort_id: int, make: Callable[[Cohort, list[Certificate]], Response]) -> Response:
    """``make``'s file from the cohort's live certificates; back to the grid with a message when it has none."""
    actor = signed_in_user()
    cohort = cohorts.get_cohort(db_session(), actor, cohort_id)
    documents = cohort_issuance.cohort_certificates(db_session(), actor, cohort)
    if not documents:
        flash(_("This cohort has no certificates yet."), "error")
        return redirect(url_for("cohorts.grid", cohort_id=cohort_id))
    return make(cohort, documents)


@bp.route("/cohorts/<int:cohort_id>/certificates.zip")
@centre_head
def cohort_zip(cohort_id: int) -> Response:
    return _files_of(cohort_id, certificates_zip)


@bp.route("/cohorts/<int:cohort_id>/cards.pdf")
@centre_head
def cohort_cards(cohort_id: int) -> Response:
    """Every wallet card of the cohort, ten to an A4 page with crop marks, for the centre's printer."""
    return _files_of(cohort_id, _card_sheet)


def _card_sheet(cohort: Cohort, documents: list[Certificate]) -> Response:
    response = make_response(card_sheet([printed(certificate, card=True) for certificate in documents]))
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="cohort-{cohort.id}-cards.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
