from __future__ import annotations

from typing import Any

from flask import current_app, flash, jsonify, make_response, redirect, render_template, request, send_from_directory
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import Connection
from werkzeug.wrappers import Response

from registry.core.certificate_numbers import looks_like_number
from registry.core.names import masked
from registry.errors import InvalidInput
from registry.extensions import limiter
from registry.infra.app_context import (
    base_url,
    check_log,
    db_session,
    on_autocommit_connection,
    registry_zone,
    today,
)
from registry.models import VerificationEvent
from registry.services import employer_view, verification
from registry.services.certificate_uploads import read_upload
from registry.services.verification import Channel, VerificationResult
from registry.web.access import public
from registry.web.api.blueprint import bp as api_bp
from registry.web.verify.blueprint import bp
from registry.web.verify.forms import UploadForm
from registry.web.verify.presentation import verification_resource
from registry.web.verify.rate_limit import also_route_limited, count_more_checks, verify_rate_limited

MAX_BATCH = 1_000


def _event_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="verification-event")


def _page(result: VerificationResult, entered: str = "", status: int = 200,
          event: VerificationEvent | None = None, full_name: bool = True, born: str = "") -> Response:
    certificate = verification.certificate_of(db_session(), result)
    successor = verification.successor_of(db_session(), certificate) if certificate is not None else None
    # The check's id, signed: only the person who just checked can name themselves on it.
    event_token = _event_signer().dumps(event.id) if event is not None else None
    details = {}
    if certificate is not None:
        details = {"coverage": employer_view.coverage(certificate),
                   "notice": employer_view.status_notice(certificate, registry_zone()),
                   "matching": (employer_view.matching(db_session(), certificate)
                                if full_name and not certificate.holder_withheld else None),
                   "holder_name": certificate.holder_name_latin if full_name
                   else masked(certificate.holder_name_latin)}
    response = make_response(render_template("verify/result.html", result=result, certificate=certificate,
                                             entered=entered, successor=successor, base_url=base_url(),
                                             event_token=event_token, full_name=full_name, born=born,
                                             **details),
                             status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/v/<code>")
@verify_rate_limited
@public
def verify_qr(code: str) -> Response:
    result = verification.verify_code(db_session(), code, today())
    return _page(result, event=verification.record_page_check(db_session(), result, Channel.QR,
                                                             get_remote_address()))


@bp.route("/verify")
@verify_rate_limited
@public
def verify_form() -> Response:
    # The box takes whatever the employer has: a typed number, a QR code's text or a whole verify URL.
    entered = request.args.get("number", "").strip()[:verification.MAX_CODE_TEXT + 1]
    if not entered:
        return _form_page(UploadForm(formdata=None))
    result = verification.verify_any(db_session(), entered, today())
    channel = Channel.NUMBER if looks_like_number(entered) else Channel.QR
    typed = entered if channel is Channel.NUMBER else ""  # only a typed number is offered back to correct
    born = request.args.get("born", "").strip()[:8]
    full_name = channel is Channel.QR or (result.facts is not None and bool(born)
                                          and verification.birth_year_matches(db_session(), result.facts, born))
    return _page(result, typed, event=verification.record_page_check(db_session(), result, channel,
                                                                     get_remote_address()),
                 full_name=full_name, born=born)


def _api_checks(texts: list[str], born: str = "") -> list[dict[str, Any]]:
    """The API's answers for codes or numbers, each check logged (read on the API's autocommit connection); a
    typed number's holder name is masked unless ``born`` is the holder's year of birth."""
    day, client = today(), get_remote_address()

    def check(connection: Connection) -> list[dict[str, Any]]:
        checked = [verification.verify_any(connection, text, day) for text in texts]
        answers = [verification_resource(connection, result, full_name=not looks_like_number(text) or (
            result.facts is not None and bool(born) and verification.birth_year_matches(connection, result.facts,
                                                                                        born)))
                   for text, result in zip(texts, checked, strict=True)]
        # Last, so that no check is logged twice; a client's repeated checks of one certificate once in a while.
        check_log().add(connection, verification.check_rows(checked, Channel.API, client))
        return answers

    return on_autocommit_connection(check)


@api_bp.route("/verify/<path:code_or_number>")
@verify_rate_limited
@public
def api_verify(code_or_number: str) -> Response:
    response = jsonify(_api_checks([code_or_number], request.args.get("born", "").strip()[:8])[0])
    response.headers["Cache-Control"] = "no-store"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@api_bp.route("/verify", methods=["POST"])
@verify_rate_limited
@public
def api_verify_batch() -> Response:
    body = request.get_json(silent=True)
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list) or not items or len(items) > MAX_BATCH \
            or not all(isinstance(item, str) for item in items):
        raise InvalidInput({"items": [_l("Give a list of 1 to %(count)d codes or certificate numbers.",
                                         count=MAX_BATCH)]})
    count_more_checks(len(items) - 1)  # each item is a check: one request must not be a thousand free guesses
    response = jsonify({"results": _api_checks(items)})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/verify/upload", methods=["POST"])
