"""A worker's right to rectification (PDPA section 35) where it reaches their certificates: a name corrected on the
record is printed on new certificates that supersede those issued under the old name, and the verifier of an old
one is pointed to its successor."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.certificate_lifecycle import LIVE_STATUSES
from registry.errors import Conflict
from registry.models import Candidate, Certificate, User
from registry.services import certificates
from registry.services.audit import record_change
from registry.services.candidates import get_candidate


def outdated_certificates(session: Session, candidate: Candidate) -> list[Certificate]:
    """The worker's live certificates printed with a name other than the one now on their record."""
    return [certificate for certificate in session.scalars(
                select(Certificate).where(Certificate.candidate_id == candidate.id,
                                          Certificate.status.in_(LIVE_STATUSES)).order_by(Certificate.id))
            if (certificate.holder_name_latin, certificate.holder_name_native)
            != (candidate.name_latin, candidate.name_native)]


def reissue_with_corrected_name(session: Session, actor: User, candidate_id: int,
                                context: certificates.IssueContext) -> certificates.Issued:
    candidate = get_candidate(session, actor, candidate_id)
    outdated = outdated_certificates(session, candidate)
    if not outdated:
        raise Conflict(_l("Every certificate of this worker already carries the name on their record."))
    combined = certificates.Issued()
    for old in outdated:
        issued = certificates.reissue(session, actor, old, context)
        combined.certificates.extend(issued.certificates)
        combined.holder_tokens.update(issued.holder_tokens)
    record_change(session, actor, "candidate.rectify", candidate, centre_id=candidate.centre_id, after={
        "reissued": {old.number: new.number for old, new in zip(outdated, combined.certificates, strict=True)}})
    return combined
