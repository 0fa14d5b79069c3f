"""Writing the audit log: one entry for every change a user makes, built in one place.

``record_change`` writes one entry for a record just changed; ``record_changes`` writes many in one statement (a
cohort's grid, a batch of certificates). Both build their rows with ``_row``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from registry.models import AuditEntry, User
from registry.models.types import utcnow

SYSTEM_ACTOR_NAME = "system"


@dataclass(frozen=True)
class Change:
    """One audited change of the record ``entity_type`` #``entity_id`` (a table name and an id)."""

    action: str
    entity_type: str
    entity_id: int
    centre_id: int | None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


def _row(actor: User | None, change: Change, at: datetime) -> dict[str, Any]:
    return {
        "at": at,
        "actor_id": actor.id if actor else None,
        "actor_name": actor.username if actor else SYSTEM_ACTOR_NAME,
        "action": change.action,
        "entity_type": change.entity_type,
        "entity_id": str(change.entity_id),
        "centre_id": change.centre_id,
        "before": change.before,
        "after": change.after,
    }


def record_changes(session: Session, actor: User | None, changes: Sequence[Change],
                   at: datetime | None = None) -> None:
    """Append one audit entry per change, in one INSERT; ``actor`` is None for the operator's CLI commands."""
    if changes:
        moment = at or utcnow()
        session.execute(insert(AuditEntry), [_row(actor, change, moment) for change in changes])


def record_change(
    session: Session,
    actor: User | None,
    action: str,
    entity: Any,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    centre_id: int | None = None,
) -> AuditEntry:
    """Append an audit entry for ``entity`` (a model instance); ``actor`` is None for the operator's own CLI
    commands."""
    session.flush()  # the entity needs its id before it can be named
    change = Change(action, type(entity).__tablename__, entity.id, centre_id, before, after)
    entry = AuditEntry(**_row(actor, change, utcnow()))
    session.add(entry)
    session.flush()
    return entry


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, so the log shows what happened rather than every field."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}
