"""Public verification: one honest answer for a QR code or a typed number, and the log of every check.

Only what an employer needs leaves this module: status, name as printed, qualification, levels,
achieved units, centre, dates, number. Never birth dates, documents, contacts or failed units.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import URL, Connection, bindparam, select
from sqlalchemy.orm import Session

from registry.core import cose
from registry.core.certificate_numbers import InvalidCertificateNumber, normalise_number
from registry.core.outcomes import OutcomeKind
from registry.core.qr_payload import InvalidPayload, QrClaims, decode_claims
from registry.models import (
    Certificate,
    CertificateStatus,
    IssuerKey,
    Qualification,
    TrainingCentre,
    VerificationEvent,
)
from registry.models.types import utcnow
from registry.services.certificates import effective_status

ORGANISATION_MAX = 200
MAX_CODE_TEXT = 4_400


class Verdict(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    UNCHECKED = "unchecked"


class Channel(StrEnum):
    QR = "qr"
    NUMBER = "number"
    API = "api"
    UPLOAD = "upload"


@dataclass(frozen=True)
class CertificateFacts:
    """What checking a certificate needs, read in one query without building ORM objects (the hot path)."""

    id: int
    number: str
    kind: OutcomeKind
    status: CertificateStatus
    holder_name_latin: str
    qualification_id: int
    qualification_code: str
    centre_code: str
    centre_name_en: str
    centre_name_th: str
    issued_on: date
    expires_on: date | None
    issued_at: datetime
    status_list_id: int
    status_index: int
    qr_code: str
    kid: str
    unit_codes: list[str]


FACT_COLUMNS = (
    Certificate.id, Certificate.number, Certificate.kind, Certificate.status, Certificate.holder_name_latin,
    Certificate.qualification_id, Qualification.code.label("qualification_code"),
    TrainingCentre.code.label("centre_code"), TrainingCentre.name_en.label("centre_name_en"),
    TrainingCentre.name_th.label("centre_name_th"), Certificate.issued_on, Certificate.expires_on,
    Certificate.issued_at, Certificate.status_list_id, Certificate.status_index, Certificate.qr_code, Certificate.kid,
    Certificate.unit_codes,
)


# Built once: constructing a statement costs more than running it on an indexed number.
FACTS_BY_NUMBER = (
    select(*FACT_COLUMNS).join(Qualification, Qualification.id == Certificate.qualification_id)
    .join(TrainingCentre, TrainingCentre.id == Certificate.centre_id)
    .where(Certificate.number == bindparam("number"))
)


# Checks only read: the API reads on a connection of its own in autocommit (one round trip to PostgreSQL for the
# query, none for BEGIN and COMMIT); pages read through the request's session.
Reader = Session | Connection


def _connection(reader: Reader) -> Connection:
    return reader if isinstance(reader, Connection) else reader.connection()


def certificate_facts(reader: Reader, number: str) -> CertificateFacts | None:
    # Past the ORM's statement handling: these are plain rows, not entities.
    row = _connection(reader).execute(FACTS_BY_NUMBER, {"number": number}).one_or_none()
    return CertificateFacts(**row._asdict()) if row is not None else None


@dataclass(frozen=True)
class VerificationResult:
    verdict: Verdict
    facts: CertificateFacts | None
    checked_at: datetime
    problem: str = ""  # why a code is invalid or a number refused: "signature", "check", "format", ...


KEYS_FRESH_FOR = 5.0  # seconds: a new or compromised key takes effect within this time


@dataclass
class _KeyCache:
    loaded_at: float = float("-inf")
    database: URL | None = None
    keys: dict[str, tuple[object, str, datetime | None]] | None = None


_keys = _KeyCache()


def _public_keys(reader: Reader) -> dict[str, tuple[object, str, datetime | None]]:
    """kid -> (public key, centre code, compromised from), read from the database at most every few seconds."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    now = time.monotonic()
    connection = _connection(reader)
    database = connection.engine.url  # the session's engine and the API's share the cache: one database
    if _keys.keys is not None and _keys.database == database and now - _keys.loaded_at < KEYS_FRESH_FOR:
        return _keys.keys
    rows = connection.execute(select(IssuerKey.kid, IssuerKey.public_key, IssuerKey.compromised_from,
                                  TrainingCentre.code).join(TrainingCentre, TrainingCentre.id == IssuerKey.centre_id))
    _keys.keys = {row.kid: (Ed25519PublicKey.from_public_bytes(row.public_key), row.code, row.compromised_from)
                  for row in rows}
    _keys.loaded_at, _keys.database = now, database
    return _keys.keys


def forget_cached_keys() -> None:
    """For the operator's key commands and tests: the next check reads the keys afresh."""
    _keys.keys = None


def clean_code(text: str) -> str:
    """Codes copied by hand: case and spaces do not matter (base32 has one letter case and no spaces)."""
    text = text.strip()
    if "/v/" in text:
        text = text.rsplit("/v/", 1)[1]
    return re.sub(r"\s+", "", text).upper()


