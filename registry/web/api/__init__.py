"""The JSON API ``/api/v1``: bearer tokens, JSON in and out, problem+json errors."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from registry.web.api import certificate_views, views, workflow_views  # noqa: E402,F401
