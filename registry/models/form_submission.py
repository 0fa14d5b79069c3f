"""Create forms already sent: a form sent again (a double click, a retry on a weak connection, the back button)
goes where the first one went instead of creating the same thing twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import Base
from registry.models.types import UTCDateTime, utcnow


class FormSubmission(Base):
    __tablename__ = "form_submission"

    # SHA-256 of the user's id and the form's one-time token: the token itself is never stored.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    target: Mapped[str] = mapped_column(String(300), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
