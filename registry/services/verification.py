"""Public verification: one honest answer for a QR code or a typed number, and the log of every check.

Only what an employer needs leaves this module: status, name as printed, qualification, levels,
achieved units, centre, dates, number. Never birth dates, documents, contacts or failed units.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import URL, Connection, select
from sqlalchemy.orm import Session

from registry.core import cose
from registry.core.certificate_lifecycle import effective_status
from registry.core.certificate_numbers import InvalidCertificateNumber, looks_like_number, normalise_number
from registry.core.key_trust import key_problem
from registry.core.outcomes import OutcomeKind
from registry.core.qr_payload import InvalidPayload, decode_claims, unverified_fields
from registry.models import (
    Candidate,
    Certificate,
    CertificateStatus,
    IssuerKey,
    Qualification,
    TrainingCentre,
    VerificationEvent,
)
from registry.models.types import utcnow
from registry.services.certificate_rows import certificate_row
from registry.services.recent_checks import recent_checks

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
    units_mask: int
    holder_withheld: bool = False  # consent to online verification withdrawn (services/consents.py)


# Checks only read: the API reads on a connection of its own in autocommit (one round trip to PostgreSQL for the
# query, none for BEGIN and COMMIT); pages read through the request's session.
Reader = Session | Connection


def _connection(reader: Reader) -> Connection:
    return reader if isinstance(reader, Connection) else reader.connection()


@contextmanager
def records_session(reader: Reader) -> Iterator[Session]:
    """An ORM session reading through ``reader``, for the rare reads that need whole records (the catalogue)."""
    if isinstance(reader, Session):
        yield reader
        return
    with Session(bind=reader) as session:
        yield session


DIRECTORY_FRESH_FOR = 5.0  # seconds: a new or compromised key, or a renamed centre, takes effect within this time


@dataclass(frozen=True)
class Directory:
    """What every check needs besides the certificate's row, kept in memory and read afresh every few seconds.

    A registry has a few thousand centres, qualifications and keys; reading them with every check would cost more
    than the check. A centre's and a qualification's code never change once certificates carry them.
    """

    keys: dict[str, tuple[object, str, datetime | None]]  # kid -> (public key, centre code, compromised from)
    centres: dict[int, tuple[str, str, str]]  # id -> (code, English name, Thai name)
    qualifications: dict[int, str]  # id -> code


@dataclass
class _DirectoryCache:
    loaded_at: float = float("-inf")
    database: URL | None = None
    directory: Directory | None = None


_directory_cache = _DirectoryCache()


def directory(reader: Reader, *, fresh: bool = False) -> Directory:
    """The directory, read from the database when ``fresh`` or when older than DIRECTORY_FRESH_FOR."""
    now = time.monotonic()
    connection = _connection(reader)
    database = connection.engine.url  # the session's engine and the API's share the cache: one database
    cache = _directory_cache
    if (not fresh and cache.directory is not None and (cache.database is database or cache.database == database)
            and now - cache.loaded_at < DIRECTORY_FRESH_FOR):
        return cache.directory
    keys = connection.execute(
        select(IssuerKey.kid, IssuerKey.public_key, IssuerKey.compromised_from, TrainingCentre.code)
        .join(TrainingCentre, TrainingCentre.id == IssuerKey.centre_id))
    centres = connection.execute(select(TrainingCentre.id, TrainingCentre.code, TrainingCentre.name_en,
                                        TrainingCentre.name_th))
    qualifications = connection.execute(select(Qualification.id, Qualification.code))
    cache.directory = Directory(
        keys={row.kid: (Ed25519PublicKey.from_public_bytes(row.public_key), row.code, row.compromised_from)
              for row in keys},
        centres={row.id: (row.code, row.name_en, row.name_th) for row in centres},
        qualifications={row.id: row.code for row in qualifications})
    cache.loaded_at, cache.database = now, database
    return cache.directory


def forget_cached_directory() -> None:
    """For the operator's key commands and tests: the next check reads the directory afresh."""
    _directory_cache.directory = None


def certificate_facts(reader: Reader, number: str) -> CertificateFacts | None:
    """What a check needs of the certificate under ``number``: its row, with its centre and qualification."""
    row = certificate_row(_connection(reader), number)
    if row is None:
        return None
    names = directory(reader)
    if row["centre_id"] not in names.centres or row["qualification_id"] not in names.qualifications:
        names = directory(reader, fresh=True)  # made since the directory was read
    centre_code, centre_name_en, centre_name_th = names.centres[row.pop("centre_id")]
    return CertificateFacts(**row, qualification_code=names.qualifications[row["qualification_id"]],
                            centre_code=centre_code, centre_name_en=centre_name_en, centre_name_th=centre_name_th)


@dataclass(frozen=True)
class VerificationResult:
    verdict: Verdict
    facts: CertificateFacts | None
    checked_at: datetime
    problem: str = ""  # why a code is invalid or a number refused: "signature", "check", "format", ...


