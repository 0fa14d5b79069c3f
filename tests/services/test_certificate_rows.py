"""The check's one query, read on the driver itself, gives exactly what SQLAlchemy would, and recovers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from registry.models import Certificate
from registry.services import certificate_rows
from registry.services.certificate_rows import ROW_BY_NUMBER, certificate_row


@pytest.fixture
def number(session: Session, certificate_id: int) -> str:
    certificate = session.get(Certificate, certificate_id)
    assert certificate is not None
    return certificate.number


@pytest.fixture(params=["AUTOCOMMIT", "in a transaction"])
def connection(session: Session, request: pytest.FixtureRequest) -> Iterator[Connection]:
    """As the verify API reads (autocommit), and as the pages do (inside their session's transaction)."""
    bind = session.get_bind()
    assert isinstance(bind, Engine)
    with bind.connect() as connection:
        if request.param == "AUTOCOMMIT":
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        yield connection
        connection.rollback()


def test_the_row_is_what_sqlalchemy_reads(connection: Connection, number: str) -> None:
    expected = connection.execute(ROW_BY_NUMBER, {"number": number}).one()._asdict()
    for _ in range(3):  # the first read makes the cursor the next ones reuse
        assert certificate_row(connection, number) == expected
    assert certificate_row(connection, "TH-NONE-2026-00001-X") is None


def test_the_lookup_recovers_when_the_driver_lost_what_it_kept(connection: Connection, number: str) -> None:
    libpq = certificate_rows._libpq_ready(connection.connection)
    expected = certificate_row(connection, number)
    info = connection.connection.info
    if libpq:  # PostgreSQL outside a transaction: the statement libpq runs
        kept = info[certificate_rows._PREPARED]
        # As when the server no longer has it (another client deallocated it, say).
        connection.exec_driver_sql("DEALLOCATE registry_certificate_row")  # prepared again at once
    else:
        kept = info[certificate_rows._CURSOR]
        kept.close()  # as when the driver's state is lost
    assert certificate_row(connection, number) == expected  # answered the ordinary way (or prepared again)
    assert certificate_row(connection, number) == expected  # on what is kept anew
    assert info[certificate_rows._PREPARED if libpq else certificate_rows._CURSOR] is not kept


def test_postgresql_outside_a_transaction_reads_through_libpq(connection: Connection, number: str) -> None:
    """The verify API's path; inside a page's transaction the cursor reads, so that no failure of this path can
    spoil the page's transaction."""
    info = connection.connection.info
    info.pop(certificate_rows._PREPARED, None)
    info.pop(certificate_rows._CURSOR, None)
    certificate_row(connection, number)
    libpq = connection.dialect.name == "postgresql" and _in_autocommit(connection)
    assert (certificate_rows._PREPARED in info) is libpq
    assert (certificate_rows._CURSOR in info) is not libpq


def test_a_migration_that_changes_the_row_is_survived(connection: Connection, number: str, session: Session) -> None:
    """A column type changed while the app runs: the prepared statement is refused, the row read the ordinary
    way, and prepared again."""
    if connection.dialect.name != "postgresql" or not _in_autocommit(connection):
        return  # only the libpq path keeps a prepared statement
    expected = certificate_row(connection, number)
    session.commit()  # its read of the certificate would hold the table against the ALTER
    connection.exec_driver_sql("ALTER TABLE certificate ALTER COLUMN units_mask TYPE bigint")
    try:
        assert certificate_row(connection, number) == expected
        assert certificate_row(connection, number) == expected
    finally:
        connection.exec_driver_sql("ALTER TABLE certificate ALTER COLUMN units_mask TYPE integer")


def _in_autocommit(connection: Connection) -> bool:
    return connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
