"""The log of checks made of certificates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import Base
from registry.models.types import UTCDateTime, utcnow


class VerificationEvent(Base):
    """One check of a certificate: when, how, and who only if the verifier chose to say."""

    __tablename__ = "verification_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificate.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    channel: Mapped[str] = mapped_column(String(20))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    # The worker may hide a line a stranger wrote on their page; the check itself stays logged.
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
