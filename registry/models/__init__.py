"""SQLAlchemy 2.0 typed models, one module per aggregate."""

from registry.core.certificate_lifecycle import CertificateStatus, RevocationReason
from registry.models.assessment import Appeal, Assessment, Evidence, UnitResult
from registry.models.audit import AuditEntry, AuditHead
from registry.models.candidate import Candidate, Consent, ConsentPurpose, Sex
from registry.models.centre import AccreditationStatus, TrainingCentre
from registry.models.certificate import Certificate, CertificateCounter
from registry.models.cohort import Cohort
from registry.models.cohort_import import CohortImport, ImportState
from registry.models.form_submission import FormSubmission
from registry.models.issuer_key import IssuerKey
from registry.models.job import Job, JobKind, JobState
from registry.models.qualification import CompetencyUnit, Qualification, QualificationStatus
from registry.models.report_tally import ReportItemTally, ReportLock, ReportStale, ReportTally
from registry.models.status_list import StatusList
from registry.models.user import ApiToken, LoginSession, User
from registry.models.verification_event import VerificationEvent

__all__ = [
    "AccreditationStatus",
    "Appeal",
    "Assessment",
    "Candidate",
    "Certificate",
    "CertificateCounter",
    "CertificateStatus",
    "Cohort",
    "CohortImport",
    "Consent",
    "ConsentPurpose",
    "Evidence",
    "FormSubmission",
    "ImportState",
    "IssuerKey",
    "Job",
    "JobKind",
    "JobState",
    "LoginSession",
    "ReportItemTally",
    "ReportLock",
    "ReportStale",
    "ReportTally",
    "RevocationReason",
    "StatusList",
    "VerificationEvent",
    "Sex",
    "UnitResult",
    "ApiToken",
    "AuditEntry",
    "AuditHead",
    "CompetencyUnit",
    "Qualification",
    "QualificationStatus",
    "TrainingCentre",
    "User",
]
