"""The skills registry: create_app builds the Flask application."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from registry.config import PROJECT_ROOT, load_settings


def create_app(config: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None) -> Flask:
    """Application factory: settings, extensions, blueprints, CLI and error handlers.

    ``config`` overrides settings read from the environment (tests use it); migrations are never
    applied here, only by ``flask db upgrade``.
    """
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_relative_config=False,
    )
    settings = load_settings(env)
    if config:
        settings.update(config)
    app.config.from_mapping(settings)
    app.instance_path = app.config["INSTANCE_PATH"]

    # Imported here, not at the top: importing any registry.* module runs this file first, and a pure module
    # (registry.core, the config) must not bring in Flask's extensions, the models and every blueprint with it.
    from registry import models  # noqa: F401  (register the models)
    from registry.cli import register_cli
    from registry.extensions import babel, csrf, db, limiter, login_manager, migrate
    from registry.infra import sqlite_tuning  # noqa: F401  (tune SQLite connections)
    from registry.infra.shared_store import shared_store
    from registry.infra.trusted_proxies import TrustedProxies, parse_networks
    from registry.jobs.queue import init_queue
    from registry.services import passwords
    from registry.services.check_log import CheckLog
    from registry.services.recent_checks import recent_checks
    from registry.web import i18n, labels, security, transactions
    from registry.web.access import init_access
    from registry.web.errors import register_error_handlers
    from registry.web.json_provider import OrjsonProvider
    from registry.web.request_checks import init_request_checks
    from registry.web.verify.rate_limit import let_views_count_themselves

    app.json = OrjsonProvider(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    # Input no query may be given is refused first (NUL, ids beyond INTEGER, over-long URLs); then
    # authorization runs before CSRF and rate checks: an outsider learns only that they may not.
    init_request_checks(app)
    init_access(app)
    csrf.init_app(app)
    limiter.init_app(app)
    let_views_count_themselves(app)
    i18n.init_i18n(app, babel)
    labels.init_labels(app)
    passwords.configure(app.config["ARGON2_TIME_COST"], app.config["ARGON2_MEMORY_COST"])
    security.init_login(app, login_manager)
    transactions.init_transactions(app)
    with app.app_context():
        app.extensions["check_log"] = CheckLog(app.config["VERIFICATION_LOG_DELAY"], db.engine)
    recent_checks.use_redis(shared_store(app.config["REDIS_URL"]) if app.config["REDIS_URL"] else None)
    init_queue(app)
    security.init_headers(app)
    security.init_own_password(app)
    register_error_handlers(app)
    _register_blueprints(app)
    register_cli(app)
    if app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = TrustedProxies(app.wsgi_app, parse_networks(app.config["TRUSTED_PROXIES"]))  # type: ignore[method-assign]
    return app


def _register_blueprints(app: Flask) -> None:
    from registry.extensions import csrf  # here for the reason given in create_app
    from registry.web.admin import bp as admin_bp
    from registry.web.api import bp as api_bp
    from registry.web.assessments import bp as assessments_bp
    from registry.web.auth import bp as auth_bp
    from registry.web.candidates import bp as candidates_bp
    from registry.web.catalogue import bp as catalogue_bp
    from registry.web.certificates import bp as certificates_bp
    from registry.web.cohorts import bp as cohorts_bp
    from registry.web.dashboard import bp as dashboard_bp
    from registry.web.reports import bp as reports_bp
    from registry.web.verify import bp as verify_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(catalogue_bp)
    app.register_blueprint(candidates_bp)
    app.register_blueprint(cohorts_bp)
    app.register_blueprint(assessments_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(verify_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    # The API authenticates by bearer token only, so cross-site request forgery cannot reach it.
    csrf.exempt(api_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
