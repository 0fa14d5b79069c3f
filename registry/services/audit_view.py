"""The audit log as a reader may see it: a registry administrator manages centres, people's accounts and the
catalogue, never a worker's record, so in entries about workers' records they see what happened (a state, a
status, a reason) and not who it happened to (names, birth dates, phones, documents, file names, results)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import Any

from sqlalchemy import Select, func, select

from registry.core.local_days import start_of_day
from registry.core.roles import Role
from registry.models import AuditEntry, User
from registry.services.scope import restrict_to_scope

PERSON_RECORDS = frozenset({"candidate", "consent", "assessment", "unit_result", "evidence", "appeal", "certificate",
                            "cohort", "cohort_import", "verification_event"})
# What an entry about a worker's record may show to someone who must not see the worker.
SHOWN_WITHOUT_PERSON = frozenset({"state", "status", "reason", "kind", "kid", "since", "assessment", "centre",
                                  "valid_rows_only", "dry_run"})


@dataclass(frozen=True)
class ShownEntry:
    entry: AuditEntry
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    hidden: int  # fields left out


def shown_entry(reader: User, entry: AuditEntry) -> ShownEntry:
    if reader.role is not Role.ADMIN or entry.entity_type not in PERSON_RECORDS:
        return ShownEntry(entry, entry.before, entry.after, 0)
    hidden = 0

    def keep(values: dict[str, Any] | None) -> dict[str, Any] | None:
        nonlocal hidden
        if values is None:
            return None
        kept = {key: value for key, value in values.items() if key in SHOWN_WITHOUT_PERSON}
        hidden += len(values) - len(kept)
        return kept

    return ShownEntry(entry, keep(entry.before), keep(entry.after), hidden)


@dataclass(frozen=True)
class AuditSearch:
    user: str = ""  # a user name, whole
    action: str = ""  # as recorded, e.g. "certificate.issue"
    record: str = ""  # a kind of record, or a kind and its number: "certificate" or "certificate 12"
    date_from: date | None = None  # calendar days where the registry is, both included
    date_to: date | None = None


def audit_query(reader: User, search: AuditSearch, zone: tzinfo) -> Select[AuditEntry]:
    """The entries the reader may see that match the search, newest first."""
    statement = restrict_to_scope(select(AuditEntry), reader, AuditEntry.centre_id)
    if search.user:
        statement = statement.where(func.lower(AuditEntry.actor_name) == search.user.strip().lower())
    if search.action:
        statement = statement.where(AuditEntry.action == search.action)
    kind, _, number = search.record.strip().lower().partition(" ")
    if kind:
        statement = statement.where(AuditEntry.entity_type == kind.replace(" ", "_"))
        if number.strip():
            statement = statement.where(AuditEntry.entity_id == number.strip().lstrip("#"))
    if search.date_from:
        statement = statement.where(AuditEntry.at >= start_of_day(search.date_from, zone))
    if search.date_to:
        statement = statement.where(AuditEntry.at < start_of_day(search.date_to + timedelta(days=1), zone))
    return statement.order_by(AuditEntry.id.desc())


def readable(values: dict[str, Any] | None) -> list[tuple[str, str]]:
    """An entry's fields as "field: value" lines (lists and nested values written out plainly)."""
    if not values:
        return []
    return [(key.replace("_", " "), _plain(value)) for key, value in values.items()]


def _plain(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_plain(inner)}" for key, inner in value.items())
    if isinstance(value, list):
        return ", ".join(_plain(inner) for inner in value)
    return str(value)
