"""A cohort of 5,000 from a spreadsheet, end to end: a generated XLSX (names in Khmer, Lao, Burmese and Thai
script) checked, imported, submitted and endorsed, issued, and every certificate and wallet card rendered as the
issuance job renders them.

Prints rows per second for each phase and the whole, and, as the baseline measured in the same run, how fast
openpyxl alone reads the same file (the machine is noisy: read the ratios). Targets on a 2-core machine:
check + import >= 500 rows/s; the whole cohort issued with every PDF rendered in <= 5 minutes; peak memory of
each process <= 400 MB. PDFs are rendered by one process per core.
Run: `.venv/bin/python bench/bulk.py [ROWS]` (default 5,000).
"""

from __future__ import annotations

import io
import itertools
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from registry import create_app
from registry.core.intake.template import CANDIDATE_KEYS
from registry.core.roles import Role
from registry.core.workflow import Action, AssessmentState
from registry.extensions import db
from registry.jobs import rendering
from registry.models import AccreditationStatus, Assessment, Certificate, Cohort, User
from registry.services import accounts, catalogue, centres, certificates, cohorts, imports, workflow
from registry.services.catalogue import QualificationDetails, Titles
from registry.services.certificates import IssueContext
from registry.services.workflow import StateChange

ROWS = int(sys.argv[1]) if __name__ == "__main__" and len(sys.argv) > 1 else 5_000
TODAY = date(2026, 11, 23)
KEY = b"b" * 32
BATCH = 500
UNITS = 4
SYLLABLES = {  # (Latin, native) pairs per nationality; names combine three, so 5,000 of them are all different
    "KH": [("Sok", "សុខ"), ("Dara", "ដារា"), ("Chan", "ចាន់"), ("Thida", "ធីតា"), ("Srey", "ស្រី"), ("Neang", "នាង"),
           ("Vanna", "វណ្ណា"), ("Rith", "រិទ្ធ"), ("Bopha", "បុប្ផា"), ("Kim", "គីម"), ("Mao", "ម៉ៅ"), ("Lina", "លីណា"),
           ("Sophea", "សុភា"), ("Pisey", "ពិសី"), ("Nary", "ណារី"), ("Heng", "ហេង"), ("Rany", "រ៉ានី"), ("Vuthy", "វុទ្ធី")],
    "LA": [("Khamla", "ຄຳລາ"), ("Noy", "ນ້ອຍ"), ("Souk", "ສຸກ"), ("Phone", "ພອນ"), ("Manee", "ມະນີ"), ("Vong", "ວົງ"),
           ("Keo", "ແກ້ວ"), ("Dao", "ດາວ"), ("Sone", "ສອນ"), ("Bua", "ບົວ"), ("Chan", "ຈັນ"), ("Thong", "ທອງ"),
           ("Kham", "ຄຳ"), ("Nang", "ນາງ"), ("Phet", "ເພັດ"), ("Sy", "ສີ"), ("Mon", "ມອນ"), ("Vanh", "ວັນ")],
    "MM": [("Zaw", "ဇော်"), ("Min", "မင်း"), ("Htun", "ထွန်း"), ("Aye", "အေး"), ("Thida", "သီတာ"), ("Kyaw", "ကျော်"),
           ("Moe", "မိုး"), ("Hla", "လှ"), ("Win", "ဝင်း"), ("Su", "စု"), ("Nandar", "နန္ဒာ"), ("Myint", "မြင့်"),
           ("Thandar", "သန္တာ"), ("Khin", "ခင်"), ("Naing", "နိုင်"), ("Phyu", "ဖြူ"), ("Thet", "သက်"), ("Oo", "ဦး")],
    "TH": [("Somchai", "สมชาย"), ("Suda", "สุดา"), ("Malee", "มาลี"), ("Niran", "นิรันดร์"), ("Ploy", "พลอย"),
           ("Dao", "ดาว"), ("Kanya", "กัญญา"), ("Wichai", "วิชัย"), ("Nok", "นก"), ("Porn", "พร"), ("Sak", "ศักดิ์"),
           ("Lek", "เล็ก"), ("Anong", "อนงค์"), ("Boon", "บุญ"), ("Chai", "ชัย"), ("Jan", "จันทร์"), ("Kaew", "แก้ว"),
           ("Noi", "น้อย")],
}


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def people(count: int):  # type: ignore[no-untyped-def]
    nationalities = list(SYLLABLES)
    generators = {n: itertools.product(SYLLABLES[n], repeat=3) for n in nationalities}
    for index in range(count):
        nationality = nationalities[index % 4]
        parts = next(generators[nationality])
        yield nationality, " ".join(p[0] for p in parts), " ".join(p[1] for p in parts)


