"""Work too long for a request (a spreadsheet imported, a cohort issued and printed), done by the job queue's
workers: what was asked, by whom, how far it got and how it ended."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import Base
from registry.models.types import UTCDateTime, enum_column, utcnow


class JobKind(StrEnum):
    IMPORT = "import"  # a checked spreadsheet's rows written
    ISSUE = "issue"  # a cohort's endorsed assessments certified and their PDFs rendered


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(Base):
    __tablename__ = "job"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[JobKind] = mapped_column(enum_column(JobKind, 12))
    state: Mapped[JobState] = mapped_column(enum_column(JobState, 12), default=JobState.QUEUED, index=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("training_centre.id"), index=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    subject_id: Mapped[int | None] = mapped_column(Integer)  # the import a job writes
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    failure: Mapped[str] = mapped_column(String(500), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
