"""Driven by test_redis_outage.py in a process of its own (the rate limiter and the window of repeated checks are
process-wide, and this app points them at a private Redis the test kills): starts redis-server on a free loopback
port, serves requests through the app before, during and after Redis is away, and prints what each answered."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from flask_migrate import upgrade

from registry import create_app
from registry.core.roles import Role
from registry.extensions import db
from registry.models import Job
from registry.services import api_tokens, certificates
from tests.factories import ISSUE_CONTEXT, PASSWORD, make_endorsed_assessment, make_endorsed_cohort, make_user
from tests.infra.local_servers import free_port

ROOT = Path(__file__).resolve().parents[2]


def _redis(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",  # noqa: S607
                               "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


def main(folder: Path) -> dict[str, Any]:
    port = free_port()
    redis = _redis(port)
    app = create_app(env={
        "REGISTRY_ENV": "testing", "REGISTRY_INSTANCE_PATH": str(folder), "REGISTRY_CSRF": "0",
        "REGISTRY_REDIS_URL": f"redis://127.0.0.1:{port}/0", "REGISTRY_PUBLIC_BASE_URL": "http://registry.test",
        "REGISTRY_QUEUE_IMMEDIATE": "0", "REGISTRY_QUEUE_NAME": f"outage-{port}",
    })
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        user = make_user(db.session, Role.ASSESSOR, username="rita")
        head, assessment = make_endorsed_assessment(db.session)
        [certificate] = certificates.issue_certificates(db.session, head, [assessment], ISSUE_CONTEXT).certificates
        number, username = certificate.number, user.username
        cohort_head, cohort = make_endorsed_cohort(db.session, size=2)
        token, cohort_id = api_tokens.create_token(db.session, None, cohort_head), cohort.id
        db.session.commit()
    answers: dict[str, Any] = {}

    def round_(name: str) -> None:
        client = app.test_client()
        started = time.monotonic()
        login = client.post("/login", data={"username": username, "password": PASSWORD})
        wrong = app.test_client().post("/login", data={"username": username, "password": "not it"})
        verify = client.get(f"/api/v1/verify/{number}")
        ready = client.get("/api/v1/ready")
        answers[name] = {"login": login.status_code, "wrong_password": wrong.status_code,
                         "verify": verify.status_code, "verify_status": (verify.get_json() or {}).get("status"),
                         "ready": ready.status_code, "down": ready.get_json()["down"],
                         "seconds": round(time.monotonic() - started, 2)}

    round_("before")
    redis.terminate()
    redis.wait(timeout=10)
    # A job started meanwhile: accepted, and kept in the database for a worker to take up (its message lost).
    started = app.test_client().post(f"/api/v1/cohorts/{cohort_id}/issue",
                                     headers={"Authorization": f"Bearer {token}"})
    with app.app_context():
        job = db.session.get(Job, (started.get_json() or {}).get("id", 0))
        answers["job_during"] = {"status": started.status_code, "state": job.state.value if job else None}
    round_("during")
    round_("during_again")
    redis = _redis(port)
    deadline = time.monotonic() + 15
    round_("after")
    while answers["after"]["ready"] != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
        round_("after")
    redis.terminate()
    redis.wait(timeout=10)
    return answers


if __name__ == "__main__":
    print("ANSWERS " + json.dumps(main(Path(sys.argv[1]))))
