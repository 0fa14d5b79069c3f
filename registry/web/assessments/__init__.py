"""One assessment: results, evidence, the lifecycle steps, appeals and history."""

from registry.web.assessments import views, withdraw  # noqa: F401 (the views register their routes on bp)
from registry.web.assessments.blueprint import bp

__all__ = ["bp"]
