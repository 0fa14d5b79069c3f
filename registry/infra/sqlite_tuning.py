"""SQLite, the embedded default, set up for a web app: write-ahead logging so readers never wait for a
writer, fsync at checkpoints rather than every commit (still durable against application crashes), and the file
mapped into memory for reading."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

# Reads go straight to the operating system's page cache through the mapping, instead of a read() call and a copy
# into SQLite's own small cache for every page: a lookup among many certificates mostly misses that small cache
# (docs/verification.md gives the times measured). Address space only, not memory; pages come and go as the
# system needs.
MMAP_BYTES = 1 << 30


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    cursor.close()
