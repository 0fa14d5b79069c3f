"""Issuing certificates from endorsed assessments, and their lifecycle: suspend, reinstate, revoke, reissue.

Issuance signs the QR payload (COSE_Sign1, Ed25519) with the centre's key, takes a number and a status
list slot that no concurrent issuance can also take, and stores only a hash of the holder's secret link.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from registry.core import cose
from registry.core.certificate_lifecycle import (
    LIFECYCLE,
    LIVE_STATUSES,
    CertificateAction,
    allowed_certificate_actions,
    effective_status,
)
from registry.core.certificate_numbers import compose_number
from registry.core.outcomes import OutcomeKind, achieved_units
from registry.core.qr_payload import QrClaims, encode_claims
from registry.core.roles import Role
from registry.core.tokens import token_digest
from registry.core.workflow import AssessmentState
from registry.errors import Conflict, Forbidden, InvalidInput, NotFound
from registry.models import (
    Assessment,
    Certificate,
    CertificateCounter,
    CertificateStatus,
    ConsentPurpose,
    RevocationReason,
    StatusList,
    TrainingCentre,
    User,
)
from registry.models.report_tally import mark_stale
from registry.models.types import utcnow
from registry.services import consents, issuer_keys
from registry.services.assessments import kind_of
from registry.services.audit import Change, record_change, record_changes
from registry.services.integrity import unique_violation
from registry.services.row_locks import insert_or_ignore
from registry.services.scope import require_in_scope

STATUS_LIST_SIZE = 131_072  # 16 KiB of bits: the W3C minimum, for herd privacy
HOLDER_TOKEN_BYTES = 18


@dataclass(frozen=True)
class IssueContext:
    master_secret: str
    base_url: str
    today: date


@dataclass
class Issued:
    """Certificates just issued, with each one's secret holder link (shown once, stored only hashed)."""

    certificates: list[Certificate] = field(default_factory=list)
    holder_tokens: dict[int, str] = field(default_factory=dict)


def _expiry(issued: date, years: int | None) -> date | None:
    if not years:
        return None
    try:
        return issued.replace(year=issued.year + years)
    except ValueError:  # 29 February
        return issued.replace(year=issued.year + years, day=28)


