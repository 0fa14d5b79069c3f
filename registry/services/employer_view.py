"""What the verify page tells an employer beyond the verdict: what a partial award covers, since when a certificate
is revoked or suspended and whom to ask, and what lets them match the paper to the worker in front of them.

The API answers from the certificate's facts alone (the hot path); these are read only for the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo

from sqlalchemy.orm import Session

from registry.core.documents import DocumentType
from registry.core.local_days import local_date
from registry.models import Candidate, Certificate, CompetencyUnit, ConsentPurpose


@dataclass(frozen=True)
class Coverage:
    """The units of the qualification a certificate covers, and those it does not (a statement of attainment)."""

    achieved: list[CompetencyUnit]
    not_covered: list[CompetencyUnit]

    @property
    def partial(self) -> bool:
        return bool(self.not_covered)

    @property
    def total(self) -> int:
        return len(self.achieved) + len(self.not_covered)


def coverage(certificate: Certificate) -> Coverage:
    achieved = set(certificate.unit_codes)
    units = certificate.qualification.units
    return Coverage([u for u in units if u.code in achieved], [u for u in units if u.code not in achieved])


@dataclass(frozen=True)
class Matching:
    """Only what the worker agreed employers may see to match the certificate to them: never the date of birth or
    the document's number."""

    name_thai: str
    birth_year: int | None  # None once erased
    document_type: DocumentType | None
    document_last4: str | None


def matching(session: Session, certificate: Certificate) -> Matching | None:
    """The matching details, or None where the worker did not consent to verification (or withdrew it)."""
    candidate = session.get(Candidate, certificate.candidate_id)
    if candidate is None or not candidate.consented_to(ConsentPurpose.VERIFICATION):
        return None
    born = candidate.date_of_birth
    return Matching(name_thai=candidate.name_thai, birth_year=born.year if born else None,
                    document_type=candidate.id_document_type,
                    document_last4=candidate.id_document_last4 if candidate.id_document_type else None)


@dataclass(frozen=True)
class StatusNotice:
    """Since when a certificate is no longer valid, and the centre an employer can ask (never the reason)."""

    since: date | None  # the registry's calendar day; None for a change older than the registry's record of it
    centre_name_en: str
    centre_name_th: str
    phone: str
    email: str


def status_notice(certificate: Certificate, zone: tzinfo) -> StatusNotice:
    centre = certificate.centre
    changed = certificate.status_changed_at
    return StatusNotice(since=local_date(changed, zone) if changed else None, centre_name_en=centre.name_en,
                        centre_name_th=centre.name_th, phone=centre.contact_phone, email=centre.contact_email)
