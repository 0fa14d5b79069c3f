"""The ``reports`` blueprint, in a module of its own (see dashboard/blueprint.py)."""

from flask import Blueprint

bp = Blueprint("reports", __name__)
