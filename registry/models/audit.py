"""The append-only audit log: who changed what, when, before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import Base
from registry.models.types import UTCDateTime, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    actor_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64))
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("training_centre.id"), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # core/audit_chain.py: the entry's place in the chain, the hash of the entry before it and its own; given as
    # the transaction that wrote it commits (services/audit.py), so the chain runs in the order of commits.
    chain_position: Mapped[int | None] = mapped_column(Integer, unique=True)
    previous_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
    # The erasure entry that redacted a worker's details here and vouches for this entry's hash (core/audit_chain).
    erased_by: Mapped[int | None] = mapped_column(Integer)


class AuditHead(Base):
    """One row: the hash of the last entry written, updated by every writer of the log. Updating it first is the
    lock that keeps the chain one line (a row lock on PostgreSQL, the write lock on SQLite), and it shows a last
    entry removed."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_hash: Mapped[str] = mapped_column(String(64))
    entries: Mapped[int] = mapped_column(Integer, default=0)


class AuditLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(*_: object) -> None:
    raise AuditLogIsAppendOnly("audit entries are never changed")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(*_: object) -> None:
    raise AuditLogIsAppendOnly("audit entries are never deleted")
