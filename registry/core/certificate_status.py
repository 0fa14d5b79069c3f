"""A certificate's status, why one is revoked, and the rule that makes a valid certificate past its date expired."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Protocol


class CertificateStatus(StrEnum):
    VALID = "valid"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"


class RevocationReason(StrEnum):
    ISSUED_IN_ERROR = "issued_in_error"
    FRAUD = "fraud"
    ASSESSMENT_OVERTURNED = "assessment_overturned"
    HOLDER_REQUEST = "holder_request"
    KEY_COMPROMISE = "key_compromise"
    OTHER = "other"


class HasStatus(Protocol):
    status: CertificateStatus
    expires_on: date | None


def effective_status(certificate: HasStatus, today: date) -> CertificateStatus:
    """Expiry needs no job to take effect: a valid certificate past its date reads as expired."""
    if certificate.status is CertificateStatus.VALID and certificate.expires_on and certificate.expires_on < today:
        return CertificateStatus.EXPIRED
    return certificate.status
