"""What a page offers is exactly what the service then allows: the lifecycle tables, four eyes, scope, reasons."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from registry.core.certificate_lifecycle import LIFECYCLE, CertificateAction, CertificateStatus
from registry.core.roles import Role
from registry.core.workflow import Action
from registry.errors import Conflict, Forbidden, InvalidInput
from registry.models import Assessment, Certificate, User
from registry.services import assessments, certificates, workflow
from registry.services.assessments import ResultEntry
from tests.factories import ISSUE_CONTEXT, TODAY, make_assessment, make_endorsed_assessment, make_user


def _issued(session: Session, validity: int | None = None) -> tuple[Certificate, User]:
    head, assessment = make_endorsed_assessment(session, validity=validity)
    [certificate] = certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT).certificates
    return certificate, head


def _take(session: Session, actor: User, certificate: Certificate, action: CertificateAction) -> None:
    if action is CertificateAction.SUSPEND:
        certificates.suspend(session, actor, certificate, "Checking a complaint", today=TODAY)
    elif action is CertificateAction.REINSTATE:
        certificates.reinstate(session, actor, certificate, today=TODAY)
    elif action is CertificateAction.REVOKE:
        certificates.revoke(session, actor, certificate, "fraud", today=TODAY)
    elif action is CertificateAction.REISSUE:
        certificates.reissue(session, actor, certificate, ISSUE_CONTEXT)
    else:
        certificates.replace_holder_link(session, actor, certificate, today=TODAY)


@pytest.mark.parametrize("status", [CertificateStatus.VALID, CertificateStatus.SUSPENDED, CertificateStatus.REVOKED,
                                    CertificateStatus.SUPERSEDED])
@pytest.mark.parametrize("action", list(CertificateAction))
def test_the_head_is_offered_exactly_the_actions_the_service_takes(
        session: Session, status: CertificateStatus, action: CertificateAction) -> None:
    certificate, head = _issued(session)
    certificate.status = status
    session.flush()
    offered = action in certificates.offered_actions(head, certificate, TODAY)
    assert offered is (status in LIFECYCLE[action].sources)
    if offered:
        _take(session, head, certificate, action)
    else:
        with pytest.raises(Conflict):
            _take(session, head, certificate, action)


def test_an_expired_certificate_may_be_revoked_but_not_suspended_or_reissued(session: Session) -> None:
    certificate, head = _issued(session, validity=1)
    assert certificate.expires_on is not None
    day_after = certificate.expires_on + timedelta(days=1)
    assert certificates.offered_actions(head, certificate, certificate.expires_on) == [
        CertificateAction.SUSPEND, CertificateAction.REVOKE, CertificateAction.REISSUE,
        CertificateAction.NEW_HOLDER_LINK]
    assert certificates.offered_actions(head, certificate, day_after) == [
        CertificateAction.REVOKE, CertificateAction.NEW_HOLDER_LINK]
    with pytest.raises(Conflict):
        certificates.suspend(session, head, certificate, "Too late", today=day_after)
    certificates.revoke(session, head, certificate, "fraud", today=day_after)
    assert certificate.status is CertificateStatus.REVOKED


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.MODERATOR])
def test_staff_who_are_not_the_head_are_offered_nothing_and_refused(session: Session, role: Role) -> None:
    certificate, _head = _issued(session)
    staff = make_user(session, role)
    staff.centre_id = certificate.centre_id
    assert certificates.offered_actions(staff, certificate, TODAY) == []
    with pytest.raises(Forbidden):
        certificates.suspend(session, staff, certificate, "No", today=TODAY)


def test_the_head_of_another_centre_is_offered_nothing(session: Session) -> None:
    certificate, _head = _issued(session)
    assert certificates.offered_actions(make_user(session, Role.PROVIDER_ADMIN), certificate, TODAY) == []


def test_a_suspension_needs_a_reason(session: Session) -> None:
    certificate, head = _issued(session)
    with pytest.raises(InvalidInput):
        certificates.suspend(session, head, certificate, "  ", today=TODAY)


def test_issuing_is_offered_once_per_assessment(session: Session) -> None:
    head, assessment = make_endorsed_assessment(session)
    assert certificates.can_issue(head, assessment, [])
    issued = certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT).certificates
    assert not certificates.can_issue(head, assessment, issued)
    with pytest.raises(Conflict, match="already has a certificate"):
        certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT)


def _submitted(session: Session) -> tuple[Assessment, User]:
    assessor = make_user(session, Role.ASSESSOR)
    assessment = make_assessment(session, assessor)
    units = assessment.qualification.units
    assessments.save_results(session, assessor, [assessment], units, {
        (assessment.id, unit.id): ResultEntry("competent", "observation") for unit in units}, TODAY, TODAY)
    workflow.apply_transition(session, assessor, assessment, Action.SUBMIT)
    return assessment, assessor


def _moderator(session: Session, assessment: Assessment) -> User:
    moderator = make_user(session, Role.MODERATOR)
    moderator.centre_id = assessment.centre_id
    return moderator


def test_a_moderator_who_assessed_the_candidate_is_not_offered_endorse(session: Session) -> None:
    assessment, _assessor = _submitted(session)
    took_part, other = _moderator(session, assessment), _moderator(session, assessment)
    assessment.created_by_id = took_part.id  # they opened the assessment: four eyes forbid their endorsement
    assert Action.ENDORSE not in workflow.offered_actions(took_part, assessment)
    assert Action.RETURN in workflow.offered_actions(took_part, assessment)
    assert Action.ENDORSE in workflow.offered_actions(other, assessment)


def test_a_return_without_a_reason_is_refused_by_the_service(session: Session) -> None:
    assessment, _assessor = _submitted(session)
    with pytest.raises(InvalidInput) as refused:
        workflow.apply_transition(session, _moderator(session, assessment), assessment, Action.RETURN, reason="  ")
    assert "reason" in refused.value.errors


def test_an_appeal_decision_without_a_reason_is_refused_by_the_service(session: Session) -> None:
    head, assessment = make_endorsed_assessment(session)
    with pytest.raises(InvalidInput):
        workflow.apply_transition(session, head, assessment, Action.LODGE_APPEAL, reason="")
