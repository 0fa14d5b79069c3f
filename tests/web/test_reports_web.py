"""The reports page and GET /api/v1/reports/summary: the same numbers; an analyst sees no one's record anywhere."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from registry.core.roles import Role
from registry.extensions import db
from registry.infra.app_context import issue_context
from registry.services import accounts, api_tokens, demo
from tests.factories import DOCUMENT_KEY, PASSWORD, log_in, make_user


def _seed(app: Flask) -> str:
    with app.test_request_context():
        demo.seed_demo(db.session, DOCUMENT_KEY, issue_context())
        analyst = make_user(db.session, Role.ANALYST, username="ana")
        token = api_tokens.create_token(db.session, None, analyst)
        db.session.commit()
    return token


def test_the_page_in_thai_and_burmese_has_its_tables_and_a_chart(app: Flask, client: FlaskClient) -> None:
    _seed(app)
    log_in(client, "ana", PASSWORD)
    page = client.get("/reports?lang=th").get_data(as_text=True)
    assert "<svg" in page and 'id="by-sex"' in page and 'id="by-centre"' in page
    assert "&lt;5" in page  # the demo's three people are too few to show
    assert "SOK" not in page and "Sreyneang" not in page and "TH-BSH" not in page  # no person, no number
    burmese = client.get("/reports?lang=my&sex=female").get_data(as_text=True)
    assert 'value="female" selected' in burmese


def test_the_api_answers_the_same_numbers(app: Flask, client: FlaskClient) -> None:
    token = _seed(app)
    response = client.get("/api/v1/reports/summary?centre=BSH", headers={"Authorization": f"Bearer {token}"})
    body = response.get_json()
    assert response.status_code == 200
    assert body["totals"]["registered"] == "<5" and body["totals"]["statements"] == "<5"
    assert set(body["by"]) == {"sex", "nationality", "centre", "qualification"}
    wrong = client.get("/api/v1/reports/summary?from=31/12/2026&centre=NOPE",
                       headers={"Authorization": f"Bearer {token}"})
    assert wrong.status_code == 422 and set(wrong.get_json()["errors"]) == {"from", "centre"}


def test_an_analyst_reaches_no_personal_data_and_staff_no_reports(app: Flask, client: FlaskClient) -> None:
    _seed(app)
    log_in(client, "ana", PASSWORD)
    for path in ("/candidates", "/cohorts", "/certificates", "/admin/users", "/admin/audit"):
        assert client.get(path).status_code == 403, path
    menu = client.get("/dashboard").get_data(as_text=True)
    assert 'href="/reports"' in menu and 'href="/candidates"' not in menu
    assessor = app.test_client()
    log_in(assessor, "bsh-assessor", "assessor-demo-2026")
    assert assessor.get("/reports").status_code == 403
    with app.app_context():
        user = accounts.find_user(db.session, "ana")
        assert user is not None and user.centre_id is None


def test_the_exports_carry_the_pages_numbers(app: Flask, client: FlaskClient) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    _seed(app)
    log_in(client, "ana", PASSWORD)
    page = client.get("/reports?lang=en&sex=female").get_data(as_text=True)
    assert 'href="/reports.csv?lang=en&amp;sex=female"' in page
    exported = client.get("/reports.csv?lang=en&sex=female")
    assert exported.headers["Content-Disposition"] == 'attachment; filename="report.csv"'
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert rows[0] == ["By sex"] and rows[1][1:3] == ["Registered", "Assessed and endorsed"]
    assert rows[2][0] == "Female" and rows[2][1] == "<5"
    sheet = load_workbook(io.BytesIO(client.get("/reports.xlsx?lang=en").data))["By nationality"]
    values = list(sheet.values)
    assert values[-1][0] == "Total" and "<5" in values[-1]
    assert client.get("/reports.pdf").status_code == 404


def test_a_period_that_ends_before_it_starts_is_said(app: Flask, client: FlaskClient) -> None:
    token = _seed(app)
    wrong = client.get("/api/v1/reports/summary?from=2026-12-31&to=2026-01-01",
                       headers={"Authorization": f"Bearer {token}"})
    assert wrong.status_code == 422 and "to" in wrong.get_json()["errors"]


def test_the_page_says_how_employers_checked(app: Flask, client: FlaskClient) -> None:
    _seed(app)
    log_in(client, "ana", PASSWORD)
    page = client.get("/reports?lang=en").get_data(as_text=True)
    assert 'id="report-checks"' in page and "checked at least once: 0" in page
