"""One assessment: results, evidence, the lifecycle steps, appeals and history."""

from flask import Blueprint

bp = Blueprint("assessments", __name__)

from registry.web.assessments import views  # noqa: E402,F401
