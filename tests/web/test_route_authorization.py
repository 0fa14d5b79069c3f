"""Every URL rule declares who may use it, and no role reaches what it must not."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from registry.core.files import LocalStore
from registry.core.roles import ALL_ROLES, CENTRE_STAFF, Role
from registry.core.workflow import Action
from registry.extensions import limiter
from registry.infra.app_context import db_session, issue_context
from registry.models import VerificationEvent
from registry.models.types import utcnow
from registry.services import (
    api_tokens,
    assessments,
    certificate_documents,
    certificates,
    cohort_issuance,
    cohorts,
    evidence,
    imports,
    workflow,
)
from registry.services.assessments import ResultEntry
from registry.web.access import AccessRule, endpoints_without_rule, is_api_endpoint, rule_for_endpoint
from tests.factories import PASSWORD, TODAY, log_in, make_candidate, make_centre, make_qualification, make_user
from tests.web.helpers import csrf_token

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
        session = db_session()
        centre = make_centre(session, "AUTH")
        users = {role: make_user(session, role, centre, username=f"walker-{role.value.replace('_', '-')}")
                 for role in ALL_ROLES}
        tokens = {role: api_tokens.create_token(session, None, user) for role, user in users.items()}
        names = {role: user.username for role, user in users.items()}
        session.commit()
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


# The authorization matrix --------------------------------------------------------------------------------------------
# Every rule of the URL map, its arguments filled with real records of a "home" centre, called by the public, by each
# role of the home centre and by each centre-bound role of an "away" centre; each answer is checked against the
# rule's roles and, for the away centre, against centre scoping (services/scope.py: another centre's record is 404).

HOME, AWAY = "home", "away"

# URL arguments that choose a format, a step or a file rather than name a record of a centre.
CHOICE_ARGUMENTS = frozenset({"kind", "action", "purpose", "direction", "filename"})

# Routes whose URL arguments name what every centre shares, not a record of one centre: the catalogue's
# qualifications and their import templates. Routes without a record in their URL (lists, dashboard, account, the
# forms that create, reports) are exempt too: their query is scoped rather than refused, so there an away caller
# is checked like any caller in the rule's roles. Public routes, and the administrator's own pages, have no away
# caller to refuse: the first admit everyone, the second no centre-bound role.
SHARED_ENDPOINTS = frozenset({"catalogue.show", "cohorts.template", "api.template"})

# API writes without a record in their URL but naming one in their JSON body: the away centre names the home's.
BODY_NAMES_A_RECORD = frozenset({"api.create_assessment", "api.issue_certificate"})

EVIDENCE_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass(frozen=True)
class Caller:
    name: str
    role: Role | None
    centre: str | None
    client: FlaskClient
    csrf: str = ""


@dataclass(frozen=True)
class Matrix:
    arguments: dict[str, str | int]  # a value for each URL argument name, naming a record of the home centre
    arguments_of_endpoint: dict[str, dict[str, str | int]]  # for names whose meaning differs between routes
    away_body: dict[str, object]  # the away centre's JSON body: valid as far as the record, which is the home's
    callers: list[Caller] = field(default_factory=list)


def _username(centre: str, role: Role) -> str:
    return f"{centre}-{role.value.replace('_', '-')}"


def _seed(app: Flask) -> tuple[Matrix, dict[str, str]]:
    """A home centre holding one of everything a URL can name and a user of each role; an away centre with a user
    of each centre-bound role. Returns the matrix without its callers, and each user's API token by username."""
    with app.app_context():
        session = db_session()
        home, away = make_centre(session, "HOME"), make_centre(session, "AWAY")
        staff = [make_user(session, role, home, username=_username(HOME, role)) for role in ALL_ROLES]
        staff += [make_user(session, role, away, username=_username(AWAY, role)) for role in CENTRE_STAFF]
        tokens = {user.username: api_tokens.create_token(session, None, user) for user in staff}
        # The account the user pages and the token revocation act on, so that no caller's own is changed.
        colleague = make_user(session, Role.ASSESSOR, home, username="home-colleague")
        api_tokens.create_token(session, None, colleague)
        by_role = {user.role: user for user in staff if user.centre_id in (home.id, None)}
        assessor, moderator, head = by_role[Role.ASSESSOR], by_role[Role.MODERATOR], by_role[Role.PROVIDER_ADMIN]
        qualification = make_qualification(session, units=2)
        candidate = make_candidate(session, assessor, name_latin="Matrix Person", name_native="")
        cohort = cohorts.create_cohort(session, assessor, "Matrix cohort", qualification, TODAY, [assessor.id], [])
        (assessment,) = assessments.open_assessments(session, assessor, [candidate], qualification,
                                                     cohort_id=cohort.id)
        item = evidence.add_evidence(session, assessor, assessment, io.BytesIO(EVIDENCE_PNG), "photo.png", "",
                                     storage=LocalStore(Path(app.config["EVIDENCE_PATH"])),
                                     max_bytes=app.config["MAX_EVIDENCE_BYTES"])
        assessments.save_results(session, assessor, [assessment], qualification.units, {
            (assessment.id, unit.id): ResultEntry("competent", "observation") for unit in qualification.units},
            TODAY, TODAY)
        workflow.apply_transition(session, assessor, assessment, Action.SUBMIT)
        workflow.apply_transition(session, moderator, assessment, Action.ENDORSE)
        issued = certificates.issue_certificates(session, head, [assessment], issue_context())
        certificate = issued.certificates[0]
        job = cohort_issuance.start_issue(session, head, cohort, now=utcnow())  # queued, not run
        cohort_import = imports.upload(session, assessor, cohort, "rows.csv", b"not a spreadsheet", TODAY)
        verify_path = certificate_documents.verify_url("", certificate)
        arguments: dict[str, str | int] = {
            "candidate_id": candidate.id, "assessment_id": assessment.id, "evidence_id": item.id,
            "cohort_id": cohort.id, "import_id": cohort_import.id, "job_id": job.id, "number": certificate.number,
            "code_or_number": certificate.number, "token": issued.holder_tokens[certificate.id],
            "list_id": certificate.status_list_id, "qualification_id": qualification.id,
            "unit_id": qualification.units[0].id, "user_id": colleague.id,
            "token_id": api_tokens.tokens_of(session, colleague)[0].id, "centre_id": home.id,
            "kind": "csv", "direction": "up", "filename": "css/app.css",
        }
        arguments_of_endpoint: dict[str, dict[str, str | int]] = {
            "assessments.take_step": {"action": Action.SUBMIT.value},
            "certificates.change": {"action": "suspend"},
            "candidates.give_consent": {"purpose": "contact"},
            "candidates.withdraw_consent": {"purpose": "contact"},
            "certificates.status_list": {"purpose": "revocation"},
            "verify.verify_qr": {"code": verify_path.removeprefix("/v/")},
            "cohorts.template": {"code": qualification.code},
            "api.template": {"code": qualification.code},
        }
        away_body: dict[str, object] = {
            "reason": "matrix", "candidate_id": candidate.id, "assessment_id": assessment.id,
            "qualification_code": qualification.code,
            "results": [{"unit_code": unit.code, "outcome": "competent", "method": "observation",
                         "assessed_on": TODAY.isoformat()} for unit in qualification.units],
        }
        session.commit()
    # A check of the certificate, which its holder may hide from their page.
    assert app.test_client().get(verify_path).status_code == 200
    with app.app_context():
        arguments["event_id"] = db_session().scalars(select(VerificationEvent.id)).one()
    return Matrix(arguments, arguments_of_endpoint, away_body), tokens


