"""The centre head's certificate pages: issue from an assessment, change the status, print slips."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from registry.extensions import db
from registry.models import Assessment, Certificate
from registry.services import demo
from tests.factories import DOCUMENT_KEY, log_in
from tests.web.helpers import post_form


def _first_assessment(app: Flask) -> int:
    with app.app_context():
        demo.seed_demo(db.session, DOCUMENT_KEY)
        db.session.commit()
        return int(db.session.scalars(select(Assessment.id).order_by(Assessment.id)).first() or 0)


def test_centre_head_issues_and_manages_a_certificate(app: Flask, client: FlaskClient) -> None:
    assessment_id = _first_assessment(app)
    log_in(client, "bsh-manager", "manager-demo-2026")
    page = f"/assessments/{assessment_id}"
    assert 'data-action="issue"' in client.get(page).get_data(as_text=True)
    slips = post_form(client, f"{page}/certificate", {}, token_page=page)
    html = slips.get_data(as_text=True)
    assert slips.status_code == 200 and 'class="panel slip"' in html and "data:image/png;base64," in html
    number = re.search(r'class="number">([A-Z0-9-]+)<', html).group(1)  # type: ignore[union-attr]
    holder_link = re.search(r"<code>(http://registry.test/h/[^<]+)</code>", html).group(1)  # type: ignore[union-attr]
    assert 'data-action="issue"' not in client.get(page).get_data(as_text=True)  # no second certificate
    show = f"/certificates/{number}"
    assert 'data-status="valid"' in client.get(show).get_data(as_text=True)
    # Suspending asks first, naming the certificate and its holder; nothing changes until confirmed.
    asked = post_form(client, f"{show}/suspend?lang=en", {"reason": "Checking a complaint"}, token_page=show)
    question = asked.get_data(as_text=True)
    assert asked.status_code == 200 and f"Suspend certificate {number}?" in question
    assert "Checking a complaint" in question
    assert 'data-status="valid"' in client.get(show).get_data(as_text=True)
    assert post_form(client, f"{show}/suspend", {"reason": "Checking a complaint", "confirmed": "yes"},
                     token_page=show).status_code == 302
    assert 'data-status="suspended"' in client.get(show).get_data(as_text=True)
    refused = post_form(client, f"{show}/suspend", {"reason": "again"}, token_page=show)
    assert refused.status_code == 409
    assert post_form(client, f"{show}/reinstate", {}, token_page=show).status_code == 302
    new_link = post_form(client, f"{show}/holder-link", {}, token_page=show).get_data(as_text=True)
    assert "/h/" in new_link and holder_link not in new_link
    assert client.get(holder_link.replace("http://registry.test", "")).status_code == 404  # the old slip is dead
    form = client.get(show + "?lang=en").get_data(as_text=True)
    assert '<option value="" selected disabled>Choose a reason</option>' in form  # no reason chosen for the user
    unexplained = post_form(client, f"{show}/revoke", {"reason": ""}, token_page=show)
    assert unexplained.status_code == 302 and 'data-status="valid"' in client.get(show).get_data(as_text=True)
    asked = post_form(client, f"{show}/revoke?lang=en", {"reason": "fraud", "note": "False portfolio"},
                      token_page=show)
    question = asked.get_data(as_text=True)
    assert f"Revoke certificate {number}?" in question and "SOK Sreyneang" in question and "final" in question
    assert 'data-status="valid"' in client.get(show).get_data(as_text=True)
    assert post_form(client, f"{show}/revoke", {"reason": "fraud", "note": "False portfolio", "confirmed": "yes"},
                     token_page=show).status_code == 302
    assert 'data-status="revoked"' in client.get(show).get_data(as_text=True)
    with client.get(f"{show}/certificate.pdf?lang=my") as pdf:
        assert pdf.data.startswith(b"%PDF")
    from pathlib import Path

    cached = list(Path(app.config["DOCUMENT_CACHE_PATH"]).glob(f"{number}-*-a4-revoked-my.pdf"))
    assert len(cached) == 1  # rendered once (stamped REVOKED), served from the file afterwards
    with client.get(f"{show}/certificate.pdf?lang=my") as again:
        assert again.data == cached[0].read_bytes()


def test_assessor_cannot_issue_or_revoke(app: Flask, client: FlaskClient) -> None:
    assessment_id = _first_assessment(app)
    log_in(client, "bsh-assessor", "assessor-demo-2026")
    page = f"/assessments/{assessment_id}"
    assert post_form(client, f"{page}/certificate", {}, token_page=page).status_code == 403
    with app.app_context():
        assert db.session.scalars(select(Certificate)).first() is None


def test_centre_head_certifies_a_whole_cohort_at_once(app: Flask, client: FlaskClient) -> None:
    from registry.core.roles import Role
    from registry.core.workflow import Action
    from registry.services import assessments, cohorts, workflow
    from registry.services.assessments import ResultEntry
    from registry.services.workflow import StateChange
    from tests.factories import TODAY, letters, make_candidate, make_centre, make_qualification, make_user

    with app.app_context():
        centre = make_centre(db.session, "COH")
        head = make_user(db.session, Role.PROVIDER_ADMIN, centre, username="coh-head")
        assessor = make_user(db.session, Role.ASSESSOR, centre)
        moderator = make_user(db.session, Role.MODERATOR, centre)
        qualification = make_qualification(db.session, units=2)
        people = [make_candidate(db.session, assessor, name_latin=f"Worker {letters(n)}", name_native="").id
                  for n in range(3)]
        cohort = cohorts.create_cohort(db.session, head, "Cohort", qualification, TODAY, [assessor.id], people)
        grid = cohorts.load_grid(db.session, assessor, cohort)
        outcome = {0: "competent", 1: "competent", 2: "not_yet_competent"}
        assessments.save_results(db.session, assessor, grid.assessments, grid.units, {
            (a.id, u.id): ResultEntry(outcome[i] if j == 0 else "not_yet_competent" if i == 2 else "competent",
                                      "observation")
            for i, a in enumerate(grid.assessments) for j, u in enumerate(grid.units)}, TODAY, TODAY)
        workflow.apply_transitions(db.session, assessor, Action.SUBMIT, [StateChange(a) for a in grid.assessments])
        workflow.apply_transitions(db.session, moderator, Action.ENDORSE, [StateChange(a) for a in grid.assessments])
        cohort_id = cohort.id
        db.session.commit()
    log_in(client, "coh-head")
    page = f"/cohorts/{cohort_id}"
    slips = post_form(client, f"{page}/certificates", {}, token_page=page).get_data(as_text=True)
    assert slips.count('class="panel slip"') == 2  # the third achieved nothing: no certificate
    assert "2 certificates issued. Print the holder slips below." in slips
    again = post_form(client, f"{page}/certificates", {}, token_page=page)
    assert again.status_code == 302  # nothing left to certify
    with app.app_context():
        assert len(db.session.scalars(select(Certificate)).all()) == 2
