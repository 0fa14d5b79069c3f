"""Rendered certificate documents kept on disk: a certificate's printed form never changes (its status is not
printed), so each document is rendered once and read back from its file afterwards."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from pathlib import Path

from registry.models import Certificate


def document_name(certificate: Certificate, form: str, language: str) -> str:
    """The file name of ``certificate`` printed as ``form`` ("a4", "card") with ``language`` as the holder's."""
    # The signed code in the name: a number reused by a rebuilt database can never get another's file.
    fingerprint = hashlib.sha256(certificate.qr_code.encode("ascii")).hexdigest()[:16]
    return f"{certificate.number}-{fingerprint}-{form}-{language}.pdf"


def qr_image_name(certificate: Certificate) -> str:
    """The file name of the QR image kept beside ``certificate``'s documents (the same for every language)."""
    fingerprint = hashlib.sha256(certificate.qr_code.encode("ascii")).hexdigest()[:16]
    return f"{certificate.number}-{fingerprint}-qr.png"


def cached(folder: Path, name: str, render: Callable[[], bytes]) -> bytes:
    """The document kept in ``folder`` under ``name``, rendered and kept there first if it is not yet."""
    path = folder / name
    if path.is_file():
        return path.read_bytes()
    body = render()
    folder.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{secrets.token_hex(4)}.tmp")
    temporary.write_bytes(body)
    temporary.replace(path)  # atomic: a concurrent reader sees the whole file or none
    return body
