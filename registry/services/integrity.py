"""What a refused write means: a unique index said no because another request made the same record first."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE


def unique_violation(error: IntegrityError) -> bool:
    """Whether ``error`` is a unique constraint's refusal (PostgreSQL's SQLSTATE, SQLite's message), not another
    integrity failure such as a missing foreign key."""
    state = getattr(error.orig, "sqlstate", None)
    if state is not None:
        return bool(state == UNIQUE_VIOLATION)
    return str(error.orig).startswith("UNIQUE constraint failed")
