"""Translated names for the registry's codes (roles, statuses), used by templates and forms."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l

from registry.core.documents import DocumentType
from registry.core.outcomes import AssessmentMethod, OutcomeKind, UnitOutcome
from registry.core.roles import Role
from registry.core.workflow import Action, AssessmentState
from registry.models import (
    AccreditationStatus,
    CertificateStatus,
    ConsentPurpose,
    QualificationStatus,
    RevocationReason,
    Sex,
)

ROLE_LABELS = {
    Role.ADMIN: _l("Registry administrator"),
    Role.PROVIDER_ADMIN: _l("Centre head"),
    Role.ASSESSOR: _l("Assessor"),
    Role.MODERATOR: _l("Moderator"),
    Role.ANALYST: _l("Analyst (reports only)"),
}

ACCREDITATION_LABELS = {
    AccreditationStatus.ACCREDITED: _l("Accredited"),
    AccreditationStatus.PROVISIONAL: _l("Provisionally accredited"),
    AccreditationStatus.SUSPENDED: _l("Accreditation suspended"),
    AccreditationStatus.WITHDRAWN: _l("Accreditation withdrawn"),
    AccreditationStatus.NONE: _l("Not accredited"),
}

QUALIFICATION_STATUS_LABELS = {
    QualificationStatus.ACTIVE: _l("Active"),
    QualificationStatus.RETIRED: _l("Retired"),
}

FRAMEWORK_LABELS = {
    "aqrf": _l("AQRF level"),
    "tpqi": _l("TPQI level"),
    "dsd": _l("DSD skill standard level"),
    "cqf": _l("Cambodia (CQF) level"),
    "lao_tvet": _l("Lao PDR TVET level"),
    "nssa": _l("Myanmar NSSA level"),
}

ACTION_LABELS = {
    "centre.create": _l("Centre created"),
    "centre.update": _l("Centre changed"),
    "user.create": _l("User created"),
    "user.update": _l("User changed"),
    "user.password_reset": _l("Password reset"),
    "user.sessions_ended": _l("Logged out everywhere by a manager"),
    "candidate.access_export": _l("Everything held on a person given to them"),
    "user.two_factor_on": _l("Second factor turned on"),
    "user.recovery_code_used": _l("Recovery code used to log in"),
    "user.two_factor_reset": _l("Second factor turned off by a manager"),
    "user.password_change": _l("Password changed"),
    "api_token.create": _l("API token created"),
    "api_token.revoke": _l("API token revoked"),
    "qualification.create": _l("Qualification created"),
    "qualification.update": _l("Qualification changed"),
    "qualification.status": _l("Qualification status changed"),
    "unit.create": _l("Unit added"),
    "unit.update": _l("Unit changed"),
    "unit.move": _l("Unit moved"),
    "unit.delete": _l("Unit removed"),
    "candidate.create": _l("Candidate registered"),
    "candidate.update": _l("Candidate changed"),
    "cohort.create": _l("Cohort created"),
    "assessment.create": _l("Assessment opened"),
    "assessment.results": _l("Results recorded"),
    "assessment.collect_evidence": _l("Evidence collection started"),
    "assessment.record_results": _l("Results recorded"),
    "assessment.submit": _l("Submitted for endorsement"),
    "assessment.endorse": _l("Endorsed"),
    "assessment.return": _l("Returned to the assessor"),
    "assessment.lodge_appeal": _l("Appeal recorded"),
    "assessment.uphold_appeal": _l("Appeal upheld"),
    "assessment.dismiss_appeal": _l("Appeal dismissed"),
    "evidence.add": _l("Evidence added"),
    "certificate.issue": _l("Certificate issued"),
    "certificate.suspended": _l("Certificate suspended"),
    "certificate.valid": _l("Certificate reinstated"),
    "certificate.revoked": _l("Certificate revoked"),
    "certificate.superseded": _l("Certificate replaced"),
    "certificate.holder_link": _l("New holder link"),
    "issuer_key.create": _l("Signing key created"),
    "issuer_key.compromised": _l("Signing key marked compromised"),
}


SEX_LABELS = {
    Sex.FEMALE: _l("Female"),
    Sex.MALE: _l("Male"),
    Sex.OTHER: _l("Other"),
    Sex.UNDISCLOSED: _l("Prefers not to say"),
}

DOCUMENT_LABELS = {
    DocumentType.PASSPORT: _l("Passport"),
    DocumentType.NATIONAL_ID: _l("National identity card"),
    DocumentType.CERTIFICATE_OF_IDENTITY: _l("Certificate of identity (CI)"),
    DocumentType.PINK_CARD: _l("Pink card"),
    DocumentType.WORK_PERMIT: _l("Work permit"),
}

CONSENT_LABELS = {
    ConsentPurpose.ASSESSMENT: _l("Assessment of skills and recording of the results"),
    ConsentPurpose.CERTIFICATION: _l("Issuing a certificate in the candidate's name"),
    ConsentPurpose.VERIFICATION: _l("Letting employers check the certificate"),
    ConsentPurpose.CONTACT: _l("Contact by phone about the certificate"),
}

STATE_LABELS = {
    AssessmentState.DRAFT: _l("Draft"),
    AssessmentState.EVIDENCE: _l("Collecting evidence"),
    AssessmentState.ASSESSED: _l("Assessed"),
    AssessmentState.SUBMITTED: _l("Submitted for endorsement"),
    AssessmentState.ENDORSED: _l("Endorsed"),
    AssessmentState.APPEALED: _l("Under appeal"),
}

ACTION_BUTTON_LABELS = {
    Action.COLLECT_EVIDENCE: _l("Start collecting evidence"),
    Action.SUBMIT: _l("Submit for endorsement"),
    Action.ENDORSE: _l("Endorse"),
    Action.RETURN: _l("Return to the assessor"),
    Action.LODGE_APPEAL: _l("Record an appeal"),
    Action.UPHOLD_APPEAL: _l("Uphold the appeal and reopen"),
    Action.DISMISS_APPEAL: _l("Dismiss the appeal"),
}

OUTCOME_LABELS = {
    UnitOutcome.COMPETENT: _l("Competent"),
    UnitOutcome.NOT_YET_COMPETENT: _l("Not yet competent"),
    UnitOutcome.CREDIT_TRANSFER: _l("Credit transfer"),
}

METHOD_LABELS = {
    AssessmentMethod.OBSERVATION: _l("Observation"),
    AssessmentMethod.QUESTIONING: _l("Questioning"),
    AssessmentMethod.WORK_SAMPLE: _l("Work sample"),
    AssessmentMethod.PORTFOLIO: _l("Portfolio"),
    AssessmentMethod.THIRD_PARTY_REPORT: _l("Third-party report"),
}

OUTCOME_KIND_LABELS = {
    OutcomeKind.QUALIFICATION: _l("Full qualification"),
    OutcomeKind.STATEMENT_OF_ATTAINMENT: _l("Statement of attainment"),
    OutcomeKind.NONE: _l("No units achieved yet"),
}

CERTIFICATE_STATUS_LABELS = {
    CertificateStatus.VALID: _l("Valid"),
    CertificateStatus.SUSPENDED: _l("Suspended"),
    CertificateStatus.REVOKED: _l("Revoked"),
    CertificateStatus.EXPIRED: _l("Expired"),
    CertificateStatus.SUPERSEDED: _l("Replaced by a newer certificate"),
}

REVOCATION_REASON_LABELS = {
    RevocationReason.ISSUED_IN_ERROR: _l("Issued in error"),
    RevocationReason.FRAUD: _l("Fraud or false evidence"),
    RevocationReason.ASSESSMENT_OVERTURNED: _l("Assessment overturned"),
    RevocationReason.HOLDER_REQUEST: _l("At the holder's request"),
    RevocationReason.KEY_COMPROMISE: _l("Signing key compromised"),
    RevocationReason.OTHER: _l("Other reason"),
}

SCRIPT_LABELS = {
    "Latn": _l("Latin"),
    "Khmr": _l("Khmer"),
    "Laoo": _l("Lao"),
    "Mymr": _l("Burmese"),
    "Thai": _l("Thai"),
}


RETURNED = _l("Returned")


def assessment_state_label(assessment: Any) -> Any:
    """The state as staff name it: an assessment a moderator returned reads "Returned" until it is submitted
    again, not "Assessed" as if nothing had happened."""
    if assessment.state is AssessmentState.ASSESSED and assessment.return_reason:
        return RETURNED
    return STATE_LABELS[assessment.state]


def init_labels(app: Flask) -> None:
    app.jinja_env.filters["assessment_state_label"] = assessment_state_label
    app.jinja_env.filters["role_label"] = lambda role: ROLE_LABELS[Role(role)]
    app.jinja_env.filters["accreditation_label"] = lambda status: ACCREDITATION_LABELS[AccreditationStatus(status)]
    app.jinja_env.filters["qualification_status_label"] = (
        lambda status: QUALIFICATION_STATUS_LABELS[QualificationStatus(status)]
    )
    app.jinja_env.filters["action_label"] = lambda action: ACTION_LABELS.get(action, action)
    app.jinja_env.globals["FRAMEWORK_LABELS"] = FRAMEWORK_LABELS
    for name, labels in (("sex_label", SEX_LABELS), ("document_label", DOCUMENT_LABELS),
                         ("consent_label", CONSENT_LABELS), ("state_label", STATE_LABELS),
                         ("action_button_label", ACTION_BUTTON_LABELS), ("outcome_label", OUTCOME_LABELS),
                         ("method_label", METHOD_LABELS), ("outcome_kind_label", OUTCOME_KIND_LABELS),
                         ("script_label", SCRIPT_LABELS), ("certificate_status_label", CERTIFICATE_STATUS_LABELS),
                         ("revocation_reason_label", REVOCATION_REASON_LABELS)):
        app.jinja_env.filters[name] = _lookup(labels)


def _lookup(labels: dict[Any, Any]) -> Any:
    by_value = {str(getattr(key, "value", key)): label for key, label in labels.items()}
    return lambda code: by_value.get(str(getattr(code, "value", code)), code)
