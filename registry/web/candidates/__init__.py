"""Registering, finding and editing candidates, and opening their assessments."""

from flask import Blueprint

bp = Blueprint("candidates", __name__)

from registry.web.candidates import views  # noqa: E402,F401
