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
    expected = certificate_row(connection, number)
    info = connection.connection.info
    kept = info[certificate_rows._CURSOR]
    kept.close()  # as when the driver's state is lost
    assert certificate_row(connection, number) == expected  # answered the ordinary way
    assert certificate_row(connection, number) == expected  # on a new kept cursor
    assert info[certificate_rows._CURSOR] is not kept