@pytest.fixture
def matrix(app: Flask) -> Matrix:
    """The seeded records, and a logged-in browser with an API token for each user (the public's has neither)."""
    seeded, tokens = _seed(app)
    seeded.callers.append(Caller("anonymous", None, None, app.test_client()))
    for centre, roles in ((HOME, ALL_ROLES), (AWAY, CENTRE_STAFF)):
        for role in roles:
            username = _username(centre, role)
            client = app.test_client()
            log_in(client, username, PASSWORD)
            client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {tokens[username]}"
            seeded.callers.append(Caller(username, role, centre, client, csrf_token(client, "/account")))
    return seeded


def _filled_url(app: Flask, rule: Rule, matrix: Matrix) -> str:
    known = {**matrix.arguments, **matrix.arguments_of_endpoint.get(rule.endpoint, {})}
    missing = sorted(set(rule.arguments) - set(known))
    if missing:
        pytest.fail(f"{rule.endpoint} ({rule.rule}): no value for the URL argument(s) {missing}: give one in _seed")
    with app.test_request_context():
        return rule.build({name: known[name] for name in rule.arguments}, append_unknown=False)[1]  # type: ignore[index]


def _scoped(access: AccessRule, rule: Rule) -> bool:
    """Whether the route names a record of one centre, which another centre's staff must not reach."""
    if access.public or rule.endpoint in SHARED_ENDPOINTS:
        return False
    return bool(set(rule.arguments) - CHOICE_ARGUMENTS) or rule.endpoint in BODY_NAMES_A_RECORD


