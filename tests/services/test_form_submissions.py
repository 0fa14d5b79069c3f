"""A form's one-time token: claimed with what the form creates, found again by the same user only."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.core.roles import Role
from registry.extensions import db
from registry.models import FormSubmission
from registry.services import form_submissions
from tests.factories import make_centre, make_user

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
TOKEN = "a-form-token-of-24-chars"


def test_a_token_leads_where_it_led_first_and_only_for_its_user(session: Session) -> None:
    centre = make_centre(session, "FRM")
    user, other = make_user(session, Role.ASSESSOR, centre), make_user(session, Role.ASSESSOR, centre)
    assert form_submissions.earlier_result(session, user, TOKEN, now=NOW) is None  # claimed now
    form_submissions.record_result(session, user, TOKEN, "/candidates/7", now=NOW)
    session.commit()
    assert form_submissions.earlier_result(session, user, TOKEN, now=NOW) == "/candidates/7"
    assert form_submissions.earlier_result(session, other, TOKEN, now=NOW) is None
    stored = session.scalars(select(FormSubmission.key)).all()
    assert all(TOKEN not in key for key in stored)  # the token is not kept in clear


def test_a_missing_or_odd_token_claims_nothing(session: Session) -> None:
    user = make_user(session, Role.ASSESSOR, make_centre(session, "FRN"))
    for token in (None, "", "short", "x" * 65, "spaces are not in a token"):
        assert form_submissions.earlier_result(session, user, token, now=NOW) is None
        form_submissions.record_result(session, user, token, "/somewhere", now=NOW)
    assert session.scalar(select(func.count()).select_from(FormSubmission)) == 0


def test_claims_older_than_a_week_are_forgotten(session: Session) -> None:
    user = make_user(session, Role.ASSESSOR, make_centre(session, "FRO"))
    form_submissions.earlier_result(session, user, TOKEN, now=NOW)
    form_submissions.record_result(session, user, TOKEN, "/cohorts/1", now=NOW)
    later = NOW + timedelta(days=8)
    form_submissions.earlier_result(session, user, "another-token-of-24-chars", now=later)
    form_submissions.record_result(session, user, "another-token-of-24-chars", "/cohorts/2", now=later)
    assert session.scalars(select(FormSubmission.target)).all() == ["/cohorts/2"]


def test_the_same_form_sent_twice_at_once_creates_once(session: Session) -> None:
    """The second request waits on the first one's claim, then answers where the first led."""
    user = make_user(session, Role.ASSESSOR, make_centre(session, "FRP"))
    session.commit()
    user_id, engine = user.id, db.engine
    assert form_submissions.earlier_result(session, user, TOKEN, now=NOW) is None  # the first request's claim
    answers: list[str | None] = []

    def second_request() -> None:
        with engine.connect() as connection:
            other = Session(bind=connection)
            from registry.models import User

            answers.append(form_submissions.earlier_result(other, other.get(User, user_id), TOKEN, now=NOW))
            other.rollback()
            other.close()

    waiting = threading.Thread(target=second_request)
    waiting.start()
    waiting.join(timeout=0.5)
    form_submissions.record_result(session, user, TOKEN, "/cohorts/9", now=NOW)
    session.commit()
    waiting.join(timeout=10)
    assert answers == ["/cohorts/9"]
