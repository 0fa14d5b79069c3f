"""SQLAlchemy 2.0 typed models, one module per aggregate."""

from registry.core.certificate_status import CertificateStatus, RevocationReason
from registry.models.assessment import Appeal, Assessment, Cohort, Evidence, UnitResult
from registry.models.audit import AuditEntry
from registry.models.candidate import Candidate, Consent, ConsentPurpose, Sex
from registry.models.centre import AccreditationStatus, TrainingCentre
from registry.models.certificate import (
    Certificate,
    CertificateCounter,
    IssuerKey,
    StatusList,
    VerificationEvent,
)
from registry.models.qualification import CompetencyUnit, Qualification, QualificationStatus
from registry.models.user import ApiToken, User

__all__ = [
    "AccreditationStatus",
    "Appeal",
    "Assessment",
    "Candidate",
    "Certificate",
    "CertificateCounter",
    "CertificateStatus",
    "Cohort",
    "Consent",
    "ConsentPurpose",
    "Evidence",
    "IssuerKey",
    "RevocationReason",
    "StatusList",
    "VerificationEvent",
    "Sex",
    "UnitResult",
    "ApiToken",
    "AuditEntry",
    "CompetencyUnit",
    "Qualification",
    "QualificationStatus",
    "TrainingCentre",
    "User",
]
