"""Administration: training centres and accreditation, staff accounts, the catalogue, the audit log."""

from registry.web.admin import (  # noqa: F401 (the views register their routes on bp)
    audit,
    centres,
    qualifications,
    users,
)
from registry.web.admin.blueprint import bp

__all__ = ["bp"]
