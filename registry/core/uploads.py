"""What an uploaded evidence file really is, judged by its content and never by its name."""

from __future__ import annotations

from enum import StrEnum


class EvidenceType(StrEnum):
    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"


SIGNATURES: tuple[tuple[bytes, EvidenceType], ...] = (
    (b"%PDF-", EvidenceType.PDF),
    (b"\xff\xd8\xff", EvidenceType.JPEG),
    (b"\x89PNG\r\n\x1a\n", EvidenceType.PNG),
)
EXTENSIONS = {EvidenceType.PDF: ".pdf", EvidenceType.JPEG: ".jpg", EvidenceType.PNG: ".png"}


def sniff_evidence_type(head: bytes) -> EvidenceType | None:
    """The file type from its first bytes, or None for anything that is not PDF, JPEG or PNG."""
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    return None
