"""A certificate's lifecycle: its statuses, the actions that change them, and who may take them.

One table says everything, as the assessment workflow's does (core/workflow.py): the services take an action only
if this table allows it, and the certificate page offers exactly the actions it allows. The table reads the
certificate's effective status: a valid certificate past its expiry date is expired, with no job needed to mark it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from registry.core.roles import Role


class CertificateStatus(StrEnum):
    VALID = "valid"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    EXPIRED = "expired"  # never stored: derived from the expiry date (effective_status)
    SUPERSEDED = "superseded"


class RevocationReason(StrEnum):
    ISSUED_IN_ERROR = "issued_in_error"
    FRAUD = "fraud"
    ASSESSMENT_OVERTURNED = "assessment_overturned"
    HOLDER_REQUEST = "holder_request"
    KEY_COMPROMISE = "key_compromise"
    OTHER = "other"


# An assessment has at most one live certificate: the database holds this too (a partial unique index).
LIVE_STATUSES = (CertificateStatus.VALID, CertificateStatus.SUSPENDED)


class CertificateAction(StrEnum):
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    REVOKE = "revoke"
    REISSUE = "reissue"
    NEW_HOLDER_LINK = "holder-link"


@dataclass(frozen=True)
class LifecycleStep:
    action: CertificateAction
    sources: frozenset[CertificateStatus]
    target: CertificateStatus | None  # None: the status stays as it is
    roles: frozenset[Role]
    needs_reason: bool


def _step(action: CertificateAction, sources: Iterable[CertificateStatus], target: CertificateStatus | None,
          *, needs_reason: bool = False) -> LifecycleStep:
    # Only the head of the centre changes what a certificate says about its holder.
    return LifecycleStep(action, frozenset(sources), target, frozenset({Role.PROVIDER_ADMIN}), needs_reason)


S = CertificateStatus

LIFECYCLE: dict[CertificateAction, LifecycleStep] = {
    step.action: step
    for step in (
        _step(CertificateAction.SUSPEND, [S.VALID], S.SUSPENDED, needs_reason=True),
        _step(CertificateAction.REINSTATE, [S.SUSPENDED], S.VALID),
        # An expired certificate can still be found fraudulent; revocation is final.
        _step(CertificateAction.REVOKE, [S.VALID, S.SUSPENDED, S.EXPIRED], S.REVOKED, needs_reason=True),
        # Not from expired: a reissue dates from today, so it would renew the award without a new assessment.
        _step(CertificateAction.REISSUE, [S.VALID, S.SUSPENDED], S.SUPERSEDED),
        # A lost or shared slip: the worker keeps a page for any certificate that still says something about them.
        _step(CertificateAction.NEW_HOLDER_LINK, [S.VALID, S.SUSPENDED, S.EXPIRED], None),
    )
}


class HasStatus(Protocol):
    """A certificate's stored status and expiry, as a model or a read-only record of its facts has them."""

    @property
    def status(self) -> CertificateStatus: ...

    @property
    def expires_on(self) -> date | None: ...


def effective_status(certificate: HasStatus, today: date) -> CertificateStatus:
    """Expiry needs no job to take effect: a valid certificate is expired from the day after its expiry date
    (``today`` is the registry's calendar day, not UTC's)."""
    if certificate.status is CertificateStatus.VALID and certificate.expires_on and certificate.expires_on < today:
        return CertificateStatus.EXPIRED
    return certificate.status


def allowed_certificate_actions(status: CertificateStatus, role: Role) -> list[CertificateAction]:
    """The actions a person in ``role`` may take on a certificate whose effective status is ``status``."""
    return [step.action for step in LIFECYCLE.values() if status in step.sources and role in step.roles]
