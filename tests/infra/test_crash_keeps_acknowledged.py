"""A certificate whose issuance was acknowledged (201) exists after a crash: gunicorn serving issuance requests from
several threads is killed outright (SIGKILL to every process, mid-request), started again on the same database, and
every number it had answered 201 for is there and verifies."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import threading
import time

from flask import Flask
from sqlalchemy import select

from registry.extensions import db
from registry.models import Assessment, Certificate
from registry.services import api_tokens
from tests.factories import make_endorsed_cohort
from tests.infra.local_servers import free_port, start_gunicorn, wait_until_serving


def _serve(app: Flask, port: int) -> subprocess.Popen[str]:
    with app.app_context():
        database = db.engine.url.render_as_string(hide_password=False)
    server = start_gunicorn({
        "REGISTRY_ENV": "testing", "REGISTRY_INSTANCE_PATH": app.config["INSTANCE_PATH"],
        "REGISTRY_DATABASE_URL": database, "REGISTRY_PUBLIC_BASE_URL": "http://registry.test",
        "REGISTRY_BIND": f"127.0.0.1:{port}", "REGISTRY_WEB_WORKERS": "2",
        "REGISTRY_SECRET_KEY": app.config["SECRET_KEY"],
        "REGISTRY_KEY_ENCRYPTION_KEY": app.config["KEY_ENCRYPTION_KEY"]})
    wait_until_serving(port)
    return server


def test_every_acknowledged_certificate_survives_a_crash(app: Flask) -> None:
    with app.app_context():
        head, cohort = make_endorsed_cohort(db.session, size=60, units=2)
        token = api_tokens.create_token(db.session, None, head)
        waiting = list(db.session.scalars(select(Assessment.id).where(Assessment.cohort_id == cohort.id)))
        db.session.commit()
    port = free_port()
    server = _serve(app, port)
    acknowledged: list[str] = []
    lock = threading.Lock()

    def issue() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while True:
            with lock:
                if not waiting:
                    return
                assessment_id = waiting.pop()
            try:
                connection.request("POST", "/api/v1/certificates", body=json.dumps({"assessment_id": assessment_id}),
                                   headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                return  # the server is gone
            if response.status == 201:
                with lock:
                    acknowledged.append(json.loads(body)["number"])

    threads = [threading.Thread(target=issue) for _ in range(6)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while len(acknowledged) < 15 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(server.pid, signal.SIGKILL)  # master and workers at once, requests in flight
    server.wait(timeout=10)
    for thread in threads:
        thread.join(timeout=15)
    assert len(acknowledged) >= 15

    restarted = _serve(app, port)
    try:
        with app.app_context():
            db.session.remove()
            stored = set(db.session.scalars(select(Certificate.number)))
        assert set(acknowledged) <= stored, set(acknowledged) - stored
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for number in acknowledged[:5]:
            client.request("GET", f"/api/v1/verify/{number}")
            assert json.loads(client.getresponse().read())["status"] == "valid"
    finally:
        os.killpg(restarted.pid, signal.SIGTERM)
        restarted.wait(timeout=30)
