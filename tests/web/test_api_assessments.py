"""Candidates and assessments through the JSON API of CONTRACT.md."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from registry.core.roles import Role
from registry.extensions import db
from registry.services import api_tokens, demo
from tests.factories import DOCUMENT_KEY, make_centre, make_user

CANDIDATE = {
    "name_latin": "Zaw Min Htun", "name_native": "ဇော်မင်းထွန်း", "script": "Mymr", "nationality": "MM",
    "sex": "male", "date_of_birth": "1994-02-03", "id_document": {"type": "pink_card", "number": "00-1234567"},
    "phone": "+66 81 234 5678",
    "consent": {"purposes": ["assessment", "certification", "verification"], "language": "my",
                "notice_version": "2026-11"},
}


@pytest.fixture
def tokens(app: Flask) -> dict[str, str]:
    with app.app_context():
        demo.seed_demo(db.session, DOCUMENT_KEY)
        result = {}
        for username in ("bsh-assessor", "bsh-moderator", "bsh-manager", "pct-manager"):
            from registry.services import accounts

            user = accounts.find_user(db.session, username)
            assert user is not None
            result[username] = api_tokens.create_token(db.session, None, user)
        other = make_user(db.session, Role.MODERATOR, make_centre(db.session, "OTH"))
        result["outsider"] = api_tokens.create_token(db.session, None, other)
        db.session.commit()
    return result


def _call(client: FlaskClient, token: str, method: str, url: str, body: Any = None) -> Any:
    return client.open(url, method=method, json=body, headers={"Authorization": f"Bearer {token}"})


def test_candidate_and_assessment_lifecycle_over_the_api(client: FlaskClient, tokens: dict[str, str]) -> None:
    assessor, moderator = tokens["bsh-assessor"], tokens["bsh-moderator"]
    created = _call(client, assessor, "POST", "/api/v1/candidates", CANDIDATE)
    assert created.status_code == 201, created.get_json()
    candidate_id = created.get_json()["id"]
    assert created.get_json()["id_document"] == {"type": "pink_card", "last4": "4567"}
    opened = _call(client, assessor, "POST", "/api/v1/assessments",
                   {"candidate_id": candidate_id, "qualification_code": "DEMO-HK-RA-2"})
    assert opened.status_code == 201 and opened.get_json()["state"] == "draft"
    assessment = opened.get_json()["id"]
    results = [
        {"unit_code": "D1.HHK.CL3.01", "outcome": "competent", "method": "observation", "assessed_on": "2026-11-20"},
        {"unit_code": "D1.HHK.CL3.03", "outcome": "competent", "method": "questioning", "assessed_on": "2026-11-20"},
        {"unit_code": "D1.HHK.CL3.05", "outcome": "not_yet_competent", "method": "observation",
         "assessed_on": "2026-11-20"},
        {"unit_code": "D1.HOT.CL1.04", "outcome": "not_yet_competent", "method": "portfolio",
         "assessed_on": "2026-11-21"},
    ]
    saved = _call(client, assessor, "PUT", f"/api/v1/assessments/{assessment}/results", {"results": results})
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["state"] == "assessed"
    assert saved.get_json()["outcome_kind"] == "statement_of_attainment"
    assert _call(client, moderator, "POST", f"/api/v1/assessments/{assessment}/endorse").status_code == 409
    assert _call(client, assessor, "POST", f"/api/v1/assessments/{assessment}/submit").status_code == 200
    assert _call(client, assessor, "POST", f"/api/v1/assessments/{assessment}/endorse").status_code == 403
    unexplained = _call(client, moderator, "POST", f"/api/v1/assessments/{assessment}/return", {"reason": "  "})
    assert unexplained.status_code == 422 and "reason" in unexplained.get_json()["errors"]
    returned = _call(client, moderator, "POST", f"/api/v1/assessments/{assessment}/return", {"reason": "Photos?"})
    assert returned.status_code == 200 and returned.get_json()["return_reason"] == "Photos?"
    assert _call(client, assessor, "POST", f"/api/v1/assessments/{assessment}/submit").status_code == 200
    endorsed = _call(client, moderator, "POST", f"/api/v1/assessments/{assessment}/endorse")
    assert endorsed.status_code == 200 and endorsed.get_json()["state"] == "endorsed"


def test_invalid_candidate_names_each_field(client: FlaskClient, tokens: dict[str, str]) -> None:
    body = {**CANDIDATE, "name_native": "ဇော် Zaw", "date_of_birth": "03/02/1994", "sex": "m",
            "consent": {"purposes": ["contact"], "language": "my"}}
    response = _call(client, tokens["bsh-assessor"], "POST", "/api/v1/candidates", body)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 422 and problem["title"] and problem["detail"]
    assert {"date_of_birth"} <= set(problem["errors"])
    second = _call(client, tokens["bsh-assessor"], "POST", "/api/v1/candidates",
                   {**body, "date_of_birth": "1994-02-03"})
    assert {"name_native", "sex", "consent_purposes"} <= set(second.get_json()["errors"])
    assert _call(client, tokens["bsh-assessor"], "POST", "/api/v1/candidates", "not an object").status_code == 422


def test_duplicate_candidate_is_a_conflict_naming_the_match(client: FlaskClient, tokens: dict[str, str]) -> None:
    first = _call(client, tokens["bsh-assessor"], "POST", "/api/v1/candidates", CANDIDATE).get_json()["id"]
    again = _call(client, tokens["bsh-assessor"], "POST", "/api/v1/candidates", CANDIDATE)
    assert again.status_code == 409 and again.get_json()["duplicates"] == [first]
    forced = _call(client, tokens["bsh-assessor"], "POST", "/api/v1/candidates",
                   {**CANDIDATE, "confirm_duplicate": True})
    assert forced.status_code == 201


def test_bad_results_name_the_rows(client: FlaskClient, tokens: dict[str, str]) -> None:
    assessor = tokens["bsh-assessor"]
    candidate_id = _call(client, assessor, "POST", "/api/v1/candidates", CANDIDATE).get_json()["id"]
    assessment = _call(client, assessor, "POST", "/api/v1/assessments",
                       {"candidate_id": candidate_id, "qualification_code": "DEMO-HK-RA-2"}).get_json()["id"]
    response = _call(client, assessor, "PUT", f"/api/v1/assessments/{assessment}/results", {"results": [
        {"unit_code": "NOPE", "outcome": "competent", "method": "observation", "assessed_on": "2026-11-20"},
        {"unit_code": "D1.HHK.CL3.01", "outcome": "great", "method": "observation", "assessed_on": "2026-11-20"},
        {"unit_code": "D1.HHK.CL3.03", "outcome": "competent", "method": "observation", "assessed_on": "tomorrow"},
    ]})
    assert response.status_code == 422
    assert {"results[0].unit_code", "results[2].assessed_on"} <= set(response.get_json()["errors"])
    response = _call(client, assessor, "PUT", f"/api/v1/assessments/{assessment}/results", {"results": [
        {"unit_code": "D1.HHK.CL3.01", "outcome": "great", "method": "observation", "assessed_on": "2026-11-20"}]})
    assert set(response.get_json()["errors"]) == {"results[0]"}


def test_other_centre_gets_404_and_missing_right_403(client: FlaskClient, tokens: dict[str, str]) -> None:
    assessor = tokens["bsh-assessor"]
    candidate_id = _call(client, assessor, "POST", "/api/v1/candidates", CANDIDATE).get_json()["id"]
    assessment = _call(client, assessor, "POST", "/api/v1/assessments",
                       {"candidate_id": candidate_id, "qualification_code": "DEMO-HK-RA-2"}).get_json()["id"]
    outsider = tokens["pct-manager"]
    assert _call(client, outsider, "GET", f"/api/v1/candidates/{candidate_id}").status_code == 404
    assert _call(client, outsider, "GET", f"/api/v1/assessments/{assessment}").status_code == 404
    assert _call(client, outsider, "POST", f"/api/v1/assessments/{assessment}/submit").status_code == 404
    assert _call(client, tokens["outsider"], "POST", f"/api/v1/assessments/{assessment}/endorse").status_code == 404
    assert _call(client, outsider, "POST", "/api/v1/assessments",
                 {"candidate_id": candidate_id, "qualification_code": "DEMO-HK-RA-2"}).status_code == 404
    assert _call(client, tokens["bsh-moderator"], "POST", "/api/v1/candidates", CANDIDATE).status_code == 403
