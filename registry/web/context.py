"""What views hand to services from the app's configuration: keys, storage, today's date."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from flask import current_app
from flask_babel import get_timezone

from registry.core.derived_keys import DOCUMENT_DIGEST_PURPOSE, derive_key
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
