"""What views hand to services from the app's configuration: keys, storage, today's date."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from flask import current_app
from flask_babel import get_timezone
from sqlalchemy import Connection, create_engine

from registry.core.derived_keys import DOCUMENT_DIGEST_PURPOSE, derive_key
from registry.extensions import db
from registry.services.certificates import IssueContext
from registry.services.check_log import CheckLog


def document_key() -> bytes:
    cache = current_app.extensions.setdefault("registry_keys", {})
    if "document" not in cache:
        cache["document"] = derive_key(current_app.config["KEY_ENCRYPTION_KEY"], DOCUMENT_DIGEST_PURPOSE)
    return bytes(cache["document"])


def check_log() -> CheckLog:
    """The app's log of verification checks (written in batches when a delay is configured)."""
    return current_app.extensions["check_log"]  # type: ignore[no-any-return]


@contextmanager
def read_only_connection() -> Iterator[Connection]:
    """A connection in autocommit for checks that only read: no BEGIN, COMMIT or per-checkout isolation switch.

    Its own small pool, of connections that stay in autocommit, beside the session's.
    """
    engine = current_app.extensions.get("registry_reader")
    if engine is None:
        engine = current_app.extensions["registry_reader"] = create_engine(
            db.engine.url, isolation_level="AUTOCOMMIT", **current_app.config["SQLALCHEMY_ENGINE_OPTIONS"])
    with engine.connect() as connection:
        yield connection


def evidence_storage() -> Path:
    return Path(current_app.config["EVIDENCE_PATH"])


def today() -> date:
    """Today where the registry's people are (Asia/Bangkok by default), not in UTC."""
    return datetime.now(get_timezone()).date()


def issue_context() -> IssueContext:
    return IssueContext(master_secret=current_app.config["KEY_ENCRYPTION_KEY"],
                        base_url=current_app.config["PUBLIC_BASE_URL"], today=today())


def base_url() -> str:
    return str(current_app.config["PUBLIC_BASE_URL"])


def master_secret() -> str:
    return str(current_app.config["KEY_ENCRYPTION_KEY"])
