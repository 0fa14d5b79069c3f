"""Cohorts: a group assessed together, and the results grid an assessor fills in one save."""

from flask import Blueprint

bp = Blueprint("cohorts", __name__)

from registry.web.cohorts import views  # noqa: E402,F401
