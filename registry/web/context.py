"""What views hand to services from the app's configuration: keys, storage, today's date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Connection, create_engine
from sqlalchemy.exc import DBAPIError

from registry.core.derived_keys import DOCUMENT_DIGEST_PURPOSE, derive_key
from registry.extensions import db
from registry.services.certificates import IssueContext
from registry.services.check_log import CheckLog

T = TypeVar("T")


def document_key() -> bytes:
    cache = current_app.extensions.setdefault("registry_keys", {})
    if "document" not in cache:
        cache["document"] = derive_key(current_app.config["KEY_ENCRYPTION_KEY"], DOCUMENT_DIGEST_PURPOSE)
    return bytes(cache["document"])


def check_log() -> CheckLog:
    """The app's log of verification checks (written in batches when a delay is configured)."""
    return current_app.extensions["check_log"]  # type: ignore[no-any-return]


def on_autocommit_connection(work: Callable[[Connection], T]) -> T:
    """``work`` on a connection in autocommit, for the verify API: its reads need no BEGIN or COMMIT, and the one
    row it may write (the log of checks, when it is not batched) is one statement.

    The connections are a small pool of their own beside the session's. They are not pinged before each use
    (PostgreSQL would pay a round trip on every check for it): when the database turns out to have dropped the
    connection (a restart), SQLAlchemy discards the pool and ``work`` runs once more on a new one. Nor are they
    rolled back when returned: in autocommit there is never a transaction to end.
    """
    engine = current_app.extensions.get("registry_reader")
    if engine is None:
        options = {**current_app.config["SQLALCHEMY_ENGINE_OPTIONS"], "pool_pre_ping": False,
                   "pool_reset_on_return": None}
        engine = current_app.extensions["registry_reader"] = create_engine(
            db.engine.url, isolation_level="AUTOCOMMIT", **options)
    try:
        with engine.connect() as connection:
            return work(connection)
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
    with engine.connect() as connection:
        return work(connection)


def evidence_storage() -> Path:
    return Path(current_app.config["EVIDENCE_PATH"])


def today() -> date:
    """Today where the registry's people are (Asia/Bangkok by default), not in UTC."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def issue_context() -> IssueContext:
    return IssueContext(master_secret=current_app.config["KEY_ENCRYPTION_KEY"],
                        base_url=current_app.config["PUBLIC_BASE_URL"], today=today())


def base_url() -> str:
    return str(current_app.config["PUBLIC_BASE_URL"])


def master_secret() -> str:
    return str(current_app.config["KEY_ENCRYPTION_KEY"])
