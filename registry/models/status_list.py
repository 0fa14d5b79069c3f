"""A centre's status lists: a certificate's slot in one says whether it is revoked or suspended."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import Base
from registry.models.types import UTCDateTime, utcnow


class StatusList(Base):
    """A centre's Bitstring Status List; its id is the list number in QR codes and credentials."""

    __tablename__ = "status_list"

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("training_centre.id"), index=True)
    size: Mapped[int] = mapped_column(Integer)
    next_index: Mapped[int] = mapped_column(Integer, default=0)
    # Bumped on every status change of a certificate in the list: the published list's ETag.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
