"""A refused upload is explained: too large says how large may be and leads back to the form; empty is empty."""

from __future__ import annotations

import io
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from registry.core.files import LocalStore
from registry.extensions import db
from registry.services import demo
from tests.factories import DOCUMENT_KEY, log_in


def test_an_upload_over_the_limit_answers_a_page_with_a_way_back(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        demo.seed_demo(db.session, DOCUMENT_KEY)
        db.session.commit()
    log_in(client, "bsh-assessor", "assessor-demo-2026")
    client.set_cookie("lang", "en")
    page = "/cohorts"
    limit = app.config["MAX_CONTENT_LENGTH"]
    too_large = client.post("/verify/upload", data=b"x" * (limit + 1),
                            content_type="multipart/form-data; boundary=b",
                            headers={"Referer": f"http://localhost{page}"})
    html = too_large.get_data(as_text=True)
    assert too_large.status_code == 413
    assert f"The file is larger than {limit // (1024 * 1024)} MB" in html
    assert f'id="go-back" href="{page}"' in html
    api = client.post("/api/v1/verify", data=b"x" * (limit + 1), content_type="application/json")
    assert api.status_code == 413 and api.mimetype == "application/problem+json"
    assert "larger than" in api.get_json()["detail"]


def test_an_empty_evidence_file_is_called_empty(app: Flask, tmp_path: Path) -> None:
    from registry.core.roles import Role
    from registry.errors import InvalidInput
    from registry.services import evidence
    from tests.factories import make_assessment, make_user

    with app.app_context():
        assessor = make_user(db.session, Role.ASSESSOR)
        assessment = make_assessment(db.session, assessor)
        try:
            evidence.add_evidence(db.session, assessor, assessment, io.BytesIO(b""), "empty.pdf", "",
                                  storage=LocalStore(tmp_path), max_bytes=1024)
        except InvalidInput as error:
            assert error.errors == {"file": ["The file is empty."]}
        else:
            raise AssertionError("an empty file was accepted")
