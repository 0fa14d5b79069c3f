"""The worker's own page, reached by the secret link on their holder slip: no password, no e-mail."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from registry.core.certificate_lifecycle import effective_status
from registry.core.languages import LANGUAGE_CODES
from registry.infra.app_context import check_log, db_session, registry_zone, today
from registry.models import Certificate
from registry.services import certificates, employer_view, verification
from registry.web.access import public
from registry.web.certificates.blueprint import bp
from registry.web.certificates.presentation import credential_response, pdf_response, qr_png_response
from registry.web.i18n import speak


def _holder_certificate(token: str) -> Certificate:
    certificate = certificates.certificate_for_holder(db_session(), token)
    if certificate is None:
        abort(404)
    return certificate


def _no_referrer(response: Response) -> Response:
    # The link is the key: never leak it in a Referer header or a shared cache.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _holder_certificate_speaking(token: str) -> Certificate:
    """The worker's certificate, and the page in the worker's language unless they pick another."""
    certificate = _holder_certificate(token)
    speak(certificate.holder_language)
    return certificate


@bp.route("/h/<token>")
@public
def holder_page(token: str) -> Response:
    certificate = _holder_certificate_speaking(token)
    check_log().write_into(db_session())  # this worker's API checks still waiting to be written
    events = verification.checks_shown_to_holder(db_session(), certificate)
    language = request.args.get("doc", certificate.holder_language)
    return _no_referrer(make_response(render_template(
        "certificates/holder.html", certificate=certificate, token=token, events=events,
        status=effective_status(certificate, today()), coverage=employer_view.coverage(certificate),
        notice=employer_view.status_notice(certificate, registry_zone()),
        document_language=language if language in LANGUAGE_CODES else certificate.holder_language)))


@bp.route("/h/<token>/checks/<int:event_id>/hide", methods=["POST"])
@public
def hide_check(token: str, event_id: int) -> Response:
    """The worker hides what someone who checked wrote on their page (the check itself stays logged)."""
    certificate = _holder_certificate_speaking(token)
    if verification.hide_check_note(db_session(), certificate, event_id):
        flash(_("Hidden. It no longer shows on your page."), "success")
    return _no_referrer(redirect(url_for("certificates.holder_page", token=token)))


@bp.route("/h/<token>/certificate.pdf")
@public
def holder_pdf(token: str) -> Response:
    certificate = _holder_certificate(token)
    return _no_referrer(pdf_response(certificate, request.args.get("doc", certificate.holder_language), card=False))


@bp.route("/h/<token>/card.pdf")
@public
def holder_card(token: str) -> Response:
    certificate = _holder_certificate(token)
    return _no_referrer(pdf_response(certificate, request.args.get("doc", certificate.holder_language), card=True))


@bp.route("/h/<token>/credential.jwt")
@public
def holder_credential(token: str) -> Response:
    return _no_referrer(credential_response(_holder_certificate(token)))


@bp.route("/h/<token>/qr.png")
@public
def holder_qr_png(token: str) -> Response:
    return _no_referrer(qr_png_response(_holder_certificate(token)))


@bp.route("/h/<token>/qr")
@public
def holder_qr(token: str) -> Response:
    certificate = _holder_certificate_speaking(token)
    return _no_referrer(make_response(render_template("certificates/holder_qr.html", certificate=certificate,
                                                      token=token)))
