"""The register of certificates staff search: by number, holder name in any script, or cohort; by status,
qualification and date of issue. A centre's staff see their centre's; the registry's administrator every one."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, or_, select

from registry.core.certificate_lifecycle import CertificateStatus
from registry.core.certificate_numbers import InvalidCertificateNumber, looks_like_number, normalise_number
from registry.core.names import search_term
from registry.core.roles import Role
from registry.models import Assessment, Candidate, Certificate, User
from registry.services.scope import restrict_to_scope

STATUSES = ("valid", "expired", "suspended", "revoked", "superseded")


@dataclass(frozen=True)
class RegisterQuery:
    text: str = ""  # a number (whole or part) or a name in any script
    cohort_id: int | None = None
    status: str = ""  # one of STATUSES, or "" for any
    qualification_id: int | None = None
    issued_from: date | None = None
    issued_to: date | None = None


def _text_condition(text: str, by_name: bool = True) -> Any:
    if looks_like_number(text):
        try:
            return Certificate.number == normalise_number(text)
        except InvalidCertificateNumber:
            pass  # a part of a number, or one mistyped: match what it contains
    if not by_name:
        return Certificate.number.contains(text.upper().replace(" ", ""), autoescape=True)
    printed = unicodedata.normalize("NFC", text)
    # The name as printed on the certificate too: a name corrected since still finds what was issued under it.
    conditions = [Certificate.number.contains(text.upper().replace(" ", ""), autoescape=True),
                  Certificate.holder_name_latin.icontains(printed, autoescape=True),
                  Certificate.holder_name_native.contains(printed, autoescape=True)]
    term = search_term(text)
    if term:
        conditions.append(Candidate.search_key.contains(term, autoescape=True))
    return or_(*conditions)


def _status_condition(status: str, today: date) -> Any:
    live_until_today = or_(Certificate.expires_on.is_(None), Certificate.expires_on >= today)
    if status == "valid":
        return and_(Certificate.status == CertificateStatus.VALID, live_until_today)
    if status == "expired":
        return and_(Certificate.status == CertificateStatus.VALID, Certificate.expires_on < today)
    return Certificate.status == CertificateStatus(status)


def _filtered(actor: User, query: RegisterQuery, today: date) -> Select[Certificate]:
    statement = restrict_to_scope(select(Certificate), actor, Certificate.centre_id)
    text = query.text.strip()
    if text:
        # The registry's administrator sees no worker's name, so cannot look for one either.
        by_name = actor.role is not Role.ADMIN
        statement = statement.join(Candidate, Candidate.id == Certificate.candidate_id).where(
            _text_condition(text, by_name))
    if query.cohort_id is not None:
        statement = statement.join(Assessment, Assessment.id == Certificate.assessment_id).where(
            Assessment.cohort_id == query.cohort_id)
    if query.status in STATUSES:
        statement = statement.where(_status_condition(query.status, today))
    if query.qualification_id is not None:
        statement = statement.where(Certificate.qualification_id == query.qualification_id)
    if query.issued_from is not None:
        statement = statement.where(Certificate.issued_on >= query.issued_from)
    if query.issued_to is not None:
        statement = statement.where(Certificate.issued_on <= query.issued_to)
    return statement


def register_query(actor: User, query: RegisterQuery, today: date) -> Select[Certificate]:
    """The certificates the actor may see that match, newest first (the page paginates it)."""
    return _filtered(actor, query, today).order_by(Certificate.issued_at.desc(), Certificate.id.desc())
