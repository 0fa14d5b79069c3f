"""Centre scoping, enforced here and nowhere else: staff see only their own centre's records.

A record outside the actor's scope answers as if it did not exist (404), so that nobody can
learn which records another centre holds.
"""

from __future__ import annotations

from typing import Any, TypeVar, TypeVarTuple

from sqlalchemy import Select
from sqlalchemy.orm import Session

from registry.core.roles import Role
from registry.errors import NotFound
from registry.models import User

T = TypeVar("T")
Columns = TypeVarTuple("Columns")


def sees_every_centre(actor: User) -> bool:
    return actor.role is Role.ADMIN


def restrict_to_scope(statement: Select[*Columns], actor: User,
                      centre_column: Any) -> Select[*Columns]:
    """Limit a query to the actor's centre, unless the actor is the registry operator."""
    if sees_every_centre(actor):
        return statement
    return statement.where(centre_column == actor.centre_id)


def require_in_scope(actor: User, centre_id: int | None) -> None:
    if sees_every_centre(actor):
        return
    if centre_id is None or centre_id != actor.centre_id:
        raise NotFound()


def get_in_scope(session: Session, model: type[T], record_id: int, actor: User, centre_attr: str) -> T:
    """Load a record by id, or raise NotFound if it does not exist or lies outside the actor's scope."""
    record = session.get(model, record_id)
    if record is None:
        raise NotFound()
    require_in_scope(actor, getattr(record, centre_attr))
    return record
