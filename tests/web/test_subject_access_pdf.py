"""A worker's right of access as pages they can read: everything held on them, in their language, and nothing of
anyone else; made by their centre's head only, and audited like the JSON export."""

from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import select

from registry.core.documents import DocumentType
from registry.core.files import LocalStore
from registry.core.pdf import missing_glyphs
from registry.core.pdf.subject_access import view_texts
from registry.core.roles import Role
from registry.core.workflow import Action
from registry.extensions import db
from registry.models import AuditEntry, Candidate, User, VerificationEvent
from registry.models.types import utcnow
from registry.services import assessments, certificates, evidence, subject_access, workflow
from registry.services.assessments import ResultEntry
from registry.services.candidates import CONSENT_NOTICE_VERSION, IdentityDocument
from registry.web.candidates.access_document import access_view
from tests.factories import (
    ISSUE_CONTEXT,
    TODAY,
    log_in,
    make_candidate,
    make_centre,
    make_qualification,
    make_user,
)

# (language, Latin name, name in the worker's script, name in Thai script, nationality)
WORKERS = {
    "en": ("en", "SOK Dara", "សុខ ដារា", "", "KH"),
    "th": ("th", "SOMPHONE Keo", "ສົມພອນ ແກ້ວ", "สมพร แก้ว", "LA"),
    "km": ("km", "SOK Sreyneang", "សុខ ស្រីនាង", "", "KH"),
    "lo": ("lo", "KHAMPHOUI Souksavanh", "ຄຳພູ ສຸກສະຫວັນ", "", "LA"),
    "my": ("my", "KHIN Mar Aye", "ခင်မာအေး", "ขิ่น มา เอ", "MM"),
}
PDF_HEADER = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"


@dataclass(frozen=True)
class Worker:
    """A worker with a whole history at one centre, and the people of that centre."""

    candidate_id: int
    head: str
    assessor: str
    number: str
    qualification_code: str
    unit_codes: list[str]
    other_qualification_code: str  # of the other worker's assessment


def make_worker_with_history(app: Flask, tmp_path: Path, *, name_latin: str, name_native: str, language: str,
                             nationality: str, name_thai: str = "", checks: int = 2) -> Worker:
    """A worker assessed, appealed, endorsed and certified, whose certificate was checked `checks` times (the
    first by a named organisation); beside them, at the same centre, another worker who must never show."""
    with app.app_context():
        session = db.session
        centre = make_centre(session, country="TH")
        assessor = make_user(session, Role.ASSESSOR, centre)
        moderator = make_user(session, Role.MODERATOR, centre)
        head = make_user(session, Role.PROVIDER_ADMIN, centre)
        qualification = make_qualification(session, units=3)
        worker = make_candidate(
            session, assessor, name_latin=name_latin, name_native=name_native, name_thai=name_thai,
            nationality=nationality,
            preferred_language=language, consent_language=language, phone="+66 81 234 5601",
            id_document=IdentityDocument(DocumentType.PASSPORT, "N00998877"))
        assessment = assessments.open_assessment(session, assessor, worker, qualification)
        evidence.add_evidence(session, assessor, assessment, io.BytesIO(PDF_HEADER + b"x" * 64),
                              "room-cleaning-observed.pdf", "Practical task", storage=LocalStore(tmp_path / "evidence"),
                              max_bytes=1 << 20)
        assessments.save_results(session, assessor, [assessment], qualification.units, {
            (assessment.id, unit.id): ResultEntry("competent", "observation") for unit in qualification.units},
            TODAY, TODAY)
        workflow.apply_transition(session, assessor, assessment, Action.SUBMIT)
        workflow.apply_transition(session, moderator, assessment, Action.ENDORSE)
        assessments.lodge_appeal(session, head, assessment, "Unit three was observed on a busy day", now=utcnow(),
                                 window_days=30)
        assessments.decide_appeal(session, head, assessment, uphold=False, reason="Observation notes confirm it")
        [certificate] = certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT).certificates
        for index in range(checks):
            session.add(VerificationEvent(
                certificate_id=certificate.id, at=utcnow() - timedelta(days=checks - index),
                channel="qr" if index % 2 == 0 else "number",
                organisation="Chonburi Grand Hotel" if index == 0 else (f"Employer {index:03d}" if checks > 2 else "")))
        other = make_candidate(session, assessor, name_latin="ZAW Min Htet", name_native="ဇော်မင်းထက်",
                               nationality="MM", preferred_language="my", phone="+95 9 777 1234")
        other_qualification = make_qualification(session)
        assessments.open_assessment(session, assessor, other, other_qualification)
        session.commit()
        return Worker(worker.id, head.username, assessor.username, certificate.number, qualification.code,
                      [unit.code for unit in qualification.units], other_qualification.code)


def pdf_text(pdf: bytes) -> str:
    found = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return found.decode("utf-8")


