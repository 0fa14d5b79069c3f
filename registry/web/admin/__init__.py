"""Administration: training centres and accreditation, staff accounts, the catalogue, the audit log."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from registry.web.admin import (  # noqa: E402,F401
    audit,  # noqa: E402,F401
    centres,
    qualifications,
    users,
)
