"""The one place where an assessment changes state: check the transition, apply it, audit it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from registry.core.workflow import TRANSITIONS, Action, AssessmentState, allowed_actions
from registry.errors import Forbidden, InvalidInput, SelfEndorsementForbidden, StaleRecord, TransitionNotAllowed
from registry.models import Assessment, User
from registry.models.report_tally import mark_stale
from registry.models.types import utcnow
from registry.services.audit import Change, record_changes
from registry.services.scope import require_in_scope


@dataclass(frozen=True)
class StateChange:
    assessment: Assessment
    target: AssessmentState | None = None  # needed only where the table leaves the target open
    expected_version: int | None = None


def check_transition(actor: User, assessment: Assessment, action: Action) -> None:
    transition = TRANSITIONS[action]
    require_in_scope(actor, assessment.centre_id)
    if actor.role not in transition.roles:
        raise Forbidden()
    if assessment.state not in transition.sources:
        raise TransitionNotAllowed()
    if action is Action.ENDORSE and _assessed_by(actor, assessment):
        raise SelfEndorsementForbidden(
            _l("You assessed this candidate, so another moderator must endorse it.")
        )


def _assessed_by(actor: User, assessment: Assessment) -> bool:
    return assessment.created_by_id == actor.id or any(r.assessor_id == actor.id for r in assessment.results)


def offered_actions(actor: User, assessment: Assessment) -> list[Action]:
    """The steps ``actor`` may take on ``assessment`` now: the table's, less Endorse for a moderator who assessed
    the candidate (four eyes), so a page never offers what check_transition would refuse."""
    return [action for action in allowed_actions(assessment.state, actor.role)
            if not (action is Action.ENDORSE and _assessed_by(actor, assessment))]


def endorsable(actor: User, assessments: Sequence[Assessment]) -> tuple[list[Assessment], list[Assessment]]:
    """Of ``assessments``, the submitted ones ``actor`` may endorse, and those they assessed themselves (four eyes:
    another moderator endorses those)."""
    submitted = [a for a in assessments if a.state is AssessmentState.SUBMITTED]
    return ([a for a in submitted if not _assessed_by(actor, a)], [a for a in submitted if _assessed_by(actor, a)])


def reason_problems(action: Action, reason: str) -> dict[str, list[str]]:
    """What is wrong with the reason given for ``action`` (the table says which steps need one)."""
    if TRANSITIONS[action].needs_reason and not reason.strip():
        return {"reason": [str(_l("Give a reason: the assessor and the candidate will read it."))]}
    return {}


def apply_transitions(session: Session, actor: User, action: Action, changes: Sequence[StateChange],
                      reason: str = "") -> None:
    """Move many assessments at once (a cohort's grid) with a constant number of statements."""
    transition = TRANSITIONS[action]
    reason = reason.strip()
    stale = [c.assessment.id for c in changes
             if c.expected_version is not None and c.expected_version != c.assessment.version]
    if stale:
        raise StaleRecord()
    rows: list[dict[str, object]] = []
    audited: list[Change] = []
    now = utcnow()
    for change in changes:
        assessment = change.assessment
        check_transition(actor, assessment, action)
        target = transition.target or change.target
        if target is None:
            raise ValueError(f"{action} needs an explicit target state")
        rows.append({"b_id": assessment.id, "b_version": assessment.version, "b_state": target,
                     "b_submitted": now if action is Action.SUBMIT else assessment.submitted_at,
                     "b_endorsed": now if action is Action.ENDORSE else assessment.endorsed_at,
                     "b_endorser": actor.id if action is Action.ENDORSE else assessment.endorsed_by_id,
                     "b_reason": reason if action is Action.RETURN else assessment.return_reason})
        audited.append(Change(f"assessment.{action.value}", Assessment.__tablename__, assessment.id,
                              assessment.centre_id, before={"state": assessment.state.value},
                              after={"state": target.value, **({"reason": reason} if reason else {})}))
    if not rows:
        return
    problems = reason_problems(action, reason)  # after the table's checks: a step not possible now is no typo
    if problems:
        raise InvalidInput(problems)
    session.flush()
    statement = (
        update(Assessment.__table__)
        .where(Assessment.__table__.c.id == bindparam("b_id"))
        .where(Assessment.__table__.c.version == bindparam("b_version"))
        .values(state=bindparam("b_state"), version=Assessment.__table__.c.version + 1,
                submitted_at=bindparam("b_submitted"), endorsed_at=bindparam("b_endorsed"),
                endorsed_by_id=bindparam("b_endorser"), return_reason=bindparam("b_reason"))
    )
    connection = session.connection()
    result = connection.execute(statement, rows)
    if connection.dialect.supports_sane_multi_rowcount and result.rowcount != len(rows):
        raise StaleRecord()  # another request changed one of them between our read and this write
    record_changes(session, actor, audited, at=now)
    # An assessment is counted in the reports by its current state in the month it was opened.
    mark_stale(session, days=[now, *(change.assessment.created_at for change in changes)])
    # Keep the loaded objects true to the database without reloading them one by one.
    for row, change in zip(rows, changes, strict=True):
        assessment = change.assessment
        set_committed_value(assessment, "state", row["b_state"])
        set_committed_value(assessment, "version", assessment.version + 1)
        set_committed_value(assessment, "submitted_at", row["b_submitted"])
        set_committed_value(assessment, "endorsed_at", row["b_endorsed"])
        set_committed_value(assessment, "endorsed_by_id", row["b_endorser"])
        set_committed_value(assessment, "return_reason", row["b_reason"])


def apply_transition(session: Session, actor: User, assessment: Assessment, action: Action, *,
                     reason: str = "", expected_version: int | None = None,
                     target: AssessmentState | None = None) -> Assessment:
    apply_transitions(session, actor, action, [StateChange(assessment, target, expected_version)], reason)
    return assessment
