"""A storage folder that cannot be written answers a clear 503 with nothing half saved, not a 500."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from registry.core.roles import Role
from registry.extensions import db
from registry.models import Evidence
from tests.factories import log_in, make_assessment, make_centre, make_user
from tests.web.helpers import csrf_token

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def test_evidence_into_a_storage_that_cannot_be_written_answers_503(
        app: Flask, client: FlaskClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with app.app_context():
        assessor = make_user(db.session, Role.ASSESSOR, make_centre(db.session, "STO"), username="stella")
        assessment_id = make_assessment(db.session, assessor).id
        db.session.commit()
    log_in(client, "stella")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the evidence folder should be")  # as a mistyped mount leaves it
    monkeypatch.setitem(app.config, "EVIDENCE_PATH", str(blocked / "evidence"))
    token = csrf_token(client, f"/assessments/{assessment_id}")
    answer = client.post(f"/assessments/{assessment_id}/evidence?lang=en",
                         data={"csrf_token": token, "file": (io.BytesIO(PNG), "photo.png"), "description": ""},
                         content_type="multipart/form-data")
    assert answer.status_code == 503 and answer.headers["Retry-After"]
    assert "cannot store files just now" in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Evidence)) == 0
    ready = client.get("/api/v1/ready").get_json()
    assert ready["down"] == ["evidence_storage"] and ready["checks"]["database"] == "ok"
