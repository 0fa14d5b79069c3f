"""Writing the audit log: one entry for every change a user makes, built in one place.

``record_change`` writes one entry for a record just changed; ``record_changes`` writes many in one statement (a
cohort's grid, a batch of certificates). Both build their rows with ``_row``.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, event, insert, select, update
from sqlalchemy.orm import Session

from registry.core.audit_chain import FIELDS, GENESIS, entry_hash, first_broken
from registry.models import AuditEntry, AuditHead, User
from registry.models.types import utcnow
from registry.services.row_locks import hold

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


PENDING = "audit_entries_to_chain"


def _chain_before_commit(session: Session) -> None:
    """Give this transaction's audit entries their place in the hash chain, last thing before it commits: the
    chain's head is held only from here to the commit, and the chain runs in the order transactions commit."""
    if not session.info.pop(PENDING, False):
        return
    session.flush()
    hold(session, update(AuditHead).where(AuditHead.id == 1).values(entries=AuditHead.entries), AuditHead,
         id=1, last_hash=GENESIS, entries=0)
    previous, position = session.execute(select(AuditHead.last_hash, AuditHead.entries)
                                         .where(AuditHead.id == 1)).one()
    columns = [getattr(AuditEntry, name) for name in FIELDS]
    chained: list[dict[str, Any]] = []
    for row in session.execute(select(AuditEntry.id, *columns).where(AuditEntry.chain_position.is_(None))
                               .order_by(AuditEntry.id)):
        position += 1
        own = entry_hash(previous, dict(zip(FIELDS, row[1:], strict=True)))
        chained.append({"b_id": row[0], "b_position": position, "b_previous": previous, "b_hash": own})
        previous = own
    if not chained:
        return
    table = AuditEntry.__table__
    session.connection().execute(
        update(table).where(table.c.id == bindparam("b_id")).values(
            chain_position=bindparam("b_position"), previous_hash=bindparam("b_previous"), hash=bindparam("b_hash")),
        chained)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_hash=previous, entries=position))


event.listen(Session, "before_commit", _chain_before_commit)


def record_changes(session: Session, actor: User | None, changes: Sequence[Change],
                   at: datetime | None = None) -> None:
    """Append one audit entry per change, in one INSERT; ``actor`` is None for the operator's CLI commands."""
    if changes:
        moment = at or utcnow()
        session.execute(insert(AuditEntry), [_row(actor, change, moment) for change in changes])
        session.info[PENDING] = True


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
    session.info[PENDING] = True
    session.add(entry)
    session.flush()
    return entry


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, so the log shows what happened rather than every field."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


ERASURE_ACTION = "candidate.erase"


def _vouched_hashes(session: Session) -> dict[int, dict[str, str]]:
    """For each erasure entry, the entries it redacted and the hash each had (its ``after["redacted"]``)."""
    found: dict[int, dict[str, str]] = {}
    for entry_id, after in session.execute(select(AuditEntry.id, AuditEntry.after)
                                           .where(AuditEntry.action == ERASURE_ACTION)):
        redacted = (after or {}).get("redacted", {})
        found[entry_id] = redacted if isinstance(redacted, dict) else {}
    return found


def first_broken_entry(session: Session) -> tuple[int | None, int]:
    """The id of the first audit entry that is not as written (0: the last entries were removed), or None; and how
    many entries were checked. An entry outside the chain (written behind the app's back) is not as written; an
    entry redacted by an erasure counts as written only if that erasure's entry names it with its hash."""
    outside = session.scalar(select(AuditEntry.id).where(AuditEntry.chain_position.is_(None))
                             .order_by(AuditEntry.id).limit(1))
    columns = [getattr(AuditEntry, name) for name in FIELDS]
    vouchers = _vouched_hashes(session)
    checked = 0

    def entries() -> Generator[tuple[int, str, str, dict[str, Any], bool]]:
        nonlocal checked
        statement = select(AuditEntry.id, AuditEntry.previous_hash, AuditEntry.hash, AuditEntry.erased_by,
                           *columns) \
            .order_by(AuditEntry.chain_position).where(AuditEntry.chain_position.is_not(None)) \
            .execution_options(yield_per=5000)
        with session.execute(statement) as rows:  # closed, on PostgreSQL its server-side cursor too, when done
            for row in rows:
                checked += 1
                own = row[2] or ""
                vouched = row[3] is not None and vouchers.get(row[3], {}).get(str(row[0])) == own
                yield row[0], row[1] or "", own, dict(zip(FIELDS, row[4:], strict=True)), vouched

    head = session.scalar(select(AuditHead.last_hash).where(AuditHead.id == 1))
    walk = entries()
    try:
        broken = first_broken(walk, head)
    finally:
        walk.close()
    return (outside if broken is None and outside is not None else broken), checked
