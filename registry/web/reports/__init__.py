"""Programme reports: aggregates by sex, nationality, centre and qualification, small counts suppressed."""

from registry.web.reports import views  # noqa: F401 (the views register their routes on bp)
from registry.web.reports.blueprint import bp

__all__ = ["bp"]
