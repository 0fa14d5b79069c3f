"""A worker's rights over their data: consent withdrawn per purpose with its effect, erasure that leaves nothing
personal behind but keeps their certificates verifiable, a corrected name carried onto new certificates, and the
retention rule."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.certificate_lifecycle import CertificateStatus
from registry.core.documents import DocumentType
from registry.core.files import LocalStore
from registry.core.roles import Role
from registry.errors import Conflict, Forbidden
from registry.extensions import db
from registry.models import (
    Assessment,
    AuditEntry,
    Candidate,
    Certificate,
    CohortImport,
    ConsentPurpose,
    Evidence,
    ImportState,
    TrainingCentre,
)
from registry.models.types import utcnow
from registry.services import (
    assessments,
    audit,
    candidates,
    certificates,
    cohorts,
    consents,
    erasure,
    evidence,
    imports,
    rectification,
    verification,
)
from registry.services.candidates import IdentityDocument
from registry.web.verify.presentation import verification_resource
from tests.factories import (
    DOCUMENT_KEY,
    ISSUE_CONTEXT,
    TODAY,
    make_endorsed_assessment,
    make_qualification,
    make_user,
)

EVIDENCE = b"%PDF-1.4\n% evidence of Sok Dara cleaning room 12, marker 7f3a9c\n%%EOF\n"


def _issued(session: Session) -> tuple[Any, Certificate]:
    head, assessment = make_endorsed_assessment(session)
    [certificate] = certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT).certificates
    return head, certificate


def _answer(session: Session, text: str) -> dict[str, Any]:
    reader = db.session()  # the session itself, not its scoped proxy
    return verification_resource(reader, verification.verify_any(reader, text, TODAY))


def test_withdrawing_verification_leaves_the_verdict_and_the_qualification_online(session: Session) -> None:
    head, certificate = _issued(session)
    consents.withdraw(session, head, certificate.candidate_id, ConsentPurpose.VERIFICATION)
    for text in (certificate.number, certificate.qr_code):
        answer = _answer(session, text)
        assert answer["status"] == "valid"
        shown = answer["certificate"]
        assert shown["qualification"]["code"] and shown["withheld"] is True
        assert shown["holder_name"] is None and shown["units"] == [] and shown["provider"] is None
        assert shown["issued_on"] is None
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "candidate.consent_withdraw")).one()
    assert entry.after == {"purpose": "verification"}
    # Given again (a wrong click undone): the whole answer again.
    consents.give(session, head, certificate.candidate_id, ConsentPurpose.VERIFICATION, "km")
    assert _answer(session, certificate.number)["certificate"]["holder_name"] is not None


def test_a_certificate_issued_after_withdrawal_is_withheld_from_the_start(session: Session) -> None:
    head, assessment = make_endorsed_assessment(session)
    consents.withdraw(session, head, assessment.candidate_id, ConsentPurpose.VERIFICATION)
    [certificate] = certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT).certificates
    assert certificate.holder_withheld
    assert _answer(session, certificate.number)["certificate"]["holder_name"] is None


def test_withdrawing_contact_deletes_the_phone(session: Session) -> None:
    head, certificate = _issued(session)
    candidate = session.get(Candidate, certificate.candidate_id)
    assert candidate is not None and candidate.phone
    consents.give(session, head, candidate.id, ConsentPurpose.CONTACT, "km")
    consents.withdraw(session, head, candidate.id, ConsentPurpose.CONTACT)
    assert candidate.phone == "" and not candidate.consented_to(ConsentPurpose.CONTACT)


def test_withdrawing_certification_stops_new_certificates_only(session: Session) -> None:
    head, assessment = make_endorsed_assessment(session)
    consents.withdraw(session, head, assessment.candidate_id, ConsentPurpose.CERTIFICATION)
    with pytest.raises(Conflict):
        certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT)


def test_withdrawing_assessment_stops_new_assessments(session: Session) -> None:
    head, assessment = make_endorsed_assessment(session)
    consents.withdraw(session, head, assessment.candidate_id, ConsentPurpose.ASSESSMENT)
    candidate = session.get(Candidate, assessment.candidate_id)
    assert candidate is not None
    with pytest.raises(Conflict):
        assessments.open_assessment(session, head, candidate, make_qualification(session))


def test_only_the_centres_head_or_the_administrator_acts_on_a_workers_rights(session: Session) -> None:
    head, certificate = _issued(session)
    centre = session.get(TrainingCentre, certificate.centre_id)
    for role in (Role.ASSESSOR, Role.MODERATOR):
        someone = make_user(session, role, centre)
        with pytest.raises(Forbidden):
            consents.withdraw(session, someone, certificate.candidate_id, ConsentPurpose.VERIFICATION)
        with pytest.raises(Forbidden):
            erasure.erase_candidate(session, someone, certificate.candidate_id,
                                    storage=LocalStore(Path("/nonexistent")))
    with pytest.raises(Conflict):  # not in force: nothing to withdraw
        consents.withdraw(session, head, certificate.candidate_id, ConsentPurpose.CONTACT)


def _imported_worker(session: Session) -> tuple[Any, Assessment]:
    """A worker registered from a spreadsheet with a phone and passport, assessed competent and endorsed."""
    assessor = make_user(session, Role.ASSESSOR)
    centre = session.get(TrainingCentre, assessor.centre_id)
    head = make_user(session, Role.PROVIDER_ADMIN, centre)
    moderator = make_user(session, Role.MODERATOR, centre)
    qualification = make_qualification(session, units=2)
    cohort = cohorts.create_cohort(session, assessor, "Room attendants", qualification, TODAY, [assessor.id], [])
    units = [unit.code for unit in qualification.units]
    from registry.core.intake.template import CANDIDATE_KEYS

    keys = [*CANDIDATE_KEYS, *units]
    row = {"name_latin": "Sok Dara", "sex": "female", "nationality": "KH", "date_of_birth": "12/04/1996",
           "id_document_type": "passport", "id_document_number": "N00998877", "phone": "+855 97 765 4321",
           "consent": "assessment certification verification", "method": "observation",
           "assessed_on": "2026-11-20", **dict.fromkeys(units, "competent")}
    content = "\r\n".join([",".join(keys), ",".join(keys), ",".join(row.get(key, "") for key in keys)]) + "\r\n"
    checked = imports.upload(session, assessor, cohort, "cohort-sok-dara.csv", content.encode("utf-8-sig"), TODAY)
    imports.run_import(session, assessor, checked, today=TODAY, document_key=DOCUMENT_KEY)
    assessment = session.scalars(select(Assessment).where(Assessment.cohort_id == cohort.id)).one()
    from registry.core.workflow import Action
    from registry.services import workflow

    workflow.apply_transition(session, assessor, assessment, Action.SUBMIT)
    workflow.apply_transition(session, moderator, assessment, Action.ENDORSE)
    return head, assessment


def _everything_stored(session: Session) -> list[str]:
    """Every value of every row of every table, as text (bytes as Latin-1 so any byte string can be searched)."""
    found = []
    for table in db.metadata.sorted_tables:
        for row in session.execute(select(table)):
            for value in row:
                found.append(value.decode("latin-1") if isinstance(value, bytes) else str(value))
    return found


def test_erasure_leaves_nothing_personal_and_the_certificate_still_verifies(session: Session, tmp_path: Path
                                                                           ) -> None:
    head, assessment = _imported_worker(session)
    candidate = assessment.candidate
    assessor = make_user(session, Role.ASSESSOR, session.get(TrainingCentre, assessment.centre_id))
    item = evidence.add_evidence(session, assessor, assessment, io.BytesIO(EVIDENCE), "sok-dara-passport.pdf",
                                 "room 12", storage=LocalStore(tmp_path), max_bytes=10_000)
    stored_file = tmp_path / item.stored_name
    [certificate] = certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT).certificates
    candidates.update_candidate(session, head, candidate, candidates.CandidateDetails(
        name_latin=candidate.name_latin, nationality="KH", sex="female", date_of_birth=date(1996, 4, 12),
        phone="+855 97 765 4321", preferred_language="km",
        id_document=IdentityDocument(DocumentType.PASSPORT, "N00998877")),
        document_key=DOCUMENT_KEY, today=TODAY, expected_version=candidate.version)
    session.commit()
    assert audit.first_broken_entry(session)[0] is None
    personal = ["1996-04-12", "12/04/1996", "+85597", "97 765 4321", "8877", "N00998877", "sok-dara-passport",
                "marker 7f3a9c", "room 12"]
    assert any(needle in value for value in _everything_stored(session) for needle in personal)  # it was there

    done = erasure.erase_candidate(session, head, candidate.id, storage=LocalStore(tmp_path))
    session.commit()

    assert done.evidence_files == 1 and done.audit_entries >= 2 and done.imports == 1
    leftovers = {needle for value in _everything_stored(session) for needle in personal if needle in value}
    assert leftovers == set()
    assert not stored_file.exists()
    assert not any(b"7f3a9c" in path.read_bytes() for path in tmp_path.rglob("*") if path.is_file())
    session.expire_all()
    erased = session.get(Candidate, candidate.id)
    assert erased is not None and erased.erased_at is not None and erased.date_of_birth is None
    assert erased.name_latin == "Sok Dara"  # kept: the certificate is printed with it
    # The certificate still verifies as printed, by its number and by its QR code.
    for text in (certificate.number, certificate.qr_code):
        answer = _answer(session, text)
        assert answer["status"] == "valid" and answer["certificate"]["holder_name"] is not None
    assert session.get(Certificate, certificate.id).status is CertificateStatus.VALID  # type: ignore[union-attr]
    # The audit chain still holds: redacted entries are vouched for by the erasure's entry.
    assert audit.first_broken_entry(session)[0] is None
    cohort_import = session.scalars(select(CohortImport)).one()
    assert cohort_import.content == b"" and cohort_import.rows == []
    with pytest.raises(Conflict):
        erasure.erase_candidate(session, head, candidate.id, storage=LocalStore(tmp_path))
    with pytest.raises(Conflict):
        assessments.open_assessment(session, head, erased, make_qualification(session))


def test_a_redacted_entry_changed_afterwards_still_breaks_the_chain(session: Session, tmp_path: Path) -> None:
    head, assessment = make_endorsed_assessment(session)
    session.commit()
    erasure.erase_candidate(session, head, assessment.candidate_id, storage=LocalStore(tmp_path))
    session.commit()
    redacted = session.scalars(select(AuditEntry).where(AuditEntry.erased_by.is_not(None))).first()
    assert redacted is not None
    table = AuditEntry.__table__
    # Pretend a different entry was the one redacted: its hash is not the one the erasure vouched for.
    session.execute(table.update().where(table.c.id == redacted.id).values(hash="0" * 64))
    session.commit()
    assert audit.first_broken_entry(session)[0] == redacted.id


def test_a_corrected_name_is_carried_onto_a_reissued_certificate(session: Session) -> None:
    head, certificate = _issued(session)
    candidate = session.get(Candidate, certificate.candidate_id)
    assert candidate is not None
    old_number = certificate.number
    candidates.update_candidate(session, head, candidate, candidates.CandidateDetails(
        name_latin="SOK Sreyneang Dara", nationality=candidate.nationality, sex=candidate.sex.value,
        date_of_birth=candidate.date_of_birth, phone=candidate.phone, preferred_language="km"),
        document_key=DOCUMENT_KEY, today=TODAY, expected_version=candidate.version)
    assert [c.number for c in rectification.outdated_certificates(session, candidate)] == [old_number]
    issued = rectification.reissue_with_corrected_name(session, head, candidate.id, ISSUE_CONTEXT)
    [new] = issued.certificates
    assert new.holder_name_latin == "SOK Sreyneang Dara" and new.supersedes_id == certificate.id
    assert certificate.status is CertificateStatus.SUPERSEDED
    assert _answer(session, old_number)["status"] == "superseded"
    assert rectification.outdated_certificates(session, candidate) == []
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "candidate.rectify")).one()
    assert entry.after == {"reissued": {old_number: new.number}}


def test_retention_deletes_old_evidence_and_spent_spreadsheets(session: Session, tmp_path: Path) -> None:
    head, assessment = _imported_worker(session)
    assessor = make_user(session, Role.ASSESSOR, session.get(TrainingCentre, assessment.centre_id))
    item = evidence.add_evidence(session, assessor, assessment, io.BytesIO(EVIDENCE), "old.pdf", "",
                                 storage=LocalStore(tmp_path), max_bytes=10_000)
    certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT)
    stored = tmp_path / item.stored_name
    kept = erasure.apply_retention(session, today=TODAY + timedelta(days=365), now=utcnow(),
                                   storage=LocalStore(tmp_path), evidence_years=2, import_days=30)
    assert kept.evidence_files == 0 and kept.import_files == 0 and stored.exists()
    done = erasure.apply_retention(session, today=TODAY.replace(year=TODAY.year + 2), now=utcnow() +
                                   timedelta(days=31), storage=LocalStore(tmp_path), evidence_years=2, import_days=30)
    assert done.evidence_files == 1 and done.import_files == 1 and not stored.exists()
    assert session.scalars(select(Evidence)).all() == []
    cohort_import = session.scalars(select(CohortImport)).one()
    assert cohort_import.content == b"" and cohort_import.state is ImportState.IMPORTED
    assert session.scalars(select(AuditEntry).where(AuditEntry.action == "evidence.retention")).one().after == {
        "evidence_files": 1, "certified_on_or_before": TODAY.isoformat()}
