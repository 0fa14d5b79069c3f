"""Registering and finding candidates, with their consent and without their identity numbers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from babel import Locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, or_, select
from sqlalchemy.orm import Session

from registry.core.documents import (
    DOCUMENT_NUMBER_PATTERN,
    DocumentType,
    document_digest,
    document_last_four,
    normalise_document_number,
)
from registry.core.languages import is_supported
from registry.core.names import NATIVE_SCRIPTS, detect_script, fold_latin, has_foreign_characters, search_key
from registry.core.names import search_term as fold_query
from registry.errors import Conflict, InvalidInput, PossibleDuplicate, StaleRecord
from registry.models import Candidate, Consent, ConsentPurpose, Sex, User
from registry.models.types import utcnow
from registry.services.audit import Change, changed_fields, record_change, record_changes
from registry.services.scope import get_in_scope, require_in_scope, restrict_to_scope

CONSENT_NOTICE_VERSION = "2026-11"
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()\-]{6,20}$")
OLDEST_BIRTH_YEAR = 1900
MINIMUM_AGE_YEARS = 14
SEARCH_LIMIT = 50
ERASED_RECORD = _l("This worker's data was erased at their request: their record can no longer be changed.")


@dataclass
class IdentityDocument:
    type: DocumentType
    number: str


@dataclass
class CandidateDetails:
    name_latin: str
    nationality: str
    sex: str
    date_of_birth: date | None
    name_native: str = ""
    name_thai: str = ""  # as on the Thai work permit (pink card), for employers in Thailand
    id_document: IdentityDocument | None = None
    phone: str = ""
    preferred_language: str = "en"
    returnee: bool = False
    consent_purposes: list[str] = field(default_factory=list)
    consent_language: str = "en"
    notice_version: str = CONSENT_NOTICE_VERSION


def problems_with(details: CandidateDetails, today: date) -> dict[str, list[object]]:
    errors: dict[str, list[object]] = {}
    latin = details.name_latin.strip()
    if not latin:
        errors["name_latin"] = [_l("This field is required.")]
    elif len(latin) > 200:
        errors["name_latin"] = [_l("Use at most %(max)d characters.", max=200)]
    elif detect_script(latin) != "Latn" or has_foreign_characters(latin):
        errors["name_latin"] = [_l("Write the name in Latin letters, as printed in the identity document.")]
    native = details.name_native.strip()
    if native:
        script = detect_script(native)
        if len(native) > 200:
            errors["name_native"] = [_l("Use at most %(max)d characters.", max=200)]
        elif script not in NATIVE_SCRIPTS or has_foreign_characters(native):
            errors["name_native"] = [
                _l("Write the name in one script only: Khmer, Lao, Burmese or Thai, without Latin letters or digits.")
            ]
    thai = details.name_thai.strip()
    if len(thai) > 200:
        errors["name_thai"] = [_l("Use at most %(max)d characters.", max=200)]
    elif thai and (detect_script(thai) != "Thai" or has_foreign_characters(thai)):
        errors["name_thai"] = [_l("Write the name in Thai script, as on the Thai work permit.")]
    if len(details.nationality) != 2 or details.nationality not in Locale("en").territories:
        errors["nationality"] = [_l("Choose a nationality.")]
    if details.sex not in set(Sex):
        errors["sex"] = [_l("Choose one.")]
    born = details.date_of_birth
    if born is None:
        errors["date_of_birth"] = [_l("Give a date as YYYY-MM-DD.")]
    elif born > today:
        errors["date_of_birth"] = [_l("The date of birth cannot be in the future.")]
    elif born.year < OLDEST_BIRTH_YEAR or born > date(today.year - MINIMUM_AGE_YEARS, today.month, min(today.day, 28)):
        errors["date_of_birth"] = [_l("Check the date of birth: candidates are at least 14 years old.")]
    if details.id_document is not None:
        number = normalise_document_number(details.id_document.number)
        if not DOCUMENT_NUMBER_PATTERN.match(number):
            errors["id_document_number"] = [_l("Give 4 to 30 letters or digits.")]
    if details.phone.strip() and not PHONE_PATTERN.match(details.phone.strip()):
        errors["phone"] = [_l("Give a phone number of digits, with an optional + and country code.")]
    if not is_supported(details.preferred_language):
        errors["preferred_language"] = [_l("Choose one of the registry's languages.")]
    purposes = set(details.consent_purposes)
    if ConsentPurpose.ASSESSMENT.value not in purposes:
        errors["consent_purposes"] = [_l("The candidate must consent to the assessment before it can be recorded.")]
    elif not purposes <= {purpose.value for purpose in ConsentPurpose}:
        errors["consent_purposes"] = [_l("Choose one of the options.")]
    if not is_supported(details.consent_language):
        errors["consent_language"] = [_l("Choose one of the registry's languages.")]
    return errors


def possible_duplicates(session: Session, centre_id: int, details: CandidateDetails, document_key: bytes,
                        exclude_id: int | None = None) -> list[Candidate]:
    """Same document (by keyed hash) or same Latin name and birth date, in the same centre."""
    conditions = []
    if details.id_document is not None:
        digest = document_digest(document_key, details.id_document.type, details.id_document.number)
        conditions.append(Candidate.id_document_digest == digest)
    if details.date_of_birth is not None:
        conditions.append((Candidate.name_latin_folded == fold_latin(details.name_latin))
                          & (Candidate.date_of_birth == details.date_of_birth))
    if not conditions:
        return []
    statement = select(Candidate).where(Candidate.centre_id == centre_id, or_(*conditions))
    if exclude_id is not None:
        statement = statement.where(Candidate.id != exclude_id)
    return list(session.scalars(statement.limit(10)))


def _apply(candidate: Candidate, details: CandidateDetails, document_key: bytes) -> None:
    candidate.name_latin = " ".join(details.name_latin.split())
    candidate.name_native = " ".join(details.name_native.split())
    candidate.name_thai = " ".join(details.name_thai.split())
    candidate.script = detect_script(candidate.name_native) if candidate.name_native else "Latn"
    candidate.name_latin_folded = fold_latin(candidate.name_latin)
    candidate.search_key = search_key(candidate.name_latin, candidate.name_native)
    candidate.nationality = details.nationality
    candidate.sex = Sex(details.sex)
    assert details.date_of_birth is not None
    candidate.date_of_birth = details.date_of_birth
    if details.id_document is not None:
        candidate.id_document_type = details.id_document.type
        candidate.id_document_last4 = document_last_four(details.id_document.number)
        candidate.id_document_digest = document_digest(document_key, details.id_document.type,
                                                       details.id_document.number)
    candidate.phone = re.sub(r"[^\d+]", "", details.phone)
    candidate.preferred_language = details.preferred_language
    candidate.returnee = details.returnee


def register_candidate(session: Session, actor: User, details: CandidateDetails, *, document_key: bytes,
                       today: date, confirm_duplicate: bool = False) -> Candidate:
    """Register a candidate of the actor's centre; a likely duplicate needs ``confirm_duplicate``."""
    require_in_scope(actor, actor.centre_id)
    errors = problems_with(details, today)
    if errors:
        raise InvalidInput(errors)
    assert actor.centre_id is not None
    matches = possible_duplicates(session, actor.centre_id, details, document_key)
    if matches and not confirm_duplicate:
        raise PossibleDuplicate(matches, _l("A candidate with the same identity document, or the same name and "
                                            "date of birth, is already registered. Check before saving."))
    [candidate] = register_candidates(session, actor, [details], document_key=document_key, today=today)
    return candidate


