"""The database goes away and comes back: every request answers a clear 503 meanwhile (problem+json with
Retry-After on the API, a page in the reader's language for people), nothing hangs, and the app serves again by
itself within seconds of its return, with nothing acknowledged lost. PostgreSQL (the shared server) behind a TCP
proxy the test cuts."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from registry.extensions import db
from registry.models import Certificate
from registry.services import certificates
from tests.factories import ISSUE_CONTEXT, make_endorsed_assessment
from tests.infra.proxied_database import proxied_registry
from tests.infra.tcp_proxy import TcpProxy


@pytest.fixture
def proxied_app(tmp_path: Path) -> Iterator[tuple[Flask, TcpProxy]]:
    with proxied_registry(tmp_path) as registry:
        yield registry


def test_requests_answer_503_while_the_database_is_away_and_serve_again_after(
        proxied_app: tuple[Flask, TcpProxy]) -> None:
    app, proxy = proxied_app
    with app.app_context():
        head, assessment = make_endorsed_assessment(db.session)
        [certificate] = certificates.issue_certificates(db.session, head, [assessment], ISSUE_CONTEXT).certificates
        number, code = certificate.number, certificate.qr_code
        db.session.commit()
    client = app.test_client()
    assert client.get(f"/api/v1/verify/{number}").get_json()["status"] == "valid"
    assert client.get("/api/v1/ready").status_code == 200
    keys = client.get("/.well-known/jwks.json").get_json()

    proxy.cut()
    started = time.monotonic()
    api = client.get(f"/api/v1/verify/{number}")
    assert api.status_code == 503 and api.mimetype == "application/problem+json"
    assert int(api.headers["Retry-After"]) > 0
    page = client.get(f"/verify?number={number}&lang=th")
    html = page.get_data(as_text=True)
    assert page.status_code == 503 and '<html lang="th">' in html and "ฐานข้อมูล" in html  # said in Thai
    ready = client.get("/api/v1/ready")
    assert ready.status_code == 503 and ready.get_json()["down"] == ["database"]
    login = client.get("/login")  # a page that reads nothing still serves
    assert login.status_code == 200
    # A QR code scanned meanwhile: the page checks the signature in the phone, with the keys last published.
    scanned = client.get(f"/v/{code}?lang=en")
    shown = scanned.get_data(as_text=True)
    assert scanned.status_code == 503 and "offline-verify.js" in shown and "cannot read its records" in shown
    kept = client.get("/.well-known/jwks.json")
    assert kept.status_code == 200 and kept.get_json() == keys and kept.headers["Cache-Control"] == "no-store"
    assert time.monotonic() - started < 30  # no request waited for a timeout of minutes

    proxy.restore()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        answer = client.get(f"/api/v1/verify/{number}")
        if answer.status_code == 200:
            break
        time.sleep(0.2)
    assert answer.status_code == 200 and answer.get_json()["status"] == "valid"
    assert client.get(f"/verify?number={number}").status_code == 200
    assert client.get("/api/v1/ready").status_code == 200
    with app.app_context():  # acknowledged before the cut: still there
        assert db.session.scalar(select(Certificate.number).where(Certificate.number == number)) == number
