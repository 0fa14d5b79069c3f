from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from registry.core.roles import Role
from registry.extensions import db
from tests.factories import PASSWORD, log_in, make_user
from tests.web.helpers import csrf_token, post_form


def _user(app: Flask, role: Role = Role.ASSESSOR, username: str = "kanya") -> str:
    with app.app_context():
        name = make_user(db.session, role, username=username).username
        db.session.commit()
    return name


def test_login_then_dashboard_fits_the_role(app: Flask, client: FlaskClient) -> None:
    log_in(client, _user(app))
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Assessor" in page and "Moderating" not in page
    assert "/admin/users" not in page  # no staff management for an assessor


def test_wrong_password_shows_a_message_and_keeps_the_user_name(app: Flask, client: FlaskClient) -> None:
    _user(app)
    response = post_form(client, "/login", {"username": "kanya", "password": "nope nope nope"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Unknown user name or wrong password." in page
    assert 'value="kanya"' in page


def test_login_without_csrf_token_is_refused(app: Flask, client: FlaskClient) -> None:
    _user(app)
    response = client.post("/login", data={"username": "kanya", "password": PASSWORD})
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302


def test_login_attempts_are_throttled(app: Flask, client: FlaskClient) -> None:
    _user(app)
    token = csrf_token(client)
    statuses = [
        client.post("/login", data={"username": "kanya", "password": "wrong guess!", "csrf_token": token}).status_code
        for _ in range(12)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[-1] == 429
    refused = client.post("/login", data={"username": "kanya", "password": PASSWORD, "csrf_token": token})
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0


def test_login_does_not_redirect_to_another_site(app: Flask, client: FlaskClient) -> None:
    _user(app)
    token = csrf_token(client)
    response = client.post("/login?next=https://evil.example/", data={
        "username": "kanya", "password": PASSWORD, "csrf_token": token})
    assert response.location == "/dashboard"


def test_logout_needs_a_post_with_csrf(app: Flask, client: FlaskClient) -> None:
    log_in(client, _user(app))
    assert client.get("/logout").status_code == 405
    response = post_form(client, "/logout", {}, token_page="/account")
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 302


def test_change_password_keeps_this_session(app: Flask, client: FlaskClient) -> None:
    log_in(client, _user(app))
    other = app.test_client()
    log_in(other, "kanya")
    response = post_form(client, "/account/password", {
        "current_password": PASSWORD, "new_password": "new and long passphrase",
        "confirm_password": "new and long passphrase"})
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200
    assert other.get("/dashboard").status_code == 302  # the other session was logged out


def test_change_password_errors_keep_the_form(app: Flask, client: FlaskClient) -> None:
    log_in(client, _user(app))
    response = post_form(client, "/account/password", {
        "current_password": PASSWORD, "new_password": "short", "confirm_password": "short"})
    page = response.get_data(as_text=True)
    assert "Use at least 10 characters." in page
    assert 'aria-invalid="true"' in page


def test_token_is_shown_once_and_works_on_the_api(app: Flask, client: FlaskClient) -> None:
    log_in(client, _user(app))
    page = post_form(client, "/account/tokens", {"name": "results sheet"}, token_page="/account").get_data(
        as_text=True)
    import re

    match = re.search(r'<code id="new-token">([^<]+)</code>', page)
    assert match
    token = match.group(1)
    assert token not in client.get("/account").get_data(as_text=True)
    api = app.test_client()
    assert api.get("/api/v1/qualifications", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_form_fields_carry_no_empty_aria_attributes(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert '="None"' not in page
    assert 'aria-invalid' not in page


def test_the_throttled_page_says_how_long_to_wait(app: Flask, client: FlaskClient) -> None:
    _user(app)
    token = csrf_token(client)
    for _ in range(11):
        client.post("/login?lang=en", data={"username": "kanya", "password": "wrong guess!", "csrf_token": token})
    refused = client.post("/login?lang=en", data={"username": "kanya", "password": "wrong", "csrf_token": token})
    assert refused.status_code == 429
    assert re.search(r"Try again in \d+ (second|minute|hour)s?\.", refused.get_data(as_text=True))


def test_one_persons_mistakes_do_not_lock_out_their_centre(app: Flask, client: FlaskClient) -> None:
    _user(app)
    _user(app, username="somchai")
    token = csrf_token(client)
    for _ in range(11):
        client.post("/login", data={"username": "KANYA ", "password": "wrong guess!", "csrf_token": token})
    assert client.post("/login", data={"username": "kanya", "password": PASSWORD,
                                       "csrf_token": token}).status_code == 429
    # a colleague behind the same address still gets in
    response = client.post("/login", data={"username": "somchai", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def test_successful_logins_are_not_counted(app: Flask) -> None:
    _user(app)
    for _ in range(15):
        other = app.test_client()
        token = csrf_token(other)
        response = other.post("/login", data={"username": "kanya", "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 302


def test_many_names_from_one_address_are_throttled_too(app: Flask, client: FlaskClient) -> None:
    app.config["LOGIN_ADDRESS_RATE_LIMIT"] = "5 per minute"
    token = csrf_token(client)
    statuses = [client.post("/login", data={"username": f"guess{n}", "password": "wrong guess!",
                                            "csrf_token": token}).status_code for n in range(7)]
    assert statuses == [200] * 5 + [429] * 2


def _copy_cookies(source: FlaskClient, target: FlaskClient) -> None:
    for cookie in source._cookies.values():  # noqa: SLF001 (a copy of the browser's cookie jar, as a thief has)
        target.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)


def test_a_cookie_copied_before_logout_does_not_work_after_it(app: Flask, client: FlaskClient) -> None:
    log_in(client, _user(app))
    thief = app.test_client()
    _copy_cookies(client, thief)
    assert thief.get("/dashboard").status_code == 200  # the copy works while the login lasts
    assert post_form(client, "/logout", {}, token_page="/account").status_code == 302
    assert thief.get("/dashboard").status_code == 302


def test_an_administrator_logs_someone_out_everywhere_and_idle_logins_end(app: Flask, client: FlaskClient) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from registry.models import LoginSession, User

    name = _user(app)
    laptop, phone = app.test_client(), app.test_client()
    log_in(laptop, name)
    log_in(phone, name)
    log_in(client, _user(app, Role.ADMIN, "root"))
    with app.app_context():
        user_id = db.session.query(User).filter_by(username=name).one().id
    page = client.get(f"/admin/users/{user_id}?lang=en").get_data(as_text=True)
    assert 'id="end-sessions"' in page
    ended = post_form(client, f"/admin/users/{user_id}/sessions/end", {}, token_page=f"/admin/users/{user_id}")
    assert ended.status_code == 302
    assert "kanya is logged out of 2 browsers." in client.get(ended.headers["Location"] + "?lang=en").get_data(
        as_text=True)
    assert laptop.get("/dashboard").status_code == 302 and phone.get("/dashboard").status_code == 302
    log_in(laptop, name)
    assert laptop.get("/dashboard").status_code == 200
    with app.app_context():  # the laptop left open over lunch, longer than REGISTRY_SESSION_IDLE_MINUTES
        db.session.execute(update(LoginSession).values(last_seen_at=datetime.now(UTC) - timedelta(hours=2)))
        db.session.commit()
    assert laptop.get("/dashboard").status_code == 302


def test_a_password_given_by_someone_else_is_changed_at_the_first_login(app: Flask, client: FlaskClient) -> None:
    from registry.models import User
    from registry.services import accounts

    with app.app_context():
        head = make_user(db.session, Role.ADMIN, username="root")
        accounts.create_user(db.session, head, accounts.AccountDetails("newcomer", Role.ANALYST, None),
                             "given by the admin 7")
        db.session.commit()
    log_in(client, "newcomer", "given by the admin 7")
    answer = client.get("/reports?lang=en")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/account/password")
    assert "Choose your own password before going on" in client.get("/account/password?lang=en").get_data(
        as_text=True)
    common = post_form(client, "/account/password", {
        "current_password": "given by the admin 7", "new_password": "Password2026!",
        "confirm_password": "Password2026!"})
    assert common.status_code == 422 and "among the first ones anyone would try" in common.get_data(as_text=True)
    named = post_form(client, "/account/password", {
        "current_password": "given by the admin 7", "new_password": "newcomer2026",
        "confirm_password": "newcomer2026"})
    assert named.status_code == 422
    done = post_form(client, "/account/password", {
        "current_password": "given by the admin 7", "new_password": "river lamp orange 42",
        "confirm_password": "river lamp orange 42"})
    assert done.status_code == 302 and client.get("/reports").status_code == 200
    with app.app_context():
        assert db.session.query(User).filter_by(username="newcomer").one().must_change_password is False
