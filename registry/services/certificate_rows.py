"""A certificate's row by its number, read on the database driver itself: the one query of every check.

The statement is compiled by SQLAlchemy once per database kind and each column is converted by its type's own
result processor, exactly as SQLAlchemy would; what is skipped is SQLAlchemy's per-execution bookkeeping, which
cost several times the indexed lookup itself. Should the driver fail in any way, the query is run again the
ordinary way, so that SQLAlchemy reports the error and discards a broken connection as it does for any other.
Going further down on PostgreSQL, a statement prepared once and run through libpq (`psycopg.pq`) with psycopg's
loaders, cost less alone but no less under load (2026-11-29), so the cursor stays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class _DriverQuery:
    sql: str
    positional: bool  # the driver's placeholders are positional (SQLite's "?"), not named
    converters: tuple[tuple[int, Callable[[Any], Any]], ...]  # (column, its type's converter) where one is needed


_driver_queries: dict[str, _DriverQuery] = {}


def _driver_query(dialect: Dialect) -> _DriverQuery:
    query = _driver_queries.get(dialect.name)
    if query is None:
        compiled = ROW_BY_NUMBER.compile(dialect=dialect)
        converters = [(index, column.type.dialect_impl(dialect).result_processor(dialect, None))
                      for index, column in enumerate(ROW_BY_NUMBER.selected_columns)]
        query = _driver_queries[dialect.name] = _DriverQuery(
            str(compiled), compiled.positiontup is not None,
            tuple((index, convert) for index, convert in converters if convert))
    return query


def certificate_row(connection: Connection, number: str) -> dict[str, Any] | None:
    """The row under ``number`` as SQLAlchemy would convert it, keyed by ROW_NAMES; None when there is none."""
    query = _driver_query(connection.dialect)
    pooled = connection.connection
    try:
        values = _on_cursor(pooled, query, number)
    except connection.dialect.loaded_dbapi.Error:
        pooled.info.pop(_CURSOR, None)
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
