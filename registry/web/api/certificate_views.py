"""Certificates over the JSON API (CONTRACT.md): issue, read, revoke, suspend, reinstate, reissue, documents."""

from __future__ import annotations

from flask import jsonify, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from registry.core.roles import Role
from registry.errors import InvalidInput
from registry.infra.app_context import db_session, issue_context, today
from registry.models import Certificate
from registry.services import assessments, certificates
from registry.web.access import api_user, roles
from registry.web.api.answers import located
from registry.web.api.blueprint import bp
from registry.web.api.payloads import json_body, record_id, text
from registry.web.certificates.presentation import (
    certificate_resource,
    credential_response,
    pdf_response,
    qr_png_response,
)

centre_staff = roles(Role.PROVIDER_ADMIN, Role.ASSESSOR, Role.MODERATOR)
centre_head = roles(Role.PROVIDER_ADMIN)



def _certificate(number: str) -> Certificate:
    return certificates.get_certificate(db_session(), api_user(), number)


@bp.route("/certificates", methods=["POST"])
@centre_head
def issue_certificate() -> Response:
    errors: dict[str, list[object]] = {}
    assessment_id = record_id(json_body(), "assessment_id", errors, _l("Give the assessment's id."))
    if errors or assessment_id is None:
        raise InvalidInput(errors)
    actor = api_user()
    assessment = assessments.get_assessment(db_session(), actor, assessment_id)
    issued = certificates.issue_certificates(db_session(), actor, [assessment], issue_context())
    certificate = issued.certificates[0]
    response = located(certificate_resource(certificate, issued.holder_tokens[certificate.id]), 201,
                       url_for("api.get_certificate", number=certificate.number))
    response.headers["Cache-Control"] = "no-store"  # the holder's secret link, once
    return response


@bp.route("/certificates/<number>")
@centre_staff
def get_certificate(number: str) -> Response:
    return jsonify(certificate_resource(_certificate(number)))


def _reason(required: bool = True) -> str:
    errors: dict[str, list[object]] = {}
    body = json_body() if request.data else {}
    reason = text(body, "reason", errors, required=required, max_length=500, multiline=True)
    if errors:
        raise InvalidInput(errors)
    return reason


@bp.route("/certificates/<number>/revoke", methods=["POST"])
@centre_head
def revoke(number: str) -> Response:
    body = json_body()
    errors: dict[str, list[object]] = {}
    reason = text(body, "reason", errors, required=True, max_length=40)
    note = text(body, "note", errors, max_length=500, multiline=True)
    if errors:
        raise InvalidInput(errors)
    revoked = certificates.revoke(db_session(), api_user(), _certificate(number), reason, note, today=today())
    return jsonify(certificate_resource(revoked))


@bp.route("/certificates/<number>/suspend", methods=["POST"])
@centre_head
def suspend(number: str) -> Response:
    return jsonify(certificate_resource(certificates.suspend(db_session(), api_user(), _certificate(number), _reason(),
                                                                today=today())))


@bp.route("/certificates/<number>/reinstate", methods=["POST"])
@centre_head
def reinstate(number: str) -> Response:
    reinstated = certificates.reinstate(db_session(), api_user(), _certificate(number), today=today())
    return jsonify(certificate_resource(reinstated))


@bp.route("/certificates/<number>/reissue", methods=["POST"])
@centre_head
def reissue(number: str) -> Response:
    issued = certificates.reissue(db_session(), api_user(), _certificate(number), issue_context())
    successor = issued.certificates[0]
    response = located(certificate_resource(successor, issued.holder_tokens[successor.id]), 201,
                       url_for("api.get_certificate", number=successor.number))
    response.headers["Cache-Control"] = "no-store"  # the holder's secret link, once
    return response


@bp.route("/certificates/<number>/credential")
@centre_staff
def credential(number: str) -> Response:
    return credential_response(_certificate(number))


@bp.route("/certificates/<number>/pdf")
@centre_staff
def pdf(number: str) -> Response:
    certificate = _certificate(number)
    return pdf_response(certificate, request.args.get("lang", certificate.holder_language), card=False)


@bp.route("/certificates/<number>/card.pdf")
@centre_staff
def card(number: str) -> Response:
    certificate = _certificate(number)
    return pdf_response(certificate, request.args.get("lang", certificate.holder_language), card=True)


@bp.route("/certificates/<number>/qr.png")
@centre_staff
def qr(number: str) -> Response:
    return qr_png_response(_certificate(number))
