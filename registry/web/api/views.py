from __future__ import annotations

from flask import current_app, jsonify, request
from werkzeug.wrappers import Response

from registry.core.roles import ALL_ROLES
from registry.errors import InvalidInput
from registry.extensions import db
from registry.infra import readiness
from registry.infra.app_context import (
    db_session,
    document_storage,
    evidence_storage,
    registry_zone,
    report_months_in_request,
    report_recount_every,
)
from registry.services import catalogue, reports
from registry.web.access import api_user, public, roles
from registry.web.api.blueprint import bp
from registry.web.api.representations import qualification_resource
from registry.web.reports.filters import read_filter


@bp.route("/health")
@public
def health() -> Response:
    return jsonify({"status": "ok"})


@bp.route("/ready")
@public
def ready() -> Response:
    """Whether this process can serve: the database, Redis, the job queue and the storage folders (503 naming what
    is down). The answer names parts, never addresses or credentials."""
    config = current_app.config
    answers, down = readiness.check_all({
        "database": lambda: readiness.database(db.engine),
        "redis": lambda: readiness.redis(config["REDIS_URL"]),
        "queue": lambda: readiness.queue_file(config["QUEUE_PATH"], config["REDIS_URL"]),
        "evidence_storage": lambda: readiness.writable(evidence_storage()),
        "document_storage": lambda: readiness.writable(document_storage()),
    })
    shown = {name: answer if not answer.startswith("down") else "down" for name, answer in answers.items()}
    for name in down:
        current_app.logger.warning("not ready: %s %s", name, answers[name])
    response = jsonify({"status": "unavailable" if down else "ready", "down": down, "checks": shown})
    response.headers["Cache-Control"] = "no-store"
    if down:
        response.status_code = 503
        response.headers["Retry-After"] = "10"
    return response


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
                                                  report_recount_every(), report_months_in_request())))
