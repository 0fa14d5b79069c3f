"""The audit log as a hash chain: each entry carries the hash of the one before it, and its own hash covers that
and everything it records, so that an entry changed, removed or put in another place in the database afterwards
breaks the chain from there on (``first_broken`` names where)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64  # the "previous hash" of the first entry
FIELDS = ("at", "actor_id", "actor_name", "action", "entity_type", "entity_id", "centre_id", "before", "after")


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def entry_hash(previous: str, entry: Mapping[str, Any]) -> str:
    """SHA-256 of the previous entry's hash and this entry's fields as canonical JSON (sorted keys, no spaces)."""
    body = json.dumps({name: _canonical(entry.get(name)) for name in FIELDS}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"), default=str)
    return hashlib.sha256(f"{previous}\n{body}".encode()).hexdigest()


def first_broken(entries: Iterable[tuple[int, str, str, Mapping[str, Any]]], head: str | None = None) -> int | None:
    """The id of the first entry whose hashes are not what was written, given (id, previous_hash, hash, fields) in
    the order written; with ``head`` (the last hash written) a removed last entry is found too (returned as 0)."""
    previous = GENESIS
    for entry_id, previous_hash, own_hash, fields in entries:
        if previous_hash != previous or entry_hash(previous, fields) != own_hash:
            return entry_id
        previous = own_hash
    if head is not None and head != previous:
        return 0
    return None
