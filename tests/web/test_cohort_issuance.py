"""A cohort issued in one action: the API's job, its progress, the ZIP of its PDFs; the web page's ZIP."""

from __future__ import annotations

import io
import zipfile

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from registry.core.roles import Role
from registry.extensions import db
from registry.models import Certificate
from registry.services import api_tokens
from tests.factories import log_in, make_endorsed_cohort, make_user


@pytest.fixture
def cohort(app: Flask) -> dict[str, object]:
    with app.app_context():
        head, made = make_endorsed_cohort(db.session, size=3)
        assessor = make_user(db.session, Role.ASSESSOR, head.centre)
        found = {"id": made.id, "head": head.username, "head_token": api_tokens.create_token(db.session, None, head),
                 "assessor_token": api_tokens.create_token(db.session, None, assessor)}
        db.session.commit()
    return found


def _bearer(token: object) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_api_issues_a_cohort_as_a_job_then_gives_its_pdfs_as_a_zip(
        app: Flask, client: FlaskClient, cohort: dict[str, object]) -> None:
    started = client.post(f"/api/v1/cohorts/{cohort['id']}/issue", headers=_bearer(cohort["head_token"]))
    assert started.status_code == 202
    body = started.get_json()
    assert body["url"] == started.headers["Location"] and set(body) == {"id", "state", "url"}
    job = client.get(body["url"], headers=_bearer(cohort["head_token"])).get_json()
    assert job["state"] == "done" and job["created"] == {"certificates": 3}  # immediate mode in the tests
    assert job["progress"]["done"] == job["progress"]["total"] == 6  # three issued, three printed
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Certificate)) == 3
    with client.get(f"/api/v1/cohorts/{cohort['id']}/certificates.zip",
                    headers=_bearer(cohort["head_token"])) as bundle:
        assert bundle.status_code == 200 and bundle.mimetype == "application/zip"
        data = bundle.data
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert len(names) == 3 and all(name.endswith(".pdf") and "-Worker-" in name for name in names)
    for name in names:
        assert zipfile.ZipFile(io.BytesIO(data)).read(name)[:5] == b"%PDF-"
    again = client.post(f"/api/v1/cohorts/{cohort['id']}/issue", headers=_bearer(cohort["head_token"]))
    second = client.get(again.get_json()["url"], headers=_bearer(cohort["head_token"])).get_json()
    assert second["created"] == {"certificates": 0}  # nothing issued twice: the PDFs are only read again
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Certificate)) == 3


def test_only_the_centres_head_issues_and_downloads(client: FlaskClient, cohort: dict[str, object]) -> None:
    assessor = _bearer(cohort["assessor_token"])
    assert client.post(f"/api/v1/cohorts/{cohort['id']}/issue", headers=assessor).status_code == 403
    assert client.get(f"/api/v1/cohorts/{cohort['id']}/certificates.zip", headers=assessor).status_code == 403
    nothing_yet = client.get(f"/api/v1/cohorts/{cohort['id']}/certificates.zip",
                             headers=_bearer(cohort["head_token"]))
    assert nothing_yet.status_code == 404


def test_a_cohort_with_nothing_to_issue_is_refused(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        head, made = make_endorsed_cohort(db.session, size=0)
        token = api_tokens.create_token(db.session, None, head)
        db.session.commit()
        cohort_id = made.id
    refused = client.post(f"/api/v1/cohorts/{cohort_id}/issue", headers=_bearer(token))
    assert refused.status_code == 409 and refused.mimetype == "application/problem+json"


def test_the_head_downloads_the_cohorts_zip_from_the_grid(app: Flask, client: FlaskClient,
                                                        cohort: dict[str, object]) -> None:
    log_in(client, str(cohort["head"]))
    grid = client.get(f"/cohorts/{cohort['id']}").get_data(as_text=True)
    token = grid.split('name="csrf_token" value="')[1].split('"')[0]
    slips = client.post(f"/cohorts/{cohort['id']}/certificates", data={"csrf_token": token})
    assert slips.status_code == 200
    with client.get(f"/cohorts/{cohort['id']}/certificates.zip") as bundle:
        assert bundle.status_code == 200 and len(zipfile.ZipFile(io.BytesIO(bundle.data)).namelist()) == 3


def test_the_cohorts_wallet_cards_come_ten_to_an_a4_page(app: Flask, client: FlaskClient) -> None:
    import pypdfium2

    with app.app_context():
        head, made = make_endorsed_cohort(db.session, size=11)
        db.session.commit()
        cohort_id, username = made.id, head.username
    log_in(client, username)
    grid = client.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    assert f'href="/cohorts/{cohort_id}/cards.pdf"' in grid
    token = grid.split('name="csrf_token" value="')[1].split('"')[0]
    client.post(f"/cohorts/{cohort_id}/certificates", data={"csrf_token": token})
    cards = client.get(f"/cohorts/{cohort_id}/cards.pdf")
    assert cards.status_code == 200 and cards.mimetype == "application/pdf"
    with pypdfium2.PdfDocument(cards.data) as sheet:
        assert len(sheet) == 2  # eleven cards: ten, then one
        width, height = sheet[0].get_size()
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
