"""Public verification: the page a phone camera opens from a QR code, number entry, and the JSON API."""

from flask import Blueprint

bp = Blueprint("verify", __name__)

from registry.web.verify import views  # noqa: E402,F401
