"""A create form sent twice (a double click, a retry on a slow connection, back and send again) creates once."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from registry.core.roles import Role
from registry.extensions import db
from registry.models import Candidate, Cohort
from tests.factories import log_in, make_candidate, make_centre, make_qualification, make_user
from tests.web.helpers import csrf_token
from tests.web.test_candidates_web import KHMER_CANDIDATE

ONCE = re.compile(r'name="once"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="once"')


def _once(client: FlaskClient, url: str) -> str:
    match = ONCE.search(client.get(url).get_data(as_text=True))
    assert match, "the form carries no one-time token"
    return match.group(1) or match.group(2)


def _assessor(app: Flask, client: FlaskClient) -> dict[str, int]:
    with app.app_context():
        centre = make_centre(db.session, "ONC")
        assessor = make_user(db.session, Role.ASSESSOR, centre, username="onda")
        qualification = make_qualification(db.session)
        person = make_candidate(db.session, assessor, name_latin="Worker Once", name_native="")
        db.session.commit()
        ids = {"qualification": qualification.id, "assessor": assessor.id, "person": person.id}
    log_in(client, "onda")
    return ids


def _candidate_form(client: FlaskClient) -> dict[str, object]:
    return {**KHMER_CANDIDATE, "once": _once(client, "/candidates/new"),
            "csrf_token": csrf_token(client, "/candidates/new")}


def _count(app: Flask, model: type) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_candidate_sent_twice_is_registered_once(app: Flask, client: FlaskClient) -> None:
    _assessor(app, client)
    before = _count(app, Candidate)
    data = _candidate_form(client)
    first = client.post("/candidates/new", data=data)
    second = client.post("/candidates/new?lang=en", data=data)
    assert first.status_code == second.status_code == 302
    assert second.location == first.location
    assert _count(app, Candidate) == before + 1
    page = client.get(second.location + "?lang=en").get_data(as_text=True)
    assert "This form had already been sent, so nothing was created again" in page
    # a new form (a new token) registers again as the user asks (the duplicate check still asks first)
    again = client.post("/candidates/new", data={**data, "once": _once(client, "/candidates/new")})
    assert again.status_code == 200 and _count(app, Candidate) == before + 1


def test_a_refused_form_corrected_and_sent_again_is_created(app: Flask, client: FlaskClient) -> None:
    _assessor(app, client)
    before = _count(app, Candidate)
    data = _candidate_form(client)
    refused = client.post("/candidates/new", data={**data, "date_of_birth": "2030-01-01"})
    assert refused.status_code == 200 and _count(app, Candidate) == before
    assert data["once"] in refused.get_data(as_text=True)  # the same form comes back with the same token
    assert client.post("/candidates/new", data=data).status_code == 302
    assert _count(app, Candidate) == before + 1


def test_a_cohort_sent_twice_is_opened_once(app: Flask, client: FlaskClient) -> None:
    ids = _assessor(app, client)
    data = {"name": "December intake", "qualification_id": str(ids["qualification"]),
            "assessment_date": "2026-12-01", "assessor_ids": [str(ids["assessor"])],
            "candidate_ids": [str(ids["person"])], "once": _once(client, "/cohorts/new"),
            "csrf_token": csrf_token(client, "/candidates/new")}
    first, second = client.post("/cohorts/new", data=data), client.post("/cohorts/new", data=data)
    assert first.status_code == second.status_code == 302 and first.location == second.location
    assert _count(app, Cohort) == 1


def test_a_token_is_the_users_own(app: Flask, client: FlaskClient) -> None:
    _assessor(app, client)
    with app.app_context():
        make_user(db.session, Role.ASSESSOR, make_centre(db.session, "OTH"), username="other")
        db.session.commit()
    data = _candidate_form(client)
    assert client.post("/candidates/new", data=data).status_code == 302
    colleague = app.test_client()
    log_in(colleague, "other")
    response = colleague.post("/candidates/new", data={**data, "csrf_token": csrf_token(colleague, "/candidates/new")})
    assert response.status_code == 302
    assert _count(app, Candidate) == 3  # Worker Once, and one at each centre


def test_an_assessment_opened_twice_from_one_form_is_opened_once(app: Flask, client: FlaskClient) -> None:
    ids = _assessor(app, client)
    page = f"/candidates/{ids['person']}"
    data = {"qualification_id": str(ids["qualification"]), "once": _once(client, page),
            "csrf_token": csrf_token(client, page)}
    first = client.post(f"{page}/assessments", data=data)
    second = client.post(f"{page}/assessments", data=data)
    assert first.status_code == second.status_code == 302 and first.location == second.location
    from registry.models import Assessment

    assert _count(app, Assessment) == 1
