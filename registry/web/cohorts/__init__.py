"""Cohorts: a group assessed together, and the results grid an assessor fills in one save."""

from registry.web.cohorts import delete, imports, views  # noqa: F401 (the views register their routes on bp)
from registry.web.cohorts.blueprint import bp

__all__ = ["bp"]
