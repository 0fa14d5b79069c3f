"""The verify API's database connections: autocommit, and kept open from one check to the next.

A check reads one row; taking a connection from SQLAlchemy's pool and giving it back (a Connection object,
checkout and checkin events, the pool's queue) cost a check more than reading the row from SQLite. So the
reader keeps its connections open, each in use by one request at a time, and hands an idle one to the next
request. It holds as many as requests ever ran at once in this process; the pool beneath still bounds that.

They are in autocommit: a check's reads need no BEGIN and COMMIT (one round trip to PostgreSQL, not three), and
they are neither pinged before use (a round trip on every check) nor rolled back after it (there is never a
transaction to end). When the database turns out to have dropped a connection (a restart), SQLAlchemy
invalidates it and the work runs once more on a new one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy import URL, Connection, create_engine
from sqlalchemy.exc import DBAPIError

T = TypeVar("T")


class AutocommitReader:
    def __init__(self, url: URL, engine_options: Mapping[str, Any]) -> None:
        self.engine = create_engine(url, isolation_level="AUTOCOMMIT",
                                    **{**engine_options, "pool_pre_ping": False, "pool_reset_on_return": None})
        self._idle: list[Connection] = []  # list.pop and list.append need no lock of their own
        self._owner = os.getpid()

    def run(self, work: Callable[[Connection], T]) -> T:
        """``work`` on one of the kept connections, or on a new one if none is idle."""
        try:
            return self._run_once(work)
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
        return self._run_once(work)

    def _run_once(self, work: Callable[[Connection], T]) -> T:
        connection = self._take()
        try:
            result = work(connection)
        except BaseException:
            connection.close()  # after any failure the next request starts on a fresh connection
            raise
        self._idle.append(connection)
        return result

    def _take(self) -> Connection:
        if self._owner != os.getpid():
            # A process forked from one that had connections: they are the parent's, and sharing a socket or a
            # SQLite handle across processes corrupts it.
            self._owner, self._idle = os.getpid(), []
            self.engine.dispose(close=False)
        try:
            return self._idle.pop()
        except IndexError:
            pass
        # Outside the except clause: a database that cannot be reached is its own error, not one raised while
        # handling an empty list.
        return self.engine.connect()

    def close(self) -> None:
        """Close the kept connections and the engine's pool (app shutdown; tests)."""
        while self._idle:
            self._idle.pop().close()
        self.engine.dispose()
