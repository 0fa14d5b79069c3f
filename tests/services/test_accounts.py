from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.roles import Role
from registry.errors import Forbidden, InvalidInput, NotFound
from registry.models import AuditEntry, User
from registry.services import accounts, api_tokens
from registry.services.accounts import AccountDetails
from tests.factories import PASSWORD, make_centre, make_user


def test_password_is_stored_as_an_argon2id_hash(session: Session) -> None:
    user = make_user(session, Role.ASSESSOR)
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_authenticate_accepts_the_right_password_only(session: Session) -> None:
    user = make_user(session, Role.ASSESSOR, username="somchai")
    assert accounts.authenticate(session, "Somchai ", PASSWORD) is user
    assert accounts.authenticate(session, "somchai", "wrong password") is None
    assert accounts.authenticate(session, "nobody", PASSWORD) is None


def test_deactivated_user_cannot_log_in(session: Session) -> None:
    user = make_user(session, Role.ASSESSOR)
    user.active = False
    assert accounts.authenticate(session, user.username, PASSWORD) is None


def test_centre_staff_must_belong_to_a_centre(session: Session) -> None:
    with pytest.raises(InvalidInput) as caught:
        accounts.create_user(session, None, AccountDetails("lonely", Role.ASSESSOR, None), PASSWORD)
    assert "centre_id" in caught.value.errors


def test_short_password_is_refused_with_a_message(session: Session) -> None:
    centre = make_centre(session)
    with pytest.raises(InvalidInput) as caught:
        accounts.create_user(session, None, AccountDetails("shorty", Role.ASSESSOR, centre.id), "short")
    assert "10" in caught.value.errors["password"][0]


def test_duplicate_user_name_is_refused(session: Session) -> None:
    make_user(session, Role.ADMIN, username="dup")
    with pytest.raises(InvalidInput) as caught:
        make_user(session, Role.ADMIN, username="dup")
    assert "username" in caught.value.errors


def test_centre_head_manages_only_own_centre(session: Session) -> None:
    home, other = make_centre(session), make_centre(session)
    head = make_user(session, Role.PROVIDER_ADMIN, home)
    outsider = make_user(session, Role.ASSESSOR, other)
    with pytest.raises(NotFound):
        accounts.update_user(session, head, outsider, AccountDetails(outsider.username, Role.ASSESSOR, other.id))
    with pytest.raises(NotFound):
        accounts.create_user(session, head, AccountDetails("intruder", Role.ASSESSOR, other.id), PASSWORD)
    with pytest.raises(Forbidden):
        accounts.create_user(session, head, AccountDetails("boss", Role.ADMIN, None), PASSWORD)
    created = accounts.create_user(session, head, AccountDetails("newbie", Role.MODERATOR, home.id), PASSWORD)
    assert created.centre_id == home.id


NOW, HOUR = datetime(2026, 12, 4, 9, 0, tzinfo=UTC), timedelta(hours=1)


def _logged_in(session: Session, user: User, at: datetime = NOW) -> str:
    accounts.start_session(session, user, now=at, idle=HOUR)
    session.flush()
    return user.get_id()


def test_password_change_ends_other_sessions(session: Session) -> None:
    user = make_user(session, Role.ASSESSOR)
    old_session_id = _logged_in(session, user)
    accounts.change_own_password(session, user, PASSWORD, "a brand new passphrase")
    assert accounts.load_session_user(session, old_session_id, now=NOW, idle=HOUR) is None
    assert accounts.load_session_user(session, _logged_in(session, user), now=NOW, idle=HOUR) is user
    with pytest.raises(InvalidInput):
        accounts.change_own_password(session, user, "not the password", "another new passphrase")


def test_a_login_ends_at_logout_when_idle_and_when_an_administrator_ends_them_all(session: Session) -> None:
    user = make_user(session, Role.ASSESSOR, make_centre(session))
    laptop, phone = _logged_in(session, user), _logged_in(session, user)
    assert laptop != phone and accounts.load_session_user(session, laptop, now=NOW, idle=HOUR) is user
    accounts.end_session(session, laptop)
    assert accounts.load_session_user(session, laptop, now=NOW, idle=HOUR) is None  # a copied cookie too
    assert accounts.load_session_user(session, phone, now=NOW + 50 * timedelta(minutes=1), idle=HOUR) is user
    session.flush()
    # Used at 9:50, so still there at 10:45; not used since, gone at 10:51.
    assert accounts.load_session_user(session, phone, now=NOW + 105 * timedelta(minutes=1), idle=HOUR) is user
    session.flush()
    assert accounts.load_session_user(session, phone, now=NOW + 166 * timedelta(minutes=1), idle=HOUR) is None
    tablet = _logged_in(session, user, NOW + 3 * HOUR)
    admin = make_user(session, Role.ADMIN)
    assert accounts.end_all_sessions(session, admin, user) == 1
    assert accounts.load_session_user(session, tablet, now=NOW + 3 * HOUR, idle=HOUR) is None
    with pytest.raises(NotFound):  # a centre's head cannot reach the registry's administrator
        accounts.end_all_sessions(session, make_user(session, Role.PROVIDER_ADMIN, user.centre), admin)


def test_every_change_is_audited_with_before_and_after(session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    user = make_user(session, Role.ASSESSOR)
    accounts.update_user(session, admin, user, AccountDetails(
        user.username, Role.MODERATOR, user.centre_id, display_name="Renamed"))
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "user.update")).one()
    assert entry.actor_name == admin.username
    assert entry.before == {"role": "assessor", "display_name": "Test Person"}
    assert entry.after == {"role": "moderator", "display_name": "Renamed"}
    assert entry.centre_id == user.centre_id


def test_audit_log_is_append_only(session: Session) -> None:
    make_user(session, Role.ADMIN)
    session.commit()
    entry = session.scalars(select(AuditEntry)).first()
    assert entry is not None
    entry.action = "tampered"
    with pytest.raises(RuntimeError, match="never changed"):
        session.flush()
    session.rollback()
    entry = session.scalars(select(AuditEntry)).first()
    session.delete(entry)
    with pytest.raises(RuntimeError, match="never deleted"):
        session.flush()


def test_api_token_is_stored_hashed_and_can_be_revoked(session: Session) -> None:
    user = make_user(session, Role.ASSESSOR)
    plain = api_tokens.create_token(session, None, user, "spreadsheet")
    [token] = api_tokens.tokens_of(session, user)
    assert plain not in token.token_hash and token.prefix == plain[:12]
    assert api_tokens.user_for_token(session, plain) is user
    assert token.last_used_at is not None
    api_tokens.revoke_token(session, user, token.id)
    assert api_tokens.user_for_token(session, plain) is None
    assert api_tokens.user_for_token(session, plain + "x") is None


def test_assessor_cannot_revoke_a_colleagues_token(session: Session) -> None:
    centre = make_centre(session)
    head = make_user(session, Role.PROVIDER_ADMIN, centre)
    assessor = make_user(session, Role.ASSESSOR, centre)
    api_tokens.create_token(session, None, head)
    [token] = api_tokens.tokens_of(session, head)
    with pytest.raises(NotFound):
        api_tokens.revoke_token(session, assessor, token.id)
