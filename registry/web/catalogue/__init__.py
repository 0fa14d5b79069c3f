"""The qualification catalogue as every staff member reads it."""

from registry.web.catalogue import views  # noqa: F401 (the views register their routes on bp)
from registry.web.catalogue.blueprint import bp

__all__ = ["bp"]
