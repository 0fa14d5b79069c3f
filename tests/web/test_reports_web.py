"""The reports page and GET /api/v1/reports/summary: the same numbers; an analyst sees no one's record anywhere."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
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
    assert "<svg" in page and 'id="table-sex"' in page and 'id="table-centre"' in page
    assert 'id="chart-month"' in page and 'id="chart-nationality"' in page
    this_year = datetime.now(ZoneInfo("Asia/Bangkok")).year
    assert f'<option value="{this_year}">{this_year + 543}</option>' in page  # the Buddhist era
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
    assert set(body["by"]) == {"sex", "nationality", "returnee", "age_band", "centre", "country", "qualification",
                               "sector"}
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
    by_sex = rows.index(["By sex"])
    assert rows[by_sex + 1][1:3] == ["Registered", "Assessments opened"]
    assert rows[by_sex + 2][0] == "Female" and rows[by_sex + 2][1] == "<5"
    book = load_workbook(io.BytesIO(client.get("/reports.xlsx?lang=en").data))
    values = list(book[next(name for name in book.sheetnames if name.endswith("By nationality"))].values)
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
    assert 'id="table-checks"' in page and 'data-indicator="checked">0</dd>' in page


def test_page_csv_xlsx_pdf_and_api_give_the_same_numbers(app: Flask, client: FlaskClient) -> None:
    """Enough people that most counts show: 30 more workers certified at the demo's Thai centre."""
    import csv
    import io
    import re
    import subprocess

    from openpyxl import load_workbook

    token = _seed(app)
    with app.test_request_context():
        from registry.core.workflow import Action
        from registry.models import TrainingCentre
        from registry.services import assessments, certificates, workflow
        from registry.services.assessments import ResultEntry
        from tests.factories import ISSUE_CONTEXT, letters, make_candidate, make_qualification, make_user

        centre = db.session.query(TrainingCentre).filter_by(code="BSH").one()
        assessor = make_user(db.session, Role.ASSESSOR, centre)
        moderator = make_user(db.session, Role.MODERATOR, centre)
        head = make_user(db.session, Role.PROVIDER_ADMIN, centre)
        qualification = make_qualification(db.session, units=1)
        people = [make_candidate(db.session, assessor, name_latin=f"Same {letters(n)}", name_native="",
                                 sex="female" if n % 3 else "male", nationality=("KH", "MM", "LA")[n % 3])
                  for n in range(30)]
        group = assessments.open_assessments(db.session, assessor, people, qualification)
        assessments.save_results(db.session, assessor, group, qualification.units, {
            (a.id, u.id): ResultEntry("competent", "observation") for a in group for u in qualification.units},
            ISSUE_CONTEXT.today, ISSUE_CONTEXT.today)
        for assessment in group:
            workflow.apply_transition(db.session, assessor, assessment, Action.SUBMIT)
            workflow.apply_transition(db.session, moderator, assessment, Action.ENDORSE)
        certificates.issue_certificates(db.session, head, group, ISSUE_CONTEXT)
        db.session.commit()
    log_in(client, "ana", PASSWORD)
    query = "lang=en&sex=female"
    api = client.get(f"/api/v1/reports/summary?{query}", headers={"Authorization": f"Bearer {token}"}).get_json()
    page = client.get(f"/reports?{query}").get_data(as_text=True)
    totals = {key: str(value) for key, value in api["totals"].items()}
    assert totals["registered"] == "22" and totals["qualifications"] == "22"  # 20 + the demo's two women
    for key, value in totals.items():
        assert f'data-indicator="{key}">{value if value != "None" else "—"}</dd>' in page.replace("&lt;", "<"), key
    rows = list(csv.reader(io.StringIO(client.get(f"/reports.csv?{query}").data.decode("utf-8-sig"))))
    start = rows.index(["Totals"])
    csv_totals = dict(row for row in rows[start + 2:start + 12])
    assert csv_totals["Registered"] == totals["registered"] and csv_totals["Full qualifications"] == totals[
        "qualifications"]
    by_nationality = rows.index(["By nationality"])
    header = rows[by_nationality + 1]
    column = header.index("Full qualifications")
    csv_nationality = {row[0]: row[column] for row in rows[by_nationality + 2:by_nationality + 5]}
    assert csv_nationality == {"Cambodia": str(api["by"]["nationality"]["KH"]["qualifications"]),
                               "Laos": str(api["by"]["nationality"]["LA"]["qualifications"]),
                               "Myanmar (Burma)": str(api["by"]["nationality"]["MM"]["qualifications"])}
    book = load_workbook(io.BytesIO(client.get(f"/reports.xlsx?{query}").data))
    sheet = list(book[book.sheetnames[0]].values)
    assert {row[0]: str(row[1]) for row in sheet[1:11]}["Full qualifications"] == totals["qualifications"]
    pdf = client.get(f"/reports/summary.pdf?{query}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf.data, capture_output=True, check=True).stdout
    words = re.sub(r"\s+", " ", text.decode())
    for key, label in (("registered", "Registered"), ("qualifications", "Full qualifications")):
        assert f"{totals[key]} {label}" in words, (key, words[:400])


def test_a_backlog_of_months_is_left_to_the_worker_and_the_page_says_so(app: Flask, client: FlaskClient,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """After a migration (every month marked) the page answers at once with what was counted, in Thai too, and
    says the rest is being counted; the job worker's count brings the figures up."""
    from registry.jobs.report_counting import count_reports_now
    from registry.models.report_tally import mark_everything_stale

    token = _seed(app)
    log_in(client, "ana", PASSWORD)
    client.get("/reports")  # counted: the demo's few months
    with app.app_context():
        mark_everything_stale(db.session)
        db.session.commit()
    monkeypatch.setitem(app.config, "REPORT_MONTHS_IN_REQUEST", 0)
    waiting = client.get("/reports?lang=th")
    assert waiting.status_code == 200
    with app.test_request_context(headers={"Accept-Language": "th"}):
        from flask_babel import gettext

        line = gettext("Changes made since then are counted within a minute: open the page again to see them.")
    assert not line.isascii()  # the Thai line
    assert line in waiting.get_data(as_text=True)
    api = client.get("/api/v1/reports/summary", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200
    with app.app_context():
        assert count_reports_now(db.session) > 0
    assert line not in client.get("/reports?lang=th").get_data(as_text=True)
