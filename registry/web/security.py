"""Logging staff in, and the security headers every answer carries."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, current_app, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user
from werkzeug.wrappers import Response

from registry.infra.app_context import db_session
from registry.models import User
from registry.models.types import utcnow
from registry.services import accounts, two_factor

# No inline script or style anywhere, so the policy can be this strict.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def init_login(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        return accounts.load_session_user(db_session(), session_id, now=utcnow(), idle=idle_limit())


# Where someone who must choose their own password may still go.
OPEN_BEFORE_OWN_PASSWORD = frozenset({"auth.change_password", "auth.logout", "auth.login", "auth.login_code",
                                      "auth.two_factor_setup", "static"})


def init_own_password(app: Flask) -> None:
    """A password someone else chose (a new account, a reset) opens one page: the one to choose one's own."""
    @app.before_request
    def choose_own_password_first() -> Response | None:
        if request.blueprint == "api" or request.endpoint in OPEN_BEFORE_OWN_PASSWORD:
            return None
        user = current_user
        if user.is_authenticated and getattr(user, "must_change_password", False):
            flash(_l("Choose your own password before going on: the one you were given is known to someone else."),
                  "info")
            return redirect(url_for("auth.change_password"))
        if user.is_authenticated and two_factor.must_enrol(user, current_app.config["TOTP_REQUIRED_ROLES"]):
            flash(_l("Your role needs a second factor: set up an authenticator app on your phone before going on."),
                  "info")
            return redirect(url_for("auth.two_factor_setup"))
        return None


def idle_limit() -> timedelta:
    return timedelta(minutes=float(current_app.config["SESSION_IDLE_MINUTES"]))


VERSIONED_FONTS = "/static/fonts/web"
CAMERA_PAGES = frozenset({"/verify"})


def init_headers(app: Flask) -> None:
    @app.after_request
    def add_security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        # The camera only where an employer scans a QR code; no page asks for where anyone is or what they say.
        camera = "(self)" if request.path in CAMERA_PAGES else "()"
        response.headers.setdefault("Permissions-Policy", f"camera={camera}, geolocation=(), microphone=()")
        if request.endpoint != "static" and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        elif request.path.startswith(VERSIONED_FONTS) and response.status_code == 200:
            # The folder's name changes whenever a font does: a phone may keep these for a year.
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        if app.config["REGISTRY_ENV"] == "production":
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