def test_the_pdf_gives_a_khmer_worker_every_field_in_khmer_and_nothing_of_anyone_else(
        app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    worker = make_worker_with_history(app, tmp_path, name_latin="SOK Sreyneang", name_native="សុខ ស្រីនាង",
                                      language="km", nationality="KH")
    log_in(client, worker.head)
    page = client.get(f"/candidates/{worker.candidate_id}?lang=en").get_data(as_text=True)
    assert f'href="/candidates/{worker.candidate_id}/export.pdf"' in page
    answer = client.get(f"/candidates/{worker.candidate_id}/export.pdf?lang=en")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert answer.headers["Content-Disposition"] == f'attachment; filename="worker-{worker.candidate_id}-data.pdf"'
    assert answer.headers["Cache-Control"] == "no-store"
    assert len(pdfium.PdfDocument(answer.data)) >= 1
    text = pdf_text(answer.data)
    for value in ("SOK Sreyneang", "+66812345601", "…8877", "1996", CONSENT_NOTICE_VERSION, worker.number,
                  worker.qualification_code, *worker.unit_codes, "room-cleaning-observed.pdf", "Practical task",
                  "Unit three was observed on a busy day", "Observation notes confirm it", "Chonburi Grand Hotel"):
        assert value in text, value
    # Shaped Khmer comes back from the PDF as its characters, though not always in their stored order.
    khmer = [word for word in text.split() if any("\u1780" <= c <= "\u17ff" for c in word)]
    assert khmer, "nothing printed in Khmer: the labels and dates are in the worker's language"
    assert set("សុខស្រីនាង") <= set("".join(khmer))
    assert "កម្ពុជា" in text or set("កម្ពុជា") <= set("".join(khmer))  # Cambodia, named in Khmer
    for someone_else in ("ZAW", "Htet", "+959777", worker.other_qualification_code, "Test Person", worker.head,
                         worker.assessor, "N00998877"):
        assert someone_else not in text, someone_else
    assert not set("ဇော်မင်းထက်") & set(text)


def test_the_pdf_export_is_audited_with_its_format(app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    worker = make_worker_with_history(app, tmp_path, name_latin="SOK Sreyneang", name_native="សុខ ស្រីនាង",
                                      language="km", nationality="KH")
    log_in(client, worker.head)
    assert client.get(f"/candidates/{worker.candidate_id}/export.pdf").status_code == 200
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "candidate.access_export")).one()
        assert entry.entity_type == "candidate" and entry.entity_id == str(worker.candidate_id)
        assert entry.after == {"assessments": 1, "certificates": 1, "format": "pdf"}
        assert entry.actor_name == worker.head


def test_only_the_workers_own_centre_head_may_make_the_pdf(app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    worker = make_worker_with_history(app, tmp_path, name_latin="SOK Sreyneang", name_native="សុខ ស្រីនាង",
                                      language="km", nationality="KH")
    url = f"/candidates/{worker.candidate_id}/export.pdf"
    assert client.get(url).status_code in (302, 401)  # not logged in: to the login page
    log_in(client, worker.assessor)
    assert client.get(url).status_code == 403
    with app.app_context():
        other_head = make_user(db.session, Role.PROVIDER_ADMIN, make_centre(db.session))
        db.session.commit()
        other_head_name = other_head.username
    stranger = app.test_client()
    log_in(stranger, other_head_name)
    assert stranger.get(url).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "candidate.access_export")) is None


def test_a_long_history_continues_over_pages_and_an_erased_worker_still_gets_their_copy(
        app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    worker = make_worker_with_history(app, tmp_path, name_latin="KHAMPHOUI Souksavanh", name_native="ຄຳພູ",
                                      language="lo", nationality="LA", checks=90)
    with app.app_context():  # what erasure leaves (services/erasure.py)
        candidate = db.session.get_one(Candidate, worker.candidate_id)
        candidate.date_of_birth = None
        candidate.phone = ""
        candidate.id_document_type = candidate.id_document_last4 = candidate.id_document_digest = None
        db.session.commit()
    log_in(client, worker.head)
    answer = client.get(f"/candidates/{worker.candidate_id}/export.pdf")
    assert answer.status_code == 200
    document = pdfium.PdfDocument(answer.data)
    assert len(document) >= 2
    text = pdf_text(answer.data)
    assert all(f"Employer {index:03d}" in text for index in range(1, 90))
    assert "N00998877" not in text and "8877" not in text and "+6681" not in text and "1996" not in text
    # Every page is numbered and carries the worker's name at its foot.
    for page in range(len(document)):
        assert "KHAMPHOUI Souksavanh" in document[page].get_textpage().get_text_range()


@pytest.mark.parametrize("language", sorted(WORKERS))
def test_every_character_of_the_copy_is_in_the_fonts(app: Flask, tmp_path: Path, language: str) -> None:
    code, latin, native, thai, nationality = WORKERS[language]
    worker = make_worker_with_history(app, tmp_path, name_latin=latin, name_native=native, name_thai=thai,
                                      language=code, nationality=nationality)
    with app.test_request_context():
        head = db.session.scalars(select(User).where(User.username == worker.head)).one()
        held = subject_access.held_records(db.session, head, worker.candidate_id, file_format="pdf")
        with force_locale(language):
            texts = view_texts(access_view(held, language, TODAY))
        db.session.rollback()
    assert missing_glyphs(texts) == {}
    assert native in texts and latin in " ".join(texts)


def test_a_thai_reader_gets_the_dates_in_the_buddhist_era(app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    code, latin, native, thai, nationality = WORKERS["th"]
    worker = make_worker_with_history(app, tmp_path, name_latin=latin, name_native=native, name_thai=thai,
                                      language=code, nationality=nationality)
    log_in(client, worker.head)
    text = pdf_text(client.get(f"/candidates/{worker.candidate_id}/export.pdf?lang=km").data)
    assert "2569" in text  # 2026, the year of the assessment, the certificate and the checks
    assert latin in text and worker.number in text
