"""Registering, finding and editing candidates, and opening their assessments."""

from registry.web.candidates import rights, views  # noqa: F401 (the views register their routes on bp)
from registry.web.candidates.blueprint import bp

__all__ = ["bp"]
