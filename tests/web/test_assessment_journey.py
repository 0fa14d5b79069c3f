"""The assessor's and the moderator's journeys through the web pages."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from registry.core.roles import Role
from registry.core.workflow import AssessmentState
from registry.extensions import db
from registry.models import Assessment, Cohort
from tests.factories import letters, log_in, make_candidate, make_centre, make_qualification, make_user
from tests.web.helpers import post_form


def _centre_with_cohort(app: Flask, size: int = 3, units: int = 4) -> dict[str, object]:
    with app.app_context():
        centre = make_centre(db.session, "JRN")
        assessor = make_user(db.session, Role.ASSESSOR, centre, username="asha")
        moderator = make_user(db.session, Role.MODERATOR, centre, username="moli")
        head = make_user(db.session, Role.PROVIDER_ADMIN, centre, username="hana")
        qualification = make_qualification(db.session, units=units)
        people = [make_candidate(db.session, assessor, name_latin=f"Worker {letters(n)}", name_native="").id
                  for n in range(size)]
        db.session.commit()
        return {"qualification": qualification.id, "people": people, "assessor": assessor.id,
                "units": [unit.id for unit in qualification.units], "head": head.id, "moderator": moderator.id}


def _create_cohort(client: FlaskClient, data: dict[str, object]) -> str:
    response = post_form(client, "/cohorts/new", {
        "name": "November intake", "qualification_id": str(data["qualification"]), "assessment_date": "2026-11-20",
        "assessor_ids": [str(data["assessor"])], "candidate_ids": [str(p) for p in data["people"]]})  # type: ignore[attr-defined]
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return str(response.location)


def _grid_form(app: Flask, cohort_url: str, client: FlaskClient, outcome: str = "competent",
               method: str = "observation") -> dict[str, object]:
    page = client.get(cohort_url).get_data(as_text=True)
    form: dict[str, object] = {"assessed_on": "2026-11-20"}
    for name, value in re.findall(r'name="(v-\d+)" value="(\d+)"', page):
        form[name] = value
    for key in re.findall(r'name="o-(\d+-\d+)"', page):
        form[f"o-{key}"] = outcome
        form[f"m-{key}"] = method
    return form


def test_cohort_form_errors_are_shown_beside_the_fields(app: Flask, client: FlaskClient) -> None:
    _centre_with_cohort(app)
    log_in(client, "asha")
    response = post_form(client, "/cohorts/new", {"name": "", "assessment_date": "20/11/2026"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This field is required." in page and "Give a date as YYYY-MM-DD." in page


def test_full_cohort_journey(app: Flask, client: FlaskClient) -> None:
    data = _centre_with_cohort(app)
    log_in(client, "asha")
    url = _create_cohort(client, data)
    form = _grid_form(app, url, client)
    cells = sorted(key for key in form if str(key).startswith("o-"))
    assert len(cells) == 3 * 4
    bad = cells[5]
    form[bad.replace("o-", "m-")] = ""  # outcome without method
    form[cells[0]] = "brilliant"  # not an outcome at all
    response = post_form(client, url, form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.count('data-invalid="true"') == 2
    assert "Choose how the unit was assessed." in page and "Choose an outcome." in page
    assert page.count('value="competent" selected') == len(cells) - 1  # every other entry kept
    assert '<option value="brilliant" selected>' in page
    with app.app_context():
        assert set(db.session.scalars(select(Assessment.state))) == {AssessmentState.DRAFT}
    form[bad.replace("o-", "m-")] = "questioning"
    form[cells[0]] = "credit_transfer"
    assert post_form(client, url, form).status_code == 302
    with app.app_context():
        assert set(db.session.scalars(select(Assessment.state))) == {AssessmentState.ASSESSED}
    assert post_form(client, url + "/submit", {}, token_page=url).status_code == 302
    with app.app_context():
        assert set(db.session.scalars(select(Assessment.state))) == {AssessmentState.SUBMITTED}
        first = db.session.scalars(select(Assessment).order_by(Assessment.id)).first()
        assert first is not None
        assessment_url = f"/assessments/{first.id}"

    moderator = app.test_client()
    log_in(moderator, "moli")
    dashboard = moderator.get("/dashboard?lang=en").get_data(as_text=True)
    assert "Worker A" in dashboard
    returned = post_form(moderator, assessment_url + "/steps/return", {"reason": ""}, token_page=assessment_url)
    assert returned.status_code == 422 and "Give a reason" in returned.get_data(as_text=True)
    endorsed = post_form(moderator, assessment_url + "/steps/endorse", {}, token_page=assessment_url)
    assert endorsed.status_code == 302
    assert 'data-state="endorsed"' in moderator.get(assessment_url).get_data(as_text=True)

    not_allowed = post_form(client, assessment_url + "/steps/endorse", {}, token_page=assessment_url)
    assert not_allowed.status_code == 403


def test_second_save_of_the_same_grid_gets_a_conflict_and_loses_nothing(app: Flask, client: FlaskClient) -> None:
    data = _centre_with_cohort(app, size=2, units=2)
    with app.app_context():
        make_user(db.session, Role.ASSESSOR, make_centre(db.session, "ZZZ"))  # noise in another centre
        db.session.commit()
    log_in(client, "asha")
    url = _create_cohort(client, data)
    colleague = app.test_client()
    log_in(colleague, "asha")
    mine = _grid_form(app, url, client, "competent")
    theirs = _grid_form(app, url, colleague, "not_yet_competent", "questioning")
    assert post_form(colleague, url, theirs).status_code == 302
    response = post_form(client, url, mine)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved results for" in page
    assert page.count('value="competent" selected') == 4  # my entries are all still there
    again = _versions_from(page)
    assert post_form(client, url, {**mine, **again}).status_code == 302  # a knowing second save wins


def _versions_from(page: str) -> dict[str, object]:
    return dict(re.findall(r'name="(v-\d+)" value="(\d+)"', page))


def test_single_assessment_results_and_self_endorsement(app: Flask, client: FlaskClient) -> None:
    data = _centre_with_cohort(app, size=1, units=2)
    log_in(client, "hana")
    people = data["people"]
    assert isinstance(people, list)
    opened = post_form(client, f"/candidates/{people[0]}/assessments",
                       {"qualification_id": str(data["qualification"])}, token_page=f"/candidates/{people[0]}")
    assert opened.status_code == 302
    url = str(opened.location)
    # A moderator who records results becomes an assessor of it, and may then not endorse it.
    with app.app_context():
        from registry.models import User

        moderator = db.session.get(User, data["moderator"])
        assert moderator is not None
        moderator.role = Role.ASSESSOR
        db.session.commit()
    mod = app.test_client()
    log_in(mod, "moli")
    form = _grid_form(app, url, mod)
    assert post_form(mod, url + "/results", form, token_page=url).status_code == 302
    with app.app_context():
        moderator = db.session.get(User, data["moderator"])
        assert moderator is not None
        moderator.role = Role.MODERATOR
        db.session.commit()
    assert post_form(client, url + "/steps/submit", {}, token_page=url).status_code == 302
    refused = post_form(mod, url + "/steps/endorse", {}, token_page=url)
    assert refused.status_code == 403
    assert "another moderator must endorse it" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Cohort)).first() is None


def test_a_returned_assessment_reads_returned_until_it_is_submitted_again(app: Flask, client: FlaskClient) -> None:
    from registry.core.workflow import Action
    from registry.services import assessments, workflow
    from registry.services.assessments import ResultEntry
    from tests.factories import TODAY, make_assessment

    with app.app_context():
        centre = make_centre(db.session, "RET")
        assessor = make_user(db.session, Role.ASSESSOR, centre, username="ret-assessor")
        moderator = make_user(db.session, Role.MODERATOR, centre)
        assessment = make_assessment(db.session, assessor, units=1)
        [unit] = assessment.qualification.units
        assessments.save_results(db.session, assessor, [assessment], [unit],
                                 {(assessment.id, unit.id): ResultEntry("competent", "observation")}, TODAY, TODAY)
        workflow.apply_transition(db.session, assessor, assessment, Action.SUBMIT)
        workflow.apply_transition(db.session, moderator, assessment, Action.RETURN, reason="Photos missing")
        url, candidate_url = f"/assessments/{assessment.id}", f"/candidates/{assessment.candidate_id}"
        db.session.commit()
    log_in(client, "ret-assessor")
    for page in (url, candidate_url):
        html = client.get(page + "?lang=en").get_data(as_text=True)
        assert ">Returned<" in html and ">Assessed<" not in html, page
