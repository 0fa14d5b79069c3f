from __future__ import annotations

from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from registry.core.roles import Role
from registry.extensions import db
from registry.models import TrainingCentre
from tests.factories import log_in, make_centre, make_user


def test_lang_parameter_wins_and_is_remembered(client: FlaskClient) -> None:
    page = client.get("/login?lang=th").get_data(as_text=True)
    assert '<html lang="th">' in page
    assert "เข้าสู่ระบบ" in page
    again = client.get("/login").get_data(as_text=True)
    assert '<html lang="th">' in again


def test_accept_language_decides_without_a_choice(client: FlaskClient) -> None:
    page = client.get("/login", headers={"Accept-Language": "fr;q=0.9, km;q=0.8, en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="km">' in page


def test_unknown_language_falls_back_to_english(client: FlaskClient) -> None:
    page = client.get("/login?lang=xx", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="en">' in page


def test_switcher_names_each_language_in_its_own_script(client: FlaskClient) -> None:
    page = client.get("/login?lang=my").get_data(as_text=True)
    for name in ("English", "ไทย", "ខ្មែរ", "ລາວ", "မြန်မာ"):
        assert name in page


def test_thai_pages_show_buddhist_era_dates(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        centre = make_centre(db.session, "BE")
        centre_row = db.session.get(TrainingCentre, centre.id)
        assert centre_row is not None
        centre_row.accredited_until = date(2027, 3, 31)
        username = make_user(db.session, Role.PROVIDER_ADMIN, centre).username
        db.session.commit()
    log_in(client, username)
    thai = client.get("/dashboard?lang=th").get_data(as_text=True)
    assert "31 มีนาคม 2570" in thai
    english = client.get("/dashboard?lang=en").get_data(as_text=True)
    assert "March 31, 2027" in english
