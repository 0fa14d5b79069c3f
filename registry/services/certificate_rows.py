"""A certificate's row by its number, read on the database driver itself: the one query of every check.

The statement is compiled by SQLAlchemy once per database kind and each column is converted by its type's own
result processor, exactly as SQLAlchemy would; what is skipped is SQLAlchemy's per-execution bookkeeping, which
cost several times the indexed lookup itself. Should the driver fail in any way, the query is run again the
ordinary way, so that SQLAlchemy reports the error and discards a broken connection as it does for any other.

On PostgreSQL, the verify API's reads (autocommit, so no transaction a failure could spoil) go one step further
down: a statement prepared once per connection and run by libpq itself (`psycopg.pq`), its row converted by
psycopg's own loaders. psycopg's cursor, with its generators and its cache of prepared statements, cost the app
about 40 µs more CPU a check, a tenth of all a check costs beyond the trivial endpoint (docs/verification.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from psycopg.adapt import Transformer
from psycopg.pq import DiagnosticField, ExecStatus, TransactionStatus
from sqlalchemy import Connection, Dialect, bindparam, select
from sqlalchemy.pool import PoolProxiedConnection

from registry.models import Certificate

# The certificate's own row, by its unique number: one index lookup. Its centre and qualification come from the
# verification directory, not from a join, which would cost PostgreSQL a good part of the lookup again on every
# check (docs/verification.md gives the figure measured).
ROW_COLUMNS = (
    Certificate.id, Certificate.number, Certificate.kind, Certificate.status, Certificate.holder_name_latin,
    Certificate.qualification_id, Certificate.centre_id, Certificate.issued_on, Certificate.expires_on,
    Certificate.issued_at, Certificate.status_list_id, Certificate.status_index, Certificate.qr_code, Certificate.kid,
    Certificate.unit_codes, Certificate.units_mask, Certificate.holder_withheld,
)
ROW_NAMES = tuple(column.key for column in ROW_COLUMNS)
# Built once: constructing a statement costs more than running it on an indexed number.
ROW_BY_NUMBER = select(*ROW_COLUMNS).where(Certificate.number == bindparam("number"))

_CURSOR = "registry_certificate_row_cursor"  # in the pooled connection's info: its kept cursor
_PREPARED = "registry_certificate_row_prepared"  # in the pooled connection's info: the libpq statement's state
_STATEMENT = b"registry_certificate_row"
BINARY = 1  # results in binary: PostgreSQL writes dates, times and numbers as they are, no formatting to text
NO_SUCH_STATEMENT = b"26000"  # PostgreSQL's invalid_sql_statement_name


@dataclass(frozen=True)
class _DriverQuery:
    sql: str
    positional: bool  # the driver's placeholders are positional (SQLite's "?"), not named
    numbered: bytes  # the statement with PostgreSQL's own placeholder ($1), for libpq
    converters: tuple[tuple[int, Callable[[Any], Any]], ...]  # (column, its type's converter) where one is needed


_driver_queries: dict[str, _DriverQuery] = {}


def _driver_query(dialect: Dialect) -> _DriverQuery:
    query = _driver_queries.get(dialect.name)
    if query is None:
        compiled = ROW_BY_NUMBER.compile(dialect=dialect)
        converters = [(index, column.type.dialect_impl(dialect).result_processor(dialect, None))
                      for index, column in enumerate(ROW_BY_NUMBER.selected_columns)]
        query = _driver_queries[dialect.name] = _DriverQuery(
            str(compiled), compiled.positiontup is not None, str(compiled).replace("%(number)s", "$1").encode(),
            tuple((index, convert) for index, convert in converters if convert))
    return query


def certificate_row(connection: Connection, number: str) -> dict[str, Any] | None:
    """The row under ``number`` as SQLAlchemy would convert it, keyed by ROW_NAMES; None when there is none."""
    query = _driver_query(connection.dialect)
    pooled = connection.connection
    try:
        values = (_on_libpq(pooled, query, number) if _libpq_ready(pooled)
                  else _on_cursor(pooled, query, number))
    except connection.dialect.loaded_dbapi.Error:
        pooled.info.pop(_CURSOR, None)
        pooled.info.pop(_PREPARED, None)
        found = connection.execute(ROW_BY_NUMBER, {"number": number}).one_or_none()
        return found._asdict() if found is not None else None
    if values is None:
        return None
    for index, convert in query.converters:
        values[index] = convert(values[index])
    return dict(zip(ROW_NAMES, values, strict=True))


def _on_cursor(pooled: PoolProxiedConnection, query: _DriverQuery, number: str) -> list[Any] | None:
    # The cursor is kept with the pooled connection (making a new one cost psycopg nearly as much as the query),
    # checked to belong to the connection now under it: a reconnect replaces that.
    cursor = pooled.info.get(_CURSOR)
    if cursor is None or cursor.connection is not pooled.dbapi_connection:
        cursor = pooled.info[_CURSOR] = pooled.cursor()
    cursor.execute(query.sql, (number,) if query.positional else {"number": number})
    rows = cursor.fetchall()  # to the end: SQLite keeps a read snapshot open while a statement is unfinished
    return list(rows[0]) if rows else None


def _libpq_ready(pooled: PoolProxiedConnection) -> bool:
    """A psycopg connection in autocommit (the verify API's): libpq may run the statement directly. Not inside a
    transaction, even one psycopg has yet to begin: the read would not see the transaction's own writes."""
    raw = pooled.dbapi_connection
    return getattr(raw, "autocommit", False) is True and raw.pgconn.transaction_status == TransactionStatus.IDLE  # type: ignore[union-attr]


def _on_libpq(pooled: PoolProxiedConnection, query: _DriverQuery, number: str) -> list[Any] | None:
    raw = pooled.dbapi_connection
    assert raw is not None
    pgconn = raw.pgconn
    kept = pooled.info.get(_PREPARED)
    if kept is None or kept[0] is not raw:  # first use, or a reconnect replaced the connection beneath
        kept = _prepare(pooled, raw, query)
    result = pgconn.exec_prepared(_STATEMENT, [number.encode()], None, BINARY)
    if result.status == ExecStatus.FATAL_ERROR and result.error_field(DiagnosticField.SQLSTATE) == NO_SUCH_STATEMENT:
        # psycopg deallocates every prepared statement of its connection after a rollback or a DROP or ALTER
        # (its own cache's rule): prepared again, at the cost of one round trip.
        kept = _prepare(pooled, raw, query)
        result = pgconn.exec_prepared(_STATEMENT, [number.encode()], None, BINARY)
    _succeeded(raw, result, ExecStatus.TUPLES_OK)
    if result.ntuples == 0:
        return None
    transformer = kept[1]
    # The columns' loaders are looked up on the first row only: the statement's result types never change (a
    # migration that changed them makes PostgreSQL refuse the prepared statement, and the path starts again).
    transformer.set_pgresult(result, set_loaders=not kept[2])
    kept[2] = True
    return list(transformer.load_row(0, tuple))


def _prepare(pooled: PoolProxiedConnection, raw: Any, query: _DriverQuery) -> list[Any]:
    _succeeded(raw, raw.pgconn.prepare(_STATEMENT, query.numbered, None), ExecStatus.COMMAND_OK)
    kept: list[Any] = [raw, Transformer(raw), False]  # the connection, its loaders, whether they are set
    pooled.info[_PREPARED] = kept
    return kept


def _succeeded(raw: Any, result: Any, expected: ExecStatus) -> Any:
    if result.status != expected:
        # Raised as the driver's own error, so that the caller runs the query the ordinary way and SQLAlchemy
        # reports what is wrong (a broken connection is invalidated as usual).
        raise raw.Error(result.error_message.decode(errors="replace") or f"unexpected result {result.status}")
    return result
