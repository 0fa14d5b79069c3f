"""Purpose-bound keys derived from one configured secret, so that no two uses share a key."""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

DOCUMENT_DIGEST_PURPOSE = b"registry/id-document-digest/v1"


def derive_key(master_secret: str, purpose: bytes, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=purpose).derive(
        master_secret.encode("utf-8")
    )
