"""A unique index's refusal is told apart from other integrity failures, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from registry.core.roles import Role
from registry.models import Assessment, User
from registry.services.integrity import unique_violation
from tests.factories import make_user


def test_a_second_user_with_the_same_name_is_a_unique_violation(session: Session) -> None:
    first = make_user(session, Role.ADMIN)
    session.commit()
    with pytest.raises(IntegrityError) as refused:
        session.execute(insert(User).values(username=first.username, role=Role.ADMIN, display_name="Twin",
                                            password_hash="x"))
    session.rollback()
    assert unique_violation(refused.value)


def test_a_missing_foreign_key_is_not_a_unique_violation(session: Session) -> None:
    with pytest.raises(IntegrityError) as refused:
        session.execute(insert(Assessment).values(centre_id=999_999, candidate_id=999_999, qualification_id=999_999,
                                                  state="draft", version=1, return_reason=""))
        session.flush()
    session.rollback()
    assert not unique_violation(refused.value)