def clean_code(text: str) -> str:
    """Codes copied by hand: case and spaces do not matter (base32 has one letter case and no spaces), and a pasted
    verify URL counts for its code (a query or fragment a browser added to it is left off)."""
    text = text.strip()
    if "/v/" in text:
        text = re.split(r"[?#]", text.rsplit("/v/", 1)[1], maxsplit=1)[0]
    return re.sub(r"\s+", "", text).upper()


def verify_code(reader: Reader, text: str, today: date) -> VerificationResult:
    now = utcnow()
    if len(text) > MAX_CODE_TEXT:
        return VerificationResult(Verdict.INVALID, None, now, "structure")
    code = clean_code(text)
    try:
        message = cose.from_code(code)
    except cose.InvalidSignature1 as error:
        return VerificationResult(Verdict.INVALID, None, now, error.reason)
    facts = _issued_exactly(reader, message, code)
    keys = directory(reader).keys
    if facts is not None and facts.kid in keys:
        return _trusted(keys[facts.kid], facts, today, now)
    return _verify_signature(reader, message, code, today, now)


def _issued_exactly(reader: Reader, message: bytes, code: str) -> CertificateFacts | None:
    """The record of the certificate whose code this is, byte for byte, and whose fields it still carries.

    Such a code is the registry's own signed message, so its signature is not checked again: online it would prove
    nothing more, the public keys being read from this same database. The signature is what lets a verifier
    trust the paper with no connection; any code not issued exactly so has its signature checked, and the
    answer says what is wrong with it. Nor are the claims' types checked one by one: a code equal to the stored
    one carries exactly what was checked when it was issued.
    """
    fields = unverified_fields(cose.unverified_payload(message))
    if fields is None or type(fields.get("n")) is not str:
        return None
    facts = certificate_facts(reader, fields["n"])
    if facts is None or facts.qr_code != code:
        return None
    return facts if _record_carries(facts, fields) else None


def _record_carries(facts: CertificateFacts, fields: Mapping[Any, Any]) -> bool:
    """The record holds what the code's payload says: the code is the one issued under that number, and the record
    was not altered since (its units too: a full award's code names none, a statement's names them by mask)."""
    full = facts.kind is OutcomeKind.QUALIFICATION
    return (facts.holder_name_latin == fields.get("h") and facts.qualification_code == fields.get("q")
            and facts.centre_code == fields.get("p") and facts.issued_on == fields.get("d")
            and facts.expires_on == fields.get("x") and [facts.status_list_id, facts.status_index] == fields.get("s")
            and fields.get("k") == ("Q" if full else "S") and fields.get("u") == (None if full else facts.units_mask)
            and len(facts.unit_codes) == facts.units_mask.bit_count())


def _verify_signature(reader: Reader, message: bytes, code: str, today: date, now: datetime) -> VerificationResult:
    keys = directory(reader).keys
    try:
        try:
            kid, payload = cose.verify1(message, {kid: entry[0] for kid, entry in keys.items()})  # type: ignore[misc]
        except cose.InvalidSignature1 as error:
            if error.reason != "unknown_kid":
                raise
            keys = directory(reader, fresh=True).keys  # a key made since the last read: look once more
            kid, payload = cose.verify1(message, {kid: entry[0] for kid, entry in keys.items()})  # type: ignore[misc]
        claims = decode_claims(payload)
    except cose.InvalidSignature1 as error:
        return VerificationResult(Verdict.INVALID, None, now, error.reason)
    except (InvalidPayload, ValueError):
        return VerificationResult(Verdict.INVALID, None, now, "payload")
    if keys[kid][1] != claims.centre:
        return VerificationResult(Verdict.INVALID, None, now, "wrong_centre_key")
    facts = certificate_facts(reader, claims.number)
    if facts is None:
        return VerificationResult(Verdict.NOT_FOUND, None, now, "unknown_number")
    if facts.qr_code != code or not _record_carries(facts, unverified_fields(payload) or {}):
        return VerificationResult(Verdict.INVALID, None, now, "does_not_match_record")
    return _trusted(keys[kid], facts, today, now)


def _trusted(key: tuple[object, str, datetime | None], facts: CertificateFacts, today: date,
             now: datetime) -> VerificationResult:
    """The certificate's current status, if the key that signed it can be trusted for it (core/key_trust.py: the
    same rule for a code and a number, on the instant the record says it was signed)."""
    _, key_centre, compromised_from = key
    problem = key_problem(key_centre, compromised_from, facts.centre_code, facts.issued_at)
    if problem:
        return VerificationResult(Verdict.INVALID, None, now, problem)
    return VerificationResult(Verdict(effective_status(facts, today).value), facts, now)


