"""Each centre's Ed25519 signing keys: creation, rotation, compromise, and the public JWKS."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.jose import public_jwk
from registry.core.key_sealing import seal_private_key, unseal_private_key
from registry.errors import InvalidInput, NotFound
from registry.models import IssuerKey, TrainingCentre, User
from registry.models.types import utcnow
from registry.services.audit import record_change
from registry.services.row_locks import insert_or_ignore
from registry.services.verification import forget_cached_directory

KID_LENGTH = 6
_unsealed: dict[tuple[str, bytes], Ed25519PrivateKey] = {}


def key_id_for(public_raw: bytes) -> str:
    """Six base32 characters of the public key's SHA-256: short (a small QR code) and stable."""
    return base64.b32encode(hashlib.sha256(public_raw).digest()).decode("ascii")[:KID_LENGTH]


def _new_key_pair(session: Session) -> tuple[Ed25519PrivateKey, bytes, str]:
    private = Ed25519PrivateKey.generate()
    public_raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    kid = key_id_for(public_raw)
    while session.scalar(select(IssuerKey.id).where(IssuerKey.kid == kid)) is not None:  # pragma: no cover
        private = Ed25519PrivateKey.generate()
        public_raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        kid = key_id_for(public_raw)
    return private, public_raw, kid


def create_key(session: Session, actor: User | None, centre: TrainingCentre, master_secret: str) -> IssuerKey:
    """A new signing key for ``centre``; the previous one retires but stays listed, so its certificates verify."""
    private, public_raw, kid = _new_key_pair(session)
    now = utcnow()
    for previous in session.scalars(select(IssuerKey).where(IssuerKey.centre_id == centre.id,
                                                            IssuerKey.retired_at.is_(None))):
        previous.retired_at = now
    session.flush()  # retired before its successor is added: the database allows one current key per centre
    key = IssuerKey(centre_id=centre.id, kid=kid, public_key=public_raw, valid_from=now,
                    private_key_sealed=seal_private_key(private, kid, master_secret))
    session.add(key)
    session.flush()
    record_change(session, actor, "issuer_key.create", key, after={"kid": kid, "centre": centre.code},
                  centre_id=centre.id)
    return key


def _first_key(session: Session, centre: TrainingCentre, master_secret: str) -> None:
    """The centre's first key, unless a concurrent request made one first (then theirs is used)."""
    private, public_raw, kid = _new_key_pair(session)
    created = session.execute(
        insert_or_ignore(session, IssuerKey).values(
            centre_id=centre.id, kid=kid, public_key=public_raw, valid_from=utcnow(),
            private_key_sealed=seal_private_key(private, kid, master_secret))
        .on_conflict_do_nothing(index_elements=[IssuerKey.centre_id], index_where=IssuerKey.retired_at.is_(None))
        .returning(IssuerKey.id)).scalar_one_or_none()
    if created is not None:
        key = session.get(IssuerKey, created)
        record_change(session, None, "issuer_key.create", key, after={"kid": kid, "centre": centre.code},
                      centre_id=centre.id)


def _current(session: Session, centre: TrainingCentre) -> IssuerKey | None:
    return session.scalar(select(IssuerKey).where(IssuerKey.centre_id == centre.id, IssuerKey.retired_at.is_(None)))


def current_key(session: Session, centre: TrainingCentre, master_secret: str) -> tuple[IssuerKey, Ed25519PrivateKey]:
    """The centre's signing key, created on first use."""
    key = _current(session, centre)
    if key is None:
        _first_key(session, centre, master_secret)
        key = _current(session, centre)
        assert key is not None
    cache_key = (key.kid, key.private_key_sealed)
    if cache_key not in _unsealed:
        _unsealed[cache_key] = unseal_private_key(key.private_key_sealed, key.kid, master_secret)
    return key, _unsealed[cache_key]


def mark_compromised_by_operator(session: Session, kid: str, since: datetime) -> IssuerKey:
    return mark_compromised(session, None, kid, since)


def mark_compromised(session: Session, actor: User | None, kid: str, since: datetime) -> IssuerKey:
    """Certificates this key signed from ``since`` on verify as invalid; a new key takes over at once."""
    key = session.scalar(select(IssuerKey).where(IssuerKey.kid == kid))
    if key is None:
        raise NotFound()
    if since.tzinfo is None:
        raise InvalidInput({"since": [_l("Give the date and time with a timezone.")]})
    key.compromised_from = since
    forget_cached_directory()
    if key.retired_at is None:
        key.retired_at = utcnow()
    record_change(session, actor, "issuer_key.compromised", key, after={"kid": kid, "since": since.isoformat()},
                  centre_id=key.centre_id)
    return key


def public_keys(session: Session) -> dict[str, Ed25519PublicKey]:
    return {key.kid: Ed25519PublicKey.from_public_bytes(key.public_key)
            for key in session.scalars(select(IssuerKey))}


def jwks(session: Session) -> dict[str, Any]:
    """Every issuer key ever used, retired ones included, with its centre and validity window."""
    keys = []
    for key in session.scalars(select(IssuerKey).order_by(IssuerKey.id)):
        keys.append({
            **public_jwk(key.kid, Ed25519PublicKey.from_public_bytes(key.public_key)),
            "centre": key.centre.code,
            "valid_from": key.valid_from.isoformat(),
            "valid_until": key.retired_at.isoformat() if key.retired_at else None,
            "compromised_from": key.compromised_from.isoformat() if key.compromised_from else None,
        })
    return {"keys": keys}
