from __future__ import annotations

from flask import jsonify
from werkzeug.wrappers import Response

from registry.core.roles import ALL_ROLES
from registry.infra.app_context import db_session
from registry.services import catalogue
from registry.web.access import public, roles
from registry.web.api.blueprint import bp
from registry.web.api.representations import qualification_resource


@bp.route("/health")
@public
def health() -> Response:
    return jsonify({"status": "ok"})


@bp.route("/qualifications")
@roles(*ALL_ROLES)
def qualifications() -> Response:
    items = [qualification_resource(item) for item in catalogue.list_qualifications(db_session())]
    return jsonify({"qualifications": items})
