from __future__ import annotations

from flask import jsonify, request
from werkzeug.wrappers import Response

from registry.core.roles import ALL_ROLES
from registry.errors import InvalidInput
from registry.infra.app_context import db_session, registry_zone, report_recount_every
from registry.services import catalogue, reports
from registry.web.access import api_user, public, roles
from registry.web.api.blueprint import bp
from registry.web.api.representations import qualification_resource
from registry.web.reports.filters import read_filter


@bp.route("/health")
@public
def health() -> Response:
    return jsonify({"status": "ok"})


@bp.route("/qualifications")
@roles(*ALL_ROLES)
def qualifications() -> Response:
    items = [qualification_resource(item) for item in catalogue.list_qualifications(db_session())]
    return jsonify({"qualifications": items})


@bp.route("/reports/summary")
@roles(*reports.MAY_SEE_REPORTS)
def report_summary() -> Response:
    """The programme's indicators and their breakdowns; 1 to 4 people is "<5"."""
    wanted, errors = read_filter(db_session(), request.args)
    if errors:
        raise InvalidInput(errors)
    return jsonify(reports.as_json(reports.report(db_session(), api_user(), wanted, registry_zone(),
                                                  report_recount_every())))
