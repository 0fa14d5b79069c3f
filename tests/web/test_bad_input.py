"""Bad input is refused at the boundary, never a server error: one test for each cause a security probe found."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from registry.extensions import db
from registry.models import Certificate
from registry.services import accounts, api_tokens, demo
from registry.services.certificates import IssueContext
from tests.factories import DOCUMENT_KEY
from tests.web.helpers import csrf_token
from tests.web.test_api_assessments import CANDIDATE

PROBLEM_JSON = "application/problem+json"
NUL_NUMBER_CODE = "2KCEBICGUFQW4YSBABAA"  # a tagged COSE_Sign1 whose payload is {"n": "A\x00"}


@pytest.fixture
def tokens(app: Flask) -> dict[str, str]:
    with app.app_context():
        demo.seed_demo(db.session, DOCUMENT_KEY)
        result = {}
        for username in ("bsh-assessor", "bsh-moderator", "bsh-manager"):
            user = accounts.find_user(db.session, username)
            assert user is not None
            result[username] = api_tokens.create_token(db.session, None, user)
        db.session.commit()
    return result


def _send(client: FlaskClient, token: str, method: str, url: str, body: Any = None) -> TestResponse:
    """Raw JSON from the standard library: it writes integers of any size, which the app's encoder would refuse."""
    data = None if body is None else json.dumps(body)
    return client.open(url, method=method, data=data, content_type="application/json",
                       headers={"Authorization": f"Bearer {token}"})


