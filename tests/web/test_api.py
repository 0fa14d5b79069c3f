from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from registry.core.roles import Role
from registry.extensions import db
from registry.services import api_tokens, demo
from tests.factories import DOCUMENT_KEY, make_user


def _token(app: Flask, role: Role = Role.ASSESSOR) -> str:
    with app.app_context():
        demo.seed_demo(db.session, DOCUMENT_KEY)
        token = api_tokens.create_token(db.session, None, make_user(db.session, role))
        db.session.commit()
    return token


def test_qualifications_lists_the_catalogue_with_units_and_levels(app: Flask, client: FlaskClient) -> None:
    token = _token(app)
    response = client.get("/api/v1/qualifications", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.is_json
    body = response.get_json()
    room = next(item for item in body["qualifications"] if item["code"] == "DEMO-HK-RA-2")
    assert room["title"]["en"] == "Room Attendant" and room["title"]["th"]
    assert room["levels"]["aqrf"] == 2 and room["levels"]["dsd"] == 1
    assert room["isco08"] == "9112"
    assert [unit["code"] for unit in room["units"]] == [
        "D1.HHK.CL3.01", "D1.HHK.CL3.03", "D1.HHK.CL3.05", "D1.HOT.CL1.04"]


def test_missing_or_wrong_token_answers_problem_json(app: Flask, client: FlaskClient) -> None:
    _token(app)
    for headers in ({}, {"Authorization": "Bearer rgt_not-a-real-token"}, {"Authorization": "Basic abc"}):
        response = client.get("/api/v1/qualifications", headers=headers)
        assert response.status_code == 401
        assert response.mimetype == "application/problem+json"
        body = response.get_json()
        assert body["status"] == 401 and body["title"] and body["detail"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_stops_working(app: Flask, client: FlaskClient) -> None:
    token = _token(app)
    with app.app_context():
        user = api_tokens.user_for_token(db.session, token)
        assert user is not None
        [record] = api_tokens.tokens_of(db.session, user)
        api_tokens.revoke_token(db.session, user, record.id)
        db.session.commit()
    assert client.get("/api/v1/qualifications", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_unknown_api_path_answers_problem_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_health_is_public_json(client: FlaskClient) -> None:
    assert client.get("/api/v1/health").get_json() == {"status": "ok"}
