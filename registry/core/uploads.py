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


def download_name(original_name: str, content_type: str) -> str:
    """The name a file is served under: its own, with the extension of what its content is (a PDF uploaded as
    ``x.html`` downloads as ``x.pdf``, so that no browser opens it as a page)."""
    stem = original_name.rsplit("/", 1)[-1].rsplit(".", 1)[0].strip() or "evidence"
    return stem + EXTENSIONS[EvidenceType(content_type)]
