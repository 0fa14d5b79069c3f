"""Public, cacheable and signed: the issuers' public keys and the status lists."""

from __future__ import annotations

import contextlib

from flask import current_app, jsonify, make_response, request
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.wrappers import Response

from registry.infra.app_context import base_url, db_session, master_secret, today
from registry.services import issuer_keys, status_lists
from registry.web.access import public
from registry.web.certificates.blueprint import bp
from registry.web.certificates.presentation import VC_JWT

LAST_KEYS = "registry_last_published_keys"  # in the app's extensions: this process's last published keys


@bp.route("/.well-known/jwks.json")
@public
def jwks() -> Response:
    try:
        keys = issuer_keys.jwks(db_session())
        current_app.extensions[LAST_KEYS], fresh = keys, True
    except (OperationalError, InterfaceError):
        # The database is away: the keys this process last published still let a phone check a printed code's
        # signature (the verify page's offline check). Never cached by anyone: a new or compromised key shows as
        # soon as the database is back.
        if LAST_KEYS not in current_app.extensions:
            raise
        with contextlib.suppress(DBAPIError):
            db_session().rollback()
        keys, fresh = current_app.extensions[LAST_KEYS], False
    response = jsonify(keys)
    response.headers["Cache-Control"] = "public, max-age=300" if fresh else "no-store"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/status/<int:list_id>/<purpose>")
@public
def status_list(list_id: int, purpose: str) -> Response:
    jws, revision = status_lists.published_list(db_session(), list_id, purpose, base_url(), master_secret(), today())
    etag = f'"{list_id}-{purpose}-{revision}-{today().isoformat()}"'
    if request.headers.get("If-None-Match") == etag:
        response = make_response("", 304)
    else:
        response = make_response(jws)
        response.mimetype = VC_JWT
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = "public, max-age=60"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
