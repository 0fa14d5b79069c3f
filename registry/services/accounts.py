"""Staff accounts: creation, changes, passwords and logging in."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from registry.core.common_passwords import is_common
from registry.core.languages import is_supported
from registry.core.roles import Role
from registry.errors import Forbidden, InvalidInput
from registry.models import LoginSession, TrainingCentre, User
from registry.models.types import utcnow
from registry.services import passwords
from registry.services.audit import changed_fields, record_change
from registry.services.scope import require_in_scope, sees_every_centre

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


@dataclass
class AccountDetails:
    username: str
    role: Role
    centre_id: int | None
    display_name: str = ""
    preferred_language: str = "en"
    active: bool = True


def password_problems(password: str, username: str = "") -> list[object]:
    problems: list[object] = []
    if len(password) < passwords.MIN_PASSWORD_LENGTH:
        problems.append(_l("Use at least %(count)d characters.", count=passwords.MIN_PASSWORD_LENGTH))
    if len(password) > passwords.MAX_PASSWORD_LENGTH:
        problems.append(_l("Use at most %(count)d characters.", count=passwords.MAX_PASSWORD_LENGTH))
    if not problems and is_common(password, username):
        problems.append(_l("This password is among the first ones anyone would try (or it is the user name). "
                           "A few unrelated words make a good one."))
    return problems


def _check_details(session: Session, actor: User | None, details: AccountDetails, user: User | None) -> None:
    errors: dict[str, list[object]] = {}
    if not USERNAME_PATTERN.match(details.username):
        errors["username"] = [
            _l("Use 3 to 64 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit.")
        ]
    else:
        taken = session.scalar(select(User.id).where(func.lower(User.username) == details.username.lower()))
        if taken is not None and (user is None or taken != user.id):
            errors["username"] = [_l("This user name is already taken.")]
    if details.role.needs_centre and details.centre_id is None:
        errors["centre_id"] = [_l("Centre staff must belong to a training centre.")]
    if not details.role.needs_centre and details.centre_id is not None:
        errors["centre_id"] = [_l("Registry administrators and analysts do not belong to a centre.")]
    if details.centre_id is not None and session.get(TrainingCentre, details.centre_id) is None:
        errors["centre_id"] = [_l("Choose an existing training centre.")]
    if not is_supported(details.preferred_language):
        errors["preferred_language"] = [_l("Choose one of the registry's languages.")]
    if errors:
        raise InvalidInput(errors)
    if actor is not None and not sees_every_centre(actor):
        # A centre head manages only their own centre's staff, and cannot make anyone an administrator.
        if not details.role.needs_centre:
            raise Forbidden(_l("Only registry administrators can create administrators and analysts."))
        require_in_scope(actor, details.centre_id)


def create_user(session: Session, actor: User | None, details: AccountDetails, password: str) -> User:
    _check_details(session, actor, details, None)
    problems = password_problems(password, details.username)
    if problems:
        raise InvalidInput({"password": problems})
    user = User(
        username=details.username,
        display_name=details.display_name,
        role=details.role,
        centre_id=details.centre_id,
        preferred_language=details.preferred_language,
        active=details.active,
        password_hash=passwords.hash_password(password),
        must_change_password=actor is not None,  # the operator's CLI and the demo set their own
    )
    session.add(user)
    session.flush()
    session.refresh(user)
    record_change(session, actor, "user.create", user, after=user.audit_view(), centre_id=user.centre_id)
    return user


def update_user(session: Session, actor: User, user: User, details: AccountDetails) -> User:
    require_in_scope(actor, user.centre_id)
    _check_details(session, actor, details, user)
    if user.id == actor.id and (not details.active or details.role is not user.role):
        raise Forbidden(_l("You cannot deactivate yourself or change your own role."))
    before = user.audit_view()
    user.username = details.username
    user.display_name = details.display_name
    user.role = details.role
    user.centre_id = details.centre_id
    user.preferred_language = details.preferred_language
    if user.active and not details.active:
        user.session_epoch += 1  # a deactivated account is logged out everywhere
    user.active = details.active
    session.flush()
    session.refresh(user)
    old, new = changed_fields(before, user.audit_view())
    if new:
        record_change(session, actor, "user.update", user, before=old, after=new, centre_id=user.centre_id)
    return user


def set_password(session: Session, actor: User | None, user: User, new_password: str) -> None:
    """Give ``user`` a new password (an administrator's reset, or the CLI) and end their sessions."""
    if actor is not None:
        require_in_scope(actor, user.centre_id)
    problems = password_problems(new_password, user.username)
    if problems:
        raise InvalidInput({"new_password": problems})
    user.password_hash = passwords.hash_password(new_password)
    user.session_epoch += 1
    user.must_change_password = actor is not None
    record_change(session, actor, "user.password_reset", user, centre_id=user.centre_id)


def change_own_password(session: Session, user: User, current_password: str, new_password: str) -> None:
    if not passwords.password_matches(user.password_hash, current_password):
        raise InvalidInput({"current_password": [_l("This is not your current password.")]})
    if new_password == current_password:
        raise InvalidInput({"new_password": [_l("Choose a password different from the current one.")]})
    problems = password_problems(new_password, user.username)
    if problems:
        raise InvalidInput({"new_password": problems})
    user.password_hash = passwords.hash_password(new_password)
    user.session_epoch += 1
    user.must_change_password = False
    record_change(session, user, "user.password_change", user, centre_id=user.centre_id)


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, or None; the same work is done either way."""
    user = session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if not passwords.password_matches(user.password_hash if user else None, password):
        return None
    if user is None or not user.active:
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = utcnow()
    return user


TOUCH_EVERY = timedelta(minutes=1)  # a login's last use is written at most this often


def _key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(session: Session, user: User, *, now: datetime, idle: timedelta) -> None:
    """A new login for ``user`` (its key goes into the browser's cookie, only its hash into the database); their
    logins idle for longer than ``idle`` are forgotten on the way."""
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.last_seen_at < now - idle))
    key = secrets.token_urlsafe(32)
    session.add(LoginSession(user_id=user.id, key_hash=_key_digest(key), created_at=now, last_seen_at=now))
    user.login_key = key


def load_session_user(session: Session, session_id: str, *, now: datetime, idle: timedelta) -> User | None:
    """The user of a login session cookie: the account active, its password not changed since, the login not
    ended (logged out, or ended by an administrator) and used within ``idle``."""
    user_id, _, rest = session_id.partition(":")
    epoch, _, key = rest.partition(":")
    if not user_id.isdigit() or not epoch.isdigit() or not key:
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.active or user.session_epoch != int(epoch):
        return None
    login = session.scalar(select(LoginSession).where(LoginSession.key_hash == _key_digest(key),
                                                      LoginSession.user_id == user.id))
    if login is None or now - login.last_seen_at > idle:
        return None
    if now - login.last_seen_at > TOUCH_EVERY:
        login.last_seen_at = now  # written with the request
    user.login_key = key
    return user


def end_session(session: Session, session_id: str) -> None:
    """Logging out: this login ends on the server, whatever copies of its cookie exist."""
    key = session_id.split(":", 2)[-1]
    if key:
        session.execute(delete(LoginSession).where(LoginSession.key_hash == _key_digest(key)))


def end_all_sessions(session: Session, actor: User, user: User) -> int:
    """An administrator (or the centre's head) logs ``user`` out everywhere at once; how many logins ended."""
    require_in_scope(actor, user.centre_id)
    if actor.role is not Role.ADMIN and user.role is Role.ADMIN:
        raise Forbidden()
    ending = delete(LoginSession).where(LoginSession.user_id == user.id)
    ended = session.execute(ending).rowcount  # type: ignore[attr-defined]
    user.session_epoch += 1
    record_change(session, actor, "user.sessions_ended", user, after={"logins": ended}, centre_id=user.centre_id)
    return int(ended)


def find_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
