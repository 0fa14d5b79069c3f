"""Assessments: opening one, recording unit results (one candidate or a whole cohort), appeals, history."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.orm import Session, selectinload

from registry.core.local_days import appeal_window_open
from registry.core.outcomes import AssessmentMethod, OutcomeKind, UnitOutcome, outcome_kind
from registry.core.workflow import TRANSITIONS, Action, AssessmentState, results_state
from registry.errors import Conflict, InvalidInput, StaleRecord
from registry.models import (
    Appeal,
    Assessment,
    AuditEntry,
    Candidate,
    Certificate,
    CertificateStatus,
    CompetencyUnit,
    ConsentPurpose,
    Qualification,
    QualificationStatus,
    UnitResult,
    User,
)
from registry.models.types import utcnow
from registry.services import consents, workflow
from registry.services.audit import Change, record_changes
from registry.services.scope import get_in_scope, require_in_scope, restrict_to_scope
from registry.services.workflow import StateChange


@dataclass(frozen=True)
class ResultEntry:
    """One cell of a results grid: empty outcome and method clear the cell."""

    outcome: str
    method: str


def open_assessment(session: Session, actor: User, candidate: Candidate, qualification: Qualification,
                    cohort_id: int | None = None) -> Assessment:
    [assessment] = open_assessments(session, actor, [candidate], qualification, cohort_id)
    return assessment


def open_assessments(session: Session, actor: User, people: Sequence[Candidate], qualification: Qualification,
                     cohort_id: int | None = None) -> list[Assessment]:
    """Open a draft assessment against ``qualification`` for each candidate, in one flush."""
    for centre_id in {candidate.centre_id for candidate in people}:
        require_in_scope(actor, centre_id)
    if qualification.status is not QualificationStatus.ACTIVE:
        raise InvalidInput({"qualification_code": [_l("This qualification is retired: choose an active one.")]})
    if not qualification.units:
        raise InvalidInput({"qualification_code": [_l("This qualification has no units yet.")]})
    stopped = consents.withdrawn(session, [candidate.id for candidate in people], ConsentPurpose.ASSESSMENT)
    for candidate in people:
        if candidate.erased_at is not None or candidate.id in stopped:
            raise Conflict(_l("%(name)s withdrew consent to assessment, or asked for their data to be erased: no "
                              "new assessment can be opened for them.", name=candidate.name_latin))
    opened = [Assessment(centre_id=candidate.centre_id, candidate=candidate, qualification=qualification,
                         cohort_id=cohort_id, state=AssessmentState.DRAFT, created_by_id=actor.id)
              for candidate in people]
    session.add_all(opened)
    session.flush()
    record_changes(session, actor, [
        Change("assessment.create", Assessment.__tablename__, assessment.id, assessment.centre_id,
               after=assessment.audit_view()) for assessment in opened])
    return opened


def get_assessment(session: Session, actor: User, assessment_id: int) -> Assessment:
    return get_in_scope(session, Assessment, assessment_id, actor, "centre_id")


def assessments_of(session: Session, actor: User, candidate: Candidate) -> list[Assessment]:
    statement = restrict_to_scope(select(Assessment), actor, Assessment.centre_id)
    return list(session.scalars(statement.where(Assessment.candidate_id == candidate.id).order_by(Assessment.id)))


def kind_of(assessment: Assessment) -> OutcomeKind:
    return outcome_kind([unit.code for unit in assessment.qualification.units], assessment.outcomes_by_unit_code())


def assessed_on_problems(assessed_on: date | None, today: date) -> list[object]:
    """What is wrong with the day results were assessed on (a grid's, a form's or a spreadsheet row's)."""
    if assessed_on is None:
        return [_l("Give a date as YYYY-MM-DD.")]
    if assessed_on > today:
        return [_l("The assessment date cannot be in the future.")]
    return []


def cell_problems(entry: ResultEntry) -> list[object]:
    """What is wrong with one unit's result: an outcome needs a method and the reverse."""
    if not entry.outcome and not entry.method:
        return []
    if entry.outcome not in set(UnitOutcome):
        return [_l("Choose an outcome.")]
    if entry.method not in set(AssessmentMethod):
        return [_l("Choose how the unit was assessed.")]
    return []


def save_results(
    session: Session,
    actor: User,
    assessments: Sequence[Assessment],
    units: Sequence[CompetencyUnit],
    entries: Mapping[tuple[int, int], ResultEntry],
    assessed_on: date | None,
    today: date,
    expected_versions: Mapping[int, int] | None = None,
) -> None:
    """Record the results of one or many assessments of one qualification with a constant number of queries.

    ``entries`` maps (assessment id, unit id) to the cell; a cell left out is not changed. On any
    invalid cell nothing is written and InvalidInput names every bad cell as "<assessment>-<unit>".
    """
    errors: dict[str, list[object]] = {}
    if problems := assessed_on_problems(assessed_on, today):
        errors["assessed_on"] = problems
    unit_ids = {unit.id for unit in units}
    by_id = {assessment.id: assessment for assessment in assessments}
    for (assessment_id, unit_id), entry in entries.items():
        if assessment_id not in by_id or unit_id not in unit_ids:
            errors[f"{assessment_id}-{unit_id}"] = [_l("This cell does not belong to the grid.")]
            continue
        problems = cell_problems(entry)
        if problems:
            errors[f"{assessment_id}-{unit_id}"] = problems
    if errors:
        raise InvalidInput(errors, _l("Some cells need attention. Everything you entered is kept below."))
    if expected_versions:
        stale = [a for a in assessments if a.id in expected_versions and expected_versions[a.id] != a.version]
        if stale:
            raise StaleRecord(_l("Someone else saved results for %(names)s while you were entering yours. Your "
                                 "entries are kept below: check them and save again.",
                                 names=", ".join(a.candidate.name_latin for a in stale)))
    assert assessed_on is not None
    existing = {
        (result.assessment_id, result.unit_id): result
        for result in session.scalars(select(UnitResult).where(UnitResult.assessment_id.in_(list(by_id))))
    } if by_id else {}
    inserts: list[dict[str, object]] = []
    updates: list[dict[str, object]] = []
    removals: list[int] = []
    unit_codes = {unit.id: unit.code for unit in units}
    audited: dict[int, dict[str, str | None]] = {}
    for (assessment_id, unit_id), entry in entries.items():
        current = existing.get((assessment_id, unit_id))
        if not entry.outcome:
            if current is not None:
                removals.append(current.id)
                audited.setdefault(assessment_id, {})[unit_codes[unit_id]] = None
            continue
        outcome, method = UnitOutcome(entry.outcome), AssessmentMethod(entry.method)
        if current is None:
            inserts.append({"assessment_id": assessment_id, "unit_id": unit_id, "assessor_id": actor.id,
                            "assessed_on": assessed_on, "outcome": outcome, "method": method})
        elif (current.outcome, current.method) != (outcome, method):
            updates.append({"id": current.id, "assessor_id": actor.id, "assessed_on": assessed_on,
                            "outcome": outcome, "method": method})
        else:
            continue
        audited.setdefault(assessment_id, {})[unit_codes[unit_id]] = f"{outcome.value}/{method.value}"
    changed = [by_id[assessment_id] for assessment_id in sorted(audited)]
    for assessment in changed:
        if assessment.state not in TRANSITIONS[Action.RECORD_RESULTS].sources:
            raise Conflict(_l("The results of %(name)s can no longer change: the assessment is %(state)s.",
                              name=assessment.candidate.name_latin, state=assessment.state.value))
    if not changed:
        return
    counts: dict[int, int] = dict.fromkeys(by_id, 0)
    removed = set(removals)
    for (assessment_id, _unit_id), result in existing.items():
        if result.id not in removed:
            counts[assessment_id] += 1
    for row in inserts:
        counts[int(row["assessment_id"])] += 1  # type: ignore[call-overload]
    # The state check, version bump and audit of every changed assessment happen together, first:
    # if another request got there before us, nothing below is written.
    workflow.apply_transitions(session, actor, Action.RECORD_RESULTS, [
        StateChange(assessment, results_state(len(units), counts[assessment.id])) for assessment in changed
    ])
    if removals:
        session.execute(delete(UnitResult).where(UnitResult.id.in_(removals)))
    if updates:
        session.execute(update(UnitResult), updates)
    if inserts:
        session.execute(insert(UnitResult), inserts)
    record_changes(session, actor, [
        Change("assessment.results", Assessment.__tablename__, assessment.id, assessment.centre_id,
               after={"results": audited[assessment.id], "assessed_on": assessed_on.isoformat()})
        for assessment in changed])
    for assessment in changed:
        session.expire(assessment, ["results"])


def lodge_appeal(session: Session, actor: User, assessment: Assessment, reason: str, *, now: datetime,
                 window_days: int) -> Appeal:
    """``now`` is the moment in the registry's time zone: the window counts its calendar days."""
    if not reason.strip():
        raise InvalidInput({"reason": [_l("Give the reason for the appeal.")]})
    endorsed = assessment.endorsed_at
    if endorsed is not None and not appeal_window_open(endorsed, now, window_days):
        raise Conflict(_l("The appeal window of %(days)d days after endorsement has closed.", days=window_days))
    workflow.apply_transition(session, actor, assessment, Action.LODGE_APPEAL, reason=reason.strip())
    appeal = Appeal(reason=reason.strip(), lodged_by_id=actor.id)
    assessment.appeals.append(appeal)
    session.flush()
    return appeal


def decide_appeal(session: Session, actor: User, assessment: Assessment, *, uphold: bool, reason: str) -> Appeal:
    if not reason.strip():
        raise InvalidInput({"reason": [_l("Give the reason for the decision.")]})
    open_appeals = [appeal for appeal in assessment.appeals if not appeal.decision]
    action = Action.UPHOLD_APPEAL if uphold else Action.DISMISS_APPEAL
    workflow.check_transition(actor, assessment, action)
    if not open_appeals:
        raise Conflict()
    appeal = open_appeals[-1]
    workflow.apply_transition(session, actor, assessment, action, reason=reason.strip())
    appeal.decision = "upheld" if uphold else "dismissed"
    appeal.decision_reason = reason.strip()
    appeal.decided_at = utcnow()
    appeal.decided_by_id = actor.id
    return appeal


def history(session: Session, actor: User, candidate: Candidate) -> list[AuditEntry]:
    """Every audited change of a candidate and of their assessments, oldest first."""
    require_in_scope(actor, candidate.centre_id)
    assessment_ids = [str(a.id) for a in assessments_of(session, actor, candidate)]
    statement = select(AuditEntry).where(or_(
        (AuditEntry.entity_type == Candidate.__tablename__) & (AuditEntry.entity_id == str(candidate.id)),
        (AuditEntry.entity_type == Assessment.__tablename__) & AuditEntry.entity_id.in_(assessment_ids),
    ))
    return list(session.scalars(statement.order_by(AuditEntry.id)))


def assessment_history(session: Session, actor: User, assessment: Assessment) -> list[AuditEntry]:
    require_in_scope(actor, assessment.centre_id)
    statement = select(AuditEntry).where(AuditEntry.entity_type == Assessment.__tablename__,
                                         AuditEntry.entity_id == str(assessment.id))
    return list(session.scalars(statement.order_by(AuditEntry.id)))


def endorsed_without_certificate(session: Session, actor: User, cohort_id: int | None = None) -> list[Assessment]:
    """The actor's centre's (or one cohort's) endorsed assessments that achieved something and have no live
    certificate yet, with their results loaded in one query."""
    live = select(Certificate.assessment_id).where(
        Certificate.status.in_((CertificateStatus.VALID, CertificateStatus.SUSPENDED)))
    statement = restrict_to_scope(select(Assessment), actor, Assessment.centre_id).where(
        Assessment.state == AssessmentState.ENDORSED, Assessment.id.not_in(live))
    if cohort_id is not None:
        statement = statement.where(Assessment.cohort_id == cohort_id)
    statement = statement.options(selectinload(Assessment.results)).order_by(Assessment.id)
    return [a for a in session.scalars(statement) if kind_of(a) is not OutcomeKind.NONE]