def _send(caller: Caller, method: str, url: str, rule: Rule, scoped: bool, matrix: Matrix) -> TestResponse:
    options: dict[str, Any] = {}
    if caller.centre == AWAY and scoped and method != "GET":
        # The role is checked first, then CSRF (registry/__init__.py), then the view loads the record and checks its
        # centre. An away write therefore carries what gets it to that check: the CSRF token of its session (pages;
        # the views load the record before they validate the form) or a valid JSON body (API: bearer token, no CSRF).
        # Without them the answer would be 400 whatever the scoping, and the assertion would mean nothing.
        if is_api_endpoint(rule.endpoint):
            options["json"] = matrix.away_body
        else:
            options["data"] = {"csrf_token": caller.csrf}
    response = caller.client.open(url, method=method, **options)
    response.close()  # file answers hold their file open until closed
    return response


def _wrong(access: AccessRule, rule: Rule, caller: Caller, response: TestResponse, scoped: bool) -> str:
    """What is wrong with this answer, or "" when it is the documented one."""
    status, location = response.status_code, response.location or ""
    if status >= 500:
        return "server error"
    if access.public:
        return "a public route refused" if status in (401, 403) else ""
    if caller.role is None:
        if is_api_endpoint(rule.endpoint):
            return "" if status == 401 else "expected 401"
        return "" if status == 302 and "/login" in location else "expected a redirect to /login"
    if caller.role not in access.roles:
        return "" if status == 403 else "expected 403: role not in the rule"
    if caller.centre == AWAY and scoped:
        return "" if status in (403, 404) else "expected 403 or 404: a record of another centre"
    # In the rule's roles, on a record of their own centre (or on none): let through. A home page POST carries no
    # CSRF token and so answers 400 (only its role check is shown here); a home API write without a body answers
    # 400 or 422, or 409 for a step the record is past, or does what it says.
    if status in (401, 403, 404) or "/login" in location:
        return "refused a caller in the rule's roles"
    return ""


def test_each_caller_gets_the_documented_answer_on_real_records(app: Flask, matrix: Matrix) -> None:
    routes = [(rule, method) for rule in app.url_map.iter_rules()
              for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})]
    routes.sort(key=lambda route: route[1] != "GET")  # every read on the records as seeded, then the writes
    wrong: list[str] = []
    scope_checks = 0
    for rule, method in routes:
        access = rule_for_endpoint(app, rule.endpoint)
        assert access is not None
        url, scoped = _filled_url(app, rule, matrix), _scoped(access, rule)
        with app.app_context():
            limiter.reset()  # a thousand requests from one address: the limits have tests of their own
        for caller in matrix.callers:
            response = _send(caller, method, url, rule, scoped, matrix)
            problem = _wrong(access, rule, caller, response, scoped)
            if problem:
                wrong.append(f"{rule.endpoint} {method} {url} as {caller.name}: {response.status_code} ({problem})")
            scope_checks += caller.centre == AWAY and scoped and caller.role in access.roles
    assert wrong == [], "\n".join(wrong)
    assert scope_checks >= 100  # the other-centre assertion ran, on most routes
