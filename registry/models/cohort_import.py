"""A spreadsheet uploaded to a cohort: kept as uploaded between the dry run and the import, with what the check
found and what the import created."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import Base
from registry.models.types import UTCDateTime, enum_column, utcnow


class ImportState(StrEnum):
    CHECKED = "checked"  # read and checked: nothing written yet
    IMPORTING = "importing"
    IMPORTED = "imported"
    FAILED = "failed"


class CohortImport(Base):
    __tablename__ = "cohort_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("training_centre.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    filename: Mapped[str] = mapped_column(String(200))
    # The same file uploaded twice is recognised by its digest: it creates nothing twice.
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[ImportState] = mapped_column(enum_column(ImportState, 16), default=ImportState.CHECKED)
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    # The sheet's rows as read at upload (dates in ISO form): the import does not parse the file again.
    rows: Mapped[list[list[Any]]] = mapped_column(JSON, default=list)
    # Rows already written, by spreadsheet row number: an import resumed after a crash skips them.
    rows_done: Mapped[list[int]] = mapped_column(JSON, default=list)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_candidates: Mapped[int] = mapped_column(Integer, default=0)
    created_assessments: Mapped[int] = mapped_column(Integer, default=0)
    updated_assessments: Mapped[int] = mapped_column(Integer, default=0)
    failure: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
