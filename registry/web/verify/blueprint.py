"""The ``verify`` blueprint, in a module of its own: the views import it from here, not from the package that
imports them (which would make an import cycle)."""

from flask import Blueprint

bp = Blueprint("verify", __name__)
