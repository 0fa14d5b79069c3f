"""Logging in and out, and the staff member's own account: password and API tokens."""

from registry.web.auth import views  # noqa: F401 (the views register their routes on bp)
from registry.web.auth.blueprint import bp

__all__ = ["bp"]
