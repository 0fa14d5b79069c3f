"""Each demo user logs in and sees a page fit for their role."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.services import demo
from tests.factories import DOCUMENT_KEY, log_in

# What each role's dashboard shows, and what it must not offer.
EXPECTATIONS = {
    "admin": (["Manage centres and accreditation", "Manage staff accounts", "Recent changes"], []),
    "bsh-manager": (["Manage staff accounts", "Your training centre", "Recent changes"],
                    ["Manage centres and accreditation"]),
    "bsh-assessor": (["Assessing", "Your training centre"], ["Manage staff accounts", "Recent changes"]),
    "bsh-moderator": (["Moderating", "never your own"], ["Manage staff accounts", "Recent changes"]),
    "pct-manager": (["Phnom Penh Construction Training Institute", "Manage staff accounts"], ["Bang Saen"]),
    "analyst": (["Programme reports", 'href="/reports"'],
                ["Manage staff accounts", "Recent changes", "Your training centre", 'href="/candidates"']),
}


@pytest.mark.parametrize("login", demo.DEMO_LOGINS, ids=lambda login: login.username)
def test_each_demo_user_sees_a_dashboard_for_their_role(app: Flask, client: FlaskClient,
                                                       login: demo.DemoLogin) -> None:
    with app.app_context():
        demo.seed_demo(db.session, DOCUMENT_KEY)
        db.session.commit()
    log_in(client, login.username, login.password)
    page = client.get("/dashboard?lang=en").get_data(as_text=True)
    shown, hidden = EXPECTATIONS[login.username]
    for text in shown:
        assert text in page, (login.username, text)
    for text in hidden:
        assert text not in page, (login.username, text)


def test_anonymous_visitor_gets_the_landing_page(client: FlaskClient) -> None:
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "Staff log in" in page
    assert client.get("/dashboard").status_code == 302
