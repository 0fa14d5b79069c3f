from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from registry.core.roles import Role
from registry.extensions import db
from registry.models import Qualification, TrainingCentre, User
from tests.factories import log_in, make_centre, make_qualification, make_user
from tests.web.helpers import post_form


def _login_as(app: Flask, client: FlaskClient, role: Role, centre_code: str | None = None) -> None:
    with app.app_context():
        centre = make_centre(db.session, centre_code) if centre_code else None
        username = make_user(db.session, role, centre).username
        db.session.commit()
    log_in(client, username)


CENTRE_FORM = {
    "code": "LPB", "name_en": "Luang Prabang Skills", "name_th": "ศูนย์หลวงพระบาง", "name_home": "ສູນຫຼວງພະບາງ",
    "country": "LA", "accreditation_status": "accredited", "accredited_from": "2026-01-01",
    "accredited_until": "2028-12-31",
}


def test_admin_creates_a_centre_with_accreditation(app: Flask, client: FlaskClient) -> None:
    _login_as(app, client, Role.ADMIN)
    response = post_form(client, "/admin/centres/new", CENTRE_FORM)
    assert response.status_code == 302
    with app.app_context():
        centre = db.session.scalars(select(TrainingCentre).where(TrainingCentre.code == "LPB")).one()
        assert centre.name_home == "ສູນຫຼວງພະບາງ" and centre.accredited_until.year == 2028


