"""SQLAlchemy 2.0 typed models, one module per aggregate."""

from registry.models.audit import AuditEntry
from registry.models.centre import AccreditationStatus, TrainingCentre
from registry.models.qualification import CompetencyUnit, Qualification, QualificationStatus
from registry.models.user import ApiToken, User

__all__ = [
    "AccreditationStatus",
    "ApiToken",
    "AuditEntry",
    "CompetencyUnit",
    "Qualification",
    "QualificationStatus",
    "TrainingCentre",
    "User",
]
