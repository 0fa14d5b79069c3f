"""The log of API checks, written in batches.

An employer's system may check thousands of certificates a minute. Writing each check in a transaction of its
own makes the log, not the check, the cost of a request: a commit is an fsync on PostgreSQL and the one write
lock on SQLite, which every worker then queues for. So an API check waits here, in the worker's memory, at most
``delay`` seconds, and goes to the database with the others in one INSERT of many rows.

What this costs: a worker killed outright (SIGKILL, power cut) loses at most ``delay`` seconds of API checks.
A normal shutdown writes them (atexit), and a page that shows the log writes this worker's waiting checks first,
inside its own transaction, so it reads them back. Checks made on the verify pages are not batched: the
verifier may name themselves on their check afterwards, which needs its row at once.
With ``delay`` 0 every check is written at once, through the connection or session the check was read with.

Batches are written on the app's own engine, in one transaction, never on the engine a check was read on: the
verify API reads in autocommit, where each row of a batch was a transaction of its own (on PostgreSQL a WAL flush
each), and when one row was refused the rows before it had been committed already and were written again one by
one. One transaction a batch also costs the writer less CPU, which leaves more for the checks served meanwhile
(docs/verification.md gives the figures measured).
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from registry.models import Certificate, VerificationEvent
from registry.models.report_tally import mark_stale
from registry.models.types import utcnow

log = logging.getLogger(__name__)

MAX_BATCH = 500  # a full batch is written at once, without waiting for the delay
MAX_KEPT = 100_000  # while the database is unreachable, at most this many checks wait (the oldest go first)
LOG_EVERY = 10.0  # seconds between lines while the database stays unreachable
RECORD_CHECKS = insert(VerificationEvent)


def record(bind: Session | Connection, rows: list[dict[str, Any]]) -> None:
    """Write checks, and mark the months they change in the programme reports (their own, their certificates')."""
    if isinstance(bind, Connection) and bind.dialect.name == "postgresql":
        _copy(bind, rows)
    else:
        bind.execute(RECORD_CHECKS, rows)
    issued = bind.execute(select(Certificate.issued_on).distinct().where(
        Certificate.id.in_({row["certificate_id"] for row in rows}))).scalars()
    mark_stale(bind, days=[*(row.get("at") or utcnow() for row in rows), *issued])


COPY_CHECKS = "COPY verification_event (certificate_id, at, channel, organisation) FROM STDIN"


def _copy(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL's COPY: a third of the app's CPU an INSERT of the same rows took (SQLAlchemy's and psycopg's work
    on each row's parameters), and less of the server's (docs/verification.md)."""
    raw = connection.connection.dbapi_connection
    assert raw is not None
    driver = connection.dialect.loaded_dbapi
    try:
        with raw.cursor() as cursor, cursor.copy(COPY_CHECKS) as copy:  # type: ignore[attr-defined]
            for row in rows:
                copy.write_row((row["certificate_id"], row.get("at") or utcnow(), row["channel"],
                                row.get("organisation", "")))
    except driver.Error as error:
        # As SQLAlchemy would have raised it (IntegrityError for a certificate gone, OperationalError for a
        # connection lost), so that the batch is retried or written row by row as for any statement.
        raise DBAPIError.instance(COPY_CHECKS, None, error, driver.Error) from error


class CheckLog:
    def __init__(self, delay: float, engine: Engine) -> None:
        self.delay = delay
        self._engine = engine  # batches are written here, in a transaction of their own
        self._owner = os.getpid()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._pending: list[dict[str, Any]] = []
        self._thread: threading.Thread | None = None
        self._failing_since: float | None = None  # since when batches fail (the database away), for the log
        self._logged_at = 0.0
        atexit.register(self.flush)

    def add(self, bind: Session | Connection, rows: Iterable[dict[str, Any]]) -> None:
        """Record checks: through ``bind`` at once when there is no delay, otherwise in the next batch."""
        rows = list(rows)
        if not rows:
            return
        if self.delay <= 0:
            record(bind, rows)
            return
        self._adopt_after_fork()
        with self._lock:
            self._pending.extend(rows)
            if len(self._pending) > MAX_KEPT:
                del self._pending[:len(self._pending) - MAX_KEPT]
            full = len(self._pending) >= MAX_BATCH
            if self._thread is None:
                self._thread = threading.Thread(target=self._write_periodically, name="check-log", daemon=True)
                self._thread.start()
        if full:
            self._wake.set()

    def write_into(self, session: Session) -> None:
        """Before reading the log: this worker's waiting checks go into ``session``'s transaction."""
        rows = self._take()
        if rows:
            record(session, rows)

    def flush(self) -> int:
        """Write the waiting checks in a transaction of their own; on failure they wait for the next try."""
        rows = self._take()
        if not rows:
            return 0
        try:
            with self._engine.begin() as connection:
                record(connection, rows)
        except IntegrityError:
            # A row the database refuses (its certificate gone) must not hold back the others for ever.
            return self._write_one_by_one(self._engine, rows)
        except SQLAlchemyError as error:
            # Once with the whole story, then a line at most every LOG_EVERY seconds while the database is away.
            now = time.monotonic()
            if self._failing_since is None:
                log.exception("could not write %d verification checks; will retry", len(rows))
                self._failing_since = self._logged_at = now
            elif now - self._logged_at >= LOG_EVERY:
                log.error("still cannot write %d verification checks after %.0f s (%s); will retry", len(rows),
                          now - self._failing_since, str(error).splitlines()[0][:200])
                self._logged_at = now
            with self._lock:
                self._pending[:0] = rows
                del self._pending[:max(0, len(self._pending) - MAX_KEPT)]
            return 0
        if self._failing_since is not None:
            log.warning("verification checks written again after %.0f s", time.monotonic() - self._failing_since)
            self._failing_since = None
        return len(rows)

    @staticmethod
    def _write_one_by_one(engine: Engine, rows: list[dict[str, Any]]) -> int:
        written = 0
        for row in rows:
            try:
                with engine.begin() as connection:
                    record(connection, [row])
                written += 1
            except IntegrityError:
                log.warning("dropped a verification check the database refused: %r", row)
        return written

    def discard(self) -> None:
        """Forget waiting checks (tests empty the database between cases)."""
        self._take()

    def _take(self) -> list[dict[str, Any]]:
        self._adopt_after_fork()
        with self._lock:
            rows, self._pending = self._pending, []
        return rows

    def _write_periodically(self) -> None:
        while True:
            self._wake.wait(self.delay)
            self._wake.clear()
            self.flush()

    def _adopt_after_fork(self) -> None:
        # A worker forked from a process that had already logged checks: its thread and lock did not come along,
        # and the parent's waiting checks are the parent's to write.
        if self._owner != os.getpid():
            self._owner = os.getpid()
            self._lock = threading.Lock()
            self._wake = threading.Event()
            self._pending = []
            self._thread = None
