"""Withdrawing a draft, removing evidence and deleting an empty cohort: a page that names what goes, then a POST."""

from __future__ import annotations

import io
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from registry.core.roles import Role
from registry.extensions import db
from registry.models import Assessment, Cohort, Evidence, User
from tests.factories import log_in, make_assessment, make_centre, make_qualification, make_user
from tests.web.helpers import csrf_token

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _draft(app: Flask, client: FlaskClient) -> int:
    with app.app_context():
        centre = make_centre(db.session, "WDR")
        assessor = make_user(db.session, Role.ASSESSOR, centre, username="wanda")
        make_user(db.session, Role.MODERATOR, centre, username="moda")
        assessment_id = make_assessment(db.session, assessor).id
        db.session.commit()
    log_in(client, "wanda")
    client.set_cookie("lang", "en")
    return assessment_id


def test_a_draft_is_withdrawn_after_a_page_that_names_it(app: Flask, client: FlaskClient) -> None:
    assessment_id = _draft(app, client)
    page = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert f'href="/assessments/{assessment_id}/withdraw"' in page
    confirm = client.get(f"/assessments/{assessment_id}/withdraw").get_data(as_text=True)
    assert "Withdraw the draft assessment of Person" in confirm and "The candidate stays registered" in confirm
    with app.app_context():
        assert db.session.get(Assessment, assessment_id) is not None  # looking changes nothing
    done = client.post(f"/assessments/{assessment_id}/withdraw",
                       data={"csrf_token": csrf_token(client, f"/assessments/{assessment_id}/withdraw")})
    assert done.status_code == 302 and "/candidates/" in done.location
    assert "is withdrawn" in client.get(done.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Assessment, assessment_id) is None


def test_evidence_is_removed_from_a_draft_but_not_after_submission(app: Flask, client: FlaskClient) -> None:
    assessment_id = _draft(app, client)
    token = csrf_token(client, f"/assessments/{assessment_id}")
    client.post(f"/assessments/{assessment_id}/evidence",
                data={"csrf_token": token, "file": (io.BytesIO(PNG), "photo.png"), "description": "at work"},
                content_type="multipart/form-data")
    with app.app_context():
        evidence_id = db.session.scalars(select(Evidence.id)).one()
    page = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert f'href="/evidence/{evidence_id}/remove"' in page
    assert "Remove photo.png?" in client.get(f"/evidence/{evidence_id}/remove").get_data(as_text=True)
    with app.app_context():
        from datetime import UTC, datetime

        db.session.get(Assessment, assessment_id).submitted_at = datetime(2026, 12, 1, tzinfo=UTC)  # type: ignore[union-attr]
        db.session.commit()
    refused = client.post(f"/evidence/{evidence_id}/remove", data={"csrf_token": token})
    assert refused.status_code == 409
    later = client.get(f"/evidence/{evidence_id}/remove")
    assert later.status_code == 302
    assert "its evidence stays on the record" in client.get(later.location).get_data(as_text=True)
    assert 'data-action="withdraw"' not in client.get(f"/assessments/{assessment_id}").get_data(as_text=True)


def test_an_empty_cohort_is_deleted_from_the_list(app: Flask, client: FlaskClient) -> None:
    _draft(app, client)
    with app.app_context():
        qualification_id = make_qualification(db.session).id
        assessor_id = db.session.scalars(select(User.id).where(User.username == "wanda")).one()
        db.session.commit()
    token = csrf_token(client, "/cohorts/new")
    created = client.post("/cohorts/new", data={"csrf_token": token, "name": "By mistake",
                                                "qualification_id": str(qualification_id),
                                                "assessment_date": "2026-12-05", "assessor_ids": [str(assessor_id)]})
    assert created.status_code == 302
    cohort_id = int(re.findall(r"/cohorts/(\d+)", created.location)[0])
    assert f'href="/cohorts/{cohort_id}/delete"' in client.get("/cohorts").get_data(as_text=True)
    assert "Delete cohort By mistake?" in client.get(f"/cohorts/{cohort_id}/delete").get_data(as_text=True)
    client.post(f"/cohorts/{cohort_id}/delete", data={"csrf_token": token})
    with app.app_context():
        assert db.session.scalars(select(Cohort)).all() == []


def test_a_moderator_cannot_withdraw(app: Flask, client: FlaskClient) -> None:
    assessment_id = _draft(app, client)
    moderator = app.test_client()
    log_in(moderator, "moda")
    assert moderator.get(f"/assessments/{assessment_id}/withdraw").status_code == 403
    assert 'data-action="withdraw"' not in moderator.get(f"/assessments/{assessment_id}").get_data(as_text=True)
