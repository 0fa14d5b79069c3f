"""Certificates, and the counters their numbers are drawn from: a counter only ever serves the certificate
aggregate (one per centre and year), so it lives with it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.core.certificate_lifecycle import CertificateStatus
from registry.core.outcomes import OutcomeKind
from registry.models.base import Base
from registry.models.centre import TrainingCentre
from registry.models.qualification import Qualification
from registry.models.types import UTCDateTime, enum_column, utcnow


class CertificateCounter(Base):
    """The last sequence number used per centre and year; bumped atomically, so numbers never repeat."""

    __tablename__ = "certificate_counter"

    centre_id: Mapped[int] = mapped_column(ForeignKey("training_centre.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)


LIVE_CONDITION = "status IN ('valid', 'suspended')"  # core.certificate_lifecycle.LIVE_STATUSES


class Certificate(Base):
    __tablename__ = "certificate"
    __table_args__ = (
        UniqueConstraint("status_list_id", "status_index", name="uq_certificate_status_slot"),
        # One live certificate per assessment, however many requests issue it at once; superseded and revoked
        # ones stay beside it as history (services/certificates.py turns a refusal into 409).
        Index("uq_certificate_live_assessment", "assessment_id", unique=True,
              sqlite_where=text(LIVE_CONDITION), postgresql_where=text(LIVE_CONDITION)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id"), index=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("training_centre.id"), index=True)
    qualification_id: Mapped[int] = mapped_column(ForeignKey("qualification.id"))
    kind: Mapped[OutcomeKind] = mapped_column(enum_column(OutcomeKind, 30))
    status: Mapped[CertificateStatus] = mapped_column(enum_column(CertificateStatus, 12),
                                                      default=CertificateStatus.VALID, index=True)
    holder_name_latin: Mapped[str] = mapped_column(String(200))
    holder_name_native: Mapped[str] = mapped_column(String(200), default="")
    holder_language: Mapped[str] = mapped_column(String(5))
    units_mask: Mapped[int] = mapped_column(BigInteger)
    unit_codes: Mapped[list[str]] = mapped_column(JSON)
    assessed_on: Mapped[date] = mapped_column(Date)
    issued_on: Mapped[date] = mapped_column(Date, index=True)
    expires_on: Mapped[date | None] = mapped_column(Date, index=True)
    status_list_id: Mapped[int] = mapped_column(ForeignKey("status_list.id"))
    status_index: Mapped[int] = mapped_column(Integer)
    kid: Mapped[str] = mapped_column(String(8))
    qr_code: Mapped[str] = mapped_column(Text)
    credential_id: Mapped[str] = mapped_column(String(64), unique=True)
    status_reason: Mapped[str] = mapped_column(String(40), default="")
    status_note: Mapped[str] = mapped_column(Text, default="")
    # None while it was never changed
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"))
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"))
    # The holder withdrew consent to online verification: the online answer gives the verdict and qualification.
    holder_withheld: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    holder_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    centre: Mapped[TrainingCentre] = relationship(lazy="joined")
    qualification: Mapped[Qualification] = relationship(lazy="joined")
    superseded_by: Mapped[Certificate | None] = relationship(foreign_keys=[superseded_by_id], remote_side=[id])

    __mapper_args__ = {"version_id_col": version}

    def audit_view(self) -> dict[str, Any]:
        return {"number": self.number, "status": self.status.value, "reason": self.status_reason or None}
