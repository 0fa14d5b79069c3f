"""The landing page and each staff member's dashboard."""

from registry.web.dashboard import views  # noqa: F401 (the views register their routes on bp)
from registry.web.dashboard.blueprint import bp

__all__ = ["bp"]
