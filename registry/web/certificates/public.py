"""Public, cacheable and signed: the issuers' public keys and the status lists."""

from __future__ import annotations

from flask import jsonify, make_response, request
from werkzeug.wrappers import Response

from registry.infra.app_context import base_url, db_session, master_secret, today
from registry.services import issuer_keys, status_lists
from registry.web.access import public
from registry.web.certificates.blueprint import bp
from registry.web.certificates.presentation import VC_JWT


@bp.route("/.well-known/jwks.json")
@public
def jwks() -> Response:
    response = jsonify(issuer_keys.jwks(db_session()))
    response.headers["Cache-Control"] = "public, max-age=300"
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
