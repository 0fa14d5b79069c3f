from __future__ import annotations

import io
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from registry.core.roles import Role
from registry.extensions import db
from registry.models import Candidate, TrainingCentre
from tests.factories import letters, log_in, make_assessment, make_centre, make_user
from tests.web.helpers import post_form

KHMER_CANDIDATE = {
    "name_native": "សុខ ស្រីនាង", "name_latin": "SOK Sreyneang", "nationality": "KH", "sex": "female",
    "date_of_birth": "1996-04-12", "id_document_type": "passport", "id_document_number": "N0123 4567",
    "phone": "+855 12 345 678", "preferred_language": "km", "consent_language": "km",
    "consent_purposes": ["assessment", "certification", "verification"],
}


def _staff(app: Flask, client: FlaskClient, role: Role = Role.ASSESSOR, code: str = "WEB") -> int:
    with app.app_context():
        centre = db.session.scalars(select(TrainingCentre).where(TrainingCentre.code == code)).first() \
            or make_centre(db.session, code)
        user = make_user(db.session, role, centre)
        db.session.commit()
        username, centre_id = user.username, centre.id
    log_in(client, username)
    return centre_id


def test_assessor_registers_a_khmer_candidate(app: Flask, client: FlaskClient) -> None:
    _staff(app, client)
    page = client.get("/candidates/new?lang=km").get_data(as_text=True)
    assert "ខ្មែរ" in page and 'lang="my"' in page  # the consent notice is offered in every language
    response = post_form(client, "/candidates/new", KHMER_CANDIDATE)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    shown = client.get(response.location).get_data(as_text=True)
    assert "សុខ ស្រីនាង" in shown and "…4567" in shown and "N01234567" not in shown
    with app.app_context():
        candidate = db.session.scalars(select(Candidate)).one()
        assert candidate.script == "Khmr" and len(candidate.consents) == 3


def test_nothing_personal_is_chosen_for_the_assessor(app: Flask, client: FlaskClient) -> None:
    _staff(app, client)
    page = client.get("/candidates/new?lang=en").get_data(as_text=True)
    boxes = re.findall(r'<input[^>]*name="consent_purposes"[^>]*>', page)
    assert len(boxes) == 4 and not any("checked" in box for box in boxes)  # no consent ticked by default
    for field in ("sex", "nationality"):
        menu = page.split(f'id="{field}"', 1)[1].split("</select>", 1)[0]
        options = re.findall(r"<option([^>]*)>", menu)
        # The browser shows the first option, the empty one, until the assessor chooses.
        assert 'value=""' in options[0] and not any("selected" in option for option in options), field
    unchosen = post_form(client, "/candidates/new", {**KHMER_CANDIDATE, "sex": "", "nationality": ""})
    assert unchosen.status_code != 302
    with app.app_context():
        assert db.session.scalars(select(Candidate)).first() is None


