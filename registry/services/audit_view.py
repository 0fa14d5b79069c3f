"""The audit log as a reader may see it: a registry administrator manages centres, people's accounts and the
catalogue, never a worker's record, so in entries about workers' records they see what happened (a state, a
status, a reason) and not who it happened to (names, birth dates, phones, documents, file names, results)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from registry.core.roles import Role
from registry.models import AuditEntry, User

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
