"""Identity documents: only the type, the last four characters and a keyed hash are ever stored."""

from __future__ import annotations

import hashlib
import hmac
import re
from enum import StrEnum


class DocumentType(StrEnum):
    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    CERTIFICATE_OF_IDENTITY = "certificate_of_identity"
    PINK_CARD = "pink_card"
    WORK_PERMIT = "work_permit"


DOCUMENT_NUMBER_PATTERN = re.compile(r"^[A-Z0-9]{4,30}$")


def normalise_document_number(number: str) -> str:
    """Upper case without spaces or dashes, as clerks type the same number in different ways."""
    return re.sub(r"[\s\-/.]", "", number).upper()


def document_last_four(number: str) -> str:
    return normalise_document_number(number)[-4:]


def document_digest(key: bytes, document_type: DocumentType, number: str) -> str:
    """HMAC-SHA256 of type and number under a secret key: finds duplicates, reveals nothing if leaked."""
    message = f"{document_type.value}:{normalise_document_number(number)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
