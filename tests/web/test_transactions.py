"""One request, one transaction, and none for a request that never reads the database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from registry.core.certificate_numbers import compose_number
from registry.extensions import db


@pytest.fixture
def sessions_made(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    made: list[object] = []
    factory = db.session.registry.createfunc

    def counting() -> object:
        made.append(None)
        return factory()

    monkeypatch.setattr(db.session.registry, "createfunc", counting)
    yield made


def test_a_request_that_never_reads_the_database_makes_no_session(client: FlaskClient,
                                                                  sessions_made: list[object]) -> None:
    assert client.get("/api/v1/health").status_code == 200
    assert client.get("/api/v1/verify/NOT-A-CODE").get_json()["status"] in ("invalid", "not_found")
    assert sessions_made == []


def test_a_request_that_reads_the_database_gets_its_session(app: Flask, client: FlaskClient,
                                                      sessions_made: list[object]) -> None:
    number = compose_number("TH", "BSH", 2026, 1)  # well formed, so the page looks it up
    assert client.get(f"/verify?number={number}").status_code == 200
    assert len(sessions_made) == 1
