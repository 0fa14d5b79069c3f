"""The RPL assessment lifecycle: states, the actions that move between them, and who may take them.

One table says everything: the service applies a transition only if this table allows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from registry.core.roles import Role


class AssessmentState(StrEnum):
    DRAFT = "draft"
    EVIDENCE = "evidence"
    ASSESSED = "assessed"
    SUBMITTED = "submitted"
    ENDORSED = "endorsed"
    APPEALED = "appealed"


class Action(StrEnum):
    COLLECT_EVIDENCE = "collect_evidence"
    RECORD_RESULTS = "record_results"
    SUBMIT = "submit"
    ENDORSE = "endorse"
    RETURN = "return"
    LODGE_APPEAL = "lodge_appeal"
    UPHOLD_APPEAL = "uphold_appeal"
    DISMISS_APPEAL = "dismiss_appeal"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[AssessmentState]
    target: AssessmentState | None  # None: the target depends on the results (see results_state)
    roles: frozenset[Role]
    needs_reason: bool  # the assessor and the candidate read it


def _transition(action: Action, sources: Iterable[AssessmentState], target: AssessmentState | None,
                roles: Iterable[Role], *, needs_reason: bool = False) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(roles), needs_reason)


S = AssessmentState
CENTRE_HEAD_AND_ASSESSOR = (Role.PROVIDER_ADMIN, Role.ASSESSOR)

TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        _transition(Action.COLLECT_EVIDENCE, [S.DRAFT, S.EVIDENCE], S.EVIDENCE, CENTRE_HEAD_AND_ASSESSOR),
        _transition(Action.RECORD_RESULTS, [S.DRAFT, S.EVIDENCE, S.ASSESSED], None, [Role.ASSESSOR]),
        _transition(Action.SUBMIT, [S.ASSESSED], S.SUBMITTED, CENTRE_HEAD_AND_ASSESSOR),
        _transition(Action.ENDORSE, [S.SUBMITTED], S.ENDORSED, [Role.MODERATOR]),
        _transition(Action.RETURN, [S.SUBMITTED], S.ASSESSED, [Role.MODERATOR], needs_reason=True),
        _transition(Action.LODGE_APPEAL, [S.ENDORSED], S.APPEALED, [Role.PROVIDER_ADMIN], needs_reason=True),
        _transition(Action.UPHOLD_APPEAL, [S.APPEALED], S.ASSESSED, [Role.PROVIDER_ADMIN], needs_reason=True),
        _transition(Action.DISMISS_APPEAL, [S.APPEALED], S.ENDORSED, [Role.PROVIDER_ADMIN], needs_reason=True),
    )
}


def allowed_actions(state: AssessmentState, role: Role) -> list[Action]:
    """The actions a person in ``role`` may take on an assessment in ``state``, in table order."""
    return [t.action for t in TRANSITIONS.values() if state in t.sources and role in t.roles]


def results_state(units_total: int, units_with_outcome: int) -> AssessmentState:
    """Recording results makes an assessment ``assessed`` once every unit has an outcome."""
    if units_total > 0 and units_with_outcome >= units_total:
        return AssessmentState.ASSESSED
    return AssessmentState.EVIDENCE