def _problem(response: TestResponse, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == PROBLEM_JSON
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


@pytest.mark.parametrize("candidate_id", [2147483648, -2147483649, 2**63, True, False, 1.0, "1", [1], {"id": 1}])
def test_a_candidate_id_that_no_integer_column_holds_is_invalid_input(
        client: FlaskClient, tokens: dict[str, str], candidate_id: object) -> None:
    response = _send(client, tokens["bsh-assessor"], "POST", "/api/v1/assessments",
                     {"candidate_id": candidate_id, "qualification_code": "DEMO-HK-RA-2"})
    assert "candidate_id" in _problem(response, 422)["errors"]


@pytest.mark.parametrize("assessment_id", [True, 2147483648, 0.5])
def test_an_assessment_id_that_is_not_a_stored_integer_is_invalid_input(
        client: FlaskClient, tokens: dict[str, str], assessment_id: object) -> None:
    response = _send(client, tokens["bsh-manager"], "POST", "/api/v1/certificates", {"assessment_id": assessment_id})
    assert "assessment_id" in _problem(response, 422)["errors"]


@pytest.mark.parametrize("path", ["/api/v1/assessments/99999999999999999999", "/api/v1/assessments/2147483648",
                                  "/api/v1/candidates/2147483648", "/api/v1/assessments/2147483648/submit",
                                  "/api/v1/assessments/%C2%B2", "/api/v1/assessments/%D9%A1"])
def test_a_path_id_beyond_the_integer_column_answers_not_found(
        client: FlaskClient, tokens: dict[str, str], path: str) -> None:
    method = "POST" if path.endswith("/submit") else "GET"
    _problem(_send(client, tokens["bsh-assessor"], method, path), 404)


def test_a_page_path_id_beyond_the_integer_column_answers_not_found(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        demo.seed_demo(db.session, DOCUMENT_KEY)
        db.session.commit()
    from tests.factories import log_in

    log_in(client, "bsh-assessor", "assessor-demo-2026")
    assert client.get("/candidates/99999999999999999999").status_code == 404


def test_a_qr_code_whose_number_holds_nul_is_invalid_not_an_error(app: Flask, client: FlaskClient) -> None:
    response = client.get(f"/v/{NUL_NUMBER_CODE}")
    assert response.status_code == 200
    assert 'data-status="invalid"' in response.get_data(as_text=True)
    answer = client.get(f"/api/v1/verify/{NUL_NUMBER_CODE}")
    assert answer.status_code == 200 and answer.get_json()["status"] == "invalid"


def test_one_nul_item_in_a_bulk_verify_does_not_fail_the_others(app: Flask, client: FlaskClient,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "VERIFY_RATE_LIMIT", "10000 per minute")  # every item counts against it
    with app.app_context():
        context = IssueContext(master_secret=app.config["KEY_ENCRYPTION_KEY"], base_url="http://registry.test",
                               today=date.today())
        demo.seed_demo(db.session, DOCUMENT_KEY, context)
        number, code = db.session.execute(select(Certificate.number, Certificate.qr_code)
                                          .order_by(Certificate.id)).first()  # type: ignore[misc]
        db.session.commit()
    items = [number, NUL_NUMBER_CODE, "A\x00B", f"{number}\x00", f"{code}\x00", *[number, code] * 497, number]
    response = client.post("/api/v1/verify", json={"items": items})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    statuses = [result["status"] for result in response.get_json()["results"]]
    assert len(statuses) == 1000
    assert statuses[1] == "invalid" and statuses[2] in ("invalid", "not_found")
    assert statuses[3] in ("invalid", "not_found") and statuses[4] in ("invalid", "not_found")
    assert statuses[0] not in ("invalid", "not_found") and statuses[5:] == [statuses[0]] * 995


@pytest.mark.parametrize(("change", "field"), [
    ({"consent": {**CANDIDATE["consent"], "notice_version": "A\x00B"}}, "consent"),
    ({"name_latin": "Zaw\x00Min"}, "name_latin"),
    ({"phone": "+66\x0881"}, "phone"),
    ({"id_document": {"type": "pink_card", "number": "00\x001234567"}}, "id_document"),
    ({"id_document": {"type": ["pink_card"], "number": "00-1234567"}}, "id_document"),
    ({"id_document": {"type": {"a": 1}, "number": "00-1234567"}}, "id_document"),
    ({"consent": {**CANDIDATE["consent"], "purposes": [["assessment"]]}}, "consent"),
    ({"consent": {**CANDIDATE["consent"], "language": {"my": 1}}}, "consent"),
    ({"returnee": "no"}, "returnee"),
    ({"sex": ["male"]}, "sex"),
])
def test_candidate_fields_with_nul_or_the_wrong_shape_are_invalid_input(
        client: FlaskClient, tokens: dict[str, str], change: dict[str, Any], field: str) -> None:
    response = _send(client, tokens["bsh-assessor"], "POST", "/api/v1/candidates", {**CANDIDATE, **change})
    assert field in _problem(response, 422)["errors"]


def test_results_with_wrong_shapes_are_invalid_input(client: FlaskClient, tokens: dict[str, str]) -> None:
    assessor = tokens["bsh-assessor"]
    created = _send(client, assessor, "POST", "/api/v1/candidates", CANDIDATE)
    assert created.status_code == 201, created.get_json()
    opened = _send(client, assessor, "POST", "/api/v1/assessments",
                   {"candidate_id": created.get_json()["id"], "qualification_code": "DEMO-HK-RA-2"})
    url = f"/api/v1/assessments/{opened.get_json()['id']}/results"
    row = {"unit_code": "D1.HHK.CL3.01", "outcome": "competent", "method": "observation",
           "assessed_on": "2026-11-20"}
    for body in ({"results": [{**row, "unit_code": ["D1.HHK.CL3.01"]}]},
                 {"results": [{**row, "outcome": {"x": 1}}]},
                 {"results": [{**row, "method": "obs\x00ervation"}]},
                 {"results": [row], "version": 2147483648},
                 {"results": [row], "version": True}):
        assert _problem(_send(client, assessor, "PUT", url, body), 422)["errors"], body


def test_a_return_reason_with_nul_is_invalid_input(client: FlaskClient, tokens: dict[str, str]) -> None:
    response = _send(client, tokens["bsh-moderator"], "POST", "/api/v1/assessments/1/return", {"reason": "no\x00"})
    assert _problem(response, 422)["errors"] == {"reason": response.get_json()["errors"]["reason"]}


def test_a_nul_in_a_path_segment_answers_not_found(client: FlaskClient, tokens: dict[str, str]) -> None:
    _problem(_send(client, tokens["bsh-manager"], "GET", "/api/v1/certificates/TH-BSH%00"), 404)
    _problem(client.get("/api/v1/verify/A%00B"), 404)
    assert client.get("/v/AB%00CD").status_code == 404
    assert client.get("/h/token%00").status_code == 404


def test_a_nul_in_a_query_string_is_refused(app: Flask, client: FlaskClient, tokens: dict[str, str]) -> None:
    _problem(_send(client, tokens["bsh-manager"], "GET", "/api/v1/qualifications?lang=th%00"), 400)
    page = client.get("/verify?number=TH-BSH%00-2026")
    assert page.status_code == 400 and page.mimetype == "text/html"


def test_a_nul_in_a_form_value_is_refused(app: Flask, client: FlaskClient) -> None:
    response = client.post("/verify/who", data={"event": "x", "organisation": "Hotel\x00"})
    assert response.status_code == 400 and response.mimetype == "text/html"


def test_login_with_nul_in_the_user_name_is_a_wrong_login(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        demo.seed_demo(db.session, DOCUMENT_KEY)
        db.session.commit()
    for username, password in (("bsh\x00manager", "manager-demo-2026"), ("bsh-manager", "manager-demo-2026\x00")):
        token = csrf_token(client)
        response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
        assert response.status_code == 200
        assert "Unknown user name or wrong password." in response.get_data(as_text=True)


def test_a_unicode_digit_as_a_form_version_is_a_stale_form_not_a_crash(app: Flask, client: FlaskClient) -> None:
    from tests.factories import log_in

    with app.app_context():
        demo.seed_demo(db.session, DOCUMENT_KEY)
        db.session.commit()
        from registry.models import Assessment, Candidate

        candidate_id = db.session.scalars(select(Candidate.id).order_by(Candidate.id)).first()
        assessment_id = db.session.scalars(select(Assessment.id).order_by(Assessment.id)).first()
    log_in(client, "bsh-assessor", "assessor-demo-2026")
    form = {"name_latin": "SOK Sreyneang", "nationality": "KH", "sex": "female", "date_of_birth": "1996-04-12",
            "preferred_language": "km", "consent_language": "km", "id_document_type": "",
            "consent_purposes": ["assessment", "certification", "verification"], "version": "²"}
    url = f"/candidates/{candidate_id}/edit"
    response = client.post(url, data={**form, "csrf_token": csrf_token(client, url)})
    assert response.status_code < 500
    page = f"/assessments/{assessment_id}"
    response = client.post(f"{page}/steps/submit", data={"version": "²", "csrf_token": csrf_token(client, page)})
    assert response.status_code < 500
    grid = {f"v-{assessment_id}": "²", "csrf_token": csrf_token(client, page)}
    response = client.post(f"{page}/results", data=grid)
    assert response.status_code < 500


def test_a_uri_too_long_answers_problem_json_on_the_api(client: FlaskClient) -> None:
    _problem(client.get("/api/v1/verify/" + "A" * 9000), 414)
    assert client.get("/v/" + "A" * 9000).status_code == 414
