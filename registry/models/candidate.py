"""Candidates: the workers a centre assesses, with their recorded consent."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.core.documents import DocumentType
from registry.models.base import Base
from registry.models.types import UTCDateTime, enum_column, utcnow


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNDISCLOSED = "undisclosed"


class ConsentPurpose(StrEnum):
    ASSESSMENT = "assessment"
    CERTIFICATION = "certification"
    VERIFICATION = "verification"
    CONTACT = "contact"


class Candidate(Base):
    __tablename__ = "candidate"
    __table_args__ = (
        Index("ix_candidate_centre_document", "centre_id", "id_document_digest"),
        Index("ix_candidate_centre_latin_birth", "centre_id", "name_latin_folded", "date_of_birth"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("training_centre.id"), index=True)
    name_latin: Mapped[str] = mapped_column(String(200))
    name_native: Mapped[str] = mapped_column(String(200), default="")
    # As on the Thai work permit (pink card): what an employer in Thailand compares the certificate with.
    name_thai: Mapped[str] = mapped_column(String(200), default="", server_default="")
    script: Mapped[str | None] = mapped_column(String(4))
    name_latin_folded: Mapped[str] = mapped_column(String(200))
    search_key: Mapped[str] = mapped_column(String(402))
    nationality: Mapped[str] = mapped_column(String(2))
    sex: Mapped[Sex] = mapped_column(enum_column(Sex, 12))
    date_of_birth: Mapped[date | None] = mapped_column(Date)  # None once erased
    id_document_type: Mapped[DocumentType | None] = mapped_column(enum_column(DocumentType, 30))
    id_document_last4: Mapped[str | None] = mapped_column(String(4))
    id_document_digest: Mapped[str | None] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(32), default="")
    preferred_language: Mapped[str] = mapped_column(String(5), default="en")
    returnee: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Erased at the worker's request: what is kept is what their certificates need to stay verifiable.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    consents: Mapped[list[Consent]] = relationship(back_populates="candidate", order_by="Consent.id",
                                                   cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    def consented_to(self, purpose: ConsentPurpose) -> bool:
        return any(c.purpose is purpose and c.withdrawn_at is None for c in self.consents)

    def audit_view(self) -> dict[str, object]:
        # Never the document number: only its type and last four characters.
        return {
            "name_latin": self.name_latin,
            "name_native": self.name_native,
            "name_thai": self.name_thai,
            "nationality": self.nationality,
            "sex": self.sex.value,
            "date_of_birth": self.date_of_birth.isoformat() if self.date_of_birth else None,
            "id_document": (f"{self.id_document_type.value} …{self.id_document_last4}"
                            if self.id_document_type else None),
            "phone": self.phone,
            "preferred_language": self.preferred_language,
            "returnee": self.returnee,
        }


class Consent(Base):
    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id"), index=True)
    purpose: Mapped[ConsentPurpose] = mapped_column(enum_column(ConsentPurpose, 20))
    notice_version: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(5))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    candidate: Mapped[Candidate] = relationship(back_populates="consents")
