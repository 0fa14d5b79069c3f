"""Certificates: issuing, the staff view and lifecycle, the holder's page, and the public keys and status lists."""

from registry.web.certificates import cohort_files, holder, public, register, views  # noqa: F401 (the views register their routes on bp)
from registry.web.certificates.blueprint import bp

__all__ = ["bp"]
