"""Writing the audit log: one entry for every change a user makes."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from registry.models import AuditEntry, User

SYSTEM_ACTOR_NAME = "system"


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
    """Append an audit entry; ``actor`` is None for the operator's own CLI commands."""
    session.flush()  # the entity needs its id before it can be named
    entry = AuditEntry(
        actor_id=actor.id if actor else None,
        actor_name=actor.username if actor else SYSTEM_ACTOR_NAME,
        action=action,
        entity_type=type(entity).__tablename__,
        entity_id=str(entity.id),
        centre_id=centre_id,
        before=before,
        after=after,
    )
    session.add(entry)
    session.flush()
    return entry


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, so the log shows what happened rather than every field."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}
