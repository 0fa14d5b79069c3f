"""The job queue for real, in both of its modes (a SQLite file, and Redis at 127.0.0.1:6379): a worker process
killed in the middle of an import, another started; the import finishes and nobody is registered twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from registry import create_app
from registry.core.intake.template import CANDIDATE_KEYS
from registry.core.roles import Role
from registry.extensions import db
from registry.models import Candidate, Certificate, CohortImport, Job, JobState
from registry.models.types import utcnow
from registry.services import cohort_issuance, imports
from tests.factories import TODAY, letters, make_endorsed_cohort, make_user

ROWS = 1200
FLASK = Path(sys.executable).with_name("flask")


def _sheet(units: list[str]) -> bytes:
    keys = [*CANDIDATE_KEYS, *units]
    lines = [",".join(keys), ",".join(keys)]
    for n in range(ROWS):
        person = {"name_latin": f"Worker {letters(n)}", "sex": "female", "nationality": "KH",
                  "date_of_birth": f"{1980 + n % 25}-0{1 + n % 9}-1{n % 10}", "consent": "assessment certification",
                  "method": "observation", "assessed_on": "2026-11-20"}
        lines.append(",".join(person.get(key, "") for key in keys))
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.fixture(params=["sqlite", "redis"])
def worker_env(request: pytest.FixtureRequest, app: Flask, database_url: str, tmp_path: Path
               ) -> Iterator[dict[str, str]]:
    env = {**os.environ, "FLASK_APP": "wsgi", "REGISTRY_ENV": "testing", "REGISTRY_DATABASE_URL": database_url,
           "REGISTRY_INSTANCE_PATH": app.config["INSTANCE_PATH"], "REGISTRY_PUBLIC_BASE_URL": "http://registry.test",
           "REGISTRY_QUEUE_IMMEDIATE": "0", "REGISTRY_QUEUE_NAME": f"test-{uuid.uuid4().hex[:10]}",
           "REGISTRY_QUEUE_PATH": str(tmp_path / "queue.sqlite3"), "REGISTRY_JOB_LEASE_SECONDS": "2",
           "REGISTRY_IMPORT_BATCH": "20"}
    if request.param == "redis":
        env["REGISTRY_REDIS_URL"] = "redis://127.0.0.1:6379/0"
    yield env
    enqueuer = create_app(env=env)
    enqueuer.extensions["registry_queue"].huey.flush()  # nothing left behind in a shared Redis


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen([str(FLASK), "registry", "worker", "--workers", "1"], env=env,
                                cwd=Path(__file__).resolve().parents[2], stdout=out, stderr=subprocess.STDOUT)


def _job(app: Flask, job_id: int) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job is not None
        db.session.expunge(job)
        return job


def _wait(app: Flask, job_id: int, ready: object, seconds: float, log: Path) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = _job(app, job_id)
        if ready(job):  # type: ignore[operator]
            return job
        time.sleep(0.01)
    raise AssertionError(f"job {job_id} never got there: {_job(app, job_id).__dict__}\n{log.read_text()[-3000:]}")


def _worker_until_finished(app: Flask, env: dict[str, str], job_id: int, log: Path) -> Job:
    """A worker started, left to finish the job, and stopped as an operator would (SIGINT)."""
    worker = _worker(env, log)
    try:
        done = _wait(app, job_id, lambda job: job.state in (JobState.DONE, JobState.FAILED), 90, log)
    finally:
        worker.send_signal(signal.SIGINT)
        worker.wait(timeout=15)
    assert done.state is JobState.DONE, done.failure
    return done


def test_a_worker_killed_mid_import_leaves_it_to_the_next_which_writes_nothing_twice(
        app: Flask, worker_env: dict[str, str], tmp_path: Path) -> None:
    with app.app_context():
        head, cohort = make_endorsed_cohort(db.session, size=0)
        assessor = make_user(db.session, Role.ASSESSOR, head.centre)
        checked = imports.upload(db.session, assessor, cohort, "big.csv",
                                 _sheet([u.code for u in cohort.qualification.units]), TODAY)
        job_id = imports.start_import(db.session, assessor, checked, decisions={}, valid_rows_only=False,
                                      now=utcnow()).id
        import_id, centre_id = checked.id, cohort.centre_id
        db.session.commit()
    create_app(env=worker_env).extensions["registry_queue"].enqueue(job_id)
    log = tmp_path / "worker.log"

    first = _worker(worker_env, log)
    try:
        caught = _wait(app, job_id, lambda job: 0 < job.done < job.total, 60, log)
        first.send_signal(signal.SIGKILL)  # no goodbye: its message and its lease stay behind
        first.wait(timeout=10)
    finally:
        first.kill()
    stopped = _job(app, job_id)
    assert stopped.state is JobState.RUNNING and 0 < stopped.done < ROWS, (caught.done, stopped.done)

    done = _worker_until_finished(app, worker_env, job_id, log)
    assert done.attempts == 2 and done.done == done.total == ROWS
    with app.app_context():
        names = db.session.scalars(select(Candidate.name_latin).where(Candidate.centre_id == centre_id)).all()
        assert len(names) == len(set(names)) == ROWS
        cohort_import = db.session.get(CohortImport, import_id)
        assert cohort_import is not None and cohort_import.created_candidates == ROWS
        assert db.session.scalar(select(func.count()).select_from(Candidate)) == ROWS


def test_a_cohort_is_issued_and_printed_by_a_worker_on_every_core(
        app: Flask, worker_env: dict[str, str], tmp_path: Path) -> None:
    with app.app_context():
        head, cohort = make_endorsed_cohort(db.session, size=5)
        job_id = cohort_issuance.start_issue(db.session, head, cohort, now=utcnow()).id
        db.session.commit()
    env = {**worker_env, "REGISTRY_RENDER_PROCESSES": "2", "REGISTRY_RENDER_PARALLEL_FROM": "1",
           "REGISTRY_DOCUMENT_CACHE_PATH": str(tmp_path / "documents")}
    create_app(env=env).extensions["registry_queue"].enqueue(job_id)
    done = _worker_until_finished(app, env, job_id, tmp_path / "worker.log")
    assert done.result == {"issued": 5, "certificates": 5, "processes": 2} and done.done == done.total == 10
    with app.app_context():
        numbers = db.session.scalars(select(Certificate.number)).all()
    kept = sorted(path.name for path in (tmp_path / "documents").glob("*.pdf"))
    assert len(kept) == 10 and all(any(name.startswith(number) for name in kept) for number in numbers)
    assert sum("-card-" in name for name in kept) == 5