def _reserve_sequences(session: Session, centre_id: int, year: int, count: int) -> range:
    """Take ``count`` consecutive sequence numbers in one atomic UPDATE ... RETURNING."""
    session.execute(insert_or_ignore(session, CertificateCounter).values(centre_id=centre_id, year=year,
                                                                         last_sequence=0).on_conflict_do_nothing())
    last = session.execute(
        update(CertificateCounter).where(CertificateCounter.centre_id == centre_id, CertificateCounter.year == year)
        .values(last_sequence=CertificateCounter.last_sequence + count)
        .returning(CertificateCounter.last_sequence)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return range(last - count + 1, last + 1)


def _reserve_status_slots(session: Session, centre_id: int, count: int) -> list[tuple[int, int]]:
    """Status list slots for ``count`` certificates, opening new lists as old ones fill up."""
    slots: list[tuple[int, int]] = []
    while len(slots) < count:
        wanted = count - len(slots)
        current = session.scalar(select(StatusList).where(StatusList.centre_id == centre_id)
                                 .order_by(StatusList.id.desc()).limit(1))
        if current is None or current.next_index >= current.size:
            current = StatusList(centre_id=centre_id, size=STATUS_LIST_SIZE, next_index=0, revision=0)
            session.add(current)
            session.flush()
        end = session.execute(
            update(StatusList).where(StatusList.id == current.id, StatusList.next_index < StatusList.size)
            .values(next_index=StatusList.next_index + wanted)
            .returning(StatusList.next_index, StatusList.size)
            .execution_options(synchronize_session=False)
        ).one_or_none()
        if end is None:
            continue
        stop = min(end.next_index, end.size)
        start = end.next_index - wanted
        slots.extend((current.id, index) for index in range(start, stop))
        if end.next_index > end.size:  # we overshot the end: give the list its true fill back
            session.execute(update(StatusList).where(StatusList.id == current.id).values(next_index=StatusList.size)
                            .execution_options(synchronize_session=False))
    return slots


def _check_issuable(actor: User, assessment: Assessment) -> None:
    require_in_scope(actor, assessment.centre_id)
    if actor.role is not Role.PROVIDER_ADMIN:
        raise Forbidden(_l("Only the head of the centre issues certificates."))
    if assessment.state is not AssessmentState.ENDORSED:
        raise Conflict(_l("Only an endorsed assessment can be certified."))
    if kind_of(assessment) is OutcomeKind.NONE:
        raise Conflict(_l("No unit was achieved: there is nothing to certify."))


def can_issue(actor: User, assessment: Assessment, issued: Sequence[Certificate]) -> bool:
    """Whether a page may offer to issue ``assessment``'s certificate, ``issued`` being its certificates so far."""
    try:
        _check_issuable(actor, assessment)
    except (Forbidden, Conflict):
        return False
    return not any(certificate.status in LIVE_STATUSES for certificate in issued)


def _already_certified(assessment: Assessment) -> Conflict:
    return Conflict(_l("%(name)s already has a certificate for this assessment: reissue it instead.",
                       name=assessment.candidate.name_latin))


def issue_certificates(session: Session, actor: User, assessments: Sequence[Assessment], context: IssueContext,
                       *, replacing: dict[int, Certificate] | None = None) -> Issued:
    """Issue one certificate per endorsed assessment (a whole cohort at once), in a few statements per centre."""
    replacing = replacing or {}
    # One query for every assessment's unit results, not one per assessment.
    session.scalars(select(Assessment).where(Assessment.id.in_([a.id for a in assessments]))
                    .options(selectinload(Assessment.results))).all()
    for assessment in assessments:
        _check_issuable(actor, assessment)
    people = {assessment.candidate_id for assessment in assessments}
    if refused := consents.withdrawn(session, people, ConsentPurpose.CERTIFICATION):
        name = next(a.candidate.name_latin for a in assessments if a.candidate_id in refused)
        raise Conflict(_l("%(name)s withdrew consent to certification: no certificate can be issued to them.",
                          name=name))
    verifiable = consents.in_force(session, people, ConsentPurpose.VERIFICATION)
    live = set(session.scalars(select(Certificate.assessment_id).where(
        Certificate.assessment_id.in_([a.id for a in assessments]), Certificate.status.in_(LIVE_STATUSES))))
    already = [a for a in assessments if a.id in live]
    if already:
        raise _already_certified(already[0])
    issued = Issued()
    by_centre: dict[int, list[Assessment]] = {}
    for assessment in assessments:
        by_centre.setdefault(assessment.centre_id, []).append(assessment)
    now = utcnow()
    rows: list[dict[str, Any]] = []
    tokens: dict[str, str] = {}
    for centre_id, group in by_centre.items():
        centre = session.get(TrainingCentre, centre_id)
        assert centre is not None
        key, private = issuer_keys.current_key(session, centre, context.master_secret)
        sequences = _reserve_sequences(session, centre_id, context.today.year, len(group))
        slots = _reserve_status_slots(session, centre_id, len(group))
        for assessment, sequence, (list_id, index) in zip(group, sequences, slots, strict=True):
            row, token = _build(assessment, centre, key.kid, private, sequence, list_id, index, context)
            previous = replacing.get(assessment.id)
            row.update(issued_by_id=actor.id, issued_at=now, supersedes_id=previous.id if previous else None,
                       holder_withheld=assessment.candidate_id not in verifiable)
            rows.append(row)
            tokens[row["number"]] = token
    if not rows:
        return issued
    # A plain multi-row INSERT: the ORM would insert row by row on SQLite to learn each new id.
    try:
        session.execute(insert(Certificate), rows)
    except IntegrityError as error:
        # Another request certified one of these assessments after our check: the live-assessment index refused
        # the second (numbers, slots and tokens cannot collide: they are reserved atomically or random).
        if not unique_violation(error):
            raise
        raise (_already_certified(assessments[0]) if len(assessments) == 1 else Conflict()) from None
    mark_stale(session, days=[day for row in rows for day in (row["issued_on"], row["expires_on"])])
    issued.certificates = list(session.scalars(
        select(Certificate).where(Certificate.number.in_(list(tokens))).order_by(Certificate.id)))
    issued.holder_tokens = {c.id: tokens[c.number] for c in issued.certificates}
    record_changes(session, actor, [
        Change("certificate.issue", Certificate.__tablename__, certificate.id, certificate.centre_id,
               after={"number": certificate.number, "kind": certificate.kind.value,
                      "assessment": certificate.assessment_id, "kid": certificate.kid})
        for certificate in issued.certificates], at=now)
    _supersede_statements_by_full_awards(session, actor, issued.certificates)
    return issued


def _supersede_statements_by_full_awards(session: Session, actor: User, new: Sequence[Certificate]) -> None:
    """A later full award replaces the holder's statements of attainment for the same qualification."""
    awards = {(c.candidate_id, c.qualification_id): c for c in new if c.kind is OutcomeKind.QUALIFICATION}
    if not awards:
        return
    # One query for the whole batch: the statements held by any of these holders.
    earlier = session.scalars(select(Certificate).where(
        Certificate.candidate_id.in_({candidate for candidate, _ in awards}),
        Certificate.kind == OutcomeKind.STATEMENT_OF_ATTAINMENT, Certificate.status.in_(LIVE_STATUSES)))
    for statement in earlier:
        award = awards.get((statement.candidate_id, statement.qualification_id))
        if award is not None:
            _set_status(session, actor, statement, CertificateStatus.SUPERSEDED, "upgraded")
            statement.superseded_by_id = award.id


def _build(assessment: Assessment, centre: TrainingCentre, kid: str, private: Any, sequence: int, list_id: int,
           index: int, context: IssueContext) -> tuple[dict[str, Any], str]:
    qualification = assessment.qualification
    codes = [unit.code for unit in qualification.units]
    outcomes = assessment.outcomes_by_unit_code()
    achieved = achieved_units(codes, outcomes)
    mask = sum(1 << position for position, code in enumerate(codes) if code in achieved)
    kind = kind_of(assessment)
    number = compose_number(centre.country, centre.code, context.today.year, sequence)
    expires = _expiry(context.today, qualification.validity_years)
    candidate = assessment.candidate
    claims = QrClaims(
        number=number, holder_name=candidate.name_latin, qualification=qualification.code,
        kind="Q" if kind is OutcomeKind.QUALIFICATION else "S",
        units_mask=None if kind is OutcomeKind.QUALIFICATION else mask,
        centre=centre.code, issued_on=context.today, expires_on=expires, status=(list_id, index),
    )
    code = cose.to_code(cose.sign1(encode_claims(claims), kid, private))
    token = secrets.token_urlsafe(HOLDER_TOKEN_BYTES)
    assessed_on = max((result.assessed_on for result in assessment.results), default=context.today)
    row = dict(
        number=number, assessment_id=assessment.id, candidate_id=candidate.id, centre_id=centre.id,
        qualification_id=qualification.id, kind=kind, status=CertificateStatus.VALID,
        holder_name_latin=candidate.name_latin, holder_name_native=candidate.name_native,
        holder_language=candidate.preferred_language, units_mask=mask, unit_codes=achieved,
        assessed_on=assessed_on, issued_on=context.today, expires_on=expires, status_list_id=list_id,
        status_index=index, kid=kid, qr_code=code, credential_id=f"urn:uuid:{uuid.uuid4()}",
        holder_token_hash=token_digest(token), status_reason="", status_note="", version=1,
    )
    return row, token


def find_certificate(session: Session, number: str) -> Certificate | None:
    return session.scalar(select(Certificate).where(Certificate.number == number))


def get_certificate(session: Session, actor: User, number: str) -> Certificate:
    certificate = find_certificate(session, number)
    if certificate is None:
        raise NotFound()
    require_in_scope(actor, certificate.centre_id)
    return certificate


def certificate_for_holder(session: Session, token: str) -> Certificate | None:
    if not token or len(token) > 64:
        return None
    return session.scalar(select(Certificate).where(Certificate.holder_token_hash == token_digest(token)))


REFUSALS = {
    CertificateAction.SUSPEND: _l("Only a valid certificate can be suspended."),
    CertificateAction.REINSTATE: _l("Only a suspended certificate can be reinstated."),
    CertificateAction.REVOKE: _l("This certificate is already %(status)s: revocation is final."),
    CertificateAction.REISSUE: _l("Only a valid or suspended certificate can be reissued."),
}


def offered_actions(actor: User, certificate: Certificate, today: date) -> list[CertificateAction]:
    """What ``actor`` may do to ``certificate`` now: exactly what the lifecycle table allows (core)."""
    if actor.centre_id != certificate.centre_id:
        return []
    return allowed_certificate_actions(effective_status(certificate, today), actor.role)


def _check_step(actor: User, certificate: Certificate, action: CertificateAction, today: date) -> None:
    require_in_scope(actor, certificate.centre_id)
    step = LIFECYCLE[action]
    if actor.role not in step.roles:
        raise Forbidden(_l("Only the head of the centre changes a certificate's status."))
    status = effective_status(certificate, today)
    if status not in step.sources:
        refusal = REFUSALS.get(action)
        raise Conflict(refusal % {"status": status.value} if refusal is not None else None)


def _set_status(session: Session, actor: User, certificate: Certificate, status: CertificateStatus,
                reason: str = "", note: str = "") -> Certificate:
    """Apply a status, publish it in the certificate's status list (a new revision) and audit it."""
    before = certificate.audit_view()
    certificate.status = status
    certificate.status_reason = reason
    certificate.status_note = note
    certificate.status_changed_at = utcnow()
    session.execute(update(StatusList).where(StatusList.id == certificate.status_list_id)
                    .values(revision=StatusList.revision + 1).execution_options(synchronize_session=False))
    session.flush()
    record_change(session, actor, f"certificate.{status.value}", certificate, before=before,
                  after=certificate.audit_view(), centre_id=certificate.centre_id)
    return certificate


def check_change(actor: User, certificate: Certificate, action: CertificateAction, reason: str = "", *,
                 today: date) -> None:
    """Refuse now what ``action`` would refuse, changing nothing: a page asks before it confirms a change."""
    _check_step(actor, certificate, action, today)
    if action is CertificateAction.SUSPEND and not reason.strip():
        raise InvalidInput({"reason": [_l("Give the reason.")]})
    if action is CertificateAction.REVOKE and reason not in set(RevocationReason):
        raise InvalidInput({"reason": [_l("Choose one of the reasons: %(reasons)s.",
                                          reasons=", ".join(r.value for r in RevocationReason))]})


def suspend(session: Session, actor: User, certificate: Certificate, reason: str, *, today: date) -> Certificate:
    check_change(actor, certificate, CertificateAction.SUSPEND, reason, today=today)
    return _set_status(session, actor, certificate, CertificateStatus.SUSPENDED, "suspended", reason.strip()[:500])


def reinstate(session: Session, actor: User, certificate: Certificate, *, today: date) -> Certificate:
    _check_step(actor, certificate, CertificateAction.REINSTATE, today)
    return _set_status(session, actor, certificate, CertificateStatus.VALID)


def revoke(session: Session, actor: User, certificate: Certificate, reason: str, note: str = "", *,
           today: date) -> Certificate:
    check_change(actor, certificate, CertificateAction.REVOKE, reason, today=today)
    return _set_status(session, actor, certificate, CertificateStatus.REVOKED, reason, note.strip()[:500])


def reissue(session: Session, actor: User, certificate: Certificate, context: IssueContext) -> Issued:
    """A new certificate from the same assessment (a corrected name, a later upgrade); the old one is superseded
    first, so the assessment never has two live certificates, not even within this transaction."""
    _check_step(actor, certificate, CertificateAction.REISSUE, context.today)
    assessment = session.get(Assessment, certificate.assessment_id)
    assert assessment is not None
    _set_status(session, actor, certificate, CertificateStatus.SUPERSEDED, "reissued")
    issued = issue_certificates(session, actor, [assessment], context, replacing={assessment.id: certificate})
    certificate.superseded_by_id = issued.certificates[0].id
    return issued


def replace_holder_link(session: Session, actor: User, certificate: Certificate, *, today: date) -> str:
    """A new secret link for the worker; the old one stops working (a lost or shared slip)."""
    _check_step(actor, certificate, CertificateAction.NEW_HOLDER_LINK, today)
    token = secrets.token_urlsafe(HOLDER_TOKEN_BYTES)
    certificate.holder_token_hash = token_digest(token)
    record_change(session, actor, "certificate.holder_link", certificate, after={"number": certificate.number},
                  centre_id=certificate.centre_id)
    return token


def certificates_of_assessment(session: Session, actor: User, assessment: Assessment) -> list[Certificate]:
    require_in_scope(actor, assessment.centre_id)
    return list(session.scalars(select(Certificate).where(Certificate.assessment_id == assessment.id)
                                .order_by(Certificate.id)))
