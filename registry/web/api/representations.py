"""How records look in the JSON API; documented in docs/api.md."""

from __future__ import annotations

from typing import Any

from registry.models import Assessment, Candidate, Qualification
from registry.services.assessments import kind_of


def qualification_resource(qualification: Qualification) -> dict[str, Any]:
    return {
        "code": qualification.code,
        "title": qualification.titles(),
        "sector": qualification.sector,
        "status": qualification.status.value,
        "levels": qualification.levels(),
        "isco08": qualification.isco08_code,
        "validity_years": qualification.validity_years,
        "units": [
            {"position": index, "code": unit.code, "title": unit.titles()}
            for index, unit in enumerate(qualification.units)
        ],
    }


def candidate_resource(candidate: Candidate) -> dict[str, Any]:
    return {
        "id": candidate.id,
        "name_latin": candidate.name_latin,
        "name_native": candidate.name_native,
        "name_thai": candidate.name_thai,
        "script": candidate.script,
        "nationality": candidate.nationality,
        "sex": candidate.sex.value,
        "date_of_birth": candidate.date_of_birth.isoformat() if candidate.date_of_birth else None,
        "id_document": {"type": candidate.id_document_type.value, "last4": candidate.id_document_last4}
        if candidate.id_document_type else None,
        "phone": candidate.phone,
        "preferred_language": candidate.preferred_language,
        "returnee": candidate.returnee,
        "erased_at": candidate.erased_at.isoformat() if candidate.erased_at else None,
        "consent": [{"purpose": c.purpose.value, "language": c.language, "notice_version": c.notice_version,
                     "given_at": c.given_at.isoformat(),
                     "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None}
                    for c in candidate.consents],
    }


def assessment_resource(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.id,
        "state": assessment.state.value,
        "version": assessment.version,
        "candidate_id": assessment.candidate_id,
        "qualification_code": assessment.qualification.code,
        "outcome_kind": kind_of(assessment).value,
        "return_reason": assessment.return_reason or None,
        "results": [
            {"unit_code": r.unit.code, "outcome": r.outcome.value, "method": r.method.value,
             "assessed_on": r.assessed_on.isoformat()}
            for r in sorted(assessment.results, key=lambda r: r.unit.position)
        ],
    }
