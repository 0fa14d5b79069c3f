"""Inserts that yield to a row already there, and one-row tables used as locks, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_or_ignore(session: Session, model: Any) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING in the session's database: no savepoint, which pysqlite would commit."""
    return (postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert)(model)


def hold(session: Session, taking: Update, model: Any, **new_row: Any) -> None:
    """Run ``taking``, an UPDATE of a one-row table, as a lock held until the transaction ends (a row lock on
    PostgreSQL, the write lock on SQLite); the row is made first if it is missing (a restore that left it out)."""
    if session.execute(taking).rowcount == 0:  # type: ignore[attr-defined]
        session.execute(insert_or_ignore(session, model).values(**new_row).on_conflict_do_nothing())
        session.execute(taking)