def test_invalid_centre_form_keeps_every_entry_and_marks_the_field(app: Flask, client: FlaskClient) -> None:
    _login_as(app, client, Role.ADMIN)
    response = post_form(client, "/admin/centres/new", {
        **CENTRE_FORM, "accredited_from": "2026-05-01", "accredited_until": "2026-01-01"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The end of accreditation must not be before its start." in page
    assert 'value="ສູນຫຼວງພະບາງ"' in page and 'value="Luang Prabang Skills"' in page
    response = post_form(client, "/admin/centres/new", {**CENTRE_FORM, "accredited_from": "31/12/2026"})
    assert "Give a date as YYYY-MM-DD." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(TrainingCentre).where(TrainingCentre.code == "LPB")).first() is None


def test_centre_head_creates_staff_only_in_own_centre(app: Flask, client: FlaskClient) -> None:
    _login_as(app, client, Role.PROVIDER_ADMIN, "HOME")
    with app.app_context():
        home = db.session.scalars(select(TrainingCentre).where(TrainingCentre.code == "HOME")).one().id
        other = make_centre(db.session, "AWAY").id
        outsider = make_user(db.session, Role.ASSESSOR, db.session.get(TrainingCentre, other)).id
        db.session.commit()
    form = {"username": "new-assessor", "display_name": "Dara", "role": "assessor", "preferred_language": "km",
            "active": "y", "password": "long enough password"}
    assert post_form(client, "/admin/users/new", {**form, "centre_id": str(other)}).status_code == 200
    assert post_form(client, "/admin/users/new", {**form, "role": "admin", "centre_id": str(home)}).status_code == 200
    assert post_form(client, "/admin/users/new", {**form, "centre_id": str(home)}).status_code == 302
    with app.app_context():
        created = db.session.scalars(select(User).where(User.username == "new-assessor")).one()
        assert created.centre_id == home and created.preferred_language == "km"
    assert client.get(f"/admin/users/{outsider}").status_code == 404
    assert "AWAY" not in client.get("/admin/users").get_data(as_text=True)


def test_admin_builds_a_qualification_with_units(app: Flask, client: FlaskClient) -> None:
    _login_as(app, client, Role.ADMIN)
    response = post_form(client, "/admin/qualifications/new", {
        "code": "DEMO-COOK-3", "title_en": "Cook", "title_th": "ผู้ประกอบอาหาร", "title_km": "ចុងភៅ",
        "title_lo": "ພໍ່ຄົວ", "title_my": "စားဖိုမှူး", "sector": "Hospitality", "aqrf_level": "3",
        "tpqi_level": "", "dsd_level": "2", "cqf_level": "", "lao_tvet_level": "", "nssa_level": "2",
        "isco08_code": "5120", "validity_years": "5"})
    assert response.status_code == 302
    edit_url = response.location
    response = post_form(client, edit_url + "/units", {"code": "COOK.01", "title_en": "Prepare stocks",
                                                       "title_th": "เตรียมน้ำซุป"}, token_page=edit_url)
    assert response.status_code == 302
    with app.app_context():
        cook = db.session.scalars(select(Qualification).where(Qualification.code == "DEMO-COOK-3")).one()
        assert cook.levels()["dsd"] == 2 and cook.levels()["tpqi"] is None
        assert [unit.code for unit in cook.units] == ["COOK.01"]


def test_invalid_level_is_refused_with_a_message(app: Flask, client: FlaskClient) -> None:
    _login_as(app, client, Role.ADMIN)
    response = post_form(client, "/admin/qualifications/new", {
        "code": "X-1", "title_en": "X", "title_th": "เอ็กซ์", "sector": "S", "aqrf_level": "9",
        "isco08_code": "12ab", "validity_years": "often"})
    page = response.get_data(as_text=True)
    assert "Choose one of the options." in page
    assert "Give a whole number." in page
    assert 'value="เอ็กซ์"' in page


def test_audit_log_shows_changes_within_scope(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        make_qualification(db.session, "AUDITED-Q")
        db.session.commit()
    _login_as(app, client, Role.PROVIDER_ADMIN, "SCOPE")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "AUDITED-Q" not in page  # catalogue changes belong to no centre
    assert "SCOPE" in page or "centre_" in page


def test_the_registry_administrator_reads_the_audit_log_without_any_workers_details(
        app: Flask, client: FlaskClient) -> None:
    from registry.infra.app_context import issue_context
    from registry.services import demo
    from tests.factories import DOCUMENT_KEY

    with app.test_request_context():
        demo.seed_demo(db.session, DOCUMENT_KEY, issue_context())
        db.session.commit()
    log_in(client, "admin", "admin-demo-2026")
    page = client.get("/admin/audit?lang=en").get_data(as_text=True)
    assert "<code>candidate " in page  # the entries are there, what happened without to whom
    for personal in ("SOK", "Sreyneang", "Zaw Min", "Somphone", "1996-04-12", "1993-09-30", "+66 81", "+66 82",
                     "2345", "…"):
        assert personal not in page, personal
    assert "fields about the worker are not shown" in page
    head = app.test_client()
    log_in(head, "bsh-manager", "manager-demo-2026")
    assert "Somphone" in head.get("/admin/audit?lang=en").get_data(as_text=True)  # their own centre's records


def test_the_audit_log_is_searched_by_who_what_which_record_and_when(app: Flask, client: FlaskClient) -> None:
    from registry.infra.app_context import issue_context
    from registry.models import AuditEntry, Certificate
    from registry.services import demo
    from tests.factories import DOCUMENT_KEY

    with app.test_request_context():
        demo.seed_demo(db.session, DOCUMENT_KEY, issue_context())
        certificate = db.session.scalars(select(Certificate).order_by(Certificate.id)).first()
        assert certificate is not None
        certificate_id = certificate.id
        actions = db.session.scalars(select(AuditEntry.action)).all()
        db.session.commit()
    log_in(client, "bsh-manager", "manager-demo-2026")
    everything = client.get("/admin/audit?lang=en").get_data(as_text=True)
    assert everything.count("<tr>") > 5 and '<dl class="fields">' in everything and "{&#34;" not in everything
    issued = client.get("/admin/audit?lang=en&action=certificate.issue").get_data(as_text=True)
    rows = issued.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert rows.count("<tr>") == min(actions.count("certificate.issue"), 50) and "Centre created" not in rows
    one = client.get(f"/admin/audit?lang=en&record=certificate+{certificate_id}").get_data(as_text=True)
    assert f"<code>certificate {certificate_id}</code>" in one
    nobody = client.get("/admin/audit?lang=en&user=nobody-at-all").get_data(as_text=True)
    assert "Nothing recorded yet." in nobody
    future = client.get("/admin/audit?lang=en&date_from=2099-01-01").get_data(as_text=True)
    assert "Nothing recorded yet." in future
    wrong = client.get("/admin/audit?lang=en&date_from=31/12/2026")
    assert wrong.status_code == 200 and "Some fields need attention" in wrong.get_data(as_text=True)
