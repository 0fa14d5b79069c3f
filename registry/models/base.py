"""The declarative base of every model: its metadata names constraints the way the migrations do."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import MetaData, Table
from sqlalchemy.orm import DeclarativeBase

# Named constraints let Alembic alter and drop them the same way on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Models subclass this, not ``db.Model``: Flask-SQLAlchemy builds ``db.Model`` from it at run time (sharing
    its registry and metadata), so mypy cannot see ``db.Model`` as a class, while it sees this one."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    if TYPE_CHECKING:
        # Every model maps one table; DeclarativeBase says FromClause, which also allows a join or a select.
        __table__: ClassVar[Table]
