"""Bearer tokens for the JSON API: shown once, stored hashed, revocable."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.roles import Role
from registry.core.tokens import new_api_token, token_digest
from registry.errors import NotFound
from registry.models import ApiToken, User
from registry.models.types import utcnow
from registry.services.audit import record_change
from registry.services.scope import require_in_scope

LAST_USED_RESOLUTION = timedelta(minutes=1)


def create_token(session: Session, actor: User | None, user: User, name: str = "") -> str:
    """Create a token for ``user`` and return its only plain-text copy."""
    if actor is not None and actor.id != user.id:
        require_in_scope(actor, user.centre_id)
    plain = new_api_token()
    token = ApiToken(user_id=user.id, name=name[:100], token_hash=token_digest(plain), prefix=plain[:12])
    session.add(token)
    record_change(
        session, actor, "api_token.create", token, after={"user": user.username, "name": token.name,
                                                          "prefix": token.prefix}, centre_id=user.centre_id
    )
    return plain


def user_for_token(session: Session, plain: str) -> User | None:
    """The active user a bearer token belongs to, recording its use; None for unknown or revoked tokens."""
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(plain)))
    if token is None or token.is_revoked or not token.user.active:
        return None
    now = utcnow()
    # Record use to the minute: writing on every request would make each API call a disk write.
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        token.last_used_at = now
    return token.user


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)))


def revoke_token(session: Session, actor: User, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound()
    if token.user_id != actor.id:
        if actor.role not in (Role.ADMIN, Role.PROVIDER_ADMIN):
            raise NotFound()
        require_in_scope(actor, token.user.centre_id)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record_change(session, actor, "api_token.revoke", token, after={"prefix": token.prefix},
                      centre_id=token.user.centre_id)
    return token
