"""A centre's signing keys: the private half sealed under the master secret, the public half published."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.models.base import Base
from registry.models.centre import TrainingCentre
from registry.models.types import UTCDateTime, utcnow


class IssuerKey(Base):
    __tablename__ = "issuer_key"
    # One signing key in use per centre, even when two first issuances create it at once.
    __table_args__ = (Index("uq_issuer_key_current", "centre_id", unique=True,
                            sqlite_where=text("retired_at IS NULL"), postgresql_where=text("retired_at IS NULL")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("training_centre.id"), index=True)
    kid: Mapped[str] = mapped_column(String(8), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    # AES-256-GCM under a key derived from REGISTRY_KEY_ENCRYPTION_KEY: nonce || ciphertext || tag.
    private_key_sealed: Mapped[bytes] = mapped_column(LargeBinary(128))
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    compromised_from: Mapped[datetime | None] = mapped_column(UTCDateTime)

    centre: Mapped[TrainingCentre] = relationship(lazy="joined")