def test_bad_candidate_input_keeps_everything_typed(app: Flask, client: FlaskClient) -> None:
    _staff(app, client)
    response = post_form(client, "/candidates/new", {**KHMER_CANDIDATE, "name_native": "សុខ Sok",
                                                     "date_of_birth": "2031-01-01", "consent_purposes": ["contact"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Write the name in one script only" in page
    assert "The date of birth cannot be in the future." in page
    assert "must consent to the assessment" in page
    assert 'value="សុខ Sok"' in page and 'value="SOK Sreyneang"' in page and 'value="2031-01-01"' in page
    assert 'value="+855 12 345 678"' in page
    response = post_form(client, "/candidates/new", {**KHMER_CANDIDATE, "name_latin": "x" * 250})
    assert "Use at most 200 characters." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Candidate)).first() is None


def test_duplicate_warning_then_confirmation(app: Flask, client: FlaskClient) -> None:
    _staff(app, client)
    assert post_form(client, "/candidates/new", KHMER_CANDIDATE).status_code == 302
    second = post_form(client, "/candidates/new", {**KHMER_CANDIDATE, "name_native": ""})
    page = second.get_data(as_text=True)
    assert "This person may already be registered" in page
    assert 'name="confirm_duplicate" type="hidden" value="yes"' in page
    confirmed = post_form(client, "/candidates/new", {**KHMER_CANDIDATE, "name_native": "",
                                                      "confirm_duplicate": "yes"})
    assert confirmed.status_code == 302


def test_search_by_native_script_and_last_four(app: Flask, client: FlaskClient) -> None:
    _staff(app, client)
    post_form(client, "/candidates/new", KHMER_CANDIDATE)
    for query in ("ស្រីនាង", "sreyneang", "4567"):
        assert "SOK Sreyneang" in client.get(f"/candidates?q={query}").get_data(as_text=True), query
    assert "SOK Sreyneang" not in client.get("/candidates?q=zaw").get_data(as_text=True)


def test_other_centre_gets_not_found_for_candidate_assessment_and_evidence(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        owner = make_user(db.session, Role.ASSESSOR, make_centre(db.session, "OWN"))
        assessment = make_assessment(db.session, owner)
        db.session.commit()
        ids = (assessment.candidate_id, assessment.id)
    owner_client = app.test_client()
    log_in(owner_client, _username(app, ids[1]))
    upload = post_form(owner_client, f"/assessments/{ids[1]}/evidence",
                       {"file": (io.BytesIO(b"%PDF-1.4 test"), "portfolio.html"), "description": "portfolio"},
                       token_page=f"/assessments/{ids[1]}", content_type="multipart/form-data")
    assert upload.status_code == 302
    page = owner_client.get(f"/assessments/{ids[1]}").get_data(as_text=True)
    evidence_url = re.search(r'href="(/evidence/\d+)"', page).group(1)  # type: ignore[union-attr]
    with owner_client.get(evidence_url) as download:
        assert download.status_code == 200 and download.data.startswith(b"%PDF")
        assert download.headers["Cache-Control"] == "private, no-store"
        # Named and typed by what it is, not by what it was called: a PDF sent as .html never opens as a page.
        assert download.mimetype == "application/pdf"
        assert download.headers["Content-Disposition"] == "attachment; filename=portfolio.pdf"
    _staff(app, client, Role.PROVIDER_ADMIN, "OTHER")
    for url in (f"/candidates/{ids[0]}", f"/assessments/{ids[1]}", evidence_url, f"/candidates/{ids[0]}/edit"):
        assert client.get(url).status_code == 404, url


def _username(app: Flask, assessment_id: int) -> str:
    from registry.models import Assessment, User

    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        assert assessment is not None
        user = db.session.get(User, assessment.created_by_id)
        assert user is not None
        return user.username


def test_disguised_or_oversized_upload_is_refused_with_a_message(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        assessor = make_user(db.session, Role.ASSESSOR, make_centre(db.session, "UPL"))
        assessment_id = make_assessment(db.session, assessor).id
        db.session.commit()
        username = assessor.username
    log_in(client, username)
    url = f"/assessments/{assessment_id}/evidence"
    disguised = post_form(client, url, {"file": (io.BytesIO(b"MZ\x90\x00 windows program"), "photo.jpg"),
                                        "description": "Kept description"},
                          token_page=f"/assessments/{assessment_id}", content_type="multipart/form-data")
    page = disguised.get_data(as_text=True)
    assert disguised.status_code == 422
    assert "whatever its name says" in page and 'value="Kept description"' in page
    app.config["MAX_EVIDENCE_BYTES"] = 1024
    try:
        big = post_form(client, url, {"file": (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 5000), "big.png")},
                        token_page=f"/assessments/{assessment_id}", content_type="multipart/form-data")
    finally:
        app.config["MAX_EVIDENCE_BYTES"] = 10 * 1024 * 1024
    assert big.status_code == 422 and "larger than" in big.get_data(as_text=True)
    empty = post_form(client, url, {"description": "no file"}, token_page=f"/assessments/{assessment_id}",
                      content_type="multipart/form-data")
    assert empty.status_code == 422 and "Choose a file." in empty.get_data(as_text=True)


def test_letters_helper_spells_numbers() -> None:
    assert letters(105) == "BAF"
