"""Assessments of one candidate against one qualification, with their unit results, evidence and appeals."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.core.outcomes import AssessmentMethod, UnitOutcome
from registry.core.workflow import AssessmentState
from registry.models.base import Base
from registry.models.candidate import Candidate
from registry.models.cohort import Cohort
from registry.models.qualification import CompetencyUnit, Qualification
from registry.models.types import UTCDateTime, enum_column, utcnow
from registry.models.user import User


class Assessment(Base):
    __tablename__ = "assessment"
    # A candidate is in a cohort once, however many requests add them at once.
    __table_args__ = (Index("uq_assessment_cohort_candidate", "cohort_id", "candidate_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("training_centre.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id"), index=True)
    qualification_id: Mapped[int] = mapped_column(ForeignKey("qualification.id"))
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id"), index=True)
    # Only registry.services.workflow.apply_transition assigns this.
    state: Mapped[AssessmentState] = mapped_column(enum_column(AssessmentState, 20), default=AssessmentState.DRAFT,
                                                   index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    return_reason: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    endorsed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    endorsed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    candidate: Mapped[Candidate] = relationship(lazy="joined")
    qualification: Mapped[Qualification] = relationship(lazy="joined")
    cohort: Mapped[Cohort | None] = relationship(back_populates="assessments")
    results: Mapped[list[UnitResult]] = relationship(back_populates="assessment", cascade="all, delete-orphan")
    evidence: Mapped[list[Evidence]] = relationship(back_populates="assessment", order_by="Evidence.id")
    appeals: Mapped[list[Appeal]] = relationship(back_populates="assessment", order_by="Appeal.id")
    endorsed_by: Mapped[User | None] = relationship(foreign_keys=[endorsed_by_id])

    __mapper_args__ = {"version_id_col": version}

    def outcomes_by_unit_code(self) -> dict[str, UnitOutcome]:
        return {result.unit.code: result.outcome for result in self.results}

    def audit_view(self) -> dict[str, object]:
        return {"state": self.state.value, "candidate": self.candidate_id,
                "qualification": self.qualification.code}


class UnitResult(Base):
    __tablename__ = "unit_result"
    __table_args__ = (UniqueConstraint("assessment_id", "unit_id", name="uq_unit_result_assessment_unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("competency_unit.id"))
    outcome: Mapped[UnitOutcome] = mapped_column(enum_column(UnitOutcome, 20))
    method: Mapped[AssessmentMethod] = mapped_column(enum_column(AssessmentMethod, 20))
    assessor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    assessed_on: Mapped[date] = mapped_column(Date)

    assessment: Mapped[Assessment] = relationship(back_populates="results")
    unit: Mapped[CompetencyUnit] = relationship(lazy="joined")
    assessor: Mapped[User] = relationship()


class Evidence(Base):
    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("training_centre.id"), index=True)
    description: Mapped[str] = mapped_column(String(200), default="")
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    assessment: Mapped[Assessment] = relationship(back_populates="evidence")
    uploaded_by: Mapped[User] = relationship()


class Appeal(Base):
    __tablename__ = "appeal"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    lodged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lodged_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    decision: Mapped[str] = mapped_column(String(20), default="")
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    assessment: Mapped[Assessment] = relationship(back_populates="appeals")
