"""Issuing at scale: 10,000 certificates (sign, QR payload, number, status-list slot, database row).

Prints certificates per second and, as the baseline measured in the same run, raw Ed25519 signatures
per second (the machine is noisy: read the ratio). Then PDF rendering per second on one core, and the
process's resident memory along the way, which should stay flat.
Run: `.venv/bin/python bench/issue.py [COUNT]` (default 10,000), or `make bench`.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask_migrate import upgrade
from sqlalchemy import insert, select

from registry import create_app
from registry.core.outcomes import AssessmentMethod, UnitOutcome
from registry.core.roles import Role
from registry.core.workflow import AssessmentState
from registry.extensions import db
from registry.models import (
    AccreditationStatus,
    Assessment,
    Candidate,
    Consent,
    ConsentPurpose,
    Sex,
    UnitResult,
)
from registry.services import accounts, catalogue, centres, certificates
from registry.services.catalogue import QualificationDetails, Titles
from registry.services.certificates import IssueContext

COUNT = int(sys.argv[1]) if __name__ == "__main__" and len(sys.argv) > 1 else 10_000
BATCH = 500  # a large cohort's worth, issued and committed together
TODAY = date(2026, 11, 23)


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def raw_signatures_per_second(count: int) -> float:
    key = Ed25519PrivateKey.generate()
    message = b"x" * 150  # about the size of a certificate's signed structure
    started = time.perf_counter()
    for _ in range(count):
        key.sign(message)
    return count / (time.perf_counter() - started)


def seed(count: int):  # type: ignore[no-untyped-def]
    centre = centres.create_centre(db.session, None, centres.CentreDetails(
        code="BENCH", name_en="Bench Centre", name_th="ศูนย์ทดสอบ", name_home="", country="TH",
        accreditation_status=AccreditationStatus.ACCREDITED, accredited_from=date(2025, 1, 1)))
    head = accounts.create_user(db.session, None, accounts.AccountDetails("bench-head", Role.PROVIDER_ADMIN, centre.id),
                                "bench password")
    qualification = catalogue.create_qualification(db.session, None, QualificationDetails(
        code="BENCH-Q", titles=Titles(en="Room Attendant", th="พนักงานทำความสะอาดห้องพัก"), sector="Bench",
        aqrf_level=2, dsd_level=1, isco08_code="9112", validity_years=5,
        units=[(f"BENCH.U{n}", Titles(en=f"Unit {n}", th=f"หน่วย {n}")) for n in range(4)]))
    db.session.flush()
    db.session.execute(insert(Candidate), [{
        "centre_id": centre.id, "name_latin": f"Worker Number {n:05d}", "name_native": "", "script": "Latn",
        "name_latin_folded": f"worker number {n:05d}", "search_key": f"worker number {n:05d}|", "nationality": "KH",
        "sex": Sex.FEMALE, "date_of_birth": date(1995, 1, 1), "phone": "", "preferred_language": "km",
        "returnee": False, "version": 1} for n in range(count)])
    candidate_ids = list(db.session.scalars(select(Candidate.id).order_by(Candidate.id)))
    # Consent as the registration form records it: employers see the whole certificate (services/consents.py).
    db.session.execute(insert(Consent), [{
        "candidate_id": cid, "purpose": purpose, "notice_version": "2026-11", "language": "km"}
        for cid in candidate_ids for purpose in (ConsentPurpose.ASSESSMENT, ConsentPurpose.CERTIFICATION,
                                                 ConsentPurpose.VERIFICATION)])
    db.session.execute(insert(Assessment), [{
        "centre_id": centre.id, "candidate_id": cid, "qualification_id": qualification.id,
        "state": AssessmentState.ENDORSED, "version": 1, "return_reason": "", "created_by_id": head.id}
        for cid in candidate_ids])
    assessment_ids = list(db.session.scalars(select(Assessment.id).order_by(Assessment.id)))
    db.session.execute(insert(UnitResult), [{
        "assessment_id": aid, "unit_id": unit.id, "outcome": UnitOutcome.COMPETENT if n % 3 or i < 2
        else UnitOutcome.NOT_YET_COMPETENT, "method": AssessmentMethod.OBSERVATION, "assessor_id": head.id,
        "assessed_on": TODAY} for n, aid in enumerate(assessment_ids) for i, unit in enumerate(qualification.units)])
    db.session.commit()
    return head.id, assessment_ids


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(env={"REGISTRY_ENV": "testing", "REGISTRY_INSTANCE_PATH": folder,
                              "REGISTRY_DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}"})
        context = IssueContext(master_secret=app.config["KEY_ENCRYPTION_KEY"], base_url="https://registry.example",
                               today=TODAY)
        with app.app_context():
            upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
            head_id, assessment_ids = seed(COUNT)
            from registry.models import User

            baseline = raw_signatures_per_second(COUNT)
            rss_start = rss_mib()
            memory: list[float] = []
            started = time.perf_counter()
            for offset in range(0, COUNT, BATCH):
                head = db.session.get(User, head_id)
                assert head is not None
                batch = list(db.session.scalars(select(Assessment).where(
                    Assessment.id.in_(assessment_ids[offset:offset + BATCH]))))
                certificates.issue_certificates(db.session, head, batch, context)
                db.session.commit()
                db.session.expunge_all()
                memory.append(rss_mib())
            elapsed = time.perf_counter() - started
            rate = COUNT / elapsed
            print(f"raw Ed25519 signatures: {baseline:9.0f} /s (baseline)")
            print(f"certificates issued:    {rate:9.0f} /s = {rate / baseline:.3f} x baseline "
                  f"({COUNT} in {elapsed:.1f} s, batches of {BATCH}, SQLite)")
            print(f"resident memory: {rss_start:.0f} MiB before, {memory[len(memory) // 2]:.0f} MiB half-way, "
                  f"{memory[-1]:.0f} MiB at the end")
            render_pdfs(app, context)


def render_pdfs(app, context: IssueContext) -> None:  # type: ignore[no-untyped-def]
    from registry.models import Certificate
    from registry.services import certificate_documents
    from registry.web.certificates.presentation import document_labels

    with app.test_request_context():
        labels = document_labels()
        sample = list(db.session.scalars(select(Certificate).limit(41)))
        views = [certificate_documents.certificate_view(c, context.base_url, "km", labels) for c in sample]
        # Steady state, as in a server that has rendered before: the fonts are parsed once per process.
        certificate_documents.certificate_pdf(views.pop())
        started = time.perf_counter()
        for view in views:
            certificate_documents.certificate_pdf(view)
        elapsed = time.perf_counter() - started
        print(f"PDF certificates rendered: {len(views) / elapsed:6.1f} /s on one core (target 20)")


if __name__ == "__main__":
    main()
