"""The JSON API ``/api/v1``: bearer tokens, JSON in and out, problem+json errors."""

from registry.web.api import certificate_views, cohort_issue_views, cohort_views, views, workflow_views  # noqa: F401 (the views register their routes on bp)
from registry.web.api.blueprint import bp

__all__ = ["bp"]
