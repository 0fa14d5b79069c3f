"""Mistakes undone while still drafts: an assessment, an empty cohort, an evidence file; never after submission."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.files import LocalStore
from registry.core.roles import Role
from registry.core.workflow import AssessmentState
from registry.errors import Conflict, Forbidden, NotFound
from registry.models import Assessment, AuditEntry, Cohort, Evidence, TrainingCentre, User
from registry.services import cohorts, evidence, withdrawals
from tests.factories import make_assessment, make_centre, make_qualification, make_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _with_evidence(session: Session, tmp_path: Path) -> tuple[Assessment, Evidence]:
    assessor = make_user(session, Role.ASSESSOR, make_centre(session))
    assessment = make_assessment(session, assessor)
    item = evidence.add_evidence(session, assessor, assessment, io.BytesIO(PNG), "photo.png", "at work",
                                 storage=LocalStore(tmp_path), max_bytes=10_000)
    return assessment, item


def _actor(session: Session, assessment: Assessment, role: Role = Role.ASSESSOR) -> User:
    return make_user(session, role, session.get(TrainingCentre, assessment.centre_id))


def test_a_draft_assessment_is_withdrawn_with_its_evidence_and_audited(session: Session, tmp_path: Path) -> None:
    assessment, item = _with_evidence(session, tmp_path)
    assessment_id, stored = assessment.id, tmp_path / item.stored_name
    head = _actor(session, assessment, Role.PROVIDER_ADMIN)
    withdrawals.withdraw_assessment(session, head, assessment, storage=LocalStore(tmp_path))
    assert session.get(Assessment, assessment_id) is None
    assert session.scalars(select(Evidence)).all() == [] and not stored.exists()
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "assessment.withdraw")).one()
    assert entry.entity_id == str(assessment_id) and entry.before and entry.before["evidence"] == ["photo.png"]


def test_a_submitted_assessment_stays_even_after_it_was_returned(session: Session, tmp_path: Path) -> None:
    assessment, item = _with_evidence(session, tmp_path)
    assessment.submitted_at = datetime(2026, 12, 1, tzinfo=UTC)
    assessment.state = AssessmentState.ASSESSED  # returned: back to the assessor, but a moderator saw it
    head = _actor(session, assessment, Role.PROVIDER_ADMIN)
    with pytest.raises(Conflict):
        withdrawals.withdraw_assessment(session, head, assessment, storage=LocalStore(tmp_path))
    with pytest.raises(Conflict):
        withdrawals.remove_evidence(session, head, item, storage=LocalStore(tmp_path))
    assert (tmp_path / item.stored_name).exists()


def test_only_the_centres_head_and_assessors_withdraw(session: Session, tmp_path: Path) -> None:
    assessment, item = _with_evidence(session, tmp_path)
    with pytest.raises(Forbidden):
        withdrawals.withdraw_assessment(session, _actor(session, assessment, Role.MODERATOR), assessment,
                                        storage=LocalStore(tmp_path))
    stranger = make_user(session, Role.ASSESSOR, make_centre(session))
    with pytest.raises((Forbidden, NotFound)):
        withdrawals.remove_evidence(session, stranger, item, storage=LocalStore(tmp_path))


def test_an_evidence_file_is_removed_from_a_draft(session: Session, tmp_path: Path) -> None:
    assessment, item = _with_evidence(session, tmp_path)
    stored = tmp_path / item.stored_name
    withdrawals.remove_evidence(session, _actor(session, assessment), item, storage=LocalStore(tmp_path))
    assert not stored.exists() and session.scalars(select(Evidence)).all() == []
    session.refresh(assessment)
    assert assessment.evidence == []
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "evidence.remove")).one()
    assert entry.before and entry.before["name"] == "photo.png"


def test_only_an_empty_cohort_is_deleted(session: Session) -> None:
    centre = make_centre(session)
    assessor = make_user(session, Role.ASSESSOR, centre)
    qualification = make_qualification(session)
    empty = cohorts.create_cohort(session, assessor, "Made by mistake", qualification, date(2026, 12, 5),
                                  [assessor.id], [])
    withdrawals.delete_empty_cohort(session, assessor, empty)
    assert session.scalars(select(Cohort)).all() == []
    assert session.scalars(select(AuditEntry).where(AuditEntry.action == "cohort.delete")).one().before
    person = make_assessment(session, assessor).candidate
    full = cohorts.create_cohort(session, assessor, "Real", qualification, date(2026, 12, 5), [assessor.id],
                                 [person.id])
    with pytest.raises(Conflict):
        withdrawals.delete_empty_cohort(session, assessor, full)
