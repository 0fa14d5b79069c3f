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


def first_broken(entries: Iterable[tuple[int, str, str, Mapping[str, Any], bool]],
                 head: str | None = None) -> int | None:
    """The id of the first entry whose hashes are not what was written, given (id, previous_hash, hash, fields,
    vouched) in the order written; with ``head`` (the last hash written) a removed last entry is found too
    (returned as 0).

    A *vouched* entry is one whose worker's details were erased at their request: its fields can no longer give
    its hash, so its hash is taken as written when the erasure's own entry (itself in the chain, its hash covering
    the list) names this entry with this very hash. The chain around it is still checked link by link."""
    previous = GENESIS
    for entry_id, previous_hash, own_hash, fields, vouched in entries:
        if previous_hash != previous or (not vouched and entry_hash(previous, fields) != own_hash):
            return entry_id
        previous = own_hash
    if head is not None and head != previous:
        return 0
    return None
