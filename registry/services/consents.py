"""Consent per purpose, withdrawn (or given again) at the worker's request, with its effect applied at once.

- ``verification`` withdrawn: the online answer about the worker's certificates gives the verdict and the
  qualification only (``Certificate.holder_withheld``); the printed QR code still proves itself offline, since it
  carries its own signed text.
- ``contact`` withdrawn: the phone number is deleted (it is kept for nothing else).
- ``certification`` withdrawn: no certificate is issued to them any more; those issued stay valid.
- ``assessment`` withdrawn: no new assessment is opened for them; what was recorded stays until erasure is asked.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from registry.core.roles import Role
from registry.errors import Conflict, Forbidden
from registry.models import Candidate, Certificate, Consent, ConsentPurpose, User
from registry.models.types import utcnow
from registry.services.audit import record_change
from registry.services.candidates import CONSENT_NOTICE_VERSION, get_candidate

MAY_CHANGE = (Role.ADMIN, Role.PROVIDER_ADMIN)

EFFECTS = {
    ConsentPurpose.VERIFICATION: _l("Employers checking a certificate online see only whether it is valid and its "
                                    "qualification, not the worker's name, units, centre or dates. The printed QR "
                                    "code can still be checked offline."),
    ConsentPurpose.CONTACT: _l("The phone number is deleted and the centre no longer contacts the worker."),
    ConsentPurpose.CERTIFICATION: _l("No new certificate is issued to the worker; certificates already issued stay "
                                     "valid."),
    ConsentPurpose.ASSESSMENT: _l("No new assessment is opened for the worker; results already recorded stay until "
                                  "the worker asks for erasure."),
}


def in_force(session: Session, candidate_ids: Iterable[int], purpose: ConsentPurpose) -> set[int]:
    """Which of these candidates have ``purpose``'s consent in force (given and not withdrawn)."""
    return set(session.scalars(select(Consent.candidate_id).where(
        Consent.candidate_id.in_(list(candidate_ids)), Consent.purpose == purpose, Consent.withdrawn_at.is_(None))))


def withdrawn(session: Session, candidate_ids: Iterable[int], purpose: ConsentPurpose) -> set[int]:
    """Which of these candidates withdrew ``purpose``'s consent and have not given it again."""
    ids = list(candidate_ids)
    gone = set(session.scalars(select(Consent.candidate_id).where(
        Consent.candidate_id.in_(ids), Consent.purpose == purpose, Consent.withdrawn_at.is_not(None))))
    return gone - in_force(session, gone, purpose) if gone else set()


def _withhold_online(session: Session, candidate: Candidate, withheld: bool) -> None:
    session.execute(update(Certificate).where(Certificate.candidate_id == candidate.id)
                    .values(holder_withheld=withheld))


def withdraw(session: Session, actor: User, candidate_id: int, purpose: ConsentPurpose) -> Candidate:
    if actor.role not in MAY_CHANGE:
        raise Forbidden()
    candidate = get_candidate(session, actor, candidate_id)
    given = [consent for consent in candidate.consents if consent.purpose is purpose and consent.withdrawn_at is None]
    if not given:
        raise Conflict(_l("This consent is not in force: there is nothing to withdraw."))
    now = utcnow()
    for consent in given:
        consent.withdrawn_at = now
    if purpose is ConsentPurpose.VERIFICATION:
        _withhold_online(session, candidate, True)
    if purpose is ConsentPurpose.CONTACT:
        candidate.phone = ""
    record_change(session, actor, "candidate.consent_withdraw", candidate, centre_id=candidate.centre_id,
                  after={"purpose": purpose.value})
    return candidate


def give(session: Session, actor: User, candidate_id: int, purpose: ConsentPurpose, language: str) -> Candidate:
    """Consent given (again), as read to the worker in ``language`` from the current notice."""
    if actor.role not in MAY_CHANGE:
        raise Forbidden()
    candidate = get_candidate(session, actor, candidate_id)
    if candidate.erased_at is not None and purpose is not ConsentPurpose.VERIFICATION:
        raise Conflict(_l("This worker's data was erased: only consent to verification can be given again."))
    if candidate.consented_to(purpose):
        raise Conflict(_l("This consent is already in force."))
    candidate.consents.append(Consent(purpose=purpose, notice_version=CONSENT_NOTICE_VERSION, language=language,
                                      recorded_by_id=actor.id, given_at=utcnow()))
    if purpose is ConsentPurpose.VERIFICATION:
        _withhold_online(session, candidate, False)
    record_change(session, actor, "candidate.consent_give", candidate, centre_id=candidate.centre_id,
                  after={"purpose": purpose.value, "language": language, "notice_version": CONSENT_NOTICE_VERSION})
    return candidate
