"""Create forms sent once: each form carries a one-time token, and a token seen before leads where it led first.

A centre on a weak connection presses "Save" again when the answer is slow, or the back button and "Save" once
more: the second request must not register the same candidate or open the same cohort twice. The first request
claims the token (a row under a unique key) in the same transaction as what it creates, so a second request with
the same token either finds the claim committed, or waits on it and then inserts nothing: both answer the first
request's result. A request refused as invalid rolls back its claim, so the corrected form can be sent again.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import delete, select
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from registry.models import FormSubmission, User
from registry.services.row_locks import insert_or_ignore

TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
KEPT_FOR = timedelta(days=7)


def _key(user: User, token: str) -> str:
    return hashlib.sha256(f"{user.id}:{token}".encode()).hexdigest()


def earlier_result(session: Session, user: User, token: str | None, *, now: datetime) -> str | None:
    """Where an earlier sending of this form led, or None after claiming the token for this one.

    A missing or malformed token (a page from before tokens) claims nothing: the form works as it always did.
    """
    if not token or not TOKEN.fullmatch(token):
        return None
    key = _key(user, token)
    found = session.get(FormSubmission, key)
    if found is None:
        claim = insert_or_ignore(session, FormSubmission).values(key=key, user_id=user.id, target="", at=now) \
            .on_conflict_do_nothing()
        if cast(CursorResult[Any], session.execute(claim)).rowcount == 1:
            return None
        # sent twice at once: this insert waited for the other request's transaction, which claimed it first
        found = session.scalars(select(FormSubmission).where(FormSubmission.key == key)
                                .execution_options(populate_existing=True)).one()
    return found.target or None


def record_result(session: Session, user: User, token: str | None, target: str, *, now: datetime) -> None:
    """The page the first sending led to; claims older than a week are forgotten."""
    if not token or not TOKEN.fullmatch(token):
        return
    found = session.get(FormSubmission, _key(user, token))
    if found is None:  # the claim was rolled back with a refused attempt and this one succeeded: claim it now
        found = FormSubmission(key=_key(user, token), user_id=user.id, at=now)
        session.add(found)
    found.target = target[:300]
    session.execute(delete(FormSubmission).where(FormSubmission.at < now - KEPT_FOR))
    session.flush()


