"""Every URL rule declares who may use it, and no role reaches what it must not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from registry.core.roles import ALL_ROLES, Role
from registry.extensions import db
from registry.services import api_tokens
from registry.web.access import endpoints_without_rule, is_api_endpoint, rule_for_endpoint
from tests.factories import PASSWORD, log_in, make_centre, make_user

SAMPLE_ARGUMENTS = {"IntegerConverter": 999_999, "PathConverter": "sample/path"}


def _url(app: Flask, rule: Rule) -> str:
    values = {}
    for name in rule.arguments:
        kinds = [kind.__name__ for kind in type(rule._converters[name]).__mro__]  # the app's own subclass them
        values[name] = next((SAMPLE_ARGUMENTS[kind] for kind in kinds if kind in SAMPLE_ARGUMENTS), "sample")
    with app.test_request_context():
        return rule.build(values, append_unknown=False)[1]  # type: ignore[index]


def _rules(app: Flask) -> Iterator[tuple[str, str, str]]:
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, _url(app, rule)


def test_every_url_rule_declares_who_may_use_it(app: Flask) -> None:
    assert list(endpoints_without_rule(app)) == []


@pytest.fixture
def clients(app: Flask) -> dict[Role | None, FlaskClient]:
    """A browser session and an API token for each role; None is the public."""
    with app.app_context():
        centre = make_centre(db.session, "AUTH")
        users = {role: make_user(db.session, role, centre, username=f"walker-{role.value.replace('_', '-')}")
                 for role in ALL_ROLES}
        tokens = {role: api_tokens.create_token(db.session, None, user) for role, user in users.items()}
        names = {role: user.username for role, user in users.items()}
        db.session.commit()
    result: dict[Role | None, FlaskClient] = {None: app.test_client()}
    for role, username in names.items():
        client = app.test_client()
        log_in(client, username, PASSWORD)
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {tokens[role]}"
        result[role] = client
    return result


def test_no_role_reaches_what_it_must_not(app: Flask, clients: dict[Role | None, FlaskClient]) -> None:
    checked = 0
    for endpoint, method, url in _rules(app):
        rule = rule_for_endpoint(app, endpoint)
        assert rule is not None
        for role, client in clients.items():
            response = client.open(url, method=method)
            response.close()  # file answers (static, the service worker) hold their file open until closed
            checked += 1
            if rule.public:
                assert response.status_code not in (401, 403), (endpoint, method, role)
                continue
            if role is None:
                if is_api_endpoint(endpoint):
                    assert response.status_code == 401, (endpoint, method)
                else:
                    assert response.status_code == 302 and "/login" in response.location, (endpoint, method)
            elif role in rule.roles:
                assert response.status_code not in (401, 403), (endpoint, method, role, response.status_code)
                assert "/login" not in (response.location or ""), (endpoint, method, role)
            else:
                assert response.status_code == 403, (endpoint, method, role, response.status_code)
    assert checked >= 5 * 20


def test_api_ignores_the_session_cookie(app: Flask, clients: dict[Role | None, FlaskClient]) -> None:
    """A logged-in browser cannot be made to call the API: only a bearer token authenticates there."""
    browser = clients[Role.ADMIN]
    del browser.environ_base["HTTP_AUTHORIZATION"]
    response = browser.get("/api/v1/qualifications")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_undeclared_view_is_refused(app: Flask) -> None:
    from registry.web.access import enforce_access

    def undeclared() -> str:
        return "should never be served"

    app.view_functions["test_undeclared"] = undeclared
    try:
        with app.test_request_context("/"), pytest.raises(Exception) as caught:
            from flask import request

            request.url_rule = Rule("/undeclared", endpoint="test_undeclared")
            enforce_access()
        assert getattr(caught.value, "code", None) == 403
    finally:
        del app.view_functions["test_undeclared"]
