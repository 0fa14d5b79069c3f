"""Logging in and out, and the staff member's own account: password and API tokens."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from registry.web.auth import views  # noqa: E402,F401
