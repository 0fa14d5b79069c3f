"""The qualification catalogue: qualifications, their level mappings and ordered competency units."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.models.base import Base
from registry.models.types import UTCDateTime, enum_column, utcnow


class QualificationStatus(StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"


class TitledMixin:
    """A title in each of the five languages; English and Thai are required, the rest fall back."""

    title_en: Mapped[str] = mapped_column(String(300))
    title_th: Mapped[str] = mapped_column(String(300))
    title_km: Mapped[str] = mapped_column(String(300), default="")
    title_lo: Mapped[str] = mapped_column(String(300), default="")
    title_my: Mapped[str] = mapped_column(String(300), default="")

    def title_in(self, language: str) -> str:
        return str(getattr(self, f"title_{language}", "") or self.title_en)

    def titles(self) -> dict[str, str]:
        return {code: str(getattr(self, f"title_{code}")) for code in ("en", "th", "km", "lo", "my")}


class Qualification(TitledMixin, Base):
    __tablename__ = "qualification"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    sector: Mapped[str] = mapped_column(String(100))
    aqrf_level: Mapped[int] = mapped_column(SmallInteger)
    tpqi_level: Mapped[int | None] = mapped_column(SmallInteger)
    dsd_level: Mapped[int | None] = mapped_column(SmallInteger)
    cqf_level: Mapped[int | None] = mapped_column(SmallInteger)
    lao_tvet_level: Mapped[int | None] = mapped_column(SmallInteger)
    nssa_level: Mapped[int | None] = mapped_column(SmallInteger)
    isco08_code: Mapped[str] = mapped_column(String(4))
    validity_years: Mapped[int | None] = mapped_column(SmallInteger)
    status: Mapped[QualificationStatus] = mapped_column(
        enum_column(QualificationStatus, 10),
        default=QualificationStatus.ACTIVE,
        index=True,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    units: Mapped[list[CompetencyUnit]] = relationship(
        back_populates="qualification",
        order_by="CompetencyUnit.position",
        cascade="all, delete-orphan",
    )

    def levels(self) -> dict[str, int | None]:
        return {
            "aqrf": self.aqrf_level,
            "tpqi": self.tpqi_level,
            "dsd": self.dsd_level,
            "cqf": self.cqf_level,
            "lao_tvet": self.lao_tvet_level,
            "nssa": self.nssa_level,
        }

    def audit_view(self) -> dict[str, object]:
        return {
            "code": self.code,
            **{f"title_{code}": title for code, title in self.titles().items()},
            "sector": self.sector,
            "levels": self.levels(),
            "isco08_code": self.isco08_code,
            "validity_years": self.validity_years,
            "status": self.status.value,
        }


class CompetencyUnit(TitledMixin, Base):
    __tablename__ = "competency_unit"
    __table_args__ = (
        UniqueConstraint("qualification_id", "code", name="uq_competency_unit_code"),
        UniqueConstraint("qualification_id", "position", name="uq_competency_unit_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    qualification_id: Mapped[int] = mapped_column(ForeignKey("qualification.id"), index=True)
    # The order is part of the certificate format: a statement of attainment's QR code is a bitmask
    # over this order, so units are appended, never renumbered, once certificates exist.
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))

    qualification: Mapped[Qualification] = relationship(back_populates="units")

    def audit_view(self) -> dict[str, object]:
        return {"code": self.code, "position": self.position, **self.titles()}
