"""Programme reports at national scale: the reports page for a year and every centre, against a trivial page.

The database holds 1,000,000 certificates of 1,000,000 workers (each with its assessment; one in ten with its unit
results), 2,000,000 checks by employers, across 50 centres in four countries, ten qualifications in four sectors,
issued over four years (bulk rows with the shapes and spreads of real ones). The first report counts the monthly
tallies from scratch (timed); then the app, in process, renders `GET /reports?year=Y` as an analyst, alternately
with the /verify page (the trivial page: a template, no database), and prints p50/p95 of each and their ratio. A
report filtered by sex and nationality and its CSV export are timed too. Target: p95 <= 500 ms.

Run: `.venv/bin/python bench/reports.py [--postgres] [--certificates N] [--checks N] [--requests N]`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CENTRES, QUALIFICATIONS, UNITS = 50, 10, 4
SECTORS = ("Hospitality", "Construction", "Manufacturing", "Agriculture")
FIRST_DAY, LAST_DAY = date(2022, 12, 1), date(2026, 11, 30)
CHUNK = 20_000
ORGANISATIONS = [f"Employer {n}" for n in range(300)]


def _chunks(total: int):  # type: ignore[no-untyped-def]
    for first in range(0, total, CHUNK):
        yield range(first, min(first + CHUNK, total))


def fill(connection, certificates: int, checks: int) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import insert

    from registry.core.roles import Role
    from registry.models import (
        Assessment,
        Candidate,
        Certificate,
        CompetencyUnit,
        Qualification,
        StatusList,
        TrainingCentre,
        UnitResult,
        User,
        VerificationEvent,
    )

    rng = random.Random(17)
    connection.execute(insert(TrainingCentre), [
        {"id": n + 1, "code": f"C{n + 1:02d}", "name_en": f"Centre {n + 1}", "name_th": f"ศูนย์ {n + 1}",
         "country": "TH" if n < 30 else "KH" if n < 40 else "LA" if n < 45 else "MM"} for n in range(CENTRES)])
    connection.execute(insert(Qualification), [
        {"id": n + 1, "code": f"Q-{n + 1:02d}", "sector": SECTORS[n % len(SECTORS)], "aqrf_level": 2,
         "isco08_code": "9112", "title_en": f"Qualification {n + 1}", "title_th": f"คุณวุฒิ {n + 1}",
         "validity_years": 3 if n % 3 == 0 else None} for n in range(QUALIFICATIONS)])
    connection.execute(insert(CompetencyUnit), [
        {"id": q * UNITS + u + 1, "qualification_id": q + 1, "position": u, "code": f"U-{q + 1}-{u + 1}",
         "title_en": f"Unit {u + 1}", "title_th": f"หน่วย {u + 1}"}
        for q in range(QUALIFICATIONS) for u in range(UNITS)])
    assessor = connection.execute(insert(User).values(username="bench-assessor", role=Role.ASSESSOR,
                                                      password_hash="!", centre_id=1)  # noqa: S106 (no login)
                                  .returning(User.id)).scalar()
    lists = certificates // 100_000 + 1
    connection.execute(insert(StatusList), [{"id": n + 1, "centre_id": 1, "size": 131_072, "next_index": 131_072,
                                             "revision": 0} for n in range(lists)])
    offered = {c: rng.sample(range(1, QUALIFICATIONS + 1), 3) for c in range(1, CENTRES + 1)}
    span = (LAST_DAY - FIRST_DAY).days
    days: list[date] = []
    started = time.perf_counter()
    for chunk in _chunks(certificates):
        people, opened, issued, results = [], [], [], []
        for n in chunk:
            centre = rng.randint(1, CENTRES)
            qualification = rng.choice(offered[centre])
            registered = FIRST_DAY + timedelta(days=rng.randrange(span))
            assessed = registered + timedelta(days=rng.randint(3, 60))
            endorsed = assessed + timedelta(days=rng.randint(1, 20))
            issued_on = min(endorsed + timedelta(days=rng.randint(0, 10)), LAST_DAY)
            days.append(issued_on)
            sex = "female" if rng.random() < 0.58 else "male"
            nationality = rng.choices(("MM", "KH", "LA", "VN"), (50, 30, 18, 2))[0]
            born = date(rng.randint(1962, 2007), rng.randint(1, 12), rng.randint(1, 28))
            people.append({"id": n + 1, "centre_id": centre, "name_latin": f"Worker {n}", "name_latin_folded":
                           f"worker {n}", "search_key": f"worker {n}", "nationality": nationality, "sex": sex,
                           "date_of_birth": born, "returnee": rng.random() < 0.2,
                           "created_at": datetime.combine(registered, datetime.min.time(), UTC)})
            opened.append({"id": n + 1, "centre_id": centre, "candidate_id": n + 1, "qualification_id": qualification,
                           "state": "endorsed", "created_at": datetime.combine(registered, datetime.min.time(), UTC)
                           + timedelta(hours=3),
                           "endorsed_at": datetime.combine(endorsed, datetime.min.time(), UTC) + timedelta(hours=5)})
            partial = rng.random() < 0.15
            roll = rng.random()
            status = "revoked" if roll < 0.01 else "suspended" if roll < 0.015 else "valid"
            issued.append({
                "id": n + 1, "number": f"C{centre:02d}-{n:08d}", "assessment_id": n + 1, "candidate_id": n + 1,
                "centre_id": centre, "qualification_id": qualification,
                "kind": "statement_of_attainment" if partial else "qualification", "status": status,
                "holder_name_latin": f"Worker {n}", "holder_language": "my", "units_mask": 7 if partial else 15,
                "unit_codes": [], "assessed_on": assessed, "issued_on": issued_on,
                "expires_on": issued_on + timedelta(days=3 * 365) if qualification % 3 == 1 else None,
                "status_list_id": n // 100_000 + 1, "status_index": n % 100_000, "kid": "bench", "qr_code": f"Q{n}",
                "credential_id": f"urn:uuid:{uuid.uuid4()}",
                "status_changed_at": datetime.combine(issued_on, datetime.min.time(), UTC) + timedelta(days=30)
                if status != "valid" else None,
                "issued_at": datetime.combine(issued_on, datetime.min.time(), UTC)})
            if n % 10 == 0:
                results += [{"assessment_id": n + 1, "unit_id": (qualification - 1) * UNITS + u + 1,
                             "outcome": "not_yet_competent" if partial and u == 3 else "competent",
                             "method": "observation", "assessor_id": assessor, "assessed_on": assessed}
                            for u in range(UNITS)]
        connection.execute(insert(Candidate), people)
        connection.execute(insert(Assessment), opened)
        connection.execute(insert(Certificate), issued)
        if results:
            connection.execute(insert(UnitResult), results)
    print(f"  {certificates:,} workers, assessments and certificates in {time.perf_counter() - started:.0f} s",
          flush=True)
    started = time.perf_counter()
    for chunk in _chunks(checks):
        rows = []
        for _ in chunk:
            certificate = rng.randrange(certificates)
            at = datetime.combine(days[certificate], datetime.min.time(), UTC) + timedelta(
                days=rng.randint(0, 400), seconds=rng.randrange(86_400))
            rows.append({"certificate_id": certificate + 1, "at": min(at, datetime(2026, 12, 3, tzinfo=UTC)),
                         "channel": rng.choices(("qr", "number", "api", "upload"), (60, 25, 14, 1))[0],
                         "organisation": rng.choice(ORGANISATIONS) if rng.random() < 0.05 else ""})
        connection.execute(insert(VerificationEvent), rows)
    print(f"  {checks:,} checks in {time.perf_counter() - started:.0f} s", flush=True)


def timed(client, path: str) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (path, response.status_code)
    return elapsed * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--certificates", type=int, default=1_000_000)
    parser.add_argument("--checks", type=int, default=2_000_000)
    parser.add_argument("--requests", type=int, default=40)
    options = parser.parse_args()

    from flask_migrate import upgrade
    from sqlalchemy import text
    from temporary_database import temporary_database

    from registry import create_app
    from registry.core.roles import Role
    from registry.extensions import db
    from registry.services import accounts

    with tempfile.TemporaryDirectory() as folder, temporary_database(folder, options.postgres) as database:
        app = create_app(env={"REGISTRY_ENV": "testing", "REGISTRY_INSTANCE_PATH": folder,
                              "REGISTRY_DATABASE_URL": database, "REGISTRY_PUBLIC_BASE_URL": "http://bench"})
        kind = "PostgreSQL" if options.postgres else "SQLite"
        print(f"{kind}: filling the database", flush=True)
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
            with db.engine.begin() as connection:
                fill(connection, options.certificates, options.checks)
            accounts.create_user(db.session, None, accounts.AccountDetails("bench-analyst", Role.ANALYST, None),
                                 "bench-analyst-password-2026")
            db.session.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE" if options.postgres else "ANALYZE"))
        client = app.test_client()
        client.get("/login")
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        answer = client.post("/login", data={"username": "bench-analyst", "password": "bench-analyst-password-2026",
                                             "csrf_token": token})
        assert answer.status_code == 302, answer.status_code
        started = time.perf_counter()
        timed(client, "/reports?lang=en")
        print(f"  first report, counting every month's tallies from the records: "
              f"{time.perf_counter() - started:.1f} s", flush=True)
        year = "/reports?lang=th&year=2025"
        for _ in range(3):
            timed(client, year), timed(client, "/verify?lang=th")
        reports, trivial = [], []
        for _ in range(options.requests):
            reports.append(timed(client, year))
            trivial.append(timed(client, "/verify?lang=th"))
        filtered = [timed(client, "/reports?lang=th&year=2025&sex=female&nationality=MM&returnee=yes")
                    for _ in range(max(5, options.requests // 4))]
        exported = [timed(client, "/reports.xlsx?lang=th&year=2025") for _ in range(5)]
        with app.app_context():
            db.engine.dispose()
    p50, p95 = statistics.median(reports), percentile(reports, 0.95)
    t50, t95 = statistics.median(trivial), percentile(trivial, 0.95)
    print(f"{kind}, {options.certificates:,} certificates, {options.checks:,} checks, {CENTRES} centres; "
          f"{options.requests} requests of each, alternating, in process:")
    print(f"  trivial page (/verify):        p50 {t50:7.1f} ms  p95 {t95:7.1f} ms (baseline)")
    print(f"  reports, a year, all centres: p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  = {p95 / t95:.1f} x baseline "
          f"at p95 (target p95 <= 500 ms: {'met' if p95 <= 500 else 'NOT met'})")
    print(f"  reports, filtered by sex, nationality and returnee: p50 {statistics.median(filtered):7.1f} ms  "
          f"p95 {percentile(filtered, 0.95):7.1f} ms")
    print(f"  the year's tables as XLSX: p50 {statistics.median(exported):7.1f} ms")


if __name__ == "__main__":
    main()
