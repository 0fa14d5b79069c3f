"""A cohort from a spreadsheet through the web pages and the JSON API: template, upload, check, decide, import,
export; each centre sees only its own."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import Workbook, load_workbook

from registry.core.roles import Role
from registry.extensions import db
from registry.services import accounts, api_tokens, demo
from tests.factories import DOCUMENT_KEY, log_in, make_centre, make_user
from tests.web.helpers import csrf_token, post_form

QUALIFICATION = "DEMO-HK-RA-2"


@pytest.fixture
def tokens(app: Flask) -> dict[str, str]:
    with app.app_context():
        demo.seed_demo(db.session, DOCUMENT_KEY)
        result = {}
        for username in ("bsh-assessor", "bsh-manager", "bsh-moderator"):
            user = accounts.find_user(db.session, username)
            assert user is not None
            result[username] = api_tokens.create_token(db.session, None, user)
        other = make_user(db.session, Role.PROVIDER_ADMIN, make_centre(db.session, "OTH"))
        result["outsider"] = api_tokens.create_token(db.session, None, other)
        db.session.commit()
    return result


def _call(client: FlaskClient, token: str, method: str, url: str, headers: dict[str, str] | None = None,
          **kwargs: Any) -> Any:
    return client.open(url, method=method, headers={"Authorization": f"Bearer {token}", **(headers or {})}, **kwargs)


def _filled_template(client: FlaskClient, token: str, rows: list[dict[str, object]]) -> bytes:
    response = _call(client, token, "GET", f"/api/v1/qualifications/{QUALIFICATION}/template.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook.worksheets[0]
    keys = [cell.value for cell in sheet[1]]
    for row in rows:
        sheet.append([row.get(key) for key in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _person(name: str, **changes: object) -> dict[str, object]:
    return {"name_latin": name, "sex": "female", "nationality": "KH", "date_of_birth": "12/04/1996",
            "consent": "assessment certification verification", "method": "observation",
            "assessed_on": "2026-11-20", "D1.HHK.CL3.01": "competent", **changes}


def test_template_has_the_contract_layout_with_labels_in_the_users_language(client: FlaskClient,
                                                                            tokens: dict[str, str]) -> None:
    response = _call(client, tokens["bsh-assessor"], "GET", f"/api/v1/qualifications/{QUALIFICATION}/template.xlsx",
                     headers={"Accept-Language": "th"})
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    keys = [cell.value for cell in sheet[1]]
    assert keys[:4] == ["name_latin", "name_native", "sex", "nationality"] and "D1.HHK.CL3.01" in keys
    assert re.search("[\u0e00-\u0e7f]", str(sheet.cell(2, 3).value))  # the label of "sex" in Thai
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    csv = _call(client, tokens["bsh-assessor"], "GET", f"/api/v1/qualifications/{QUALIFICATION}/template.csv")
    assert csv.data.startswith(b"\xef\xbb\xbfname_latin,")
    assert _call(client, tokens["bsh-assessor"], "GET",
                 f"/api/v1/qualifications/{QUALIFICATION}/template.pdf").status_code == 404


def test_api_cohort_dry_run_then_import(client: FlaskClient, tokens: dict[str, str]) -> None:
    manager = tokens["bsh-assessor"]
    created = _call(client, manager, "POST", "/api/v1/cohorts",
                    json={"name": "December intake", "qualification_code": QUALIFICATION})
    assert created.status_code == 201, created.get_json()
    cohort = created.get_json()
    assert cohort["assessments"] == [] and cohort["qualification_code"] == QUALIFICATION
    content = _filled_template(client, manager, [_person("Sok Dara"), _person("Chan Thida", sex="")])
    url = f"/api/v1/cohorts/{cohort['id']}/imports"
    dry = _call(client, manager, "POST", url, data={"file": (io.BytesIO(content), "c.xlsx"), "dry_run": "true"})
    assert dry.status_code == 202 and dry.get_json()["state"] == "done"
    report = _call(client, manager, "GET", dry.get_json()["url"]).get_json()
    assert report["errors"] == [{"row": 4, "column": "sex", "message": "This field is required."}]
    assert report["created"] == {"candidates": 0, "assessments": 0} and report["progress"]["total"] == 2
    refused = _call(client, manager, "POST", url, data={"file": (io.BytesIO(content), "c.xlsx"), "dry_run": "false"})
    assert refused.status_code == 202, refused.get_json()
    job = _call(client, manager, "GET", refused.get_json()["url"]).get_json()
    assert job["state"] == "failed" and job["created"]["candidates"] == 0 and job["failure"]
    partial = _call(client, manager, "POST", url, data={"file": (io.BytesIO(content), "c.xlsx"), "dry_run": "false",
                                                        "valid_rows_only": "true"})
    assert partial.status_code == 202, partial.get_json()
    job = _call(client, manager, "GET", partial.get_json()["url"]).get_json()
    assert job["state"] == "done" and job["created"] == {"candidates": 1, "assessments": 1}
    assert job["progress"] == {"done": 1, "total": 2}
    shown = _call(client, manager, "GET", f"/api/v1/cohorts/{cohort['id']}").get_json()
    assert [a["state"] for a in shown["assessments"]] == ["evidence"]  # results for 1 unit of 3


def test_api_imports_are_kept_to_their_centre(client: FlaskClient, tokens: dict[str, str]) -> None:
    cohort = _call(client, tokens["bsh-manager"], "POST", "/api/v1/cohorts",
                   json={"name": "Mine", "qualification_code": QUALIFICATION}).get_json()
    content = _filled_template(client, tokens["bsh-manager"], [_person("Sok Dara")])
    sent = _call(client, tokens["bsh-manager"], "POST", f"/api/v1/cohorts/{cohort['id']}/imports",
                 data={"file": (io.BytesIO(content), "c.xlsx"), "dry_run": "true"})
    assert _call(client, tokens["outsider"], "GET", sent.get_json()["url"]).status_code == 404
    assert _call(client, tokens["outsider"], "GET", f"/api/v1/cohorts/{cohort['id']}").status_code == 404
    assert _call(client, tokens["outsider"], "POST", f"/api/v1/cohorts/{cohort['id']}/imports",
                 data={"file": (io.BytesIO(content), "c.xlsx"), "dry_run": "true"}).status_code == 404
    assert _call(client, tokens["bsh-moderator"], "POST", f"/api/v1/cohorts/{cohort['id']}/imports",
                 data={"file": (io.BytesIO(content), "c.xlsx"), "dry_run": "true"}).status_code == 403
    bad = _call(client, tokens["bsh-manager"], "POST", f"/api/v1/cohorts/{cohort['id']}/imports",
                data={"file": (io.BytesIO(content), "c.xlsx"), "dry_run": "maybe"})
    assert bad.status_code == 422


def _web_cohort(client: FlaskClient) -> int:
    log_in(client, "bsh-assessor", "assessor-demo-2026")
    client.set_cookie("lang", "en")  # the demo assessor works in Thai
    page = client.get("/cohorts/new").get_data(as_text=True)
    qualification = re.search(r'<option value="(\d+)"[^>]*>DEMO-HK-RA-2', page)
    assessor = re.search(r'name="assessor_ids"[^>]*value="(\d+)"', page) or re.search(
        r'value="(\d+)"[^>]*name="assessor_ids"', page)
    assert qualification and assessor
    response = post_form(client, "/cohorts/new", {"name": "From a file", "qualification_id": qualification.group(1),
                                                  "assessment_date": "2026-11-20",
                                                  "assessor_ids": assessor.group(1)})
    assert response.status_code == 302 and "/import" in response.location
    return int(re.search(r"/cohorts/(\d+)/import", response.location).group(1))  # type: ignore[union-attr]


def test_web_upload_shows_problems_by_row_and_column_then_imports_the_valid_rows(client: FlaskClient,
                                                                                 tokens: dict[str, str]) -> None:
    cohort_id = _web_cohort(client)
    content = _filled_template(client, tokens["bsh-assessor"],
                               [_person("Sok Dara", date_of_birth="07/03/2537"), _person("Chan Thida", sex="woman")])
    token = csrf_token(client, f"/cohorts/{cohort_id}/import")
    checked = client.post(f"/cohorts/{cohort_id}/import", data={"csrf_token": token,
                                                                "file": (io.BytesIO(content), "cohort.xlsx")})
    assert checked.status_code == 302
    report = client.get(checked.location).get_data(as_text=True)
    assert "Not one of the values of the column&#39;s list." in report and "woman" in report
    assert "07/03/2537" in report and "1994-03-07" in report
    rejected = client.get(checked.location + "/rejected.xlsx")
    sheet = load_workbook(io.BytesIO(rejected.data)).worksheets[0]
    assert sheet.cell(3, 1).value == "Chan Thida" and "sex" in str(sheet.cell(3, sheet.max_column).value)
    done = post_form(client, checked.location, {"valid_rows_only": "true"}, follow_redirects=True)
    assert done.request.path == checked.location  # the import's job ran (immediate mode): its page says so
    assert "Imported: 1 new candidates, 0 updated." in done.get_data(as_text=True)
    grid = client.get(checked.location + "/finished", follow_redirects=True).get_data(as_text=True)
    assert "1 candidate registered from the file." in grid and "Sok Dara" in grid and "Chan Thida" not in grid
    again = post_form(client, checked.location, {"valid_rows_only": "true"})
    assert "nothing was imported twice" in client.get(again.location).get_data(as_text=True)
    exported = client.get(f"/cohorts/{cohort_id}/export.xlsx")
    rows = list(load_workbook(io.BytesIO(exported.data)).worksheets[0].values)
    assert rows[2][0] == "Sok Dara" and len(rows) == 3


def test_only_an_assessor_imports_results_a_centre_head_registers_candidates(client: FlaskClient,
                                                                            tokens: dict[str, str]) -> None:
    head = tokens["bsh-manager"]
    cohort = _call(client, head, "POST", "/api/v1/cohorts",
                   json={"name": "Intake", "qualification_code": QUALIFICATION}).get_json()
    with_results = _filled_template(client, head, [_person("Sok Dara")])
    sent = _call(client, head, "POST", f"/api/v1/cohorts/{cohort['id']}/imports",
                 data={"file": (io.BytesIO(with_results), "c.xlsx"), "dry_run": "true"})
    [error] = _call(client, head, "GET", sent.get_json()["url"]).get_json()["errors"]
    assert error["column"] == "D1.HHK.CL3.01" and error["message"].startswith("Only an assessor can record results")
    names_only = _filled_template(client, head, [_person("Sok Dara", method=None, assessed_on=None,
                                                         **{"D1.HHK.CL3.01": None})])
    sent = _call(client, head, "POST", f"/api/v1/cohorts/{cohort['id']}/imports",
                 data={"file": (io.BytesIO(names_only), "c.xlsx"), "dry_run": "false"})
    assert _call(client, head, "GET", sent.get_json()["url"]).get_json()["created"]["candidates"] == 1


def test_web_upload_refuses_what_is_not_a_spreadsheet_and_keeps_the_page(client: FlaskClient,
                                                                          tokens: dict[str, str]) -> None:
    cohort_id = _web_cohort(client)
    token = csrf_token(client, f"/cohorts/{cohort_id}/import")
    empty = client.post(f"/cohorts/{cohort_id}/import", data={"csrf_token": token})
    assert empty.status_code == 422 and "Choose a file." in empty.get_data(as_text=True)
    workbook = Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    for content, message in ((b"\x89PNG\r\n\x1a\n\x00\x00", "This is not an XLSX or CSV file."),
                             (b"   ", "The file is empty."),
                             (buffer.getvalue(), "A required column is missing.")):
        token = csrf_token(client, f"/cohorts/{cohort_id}/import")
        checked = client.post(f"/cohorts/{cohort_id}/import", data={"csrf_token": token,
                                                                    "file": (io.BytesIO(content), "f.xlsx")})
        page = client.get(checked.location).get_data(as_text=True)
        assert message in page and 'id="import-form"' not in page
