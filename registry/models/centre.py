"""Training centres (skills providers) and their accreditation."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import Base
from registry.models.types import UTCDateTime, enum_column, utcnow


class AccreditationStatus(StrEnum):
    ACCREDITED = "accredited"
    PROVISIONAL = "provisional"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    NONE = "none"


class TrainingCentre(Base):
    __tablename__ = "training_centre"
    __table_args__ = (
        CheckConstraint(
            "accredited_until IS NULL OR accredited_from IS NULL OR accredited_until >= accredited_from",
            name="accreditation_window",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_th: Mapped[str] = mapped_column(String(200))
    name_home: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(2))
    accreditation_status: Mapped[AccreditationStatus] = mapped_column(
        enum_column(AccreditationStatus, 20),
        default=AccreditationStatus.NONE,
    )
    accredited_from: Mapped[date | None] = mapped_column(Date)
    accredited_until: Mapped[date | None] = mapped_column(Date)
    # Given to employers told a certificate is revoked or suspended: whom to ask.
    contact_phone: Mapped[str] = mapped_column(String(32), default="", server_default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def is_accredited_on(self, day: date) -> bool:
        """Accredited, and ``day`` falls inside the accreditation window."""
        if self.accreditation_status is not AccreditationStatus.ACCREDITED:
            return False
        if self.accredited_from and day < self.accredited_from:
            return False
        return not (self.accredited_until and day > self.accredited_until)

    def audit_view(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name_en": self.name_en,
            "name_th": self.name_th,
            "name_home": self.name_home,
            "country": self.country,
            "accreditation_status": self.accreditation_status.value,
            "accredited_from": self.accredited_from.isoformat() if self.accredited_from else None,
            "accredited_until": self.accredited_until.isoformat() if self.accredited_until else None,
            "contact_phone": self.contact_phone,
            "contact_email": self.contact_email,
        }
