"""What views and CLI commands hand to services from the current app's configuration and extensions: the
database session, keys, storage, today's date, the log of checks and the verify API's connections. Each needs an
app context, none a request."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from registry.core.derived_keys import DOCUMENT_DIGEST_PURPOSE, derive_key
from registry.core.files import FileStore, LocalStore
from registry.extensions import db
from registry.infra.autocommit_reader import AutocommitReader
from registry.infra.file_store import file_stores
from registry.services.certificates import IssueContext
from registry.services.check_log import CheckLog

T = TypeVar("T")


def db_session() -> Session:
    """The session of this request or CLI command, as services take it: ``db.session`` is the scoped registry
    (a ``scoped_session``, which proxies a session but is not one); calling it returns the session it holds for
    the current app context, the same object every ``db.session.<method>`` call uses."""
    return db.session()


def document_key() -> bytes:
    cache = current_app.extensions.setdefault("registry_keys", {})
    if "document" not in cache:
        cache["document"] = derive_key(current_app.config["KEY_ENCRYPTION_KEY"], DOCUMENT_DIGEST_PURPOSE)
    return bytes(cache["document"])


def check_log() -> CheckLog:
    """The app's log of verification checks (written in batches when a delay is configured)."""
    return current_app.extensions["check_log"]  # type: ignore[no-any-return]


def on_autocommit_connection(work: Callable[[Connection], T]) -> T:
    """``work`` on one of the verify API's own connections, in autocommit and kept open between checks
    (registry/infra/autocommit_reader.py): its reads need no BEGIN or COMMIT, and the one row it may write (the log
    of checks, when it is not batched) is one statement."""
    reader = current_app.extensions.get("registry_reader")
    if reader is None:
        reader = current_app.extensions["registry_reader"] = AutocommitReader(
            db.engine.url, current_app.config["SQLALCHEMY_ENGINE_OPTIONS"])
    return reader.run(work)


def _file_store(kind: str) -> FileStore:
    config = current_app.config
    if not config["STORAGE_URL"]:  # read each time: cheap, and a test may point the folder elsewhere
        return LocalStore(Path(config["EVIDENCE_PATH" if kind == "evidence" else "DOCUMENT_CACHE_PATH"]))
    stores = current_app.extensions.get("registry_file_stores")
    if stores is None:
        stores = current_app.extensions["registry_file_stores"] = file_stores(
            config["STORAGE_URL"], Path(config["EVIDENCE_PATH"]), Path(config["DOCUMENT_CACHE_PATH"]))
    found: FileStore = stores[kind]
    return found


def evidence_storage() -> FileStore:
    """Where evidence files are kept: a folder, or object storage (registry/infra/file_store.py)."""
    return _file_store("evidence")


def document_storage() -> FileStore:
    """Where rendered certificate documents are kept."""
    return _file_store("documents")


def registry_zone() -> ZoneInfo:
    """The time zone of the registry's calendar days (REGISTRY_TIMEZONE, Asia/Bangkok by default)."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_now() -> datetime:
    """This moment in the registry's time zone: its date is the registry's today."""
    return datetime.now(registry_zone())


def today() -> date:
    """Today where the registry's people are (Asia/Bangkok by default), not in UTC."""
    return local_now().date()


def report_recount_every() -> timedelta:
    return timedelta(seconds=float(current_app.config["REPORT_RECOUNT_SECONDS"]))


def report_months_in_request() -> int:
    return int(current_app.config["REPORT_MONTHS_IN_REQUEST"])


def issue_context() -> IssueContext:
    return IssueContext(master_secret=current_app.config["KEY_ENCRYPTION_KEY"],
                        base_url=current_app.config["PUBLIC_BASE_URL"], today=today())


def base_url() -> str:
    return str(current_app.config["PUBLIC_BASE_URL"])


def master_secret() -> str:
    return str(current_app.config["KEY_ENCRYPTION_KEY"])
