"""Grid helpers: fill a column or a row without losing other edits, submit after saving what was typed, and a
moderator endorsing a whole cohort under the four-eyes rule."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from registry.extensions import db
from registry.models import Assessment
from tests.factories import log_in
from tests.web.helpers import csrf_token
from tests.web.test_assessment_journey import _centre_with_cohort, _create_cohort, _grid_form


def _states(app: Flask) -> list[str]:
    with app.app_context():
        return [a.state.value for a in db.session.scalars(select(Assessment).order_by(Assessment.id))]


def _cells(page: str) -> dict[str, str]:
    """The outcome selected in each cell of the grid page."""
    found = {}
    for name, body in re.findall(r'<select name="(o-\d+-\d+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        found[name] = chosen.group(1) if chosen else ""
    return found


def test_a_column_is_filled_around_the_other_edits_and_nothing_is_saved(app: Flask, client: FlaskClient) -> None:
    data = _centre_with_cohort(app, size=3, units=2)
    log_in(client, "asha")
    client.set_cookie("lang", "en")
    url = _create_cohort(client, data)
    form = {key: value for key, value in _grid_form(app, url, client, outcome="", method="").items()}
    first_cell = next(key for key in form if key.startswith("o-"))
    form[first_cell] = "not_yet_competent"  # typed, not saved
    unit = first_cell.split("-")[2]
    response = client.post(url, data={**form, "action": "fill", "fill_where": f"u-{unit}",
                                      "fill_outcome": "competent", "fill_method": "observation",
                                      "fill_only_empty": "1", "csrf_token": csrf_token(client, url)})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "3 cells filled. Check them, then save." in page  # one only its method
    cells = _cells(page)
    assert cells[first_cell] == "not_yet_competent"  # the edit kept, not overwritten
    assert [value for key, value in cells.items() if key.endswith(f"-{unit}")].count("competent") == 2
    assert all(value == "" for key, value in cells.items() if not key.endswith(f"-{unit}"))
    assert 'data-unsaved="true"' in page
    assert _states(app) == ["draft"] * 3  # nothing saved until the assessor saves


def test_a_row_is_filled_and_rows_already_submitted_are_left_alone(app: Flask, client: FlaskClient) -> None:
    data = _centre_with_cohort(app, size=2, units=2)
    log_in(client, "asha")
    url = _create_cohort(client, data)
    form = _grid_form(app, url, client)
    client.post(f"{url}/submit", data={**form, "csrf_token": csrf_token(client, url)})
    assert _states(app) == ["submitted", "submitted"]
    with app.app_context():
        ids = list(db.session.scalars(select(Assessment.id).order_by(Assessment.id)))
    response = client.post(url, data={"action": "fill", "fill_where": "all", "fill_outcome": "not_yet_competent",
                                      "csrf_token": csrf_token(client, url)})
    assert "0 cells filled" in response.get_data(as_text=True)
    response = client.post(url, data={"action": "fill", "fill_where": f"a-{ids[0]}", "fill_outcome": "",
                                      "fill_method": "", "csrf_token": csrf_token(client, url)})
    assert response.status_code == 422
    assert "Choose an outcome or a method to fill the cells with." in response.get_data(as_text=True)


def test_submit_all_saves_what_was_typed_first_or_submits_nothing(app: Flask, client: FlaskClient) -> None:
    data = _centre_with_cohort(app, size=2, units=2)
    log_in(client, "asha")
    client.set_cookie("lang", "en")
    url = _create_cohort(client, data)
    form = _grid_form(app, url, client)
    broken = {**form, next(key for key in form if key.startswith("m-")): ""}  # one cell without a method
    refused = client.post(f"{url}/submit", data={**broken, "csrf_token": csrf_token(client, url)})
    assert refused.status_code == 422 and _states(app) == ["draft", "draft"]
    assert 'data-invalid="true"' in refused.get_data(as_text=True)
    done = client.post(f"{url}/submit", data={**form, "csrf_token": csrf_token(client, url)})
    assert done.status_code == 302 and _states(app) == ["submitted", "submitted"]


def test_a_moderator_endorses_the_cohort_but_not_what_they_assessed(app: Flask, client: FlaskClient) -> None:
    data = _centre_with_cohort(app, size=3, units=2)
    log_in(client, "asha")
    url = _create_cohort(client, data)
    client.post(f"{url}/submit", data={**_grid_form(app, url, client), "csrf_token": csrf_token(client, url)})
    with app.app_context():
        first = db.session.scalars(select(Assessment).order_by(Assessment.id)).first()
        assert first is not None
        first.created_by_id = data["moderator"]  # type: ignore[assignment]  # the moderator opened this one
        db.session.commit()
    moderator = app.test_client()
    log_in(moderator, "moli")
    moderator.set_cookie("lang", "en")
    assert 'id="endorse-all"' in moderator.get(url).get_data(as_text=True)
    confirm = moderator.get(f"{url}/endorse").get_data(as_text=True)
    assert 'id="to-endorse">2<' in confirm and "Left for another moderator" in confirm
    assert _states(app) == ["submitted"] * 3  # looking endorses nothing
    done = moderator.post(f"{url}/endorse", data={"csrf_token": csrf_token(moderator, f"{url}/endorse")},
                          follow_redirects=True)
    page = done.get_data(as_text=True)
    assert "2 assessments endorsed." in page and "1 assessment you assessed yourself" in page
    assert _states(app) == ["submitted", "endorsed", "endorsed"]
    assert client.get(f"{url}/endorse").status_code == 403  # an assessor endorses nothing
