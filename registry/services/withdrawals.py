"""Undoing a mistake while it is still a draft: an assessment opened for the wrong person or qualification, a cohort
made by mistake before anyone was added, an evidence file uploaded to the wrong assessment.

Only before submission: once an assessment has been submitted (even if it was returned since), a moderator has seen
it, and what they saw stays on the record. Every withdrawal is audited with what was removed; evidence files are
deleted from storage, since they hold personal data nobody needs any more.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from registry.core.files import FileStore
from registry.core.roles import Role
from registry.core.workflow import AssessmentState
from registry.errors import Conflict, Forbidden
from registry.models import Assessment, Cohort, Evidence, User
from registry.services.audit import record_change
from registry.services.scope import require_in_scope

DRAFT_STATES = frozenset({AssessmentState.DRAFT, AssessmentState.EVIDENCE, AssessmentState.ASSESSED})
MAY_WITHDRAW = frozenset({Role.PROVIDER_ADMIN, Role.ASSESSOR})


def still_a_draft(assessment: Assessment) -> bool:
    return assessment.state in DRAFT_STATES and assessment.submitted_at is None


def _may_change(actor: User, centre_id: int) -> None:
    if actor.role not in MAY_WITHDRAW:
        raise Forbidden()
    require_in_scope(actor, centre_id)


def withdraw_assessment(session: Session, actor: User, assessment: Assessment, *, storage: FileStore) -> None:
    _may_change(actor, assessment.centre_id)
    if not still_a_draft(assessment):
        raise Conflict(_l("This assessment has been submitted: it can no longer be withdrawn."))
    files = [item.stored_name for item in assessment.evidence]
    record_change(session, actor, "assessment.withdraw", assessment,
                  before={**assessment.audit_view(), "cohort": assessment.cohort_id,
                          "results": {code: outcome.value for code, outcome in
                                      assessment.outcomes_by_unit_code().items()},
                          "evidence": [item.original_name for item in assessment.evidence]},
                  centre_id=assessment.centre_id)
    for item in assessment.evidence:
        session.delete(item)
    session.delete(assessment)
    session.flush()
    _delete_files(storage, files)


def delete_empty_cohort(session: Session, actor: User, cohort: Cohort) -> None:
    _may_change(actor, cohort.centre_id)
    if cohort.assessments:
        raise Conflict(_l("This cohort has candidates: withdraw their draft assessments first."))
    record_change(session, actor, "cohort.delete", cohort,
                  before=cohort.audit_view(),
                  centre_id=cohort.centre_id)
    session.delete(cohort)
    session.flush()


def remove_evidence(session: Session, actor: User, item: Evidence, *, storage: FileStore) -> None:
    _may_change(actor, item.centre_id)
    if not still_a_draft(item.assessment):
        raise Conflict(_l("This assessment has been submitted: its evidence stays on the record."))
    record_change(session, actor, "evidence.remove", item,
                  before={"assessment": item.assessment_id, "name": item.original_name, "sha256": item.sha256,
                          "size": item.size}, centre_id=item.centre_id)
    stored = item.stored_name
    session.delete(item)
    session.flush()
    _delete_files(storage, [stored])


def _delete_files(storage: FileStore, names: list[str]) -> None:
    for name in names:
        storage.delete(name)
