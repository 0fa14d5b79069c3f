"""Every SQLite connection the app makes is tuned for a web app reading far more than it writes."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

from registry.infra import sqlite_tuning


def test_sqlite_connections_use_wal_and_read_through_a_memory_map(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'tuned.sqlite3'}")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA mmap_size")).scalar() == sqlite_tuning.MMAP_BYTES
    finally:
        engine.dispose()
