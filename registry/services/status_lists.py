"""Publishing each centre's Bitstring Status Lists (revocation and suspension), signed as VC-JWTs."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core import jose
from registry.core.status_list import encode_bitstring, status_list_credential
from registry.errors import NotFound
from registry.models import Certificate, CertificateStatus, StatusList, TrainingCentre
from registry.models.types import utcnow
from registry.services import issuer_keys
from registry.services.certificate_documents import status_list_url

PURPOSES = ("revocation", "suspension")
# Revoked, superseded and expired certificates are no longer valid; suspension is reversible.
REVOKED_STATES = (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED, CertificateStatus.EXPIRED)
_published: dict[tuple[object, ...], str] = {}


def flagged_indexes(session: Session, status_list: StatusList, purpose: str, today: date) -> list[int]:
    statement = select(Certificate.status_index).where(Certificate.status_list_id == status_list.id)
    if purpose == "suspension":
        statement = statement.where(Certificate.status == CertificateStatus.SUSPENDED)
    else:
        statement = statement.where(
            Certificate.status.in_(REVOKED_STATES)
            | ((Certificate.status == CertificateStatus.VALID) & (Certificate.expires_on < today))
        )
    return list(session.scalars(statement))


def published_list(session: Session, list_id: int, purpose: str, base_url: str, master_secret: str,
                   today: date) -> tuple[str, int]:
    """The signed status list credential and its revision (for ETag); cached until a status changes."""
    status_list = session.get(StatusList, list_id)
    if status_list is None or purpose not in PURPOSES:
        raise NotFound()
    centre = status_list_centre(session, status_list)
    key, private = issuer_keys.current_key(session, centre, master_secret)
    # The signing key and the list's birth are in the key too: a rebuilt database can never get another's list.
    cache_key = (list_id, purpose, status_list.revision, today, key.kid, status_list.created_at)
    if cache_key not in _published:
        url = status_list_url(base_url, list_id, purpose)
        issuer: dict[str, Any] = {"id": f"{base_url}/centres/{centre.code}", "type": ["Profile"],
                                  "name": centre.name_en}
        encoded = encode_bitstring(flagged_indexes(session, status_list, purpose, today), status_list.size)
        credential = status_list_credential(url, issuer, encoded, purpose, utcnow())
        _published[cache_key] = jose.sign_compact(credential, key.kid, private, "vc+jwt")
    return _published[cache_key], status_list.revision


def status_list_centre(session: Session, status_list: StatusList) -> TrainingCentre:
    centre = session.get(TrainingCentre, status_list.centre_id)
    assert centre is not None
    return centre
