"""The worker's rights on the centre head's pages: consent withdrawn with its effect said first, erasure asked
for with a box nobody ticked for them, a corrected name carried onto new certificates; what the employer and
the worker then see."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from registry.extensions import db
from registry.models import Candidate, Certificate
from registry.services import certificates
from tests.factories import ISSUE_CONTEXT, log_in, make_endorsed_assessment
from tests.web.helpers import post_form


def _issued(app: Flask) -> tuple[str, int, str, str]:
    """(head's user name, candidate id, certificate number, holder link path); the worker is "Person …"."""
    with app.app_context():
        head, assessment = make_endorsed_assessment(db.session)
        issued = certificates.issue_certificates(db.session, head, [assessment], ISSUE_CONTEXT)
        [certificate] = issued.certificates
        db.session.commit()
        return (head.username, assessment.candidate_id, certificate.number,
                f"/h/{issued.holder_tokens[certificate.id]}")


def test_withdrawing_verification_is_explained_then_the_employer_sees_only_the_verdict(
        app: Flask, client: FlaskClient) -> None:
    head, candidate_id, number, holder = _issued(app)
    log_in(client, head)
    page = f"/candidates/{candidate_id}?lang=en"
    html = client.get(page).get_data(as_text=True)
    assert 'id="rights"' in html and f"/candidates/{candidate_id}/consents/verification/withdraw" in html
    ask = f"/candidates/{candidate_id}/consents/verification/withdraw?lang=en"
    question = client.get(ask).get_data(as_text=True)
    assert "only whether it is valid and its qualification" in question
    assert post_form(client, ask, {}).status_code == 302
    employer = Flask.test_client(app)
    answer = employer.get(f"/verify?number={number}&lang=en").get_data(as_text=True)
    assert 'data-status="valid"' in answer and 'id="withheld"' in answer
    assert "Person" not in answer and "P***" not in answer and 'name="born"' not in answer
    api = employer.get(f"/api/v1/verify/{number}").get_json()
    assert api["certificate"]["holder_name"] is None and api["certificate"]["withheld"] is True
    # The worker's own page still shows everything to them.
    assert "Person " in employer.get(holder).get_data(as_text=True)
    # Given again: the employer sees the name again.
    give = f"/candidates/{candidate_id}/consents/verification/give"
    form = client.get(give).get_data(as_text=True)
    assert '<option selected value="km">' in form  # the worker's language chosen for the notice, changeable
    assert post_form(client, give, {"language": "km"}).status_code == 302
    assert "withheld" not in employer.get(f"/api/v1/verify/{number}").get_json()["certificate"]


def test_erasure_asks_for_the_workers_request_then_keeps_the_certificate_working(
        app: Flask, client: FlaskClient) -> None:
    head, candidate_id, number, holder = _issued(app)
    log_in(client, head)
    erase = f"/candidates/{candidate_id}/erase?lang=en"
    form = client.get(erase).get_data(as_text=True)
    box = re.search(r'<input[^>]*name="requested"[^>]*>', form)
    assert box and "checked" not in box.group(0)  # never ticked for the user
    refused = post_form(client, erase, {})
    assert refused.status_code == 200 and "This field is required." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Candidate, candidate_id).erased_at is None  # type: ignore[union-attr]
    done = post_form(client, erase, {"requested": "y"})
    assert done.status_code == 302
    shown = client.get(f"/candidates/{candidate_id}?lang=en").get_data(as_text=True)
    assert 'id="erased"' in shown and "1996" not in shown and "+855" not in shown
    assert f"/candidates/{candidate_id}/edit" not in shown and 'id="erase"' not in shown
    assert client.get(f"/candidates/{candidate_id}/edit").status_code == 302
    employer = Flask.test_client(app)
    assert 'data-status="valid"' in employer.get(f"/verify?number={number}").get_data(as_text=True)
    worker = employer.get(holder)
    assert worker.status_code == 200 and "Person " in worker.get_data(as_text=True)
    assert employer.get(f"{holder}/certificate.pdf").status_code == 200
    again = client.get(erase)
    assert again.status_code == 302  # already erased: back to the worker's page


def test_a_corrected_name_offers_the_reissue_at_once(app: Flask, client: FlaskClient) -> None:
    head, candidate_id, number, _ = _issued(app)
    log_in(client, head)
    edit = f"/candidates/{candidate_id}/edit"
    page = client.get(edit).get_data(as_text=True)
    fields = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page))
    data = {name: value for name, value in fields.items() if name != "csrf_token"}
    data.update(name_latin="Person Corrected", sex="female", nationality="KH", preferred_language="km",
                consent_language="km", id_document_type="")
    saved = post_form(client, edit, data)
    assert saved.status_code == 302 and saved.location.endswith(f"/candidates/{candidate_id}/rectify")
    question = client.get(f"/candidates/{candidate_id}/rectify?lang=en").get_data(as_text=True)
    assert number in question and "Person Corrected" in question
    slips = post_form(client, f"/candidates/{candidate_id}/rectify", {})
    assert slips.status_code == 200 and 'class="panel slip"' in slips.get_data(as_text=True)
    with app.app_context():
        names = db.session.execute(select(Certificate.number, Certificate.holder_name_latin, Certificate.status)
                                   .order_by(Certificate.id)).all()
    assert [row[2].value for row in names] == ["superseded", "valid"] and names[1][1] == "Person Corrected"


def test_staff_other_than_the_head_cannot_act_on_a_workers_rights(app: Flask, client: FlaskClient) -> None:
    from registry.core.roles import Role
    from registry.models import TrainingCentre
    from tests.factories import make_user

    _, candidate_id, _, _ = _issued(app)
    with app.app_context():
        candidate = db.session.get(Candidate, candidate_id)
        assert candidate is not None
        assessor = make_user(db.session, Role.ASSESSOR, db.session.get(TrainingCentre, candidate.centre_id))
        name = assessor.username
        db.session.commit()
    log_in(client, name)
    for url in (f"/candidates/{candidate_id}/erase", f"/candidates/{candidate_id}/consents/contact/withdraw",
                f"/candidates/{candidate_id}/rectify"):
        assert client.get(url).status_code == 403
    assert 'id="rights"' not in client.get(f"/candidates/{candidate_id}").get_data(as_text=True)
