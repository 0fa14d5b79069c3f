"""The qualification catalogue as every staff member reads it."""

from flask import Blueprint

bp = Blueprint("catalogue", __name__)

from registry.web.catalogue import views  # noqa: E402,F401