def register_candidates(session: Session, actor: User, people: Sequence[CandidateDetails], *, document_key: bytes,
                        today: date) -> list[Candidate]:
    """Register several candidates of the actor's centre in one flush (a spreadsheet's rows, whose possible
    duplicates were decided by the person importing them)."""
    require_in_scope(actor, actor.centre_id)
    for details in people:
        errors = problems_with(details, today)
        if errors:
            raise InvalidInput(errors)
    made = []
    for details in people:
        candidate = Candidate(centre_id=actor.centre_id, created_by_id=actor.id)
        _apply(candidate, details, document_key)
        session.add(candidate)
        made.append(candidate)
    session.flush()
    # One INSERT for every consent of the batch: a cohort of 500 records 1,500 of them.
    consents = [{"candidate_id": candidate.id, "purpose": ConsentPurpose(purpose),
                 "notice_version": details.notice_version, "language": details.consent_language,
                 "recorded_by_id": actor.id, "given_at": utcnow()}
                for candidate, details in zip(made, people, strict=True)
                for purpose in sorted(set(details.consent_purposes))]
    if consents:
        session.execute(insert(Consent), consents)
    record_changes(session, actor, [
        Change("candidate.create", Candidate.__tablename__, candidate.id, candidate.centre_id,
               after={**candidate.audit_view(), "consent": sorted(details.consent_purposes),
                      "notice_version": details.notice_version})
        for candidate, details in zip(made, people, strict=True)])
    return made


def update_candidate(session: Session, actor: User, candidate: Candidate, details: CandidateDetails, *,
                     document_key: bytes, today: date, expected_version: int) -> Candidate:
    require_in_scope(actor, candidate.centre_id)
    if candidate.erased_at is not None:
        raise Conflict(ERASED_RECORD)
    if expected_version != candidate.version:
        raise StaleRecord(_l("Someone else saved this candidate while you were editing. Your entries are kept "
                             "below: check them against the saved record and save again."))
    errors = problems_with(details, today)
    errors.pop("consent_purposes", None)  # consent is recorded once, at registration
    if errors:
        raise InvalidInput(errors)
    before = candidate.audit_view()
    _apply(candidate, details, document_key)
    session.flush()
    old, new = changed_fields(before, candidate.audit_view())
    if new:
        record_change(session, actor, "candidate.update", candidate, before=old, after=new,
                      centre_id=candidate.centre_id)
    return candidate


def get_candidate(session: Session, actor: User, candidate_id: int) -> Candidate:
    return get_in_scope(session, Candidate, candidate_id, actor, "centre_id")


def search_candidates(session: Session, actor: User, query: str) -> list[Candidate]:
    """By name in any script (normalised; Latin without case or accents), phone, or document last four."""
    statement = restrict_to_scope(select(Candidate), actor, Candidate.centre_id)
    query = query.strip()
    if query:
        term = fold_query(query)
        digits = re.sub(r"\D", "", query)
        conditions = [Candidate.search_key.contains(term, autoescape=True)]
        if len(digits) >= 4:
            conditions.append(Candidate.phone.contains(digits[-8:], autoescape=True))
        if len(query) == 4:
            conditions.append(Candidate.id_document_last4 == query.upper())
        statement = statement.where(or_(*conditions))
    return list(session.scalars(statement.order_by(Candidate.name_latin_folded).limit(SEARCH_LIMIT)))