def verify_number(reader: Reader, text: str, today: date) -> VerificationResult:
    now = utcnow()
    try:
        number = normalise_number(text[:100])
    except InvalidCertificateNumber as error:
        # A mistyped character is a typing slip, never a sign of forgery: nothing has that number.
        return VerificationResult(Verdict.NOT_FOUND, None, now, error.reason)
    facts = certificate_facts(reader, number)
    if facts is None:
        return VerificationResult(Verdict.NOT_FOUND, None, now, "unknown_number")
    keys = directory(reader).keys
    if facts.kid not in keys:
        keys = directory(reader, fresh=True).keys  # a key made since the directory was read
    if facts.kid not in keys:
        return VerificationResult(Verdict.INVALID, None, now, "unknown_kid")
    return _trusted(keys[facts.kid], facts, today, now)


def verify_any(reader: Reader, text: str, today: date) -> VerificationResult:
    """A QR code, a verify URL or a typed number, whichever ``text`` is."""
    if looks_like_number(text):
        return verify_number(reader, text, today)
    return verify_code(reader, text, today)


def check_rows(results: Iterable[VerificationResult], channel: Channel, client: str = "") -> list[dict[str, object]]:
    """The log rows of checks of certificates (the holder sees them), for services/check_log.py to write; a
    client's repeated checks of one certificate are logged once in a while (services/recent_checks.py)."""
    found = [(result, result.facts) for result in results if result.facts is not None]
    firsts = recent_checks.firsts_in_window(client, [facts.id for _, facts in found]) if found else []
    return [{"certificate_id": facts.id, "at": result.checked_at, "channel": channel.value, "organisation": ""}
            for (result, facts), first in zip(found, firsts, strict=True) if first]


def birth_year_matches(reader: Reader, facts: CertificateFacts, given: str) -> bool:
    """Whether ``given`` is the holder's year of birth (Gregorian, or the Buddhist era a Thai employer may write)."""
    text = given.strip()
    if not (text.isdigit() and len(text) == 4):
        return False
    with records_session(reader) as session:
        born = session.scalar(select(Candidate.date_of_birth)
                              .join(Certificate, Certificate.candidate_id == Candidate.id)
                              .where(Certificate.id == facts.id))
    return born is not None and int(text) in (born.year, born.year + 543)


def record_page_check(session: Session, result: VerificationResult, channel: Channel,
                      client: str = "") -> VerificationEvent | None:
    """Log a check made on a page, keeping the event so the verifier may name themselves on it afterwards; a
    client's repeated checks of one certificate are logged once in a while (services/recent_checks.py)."""
    if result.facts is None or not recent_checks.first_in_window(client, result.facts.id):
        return None
    event = VerificationEvent(certificate_id=result.facts.id, at=result.checked_at, channel=channel.value,
                              organisation="")
    session.add(event)
    session.flush()
    return event


class Naming(StrEnum):
    NAMED = "named"
    ALREADY = "already"  # one name per check: the token of a check cannot be used again
    EMPTY = "empty"


def name_the_verifier(session: Session, event_id: int, organisation: str) -> Naming:
    """The verifier chose to tell the worker who checked: add it to their check, once. The text is kept as plain
    text: controls, bidirectional overrides and zero-width characters removed, spaces collapsed, clipped."""
    event = session.get(VerificationEvent, event_id)
    name = " ".join(_without_invisible(organisation).split())[:ORGANISATION_MAX]
    if event is None or event.organisation:
        return Naming.ALREADY
    if not name:
        return Naming.EMPTY
    event.organisation = name
    return Naming.NAMED


# Controls, and the direction marks and overrides that can make a note read backwards; the joiners some scripts need
# (U+200C, U+200D) stay.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")


def _without_invisible(text: str) -> str:
    return _INVISIBLE.sub(" ", text)


HOLDER_PAGE_CHECKS = 100


def checks_shown_to_holder(session: Session, certificate: Certificate) -> list[VerificationEvent]:
    """The latest checks of ``certificate`` as its worker sees them: the notes they hid are left out."""
    return list(session.scalars(select(VerificationEvent).where(
        VerificationEvent.certificate_id == certificate.id, VerificationEvent.hidden.is_(False))
        .order_by(VerificationEvent.at.desc(), VerificationEvent.id.desc()).limit(HOLDER_PAGE_CHECKS)))


def hide_check_note(session: Session, certificate: Certificate, event_id: int) -> bool:
    """Hide one check from the worker's page; only a check of their own certificate."""
    event = session.get(VerificationEvent, event_id)
    if event is None or event.certificate_id != certificate.id or event.hidden:
        return False
    event.hidden = True
    return True


def certificate_of(session: Session, result: VerificationResult) -> Certificate | None:
    """The full record behind a result, for the verify page (the API answers from the facts alone)."""
    return session.get(Certificate, result.facts.id) if result.facts is not None else None


def successor_of(session: Session, certificate: Certificate) -> Certificate | None:
    if certificate.superseded_by_id is None:
        return None
    return session.get(Certificate, certificate.superseded_by_id)
