"""Issuing and the certificate lifecycle, and the QR code verified with nothing but the JWKS."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.certificate_lifecycle import effective_status
from registry.core.certificate_numbers import normalise_number
from registry.core.roles import Role
from registry.core.workflow import Action
from registry.errors import Conflict, Forbidden, NotFound
from registry.extensions import db
from registry.models import Certificate, CertificateStatus, StatusList
from registry.services import assessments, certificates, issuer_keys, status_lists, workflow
from registry.services.assessments import ResultEntry
from tests.factories import ISSUE_CONTEXT, TODAY, make_centre, make_endorsed_assessment, make_user


def test_full_award_is_a_qualification_certificate(session: Session) -> None:
    head, assessment = make_endorsed_assessment(session)
    issued = certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT)
    [certificate] = issued.certificates
    assert certificate.kind.value == "qualification" and certificate.status is CertificateStatus.VALID
    assert normalise_number(certificate.number) == certificate.number
    assert certificate.number.startswith(f"KH-{assessment.centre.code if hasattr(assessment, 'centre') else ''}")
    assert certificate.holder_token_hash and issued.holder_tokens[certificate.id] not in certificate.holder_token_hash
    assert certificates.certificate_for_holder(session, issued.holder_tokens[certificate.id]) is certificate


def test_partial_award_is_a_statement_listing_only_achieved_units(session: Session) -> None:
    head, assessment = make_endorsed_assessment(session, achieved=2)
    [certificate] = certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT).certificates
    assert certificate.kind.value == "statement_of_attainment"
    assert certificate.unit_codes == [unit.code for unit in assessment.qualification.units[:2]]
    assert certificate.units_mask == 0b011


def test_qr_code_verifies_with_only_the_public_keys(session: Session) -> None:
    from registry.core import cose
    from registry.core.qr_payload import decode_claims

    head, assessment = make_endorsed_assessment(session, achieved=2)
    [certificate] = certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT).certificates
    kid, payload = cose.verify1(cose.from_code(certificate.qr_code), issuer_keys.public_keys(session))
    claims = decode_claims(payload)
    assert kid == certificate.kid and claims.number == certificate.number
    assert claims.kind == "S" and claims.units_mask == 0b011
    assert claims.status == (certificate.status_list_id, certificate.status_index)


def test_only_endorsed_assessments_by_the_centre_head(session: Session) -> None:
    head, assessment = make_endorsed_assessment(session)
    assessor = make_user(session, Role.ASSESSOR, assessment.centre if hasattr(assessment, "centre") else None)
    with pytest.raises((Forbidden, NotFound)):
        certificates.issue_certificates(session, assessor, [assessment], ISSUE_CONTEXT)
    other_head = make_user(session, Role.PROVIDER_ADMIN, make_centre(session))
    with pytest.raises(NotFound):
        certificates.issue_certificates(session, other_head, [assessment], ISSUE_CONTEXT)
    certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT)
    with pytest.raises(Conflict):
        certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT)


def test_expiry_follows_the_qualification_validity(session: Session) -> None:
    head, assessment = make_endorsed_assessment(session, validity=3)
    [certificate] = certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT).certificates
    assert certificate.expires_on == date(TODAY.year + 3, TODAY.month, TODAY.day)
    assert effective_status(certificate, date(TODAY.year + 3, 12, 31)) is CertificateStatus.EXPIRED
    listed = status_lists.flagged_indexes(session, session.get(StatusList, certificate.status_list_id),
                                          "revocation", date(TODAY.year + 4, 1, 1))
    assert certificate.status_index in listed


def test_lifecycle_shows_in_the_status_lists(session: Session) -> None:
    head, assessment = make_endorsed_assessment(session)
    [certificate] = certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT).certificates
    status_list = session.get(StatusList, certificate.status_list_id)
    assert status_list is not None

    def flagged(purpose: str) -> bool:
        return certificate.status_index in status_lists.flagged_indexes(session, status_list, purpose, TODAY)

    assert not flagged("revocation") and not flagged("suspension")
    certificates.suspend(session, head, certificate, "Under investigation", today=TODAY)
    assert flagged("suspension") and not flagged("revocation")
    certificates.reinstate(session, head, certificate, today=TODAY)
    assert not flagged("suspension")
    successor = certificates.reissue(session, head, certificate, ISSUE_CONTEXT).certificates[0]
    assert certificate.status is CertificateStatus.SUPERSEDED and certificate.superseded_by_id == successor.id
    assert flagged("revocation")
    certificates.revoke(session, head, successor, "issued_in_error", "wrong cohort", today=TODAY)
    assert successor.status is CertificateStatus.REVOKED
    with pytest.raises(Conflict):
        certificates.reinstate(session, head, successor, today=TODAY)


def test_numbers_stay_unique_under_concurrent_issuance(app: Flask) -> None:
    """Several threads (separate connections) issue at once; every number and status slot is distinct."""
    with app.app_context():
        heads_and_assessments = []
        for _ in range(4):
            pairs = [make_endorsed_assessment(db.session) for _ in range(3)]
            heads_and_assessments.append(pairs)
        centre_ids = {a.centre_id for pairs in heads_and_assessments for _, a in pairs}
        db.session.commit()
        work = [[(h.id, a.id) for h, a in pairs] for pairs in heads_and_assessments]
    # All twelve assessments belong to different centres; put them in one centre to contend for one counter.
    with app.app_context():
        from registry.models import Assessment, TrainingCentre, User

        target = db.session.get(TrainingCentre, min(centre_ids))
        assert target is not None
        for pairs in work:
            for head_id, assessment_id in pairs:
                db.session.get(User, head_id).centre_id = target.id  # type: ignore[union-attr]
                db.session.get(Assessment, assessment_id).centre_id = target.id  # type: ignore[union-attr]
        db.session.commit()
    errors: list[BaseException] = []

    def issue_all(pairs: list[tuple[int, int]]) -> None:
        try:
            with app.app_context():
                from registry.models import Assessment, User

                for head_id, assessment_id in pairs:
                    head = db.session.get(User, head_id)
                    assessment = db.session.get(Assessment, assessment_id)
                    assert head is not None and assessment is not None
                    certificates.issue_certificates(db.session, head, [assessment], ISSUE_CONTEXT)
                    db.session.commit()
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=issue_all, args=(pairs,)) for pairs in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    with app.app_context():
        rows = db.session.execute(select(Certificate.number, Certificate.status_list_id,
                                         Certificate.status_index)).all()
        assert len(rows) == 12
        assert len({row.number for row in rows}) == 12
        assert len({(row.status_list_id, row.status_index) for row in rows}) == 12


def test_a_later_full_award_supersedes_the_statement_of_attainment(session: Session) -> None:
    head, assessment = make_endorsed_assessment(session, achieved=2)
    [statement] = certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT).certificates
    later = assessments.open_assessment(session, head, assessment.candidate, assessment.qualification)
    assessor = make_user(session, Role.ASSESSOR, head.centre)
    moderator = make_user(session, Role.MODERATOR, head.centre)
    units = later.qualification.units
    assessments.save_results(session, assessor, [later], units,
                             {(later.id, unit.id): ResultEntry("competent", "observation") for unit in units},
                             TODAY, TODAY)
    workflow.apply_transition(session, assessor, later, Action.SUBMIT)
    workflow.apply_transition(session, moderator, later, Action.ENDORSE)
    [full] = certificates.issue_certificates(session, head, [later], ISSUE_CONTEXT).certificates
    assert full.kind.value == "qualification"
    assert statement.status is CertificateStatus.SUPERSEDED and statement.superseded_by_id == full.id


def test_units_of_a_certified_qualification_keep_their_order(session: Session) -> None:
    from registry.services import catalogue

    head, assessment = make_endorsed_assessment(session)
    certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT)
    admin = make_user(session, Role.ADMIN)
    first, second = assessment.qualification.units[:2]
    with pytest.raises(Conflict, match="can no longer be moved"):
        catalogue.move_unit(session, admin, second, -1)
    with pytest.raises(Conflict):
        catalogue.remove_unit(session, admin, first)
    assert [u.position for u in assessment.qualification.units] == [1, 2, 3]
