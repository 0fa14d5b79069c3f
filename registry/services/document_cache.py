"""Rendered certificate documents kept on disk: a certificate's printed form never changes (its status is not
printed), so each document is rendered once and read back from its file afterwards."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from registry.core.files import FileStore
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


def cached(store: FileStore, name: str, render: Callable[[], bytes]) -> bytes:
    """The document kept in ``store`` under ``name``, rendered and kept there first if it is not yet (a store's
    writes are whole or nothing: a concurrent reader sees the whole document or none)."""
    kept = store.read(name)
    if kept is not None:
        return kept
    body = render()
    store.write(name, [body])
    return body
