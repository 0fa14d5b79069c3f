"""A worker's right of access (PDPA section 30): everything the registry holds on them, in one export, and nothing
of anyone else (no staff member's name, no other worker). Asked for by the worker at their centre: the centre's head
(or the registry's administrator) makes it, and the export is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.roles import Role
from registry.errors import Forbidden
from registry.models import (
    Appeal,
    Assessment,
    Candidate,
    Certificate,
    Consent,
    Evidence,
    TrainingCentre,
    UnitResult,
    User,
    VerificationEvent,
)
from registry.services.audit import record_change
from registry.services.candidates import get_candidate

MAY_EXPORT = (Role.ADMIN, Role.PROVIDER_ADMIN)
# Columns that hold nothing about the person, or only the registry's own bookkeeping.
INTERNAL = frozenset({"id", "centre_id", "candidate_id", "assessment_id", "certificate_id", "qualification_id",
                      "cohort_id", "created_by_id", "recorded_by_id", "uploaded_by_id", "lodged_by_id",
                      "assessor_id", "endorsed_by_id", "issued_by_id", "unit_id", "version", "search_key",
                      "name_latin_folded", "id_document_digest", "stored_name", "status_list_id", "status_index",
                      "kid", "qr_code", "holder_token_hash", "supersedes_id", "superseded_by_id"})


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return getattr(value, "value", value)


def _fields(record: object) -> dict[str, Any]:
    table = type(record).__table__  # type: ignore[attr-defined]
    return {column.key: _plain(getattr(record, column.key)) for column in table.columns if column.key not in INTERNAL}


def export(session: Session, actor: User, candidate_id: int) -> dict[str, Any]:
    """Everything held on the worker as JSON-ready fields (the records' own columns, without bookkeeping)."""
    held = held_records(session, actor, candidate_id, file_format="json")
    return {
        "about": "Everything the skills registry holds on this person, as of the date of this export.",
        "person": {**_fields(held.candidate), "centre": held.centre.code},
        "consents": [_fields(consent) for consent in held.consents],
        "assessments": [{
            **_fields(item.assessment), "qualification": item.assessment.qualification.code,
            "cohort": item.assessment.cohort.name if item.assessment.cohort else None,
            "results": [{**_fields(result), "unit": result.unit.code} for result in item.results],
            "evidence": [_fields(evidence) for evidence in item.evidence],
            "appeals": [_fields(appeal) for appeal in item.appeals],
        } for item in held.assessments],
        "certificates": [{
            **_fields(item.certificate), "qualification": item.certificate.qualification.code,
            "centre": item.certificate.centre.code, "checks": [_fields(event) for event in item.checks],
        } for item in held.certificates],
    }


@dataclass(frozen=True)
class HeldAssessment:
    assessment: Assessment
    results: list[UnitResult]
    evidence: list[Evidence]
    appeals: list[Appeal]


@dataclass(frozen=True)
class HeldCertificate:
    certificate: Certificate
    checks: list[VerificationEvent]


@dataclass(frozen=True)
class HeldRecords:
    """What `export` gives, as the records themselves, for a document to be written from them in the worker's
    language. Staff are not named in it: the records' relationships to users must not be printed."""

    candidate: Candidate
    centre: TrainingCentre
    consents: list[Consent]
    assessments: list[HeldAssessment]
    certificates: list[HeldCertificate]


def held_records(session: Session, actor: User, candidate_id: int, file_format: str) -> HeldRecords:
    """Everything held on a worker, for a copy in `file_format` ("json": `export`, "pdf"): only `MAY_EXPORT` roles,
    within their centre, and audited naming the format."""
    if actor.role not in MAY_EXPORT:
        raise Forbidden()
    candidate: Candidate = get_candidate(session, actor, candidate_id)
    assessments = session.scalars(select(Assessment).where(Assessment.candidate_id == candidate.id)
                                  .order_by(Assessment.id)).all()
    certificates = session.scalars(select(Certificate).where(Certificate.candidate_id == candidate.id)
                                   .order_by(Certificate.id)).all()
    held = HeldRecords(
        candidate=candidate,
        centre=session.get_one(TrainingCentre, candidate.centre_id),
        consents=list(session.scalars(select(Consent).where(Consent.candidate_id == candidate.id)
                                      .order_by(Consent.id))),
        assessments=[HeldAssessment(
            assessment,
            list(session.scalars(select(UnitResult).where(UnitResult.assessment_id == assessment.id)
                                 .order_by(UnitResult.id))),
            list(session.scalars(select(Evidence).where(Evidence.assessment_id == assessment.id)
                                 .order_by(Evidence.id))),
            list(session.scalars(select(Appeal).where(Appeal.assessment_id == assessment.id).order_by(Appeal.id))),
        ) for assessment in assessments],
        certificates=[HeldCertificate(certificate, list(session.scalars(
            select(VerificationEvent).where(VerificationEvent.certificate_id == certificate.id)
            .order_by(VerificationEvent.id)))) for certificate in certificates],
    )
    record_change(session, actor, "candidate.access_export", candidate, centre_id=candidate.centre_id,
                  after={"assessments": len(assessments), "certificates": len(certificates), "format": file_format})
    return held
