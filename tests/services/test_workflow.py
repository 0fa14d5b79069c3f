"""Every allowed and every forbidden transition of the assessment lifecycle."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from registry.core.roles import ALL_ROLES, Role
from registry.core.workflow import TRANSITIONS, Action, AssessmentState
from registry.errors import Forbidden, NotFound, SelfEndorsementForbidden, StaleRecord, TransitionNotAllowed
from registry.models import Assessment, AuditEntry, TrainingCentre, User
from registry.services import assessments, workflow
from registry.services.assessments import ResultEntry
from tests.factories import TODAY, make_assessment, make_centre, make_user

BANGKOK = ZoneInfo("Asia/Bangkok")

ALL_COMPETENT = ResultEntry("competent", "observation")
STATEMENTS: list[list[str]] = []


@pytest.fixture
def staff(session: Session) -> dict[Role, User]:
    centre = make_centre(session)
    return {role: make_user(session, role, centre) for role in ALL_ROLES if role.needs_centre}


def _force_state(session: Session, assessment: Assessment, state: AssessmentState) -> None:
    """Test setup only: put an assessment straight into a state to test what may leave it."""
    session.execute(Assessment.__table__.update().where(Assessment.__table__.c.id == assessment.id)
                    .values(state=state))
    session.expire(assessment)


def _fill(session: Session, assessor: User, assessment: Assessment, entry: ResultEntry = ALL_COMPETENT) -> None:
    units = assessment.qualification.units
    assessments.save_results(session, assessor, [assessment], units,
                             {(assessment.id, unit.id): entry for unit in units}, TODAY, TODAY)


CASES = [(action, state) for action in Action for state in AssessmentState]


@pytest.mark.parametrize(("action", "state"), CASES, ids=[f"{a.value}-from-{s.value}" for a, s in CASES])
def test_transition_table_is_enforced(session: Session, staff: dict[Role, User], action: Action,
                                      state: AssessmentState) -> None:
    transition = TRANSITIONS[action]
    assessment = make_assessment(session, staff[Role.ASSESSOR])
    _force_state(session, assessment, state)
    for role, actor in staff.items():
        target = AssessmentState.ASSESSED if transition.target is None else None
        allowed = state in transition.sources and role in transition.roles
        if allowed and action is Action.ENDORSE and actor.id == assessment.created_by_id:
            continue
        if allowed:
            with session.begin_nested():
                workflow.apply_transition(session, actor, assessment, action, target=target, reason="because")
                assert assessment.state is (transition.target or target)
                _force_state(session, assessment, state)
        else:
            expected = Forbidden if role not in transition.roles else TransitionNotAllowed
            with pytest.raises(expected):
                workflow.apply_transition(session, actor, assessment, action, target=target)
            session.refresh(assessment)
            assert assessment.state is state


def test_full_journey_is_audited(session: Session, staff: dict[Role, User]) -> None:
    assessor, moderator = staff[Role.ASSESSOR], staff[Role.MODERATOR]
    assessment = make_assessment(session, assessor)
    _fill(session, assessor, assessment)
    assert assessment.state is AssessmentState.ASSESSED
    workflow.apply_transition(session, assessor, assessment, Action.SUBMIT)
    workflow.apply_transition(session, moderator, assessment, Action.RETURN, reason="Unit 2 lacks evidence")
    assert assessment.state is AssessmentState.ASSESSED and assessment.return_reason == "Unit 2 lacks evidence"
    workflow.apply_transition(session, assessor, assessment, Action.SUBMIT)
    workflow.apply_transition(session, moderator, assessment, Action.ENDORSE)
    assert assessment.state is AssessmentState.ENDORSED and assessment.endorsed_by_id == moderator.id
    actions = [entry.action for entry in assessments.assessment_history(session, assessor, assessment)]
    assert actions == ["assessment.create", "assessment.record_results", "assessment.results", "assessment.submit",
                       "assessment.return", "assessment.submit", "assessment.endorse"]


def test_moderator_cannot_endorse_own_assessment(session: Session, staff: dict[Role, User]) -> None:
    moderator = staff[Role.MODERATOR]
    assessor = staff[Role.ASSESSOR]
    assessment = make_assessment(session, assessor)
    _fill(session, assessor, assessment)
    # The moderator also assessed one unit: they may not endorse it.
    unit = assessment.qualification.units[0]
    moderator.role = Role.ASSESSOR
    assessments.save_results(session, moderator, [assessment], assessment.qualification.units,
                             {(assessment.id, unit.id): ResultEntry("competent", "questioning")}, TODAY, TODAY)
    moderator.role = Role.MODERATOR
    workflow.apply_transition(session, assessor, assessment, Action.SUBMIT)
    with pytest.raises(SelfEndorsementForbidden) as caught:
        workflow.apply_transition(session, moderator, assessment, Action.ENDORSE)
    assert "another moderator" in str(caught.value.message)
    assert assessment.state is AssessmentState.SUBMITTED


def test_outcome_kind_is_derived_from_unit_results(session: Session, staff: dict[Role, User]) -> None:
    assessor = staff[Role.ASSESSOR]
    full = make_assessment(session, assessor)
    _fill(session, assessor, full)
    assert assessments.kind_of(full).value == "qualification"
    partial = make_assessment(session, assessor, units=2)
    first, second = partial.qualification.units
    assessments.save_results(session, assessor, [partial], partial.qualification.units, {
        (partial.id, first.id): ResultEntry("credit_transfer", "portfolio"),
        (partial.id, second.id): ResultEntry("not_yet_competent", "observation")}, TODAY, TODAY)
    assert assessments.kind_of(partial).value == "statement_of_attainment"


def test_appeal_upheld_reopens_and_dismissed_closes(session: Session, staff: dict[Role, User]) -> None:
    assessor, moderator, head = staff[Role.ASSESSOR], staff[Role.MODERATOR], staff[Role.PROVIDER_ADMIN]
    assessment = make_assessment(session, assessor)
    _fill(session, assessor, assessment)
    workflow.apply_transition(session, assessor, assessment, Action.SUBMIT)
    workflow.apply_transition(session, moderator, assessment, Action.ENDORSE)
    assessments.lodge_appeal(session, head, assessment, "Unit 3 was observed on a bad day", now=datetime.now(BANGKOK),
                             window_days=30)
    assessments.decide_appeal(session, head, assessment, uphold=False, reason="Evidence is clear")
    assert assessment.state is AssessmentState.ENDORSED
    assessments.lodge_appeal(session, head, assessment, "New evidence", now=datetime.now(BANGKOK), window_days=30)
    appeal = assessments.decide_appeal(session, head, assessment, uphold=True, reason="Reassess unit 3")
    assert assessment.state is AssessmentState.ASSESSED and appeal.decision == "upheld"


def test_appeal_after_the_window_is_refused(session: Session, staff: dict[Role, User]) -> None:
    assessor, moderator, head = staff[Role.ASSESSOR], staff[Role.MODERATOR], staff[Role.PROVIDER_ADMIN]
    assessment = make_assessment(session, assessor)
    _fill(session, assessor, assessment)
    workflow.apply_transition(session, assessor, assessment, Action.SUBMIT)
    workflow.apply_transition(session, moderator, assessment, Action.ENDORSE)
    with pytest.raises(Exception, match="appeal window"):
        assessments.lodge_appeal(session, head, assessment, "Too late", now=datetime(2030, 1, 1, tzinfo=BANGKOK),
                                 window_days=30)


def test_second_save_with_an_old_version_gets_a_conflict(session: Session, staff: dict[Role, User]) -> None:
    assessor = staff[Role.ASSESSOR]
    assessment = make_assessment(session, assessor)
    seen_version = assessment.version
    _fill(session, assessor, assessment)
    unit = assessment.qualification.units[0]
    with pytest.raises(StaleRecord) as caught:
        assessments.save_results(session, assessor, [assessment], assessment.qualification.units,
                                 {(assessment.id, unit.id): ResultEntry("not_yet_competent", "observation")},
                                 TODAY, TODAY, expected_versions={assessment.id: seen_version})
    assert "Person" in str(caught.value.message)


def test_other_centres_assessment_is_not_found(session: Session, staff: dict[Role, User]) -> None:
    assessment = make_assessment(session, staff[Role.ASSESSOR])
    outsider = make_user(session, Role.MODERATOR, make_centre(session))
    with pytest.raises(NotFound):
        assessments.get_assessment(session, outsider, assessment.id)
    with pytest.raises(NotFound):
        workflow.apply_transition(session, outsider, assessment, Action.ENDORSE)


def test_grid_save_costs_a_constant_number_of_queries(session: Session, staff: dict[Role, User]) -> None:
    from registry.services import cohorts
    from tests.factories import letters, make_candidate, make_qualification

    assessor, head = staff[Role.ASSESSOR], staff[Role.PROVIDER_ADMIN]
    qualification = make_qualification(session, units=12)

    def queries_to_save(size: int) -> int:
        people = [make_candidate(session, assessor, name_latin=f"Worker {letters(size)} {letters(n)}",
                                 name_native="").id
                  for n in range(size)]
        cohort = cohorts.create_cohort(session, head, f"Cohort {size}", qualification, TODAY, [assessor.id], people)
        session.flush()
        session.expire_all()
        statements: list[str] = []
        engine = session.get_bind()

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(engine, "before_cursor_execute", count)
        try:
            grid = cohorts.load_grid(session, assessor, cohorts.get_cohort(session, assessor, cohort.id))
            entries = {(a.id, u.id): ALL_COMPETENT for a in grid.assessments for u in grid.units}
            assessments.save_results(session, assessor, grid.assessments, grid.units, entries, TODAY, TODAY)
            session.flush()
        finally:
            event.remove(engine, "before_cursor_execute", count)
        states = session.scalars(select(Assessment.state).where(Assessment.cohort_id == cohort.id)).all()
        assert set(states) == {AssessmentState.ASSESSED}
        STATEMENTS.append(statements)
        return len(statements)

    small, large = queries_to_save(2), queries_to_save(40)
    assert small == large, (small, large, STATEMENTS[-1])
    assert large <= 12
    assert session.scalar(select(AuditEntry.id).where(AuditEntry.action == "assessment.results")) is not None
    assert session.get(TrainingCentre, head.centre_id) is not None