@verify_rate_limited
@public
def verify_upload() -> Response:
    form = UploadForm()
    if not form.validate_on_submit():
        return _form_page(form, 422)
    data = form.file.data.read(current_app.config["MAX_EVIDENCE_BYTES"] + 1)
    if len(data) > current_app.config["MAX_EVIDENCE_BYTES"]:
        form.file.errors = [str(_l("The file is too large to be a certificate."))]
        return _form_page(form, 422)
    reading = read_upload(db_session(), data)
    if not reading.text:
        form.file.errors = [str(UPLOAD_PROBLEMS.get(reading.problem, UPLOAD_PROBLEMS["unreadable"]))]
        return _form_page(form, 422)
    result = verification.verify_any(db_session(), reading.text, today())
    return _page(result, event=verification.record_page_check(db_session(), result, Channel.UPLOAD,
                                                             get_remote_address()))


UPLOAD_PROBLEMS = {
    "type": _l("Upload a photo (JPEG or PNG), the certificate's PDF, or its digital credential file."),
    "no_qr": _l("No QR code could be read in this file. Take the photo closer, flat and in good light."),
    "unreadable": _l("This file could not be read."),
    "bad_credential": _l("This credential file was not signed by the registry, or it was altered."),
}


def _form_page(form: object, status: int = 200) -> Response:
    response = make_response(render_template("verify/form.html", upload_form=form), status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/sw.js")
@public
def service_worker() -> Response:
    """Served from the root so that it may answer for /v/ pages when the phone is offline."""
    response = send_from_directory(current_app.static_folder or "static", "js/sw.js", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/verify/offline")
@public
def offline_shell() -> Response:
    """The page the service worker shows for a QR code when there is no connection."""
    response = make_response(render_template("verify/offline.html"))
    response.headers["Cache-Control"] = "no-cache"
    return response


ONE_HOUR = 3600


def _note_limit() -> str:
    return str(current_app.config["VERIFIER_NOTE_RATE_LIMIT"])


@bp.route("/verify/who", methods=["POST"])
@also_route_limited
@verify_rate_limited
@limiter.limit(_note_limit, methods=["POST"])
@public
def name_verifier() -> Response:
    """The optional 'who checked' line the worker sees on their page: once per check, from whoever just checked
    (the check's id, signed, an hour), a few per address and hour."""
    try:
        event_id = int(_event_signer().loads(request.form.get("event", ""), max_age=ONE_HOUR))
    except (BadSignature, ValueError):
        flash(_("This check can no longer be named. Check the certificate again."), "error")
        return redirect(request.referrer or "/verify")
    organisation = request.form.get("organisation", "")[:400]
    outcome = verification.name_the_verifier(db_session(), event_id, organisation)
    if outcome is verification.Naming.NAMED:
        flash(_("Thank you. The worker will see that %(name)s checked the certificate.",
                name=" ".join(organisation.split())[:200]), "success")
    elif outcome is verification.Naming.ALREADY:
        flash(_("This check already has a name: it can be given only once."), "error")
    else:
        flash(_("Type the name of your organisation, or leave it."), "error")
    return redirect(request.referrer or "/verify")
