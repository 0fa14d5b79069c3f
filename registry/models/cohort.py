"""Cohorts: candidates of one centre assessed together against one qualification, and their assessors."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, Date, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.models.base import Base
from registry.models.qualification import Qualification
from registry.models.types import UTCDateTime, utcnow
from registry.models.user import User

if TYPE_CHECKING:  # the relationship below names Assessment as a string; assessment.py imports this module
    from registry.models.assessment import Assessment

cohort_assessor = Table(
    "cohort_assessor",
    Base.metadata,
    Column("cohort_id", ForeignKey("cohort.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id"), primary_key=True),
)


class Cohort(Base):
    __tablename__ = "cohort"

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("training_centre.id"), index=True)
    qualification_id: Mapped[int] = mapped_column(ForeignKey("qualification.id"))
    name: Mapped[str] = mapped_column(String(200))
    assessment_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    qualification: Mapped[Qualification] = relationship(lazy="joined")
    assessors: Mapped[list[User]] = relationship(secondary=cohort_assessor, order_by=User.username)
    assessments: Mapped[list[Assessment]] = relationship(back_populates="cohort", order_by="Assessment.id")

    def audit_view(self) -> dict[str, object]:
        return {"name": self.name, "qualification": self.qualification.code,
                "assessment_date": self.assessment_date.isoformat(),
                "assessors": [user.username for user in self.assessors]}
