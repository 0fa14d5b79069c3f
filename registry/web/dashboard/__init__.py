"""The landing page and each staff member's dashboard."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)

from registry.web.dashboard import views  # noqa: E402,F401
