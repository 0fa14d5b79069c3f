"""Certificates: issuing, the staff view and lifecycle, the holder's page, and the public keys and status lists."""

from flask import Blueprint

bp = Blueprint("certificates", __name__)

from registry.web.certificates import holder, public, views  # noqa: E402,F401
