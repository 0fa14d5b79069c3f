"""Turning on the second factor, and checking it at login (core/two_factor.py holds the codes' rules)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from registry.core import two_factor
from registry.core.roles import Role
from registry.errors import Forbidden, InvalidInput
from registry.models import User
from registry.services.audit import record_change
from registry.services.scope import require_in_scope


def enrol(session: Session, user: User, secret: str, code: str, *, master_secret: str, now: datetime) -> list[str]:
    """Turn the second factor on with the secret the user's app holds, once it gives a right code; the recovery
    codes, shown once."""
    if not two_factor.code_matches(secret, code):
        raise InvalidInput({"code": [_l("This is not the code your app shows now. Check that the phone's time is "
                                        "right, and type the six digits shown.")]})
    codes = two_factor.new_recovery_codes()
    user.totp_secret_sealed = two_factor.seal(secret, user.id, master_secret)
    user.totp_enabled_at = now
    user.recovery_codes = [two_factor.recovery_digest(code) for code in codes]
    record_change(session, user, "user.two_factor_on", user, centre_id=user.centre_id)
    return codes


def second_factor_passes(session: Session, user: User, code: str, *, master_secret: str) -> bool:
    """The app's code of now, or an unused recovery code (then used up)."""
    if user.totp_secret_sealed is None:
        return False
    if two_factor.code_matches(two_factor.unseal(user.totp_secret_sealed, user.id, master_secret), code):
        return True
    digest = two_factor.recovery_digest(code)
    if digest in user.recovery_codes:
        user.recovery_codes = [kept for kept in user.recovery_codes if kept != digest]
        record_change(session, user, "user.recovery_code_used", user, after={"left": len(user.recovery_codes)},
                      centre_id=user.centre_id)
        return True
    return False


def must_enrol(user: User, required_roles: Iterable[str]) -> bool:
    return user.totp_enabled_at is None and user.role.value in set(required_roles)


def reset(session: Session, actor: User, user: User) -> None:
    """A manager turns a lost phone's second factor off: the person sets it up again at their next login (where
    their role requires it), and is logged out everywhere meanwhile."""
    require_in_scope(actor, user.centre_id)
    if actor.role is not Role.ADMIN and user.role is Role.ADMIN:
        raise Forbidden()
    user.totp_secret_sealed, user.totp_enabled_at, user.recovery_codes = None, None, []
    user.session_epoch += 1
    record_change(session, actor, "user.two_factor_reset", user, centre_id=user.centre_id)
