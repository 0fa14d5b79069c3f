"""API checks are logged in batches: none lost, written together, read back by the page that shows them."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.orm import Session

from registry.models import VerificationEvent
from registry.services.check_log import MAX_BATCH, CheckLog


def _engine(session: Session) -> Engine:
    bind = session.get_bind()
    assert isinstance(bind, Engine)
    return bind


def _logged(session: Session) -> int:
    session.rollback()  # a fresh transaction sees what other connections committed
    return int(session.scalar(select(func.count()).select_from(VerificationEvent)) or 0)


def _rows(certificate_id: int, count: int) -> list[dict[str, object]]:
    return [{"certificate_id": certificate_id, "at": datetime(2026, 11, 23, 9, 0, n % 60, tzinfo=UTC), "channel": "api",
             "organisation": ""} for n in range(count)]


def test_without_a_delay_checks_are_part_of_the_request_transaction(session: Session, certificate_id: int) -> None:
    log = CheckLog(delay=0, engine=_engine(session))
    log.add(session, _rows(certificate_id, 2))
    assert session.scalar(select(func.count()).select_from(VerificationEvent)) == 2
    assert _logged(session) == 0  # rolled back with the request


def test_delayed_checks_wait_then_go_in_one_batch(session: Session, certificate_id: int) -> None:
    log = CheckLog(delay=60, engine=_engine(session))
    log.add(session, _rows(certificate_id, 3))
    log.add(session, _rows(certificate_id, 2))
    assert _logged(session) == 0
    assert log.flush() == 5
    assert _logged(session) == 5
    assert log.flush() == 0


def _batch_written(log: CheckLog) -> threading.Event:
    """Set when the log's writer thread has committed a batch: the test waits for that, not for a time to pass."""
    written = threading.Event()
    flush = log.flush

    def flush_and_tell() -> int:
        count = flush()
        if count:
            written.set()
        return count

    log.flush = flush_and_tell  # type: ignore[method-assign]
    return written


# Generous: it only bounds a failing test; a passing one goes on as soon as the batch is written.
WRITER_DEADLINE = 30.0


def test_the_writer_thread_writes_within_the_delay(session: Session, certificate_id: int) -> None:
    log = CheckLog(delay=0.05, engine=_engine(session))
    written = _batch_written(log)
    log.add(session, _rows(certificate_id, 4))
    assert written.wait(WRITER_DEADLINE)
    assert _logged(session) == 4


def test_a_full_batch_is_written_without_waiting(session: Session, certificate_id: int) -> None:
    log = CheckLog(delay=600, engine=_engine(session))
    written = _batch_written(log)
    log.add(session, _rows(certificate_id, MAX_BATCH))
    assert written.wait(WRITER_DEADLINE)  # long before the delay of 600 s
    assert _logged(session) == MAX_BATCH


def test_a_refused_check_does_not_hold_back_the_others(session: Session, certificate_id: int) -> None:
    log = CheckLog(delay=60, engine=_engine(session))
    log.add(session, _rows(certificate_id + 1000, 1))  # no such certificate: the foreign key refuses it
    log.add(session, _rows(certificate_id, 2))
    assert log.flush() == 2 and _logged(session) == 2
    assert log.flush() == 0


def test_checks_wait_while_the_database_is_unreachable(session: Session, certificate_id: int,
                                                       tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    log = CheckLog(delay=60, engine=_engine(session))
    log.add(session, _rows(certificate_id, 3))
    reachable = log._engine
    log._engine = create_engine(f"sqlite:///{tmp_path / 'missing' / 'registry.sqlite3'}")  # no such folder
    with caplog.at_level(logging.WARNING, logger="registry.services.check_log"):
        for _ in range(5):  # the writer tries every second: the log says so once, not five times
            assert log.flush() == 0
        log._engine.dispose()
        log._engine = reachable
        assert log.flush() == 3 and _logged(session) == 3
    said = [record.getMessage() for record in caplog.records]
    assert len(said) == 2 and said[0].startswith("could not write 3") and "written again" in said[1]


def test_a_page_reads_back_the_checks_still_waiting(session: Session, certificate_id: int) -> None:
    log = CheckLog(delay=60, engine=_engine(session))
    log.add(session, _rows(certificate_id, 3))
    log.write_into(session)
    assert session.scalar(select(func.count()).select_from(VerificationEvent)) == 3
    session.commit()
    assert log.flush() == 0 and _logged(session) == 3


def test_a_batch_read_in_autocommit_is_written_in_one_transaction(session: Session, certificate_id: int) -> None:
    """The API reads on an engine in autocommit. Its checks must still go in on the app's engine, in one
    transaction: in autocommit every row was a commit of its own, and the rows before a refused one were written
    twice, once alone and again one by one."""
    engine = _engine(session)
    api_engine = create_engine(engine.url, isolation_level="AUTOCOMMIT")
    log = CheckLog(delay=60, engine=engine)
    try:
        with api_engine.connect() as reader:
            log.add(reader, _rows(certificate_id, 3) + _rows(certificate_id + 1000, 1) + _rows(certificate_id, 2))
        assert log.flush() == 5
        assert _logged(session) == 5
    finally:
        api_engine.dispose()
