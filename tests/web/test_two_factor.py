"""A second factor for staff: set up with any authenticator app, asked at every login, with recovery codes, and
required of the roles the operator names."""

from __future__ import annotations

import re

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient

from registry.core.roles import Role
from registry.extensions import db
from tests.factories import PASSWORD, log_in, make_user
from tests.web.helpers import post_form


def _enrol(client: FlaskClient) -> tuple[str, list[str]]:
    page = client.get("/account/two-factor?lang=en").get_data(as_text=True)
    assert 'src="data:image/png;base64,' in page
    secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")  # type: ignore[union-attr]
    wrong = post_form(client, "/account/two-factor", {"code": "000000"})
    assert wrong.status_code == 422 and "not the code your app shows" in wrong.get_data(as_text=True)
    done = post_form(client, "/account/two-factor", {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-9]{4}-[a-z2-9]{4})</code></li>", done.get_data(as_text=True))
    assert len(codes) == 10
    return secret, codes


def _password_step(client: FlaskClient, username: str) -> None:
    answer = post_form(client, "/login", {"username": username, "password": PASSWORD})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/login/code")
    assert client.get("/dashboard").status_code == 302  # not logged in yet


def test_set_up_then_asked_at_each_login_with_recovery_codes_working_once(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        username = make_user(db.session, Role.ASSESSOR, username="two-step").username
        db.session.commit()
    log_in(client, username)
    secret, codes = _enrol(client)
    post_form(client, "/logout", {}, token_page="/account")
    _password_step(client, username)
    wrong = post_form(client, "/login/code", {"code": "123456"})
    assert wrong.status_code == 422 and "This code is not right" in wrong.get_data(as_text=True)
    right = post_form(client, "/login/code", {"code": pyotp.TOTP(secret).now()})
    assert right.status_code == 302 and client.get("/dashboard").status_code == 200
    post_form(client, "/logout", {}, token_page="/account")
    _password_step(client, username)
    assert post_form(client, "/login/code", {"code": codes[0].upper()}).status_code == 302  # typed as on paper
    post_form(client, "/logout", {}, token_page="/account")
    _password_step(client, username)
    assert post_form(client, "/login/code", {"code": codes[0]}).status_code == 422  # used up
    assert post_form(client, "/login/code", {"code": codes[1]}).status_code == 302


def test_a_required_role_sets_it_up_before_anything_else(app: Flask, client: FlaskClient,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "TOTP_REQUIRED_ROLES", ("admin", "provider_admin"))
    with app.app_context():
        head = make_user(db.session, Role.PROVIDER_ADMIN, username="head-two-step").username
        db.session.commit()
    log_in(client, head)
    sent = client.get("/candidates")
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/account/two-factor")
    _enrol(client)
    assert client.get("/candidates").status_code == 200


def test_the_code_step_does_not_wait_for_ever_or_take_a_stranger(app: Flask, client: FlaskClient) -> None:
    assert client.get("/login/code").status_code == 302  # nobody waiting: back to the password
    with client.session_transaction() as cookie:
        cookie["login_waiting_for_code"] = {"user": 999_999, "epoch": 0, "at": 0, "next": "/"}
    assert client.get("/login/code").headers["Location"].endswith("/login")


def test_a_manager_turns_a_lost_phones_second_factor_off(app: Flask, client: FlaskClient) -> None:
    from registry.models import User

    with app.app_context():
        username = make_user(db.session, Role.ASSESSOR, username="lost-phone").username
        make_user(db.session, Role.ADMIN, username="root")
        db.session.commit()
    phone = app.test_client()
    log_in(phone, username)
    _enrol(phone)
    log_in(client, "root")
    with app.app_context():
        user_id = db.session.query(User).filter_by(username=username).one().id
    assert 'id="reset-two-factor"' in client.get(f"/admin/users/{user_id}").get_data(as_text=True)
    assert post_form(client, f"/admin/users/{user_id}/two-factor/reset", {},
                     token_page=f"/admin/users/{user_id}").status_code == 302
    assert phone.get("/dashboard").status_code == 302  # logged out everywhere
    log_in(phone, username)  # the password alone again, until set up anew
    assert phone.get("/dashboard").status_code == 200


def test_the_back_button_after_the_code_leads_to_the_dashboard(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        username = make_user(db.session, Role.ASSESSOR, username="double-send").username
        db.session.commit()
    log_in(client, username)
    secret, _codes = _enrol(client)
    post_form(client, "/logout", {}, token_page="/account")
    _password_step(client, username)
    code = pyotp.TOTP(secret).now()
    token_page = client.get("/login/code").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', token_page).group(1)  # type: ignore[union-attr]
    assert client.post("/login/code", data={"code": code, "csrf_token": token}).status_code == 302
    back = client.get("/login/code")  # not "log in again": they are in
    assert back.status_code == 302 and back.headers["Location"].endswith("/dashboard")
    # Sent twice, the second finds its form's token gone with the old session: the project's expired-form page.
    assert client.post("/login/code", data={"code": code, "csrf_token": token}).status_code == 400
