"""Who may use each URL rule, declared on the view and enforced here, in one place.

Every view carries an ``AccessRule``; a request to a view without one is refused, and a test walks
``app.url_map`` to make sure no rule lacks a declaration. API views authenticate by bearer token
only (never by the session cookie, which would open them to cross-site requests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, current_app, g, redirect, request, url_for
from flask_login import current_user
from werkzeug.exceptions import Forbidden, Unauthorized
from werkzeug.wrappers import Response

from registry.core.roles import ALL_ROLES, Role
from registry.infra.app_context import db_session
from registry.models import User
from registry.services import api_tokens

View = TypeVar("View", bound=Callable[..., Any])

# Flask's own static route has no view function of ours to decorate.
BUILTIN_PUBLIC_ENDPOINTS = frozenset({"static"})


@dataclass(frozen=True)
class AccessRule:
    public: bool = False
    roles: frozenset[Role] = frozenset()

    def admits(self, user: User | None) -> bool:
        if self.public:
            return True
        return user is not None and user.role in self.roles


def _declare(rule: AccessRule) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        view.access_rule = rule  # type: ignore[attr-defined]
        return view

    return decorate


def public(view: View) -> View:
    """Anyone, logged in or not: verification, the holder's page, login, static assets."""
    return _declare(AccessRule(public=True))(view)


def roles(*allowed: Role) -> Callable[[View], View]:
    """Only staff with one of these roles (centre scoping is then applied by the services)."""
    if not allowed:
        raise ValueError("name at least one role")
    return _declare(AccessRule(roles=frozenset(allowed)))


staff = roles(*ALL_ROLES)


def rule_for_endpoint(app: Flask, endpoint: str) -> AccessRule | None:
    if endpoint in BUILTIN_PUBLIC_ENDPOINTS:
        return AccessRule(public=True)
    view = app.view_functions.get(endpoint)
    return getattr(view, "access_rule", None)


def is_api_endpoint(endpoint: str | None) -> bool:
    return bool(endpoint and endpoint.startswith("api."))


def current_actor() -> User | None:
    """The staff member behind this request: the bearer token's user on the API, else the session's."""
    if is_api_endpoint(request.endpoint):
        api_actor: User | None = g.get("api_user")  # set by enforce_access from the bearer token
        return api_actor
    if not current_user.is_authenticated:
        return None
    session_actor: User = current_user  # Flask-Login's proxy of the User that load_user returned
    return session_actor


def _bearer_user() -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return api_tokens.user_for_token(db_session(), token.strip())


def enforce_access() -> Response | None:
    endpoint = request.endpoint
    if endpoint is None:
        return None  # no rule matched: the 404 handler answers
    rule = rule_for_endpoint(current_app, endpoint)
    if rule is None:
        current_app.logger.error("no access rule declared for endpoint %s", endpoint)
        raise Forbidden()
    if is_api_endpoint(endpoint):
        g.api_user = _bearer_user()
    if rule.public:
        return None
    actor = current_actor()
    if actor is None:
        if is_api_endpoint(endpoint):
            raise Unauthorized()
        return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))
    if not rule.admits(actor):
        raise Forbidden()
    return None


def endpoints_without_rule(app: Flask) -> Iterable[str]:
    for rule in app.url_map.iter_rules():
        if rule_for_endpoint(app, rule.endpoint) is None:
            yield rule.endpoint


def init_access(app: Flask) -> None:
    app.before_request(enforce_access)


def signed_in_user() -> User:
    """The logged-in staff member as a real model object (services must not receive Flask's proxy)."""
    user = current_user._get_current_object()
    if not isinstance(user, User):
        raise Unauthorized()
    return user


def api_user() -> User:
    """The bearer token's user in an API view (its access rule has already required one)."""
    user = g.get("api_user")
    if not isinstance(user, User):
        raise Unauthorized()
    return user