def spreadsheet(count: int, unit_codes: list[str]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("cohort")
    keys = [*CANDIDATE_KEYS, *unit_codes]
    sheet.append(keys)
    sheet.append(keys)
    for index, (nationality, latin, native) in enumerate(people(count)):
        values = {"name_latin": latin, "name_native": native, "sex": ("female", "male")[index % 2],
                  "nationality": nationality,
                  "date_of_birth": f"{1 + index % 28:02d}/0{1 + index % 9}/25{35 + index % 9}",
                  "id_document_type": "passport", "id_document_number": f"P{index:08d}",
                  "phone": f"+66 8{index:08d}", "consent": "assessment certification verification",
                  "method": "observation", "assessed_on": "2026-11-20",
                  **{code: "competent" for code in unit_codes}}
        sheet.append([values.get(key) for key in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def seed() -> tuple[int, int, int, int]:
    centre = centres.create_centre(db.session, None, centres.CentreDetails(
        code="BULK", name_en="Bulk Centre", name_th="ศูนย์ทดสอบ", name_home="", country="TH",
        accreditation_status=AccreditationStatus.ACCREDITED, accredited_from=date(2025, 1, 1)))
    users = {role: accounts.create_user(db.session, None, accounts.AccountDetails(f"bulk-{role.value}", role,
                                                                                  centre.id), "bench password")
             for role in (Role.ASSESSOR, Role.MODERATOR, Role.PROVIDER_ADMIN)}
    qualification = catalogue.create_qualification(db.session, None, QualificationDetails(
        code="BULK-Q", titles=Titles(en="Room Attendant", th="พนักงานทำความสะอาดห้องพัก"), sector="Bench",
        aqrf_level=2, dsd_level=1, isco08_code="9112", validity_years=5,
        units=[(f"BULK.U{n}", Titles(en=f"Unit {n}", th=f"หน่วย {n}")) for n in range(UNITS)]))
    assessor = users[Role.ASSESSOR]
    cohort = cohorts.create_cohort(db.session, assessor, "Bulk intake", qualification, TODAY, [assessor.id], [])
    db.session.commit()
    return cohort.id, assessor.id, users[Role.MODERATOR].id, users[Role.PROVIDER_ADMIN].id


def _peak_of_children() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _app(folder: str) -> Flask:
    # In the environment, not only the app's: the rendering processes make their app from it, as a worker's do.
    os.environ.update({"REGISTRY_ENV": "testing", "REGISTRY_INSTANCE_PATH": folder,
                       "REGISTRY_DATABASE_URL": f"sqlite:///{Path(folder) / 'bulk.sqlite3'}",
                       "REGISTRY_PUBLIC_BASE_URL": "https://registry.example"})
    return create_app()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = _app(folder)
        context = IssueContext(master_secret=app.config["KEY_ENCRYPTION_KEY"], base_url="https://registry.example",
                               today=TODAY)
        with app.app_context():
            upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
            cohort_id, assessor_id, moderator_id, head_id = seed()
            codes = [f"BULK.U{n}" for n in range(UNITS)]
            content = spreadsheet(ROWS, codes)
            started = time.perf_counter()
            list(load_workbook(io.BytesIO(content), read_only=True).worksheets[0].values)
            baseline = ROWS / (time.perf_counter() - started)
            timings: dict[str, float] = {}

            def phase(name: str):  # type: ignore[no-untyped-def]
                class Timer:
                    def __enter__(self) -> None:
                        self.started = time.perf_counter()

                    def __exit__(self, *exc: object) -> None:
                        timings[name] = time.perf_counter() - self.started
                return Timer()

            assessor = db.session.get(User, assessor_id)
            cohort = db.session.get(Cohort, cohort_id)
            assert assessor is not None and cohort is not None
            with phase("check"):
                checked = imports.upload(db.session, assessor, cohort, "bulk.xlsx", content, TODAY)
                db.session.commit()
            assert checked.report["errors"] == [], checked.report["errors"][:3]
            with phase("import"):
                imports.run_import(db.session, assessor, checked, today=TODAY, document_key=KEY,
                                   checkpoint=lambda done, total: db.session.commit(), batch=BATCH)
                db.session.commit()
            assert checked.created_assessments == ROWS
            ids = list(db.session.scalars(select(Assessment.id).where(Assessment.cohort_id == cohort_id)))
            with phase("submit and endorse"):
                for actor_id, action in ((assessor_id, Action.SUBMIT), (moderator_id, Action.ENDORSE)):
                    for offset in range(0, ROWS, BATCH):
                        actor = db.session.get(User, actor_id)
                        batch = list(db.session.scalars(select(Assessment).where(
                            Assessment.id.in_(ids[offset:offset + BATCH]))))
                        workflow.apply_transitions(db.session, actor, action, [StateChange(a) for a in batch])
                        db.session.commit()
                        db.session.expunge_all()
            endorsed = db.session.scalar(select(Assessment.id).where(Assessment.state == AssessmentState.ENDORSED)
                                         .order_by(Assessment.id.desc()).limit(1))
            assert endorsed is not None
            with phase("issue"):
                for offset in range(0, ROWS, BATCH):
                    head = db.session.get(User, head_id)
                    batch = list(db.session.scalars(select(Assessment).where(
                        Assessment.id.in_(ids[offset:offset + BATCH]))))
                    certificates.issue_certificates(db.session, head, batch, context)  # type: ignore[arg-type]
                    db.session.commit()
                    db.session.expunge_all()
            certificate_ids = list(db.session.scalars(select(Certificate.id).order_by(Certificate.id)))
            assert len(certificate_ids) == ROWS
            main_peak = peak_mib()
        cores = max(1, min(2, multiprocessing.cpu_count()))
        # As the issuance job renders a cohort (registry/jobs/rendering.py): the A4 certificate and the wallet card
        # of each, by one process per core.
        with phase("render PDFs"):
            rendering.render_in_processes(certificate_ids, cores, lambda done: None,
                                          lambda: timings.__setitem__("certificates", time.perf_counter()))
        certificates_ready = timings.pop("certificates")
        total = sum(timings.values())
        ready = total - (time.perf_counter() - certificates_ready)
        print(f"openpyxl reading the file alone: {baseline:8.0f} rows/s (baseline)")
        for name, seconds in timings.items():
            rate = ROWS / seconds
            print(f"{name:<20} {rate:8.0f} rows/s = {rate / baseline:.3f} x baseline ({seconds:.1f} s)")
        intake = ROWS / (timings["check"] + timings["import"])
        print(f"check + import       {intake:8.0f} rows/s (target 500)")
        print(f"every certificate's PDF rendered (the cohort's ZIP) after {ready:.0f} s (target 300 s)")
        print(f"whole cohort of {ROWS} with the wallet cards: {total:.0f} s, {ROWS / total:.0f} rows/s; "
              f"{2 * ROWS} PDFs (certificate and wallet card) on {cores} processes, "
              f"{2 * ROWS / timings['render PDFs']:.1f} PDFs/s")
        print(f"peak memory: main process {main_peak:.0f} MiB, largest rendering process "
              f"{_peak_of_children():.0f} MiB (target 400 MB each)")


if __name__ == "__main__":
    main()
