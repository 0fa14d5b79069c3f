"""What `/api/v1/ready` checks: that this process can reach everything a request may need (the database, Redis
when configured, the job queue, the storage folders), each within a short timeout; a load balancer sends no
traffic to a process that is not ready, and the answer names what is down."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.engine import Engine

from registry.core.files import FileStore
from registry.infra.shared_store import shared_store

OK = "ok"
NOT_CONFIGURED = "not configured"


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]


def database(engine: Engine) -> str:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 (whatever the driver raises, the answer is "down")
        return f"down: {_first_line(error)}"
    return OK


def redis(url: str) -> str:
    if not url:
        return NOT_CONFIGURED
    try:
        shared_store(url).ping()
    except Exception as error:  # noqa: BLE001
        return f"down: {_first_line(error)}"
    return OK


def queue_file(path: str, redis_url: str) -> str:
    if redis_url:
        return redis(redis_url)
    try:
        with sqlite3.connect(path, timeout=2) as connection:
            connection.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001
        return f"down: {_first_line(error)}"
    return OK


def writable(store: FileStore) -> str:
    try:
        store.check()
    except Exception as error:  # noqa: BLE001 (a folder's OSError, object storage's own errors)
        return f"down: {_first_line(error)}"
    return OK


def check_all(checks: dict[str, Callable[[], str]]) -> tuple[dict[str, str], list[str]]:
    """Each check's answer, and the names of those that are down."""
    answers = {name: check() for name, check in checks.items()}
    return answers, [name for name, answer in answers.items() if answer.startswith("down")]