def _matches(facts: CertificateFacts, claims: QrClaims, code: str) -> bool:
    """The signed claims must be exactly what the registry issued under that number."""
    return (facts.qr_code == code and facts.holder_name_latin == claims.holder_name
            and facts.qualification_code == claims.qualification
            and facts.centre_code == claims.centre and facts.issued_on == claims.issued_on
            and facts.expires_on == claims.expires_on
            and (facts.status_list_id, facts.status_index) == claims.status)


def verify_code(reader: Reader, text: str, today: date) -> VerificationResult:
    now = utcnow()
    if len(text) > MAX_CODE_TEXT:
        return VerificationResult(Verdict.INVALID, None, now, "structure")
    code = clean_code(text)
    try:
        message = cose.from_code(code)
        keys = _public_keys(reader)
        try:
            kid, payload = cose.verify1(message, {kid: entry[0] for kid, entry in keys.items()})  # type: ignore[misc]
        except cose.InvalidSignature1 as error:
            if getattr(error, "reason", "") != "unknown_kid":
                raise
            forget_cached_keys()  # a key made since the last read: look once more
            keys = _public_keys(reader)
            kid, payload = cose.verify1(message, {kid: entry[0] for kid, entry in keys.items()})  # type: ignore[misc]
        claims = decode_claims(payload)
    except cose.InvalidSignature1 as error:
        return VerificationResult(Verdict.INVALID, None, now, getattr(error, "reason", "signature"))
    except (InvalidPayload, ValueError):
        return VerificationResult(Verdict.INVALID, None, now, "payload")
    _, centre_code, compromised_from = keys[kid]
    if centre_code != claims.centre:
        return VerificationResult(Verdict.INVALID, None, now, "wrong_centre_key")
    if compromised_from is not None and claims.issued_on >= compromised_from.date():
        return VerificationResult(Verdict.INVALID, None, now, "key_compromised")
    facts = certificate_facts(reader, claims.number)
    if facts is None:
        return VerificationResult(Verdict.NOT_FOUND, None, now, "unknown_number")
    if not _matches(facts, claims, code):
        return VerificationResult(Verdict.INVALID, None, now, "does_not_match_record")
    return VerificationResult(Verdict(effective_status(facts, today).value), facts, now)


def verify_number(reader: Reader, text: str, today: date) -> VerificationResult:
    now = utcnow()
    try:
        number = normalise_number(text[:100])
    except InvalidCertificateNumber as error:
        return VerificationResult(Verdict.INVALID if error.reason == "check" else Verdict.NOT_FOUND, None, now,
                                  error.reason)
    facts = certificate_facts(reader, number)
    if facts is None:
        return VerificationResult(Verdict.NOT_FOUND, None, now, "unknown_number")
    keys = _public_keys(reader)
    compromised_from = keys.get(facts.kid, (None, "", None))[2]
    if compromised_from is not None and facts.issued_at >= compromised_from:
        return VerificationResult(Verdict.INVALID, None, now, "key_compromised")
    return VerificationResult(Verdict(effective_status(facts, today).value), facts, now)


def verify_any(reader: Reader, text: str, today: date) -> VerificationResult:
    """A QR code, a verify URL or a typed number, whichever ``text`` is."""
    from registry.core.certificate_numbers import looks_like_number

    if looks_like_number(text):
        return verify_number(reader, text, today)
    return verify_code(reader, text, today)


def check_rows(results: Iterable[VerificationResult], channel: Channel) -> list[dict[str, object]]:
    """The log rows of checks of certificates (the holder sees them), for services/check_log.py to write."""
    return [{"certificate_id": result.facts.id, "at": result.checked_at, "channel": channel.value,
             "organisation": ""} for result in results if result.facts is not None]


def record_page_check(session: Session, result: VerificationResult, channel: Channel) -> VerificationEvent | None:
    """Log a check made on a page, keeping the event so the verifier may name themselves on it afterwards."""
    if result.facts is None:
        return None
    event = VerificationEvent(certificate_id=result.facts.id, at=result.checked_at, channel=channel.value,
                              organisation="")
    session.add(event)
    session.flush()
    return event


def name_the_verifier(session: Session, event_id: int, organisation: str) -> bool:
    """The verifier chose to tell the worker who checked: add it to their check, once."""
    event = session.get(VerificationEvent, event_id)
    name = " ".join(organisation.split())[:ORGANISATION_MAX]
    if event is None or event.organisation or not name:
        return False
    event.organisation = name
    return True


def certificate_of(session: Session, result: VerificationResult) -> Certificate | None:
    """The full record behind a result, for the verify page (the API answers from the facts alone)."""
    return session.get(Certificate, result.facts.id) if result.facts is not None else None


def successor_of(session: Session, certificate: Certificate) -> Certificate | None:
    if certificate.superseded_by_id is None:
        return None
    return session.get(Certificate, certificate.superseded_by_id)
