"""Property: no input makes the app fail. Hostile JSON, path segments and query strings, sent to every API
operation of the url_map (as each staff role the operation admits), the verify pages and the login form, never get
a 5xx, and every error under /api/ is problem+json with status, title and detail.

Deterministic (``derandomize``) and bounded (``max_examples``), so it runs with the suite on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

import cbor2
import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.routing import IntegerConverter, PathConverter, Rule
from werkzeug.test import TestResponse

from registry.core import cose
from registry.core.roles import ALL_ROLES, Role
from registry.extensions import db, limiter
from registry.models import Assessment, Certificate, TrainingCentre
from registry.services import accounts, api_tokens, demo
from registry.services.certificates import IssueContext
from registry.web.access import rule_for_endpoint
from tests.factories import DOCUMENT_KEY
from tests.web.helpers import csrf_token

PROBLEM_JSON = "application/problem+json"
EXAMPLES_PER_API_OPERATION = 30
EXAMPLES_PER_PAGE = 40


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, derandomize=True, database=None, deadline=None, print_blob=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


# Text no one should send: NUL and control characters, direction marks, digits of other scripts, emoji, markup.
NASTY_TEXT = [
    "", " ", "\x00", "A\x00B", "\x00" * 5, "\x01\x02\x1b[31m", "\t\n\r", "\x7f\x85\x9f", "\u202eRTL\u202c",
    "\u200f\u200b\ufeff", "²", "¹²³", "١٢٣", "๑๒๓", "០១២", "𝟙𝟚", "Ⅻ", "½", "😀👍🏽", "👨‍👩‍👧", "NaN", "Infinity", "-0",
    "1e309", "0x10", "true", "null", "[]", "{}", "' OR 1=1 --", "../../etc/passwd", "%00", "%s%n", "<script>",
    "A" * 300, "ก" * 5000, "TH-BSH-2026-00001-X", "2026-02-30", "9999-12-31", "0000-00-00", "DEMO-HK-RA-2",
]
NASTY_INTEGERS = [0, 1, -1, 2**31 - 1, 2**31, -(2**31) - 1, 2**32, 2**63 - 1, 2**63, 2**64, 10**30, -(10**30)]
NASTY_PATH_IDS = ["0", "1", "-1", "2147483647", "2147483648", "99999999999999999999", "²", "١", "1.5", "1e3",
                  "0x1", " 1", "1 ", "%00", "1%00", "abc", "007"]
FIELD_NAMES = ["name_latin", "name_native", "script", "nationality", "sex", "date_of_birth", "id_document", "type",
               "number", "phone", "consent", "purposes", "language", "notice_version", "candidate_id",
               "qualification_code", "results", "unit_code", "outcome", "method", "assessed_on", "version", "reason",
               "note", "assessment_id", "items", "returnee", "confirm_duplicate"]

texts = st.one_of(st.sampled_from(NASTY_TEXT), st.text(st.characters(exclude_categories=["Cs"]), max_size=40))
integers = st.one_of(st.sampled_from(NASTY_INTEGERS), st.integers())
scalars = st.one_of(st.none(), st.booleans(), integers, st.floats(), texts)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(FIELD_NAMES) | texts, inner, max_size=4), max_leaves=12)


def _mutated(value: Any) -> st.SearchStrategy[Any]:
    """``value`` (a valid body) with any of its parts, at any depth, replaced by hostile JSON."""
    if isinstance(value, dict):
        same = st.fixed_dictionaries({key: _mutated(item) for key, item in value.items()},
                                     optional={name: json_values for name in FIELD_NAMES if name not in value})
    elif isinstance(value, list) and value:
        same = st.lists(_mutated(value[0]), max_size=3)
    else:
        same = st.just(value)
    return st.one_of(same, same, same, json_values)


def _parts(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _parts(item, (*path, key))
    elif isinstance(value, list) and value:
        yield from _parts(value[0], (*path, 0))


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy: Any = list(value) if isinstance(value, list) else dict(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:], new)
    return copy


def one_part_broken(template: Any) -> st.SearchStrategy[Any]:
    """``template`` with exactly one part (the whole body included) hostile: the rest gets the request further."""
    return st.builds(_replaced, st.just(template), st.sampled_from(list(_parts(template))), json_values)


@dataclass(frozen=True)
class Body:
    data: bytes | None
    content_type: str


def _encode(value: Any) -> bytes:
    # The standard library writes integers of any size (and NaN): what a client may send, not what the app writes.
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


def bodies(template: Any) -> st.SearchStrategy[Body]:
    def as_json(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Body]:
        return st.builds(lambda value: Body(_encode(value), "application/json"), values)

    odd = st.one_of(
        st.builds(Body, st.binary(max_size=40), st.sampled_from(["application/json", "text/plain"])),
        st.just(Body(None, "application/json")),
        st.just(Body(b'{"items": [' + b'"A",' * 2000 + b'"A"]}', "application/json")),
        st.just(Body(b"[" * 5000 + b"]" * 5000, "application/json")),
    )
    broken = as_json(one_part_broken(template))
    return st.one_of(broken, broken, broken, as_json(_mutated(template)), as_json(st.just(template)), odd)




def _forged_code(kid: str, claims: dict[str, Any], signature: bytes) -> str:
    """A QR code's shape, signed by no one: its claims reach the code's decoding and the record lookup."""
    protected = cbor2.dumps({1: -8, 4: kid.encode("utf-8", "surrogatepass")})
    return cose.to_code(cbor2.dumps(cbor2.CBORTag(18, [protected, {}, cbor2.dumps(claims), signature])))


forged_codes = st.builds(
    _forged_code, st.sampled_from(["", "BSH1", "\x00"]) | texts,
    st.fixed_dictionaries({"n": st.one_of(st.sampled_from(["A\x00", "\x00", "TH-BSH-2026-00001-X\x00", "\x1f"]),
                                          texts, integers, st.lists(texts, max_size=2))},
                          optional={key: scalars for key in "hqkupdxs"}),
    st.binary(max_size=64))

query_strings = st.dictionaries(st.sampled_from(["lang", "number", "q", "next", "from", "to"]) | texts, texts,
                                max_size=3)


@dataclass
class World:
    tokens: dict[Role, str]
    candidate_id: int
    assessment_id: int
    number: str
    code: str
    unit_codes: list[str]


@pytest.fixture
def world(app: Flask) -> Iterator[World]:
    with app.app_context():
        context = IssueContext(master_secret=app.config["KEY_ENCRYPTION_KEY"], base_url="http://registry.test",
                               today=date.today())
        demo.seed_demo(db.session, DOCUMENT_KEY, context)
        bsh = db.session.scalars(select(TrainingCentre).where(TrainingCentre.code == "BSH")).one()
        tokens = {}
        for role in ALL_ROLES:
            user = accounts.find_user(db.session, {Role.ADMIN: "admin", Role.PROVIDER_ADMIN: "bsh-manager",
                                                   Role.ASSESSOR: "bsh-assessor", Role.MODERATOR: "bsh-moderator",
                                                   Role.ANALYST: "analyst"}[role])
            assert user is not None
            tokens[role] = api_tokens.create_token(db.session, None, user)
        certificate = db.session.scalars(select(Certificate).where(Certificate.centre_id == bsh.id)
                                         .order_by(Certificate.id)).first()
        assessment = db.session.scalars(select(Assessment).where(Assessment.centre_id == bsh.id)
                                        .order_by(Assessment.id)).first()
        assert certificate is not None and assessment is not None
        found = World(tokens=tokens, candidate_id=assessment.candidate_id, assessment_id=assessment.id,
                      number=certificate.number, code=certificate.qr_code,
                      unit_codes=[unit.code for unit in assessment.qualification.units])
        db.session.commit()
    yield found


def _templates(world: World) -> dict[str, Any]:
    """A valid body for each operation that reads one; the fuzzer breaks them apart."""
    return {
        "api.create_candidate": {
            "name_latin": "Zaw Min Htun", "name_native": "ဇော်မင်းထွန်း", "script": "Mymr", "nationality": "MM",
            "sex": "male", "date_of_birth": "1994-02-03", "id_document": {"type": "pink_card", "number": "00-1234"},
            "phone": "+66 81 234 5678", "returnee": False, "confirm_duplicate": True,
            "consent": {"purposes": ["assessment", "certification"], "language": "my", "notice_version": "2026-11"}},
        "api.create_assessment": {"candidate_id": world.candidate_id, "qualification_code": "DEMO-HK-RA-2"},
        "api.put_results": {"results": [{"unit_code": world.unit_codes[0], "outcome": "competent",
                                         "method": "observation", "assessed_on": "2026-11-20"}], "version": 1},
        "api.return_assessment": {"reason": "Evidence missing"},
        "api.issue_certificate": {"assessment_id": world.assessment_id},
        "api.revoke": {"reason": "error", "note": "Typed wrongly"},
        "api.suspend": {"reason": "Under review"},
        "api.api_verify_batch": {"items": [world.number, world.code]},
    }


def _segment(value: str) -> str:
    return quote(value, safe="")


def path_values(rule: Rule, world: World) -> st.SearchStrategy[dict[str, str]]:
    known = {"candidate_id": str(world.candidate_id), "assessment_id": str(world.assessment_id),
             "number": _segment(world.number), "code_or_number": world.code}
    forged = {"code_or_number": forged_codes}
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            hostile = st.sampled_from(NASTY_PATH_IDS) | st.integers(min_value=0).map(str)
        elif isinstance(converter, PathConverter):
            hostile = texts.filter(bool).map(lambda text: quote(text, safe="/"))
        else:
            hostile = texts.filter(bool).map(_segment)
        known_value = st.just(known.get(name, "1"))
        values[name] = st.one_of(known_value, known_value, forged.get(name, hostile), hostile)
    return st.fixed_dictionaries(values)


ARGUMENT = re.compile(r"<(?:[^:<>]+:)?(\w+)>")


def _path(rule: Rule, values: dict[str, str]) -> str:
    return ARGUMENT.sub(lambda match: values[match.group(1)], rule.rule)


def _check(response: TestResponse, what: object) -> None:
    response.close()
    assert response.status_code < 500, (what, response.status_code, response.get_data(as_text=True)[:300])
    if response.request.path.startswith("/api/") and response.status_code >= 400:
        assert response.mimetype == PROBLEM_JSON, (what, response.status_code, response.mimetype)
        problem = response.get_json()
        assert problem["status"] == response.status_code, (what, problem)
        assert isinstance(problem["title"], str) and problem["title"], (what, problem)
        assert isinstance(problem["detail"], str) and problem["detail"], (what, problem)


def api_operations(app: Flask) -> list[tuple[Rule, str]]:
    return sorted(((rule, method) for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1")
                   for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})),
                  key=lambda operation: (operation[0].rule, operation[1]))


def _fuzz_operation(client: FlaskClient, rule: Rule, method: str, tokens: list[str | None], template: Any,
                    world: World) -> None:
    @fuzz(EXAMPLES_PER_API_OPERATION)
    @given(values=path_values(rule, world), body=bodies(template), query=query_strings, token=st.sampled_from(tokens))
    def operation_never_fails(values: dict[str, str], body: Body, query: dict[str, str], token: str | None) -> None:
        limiter.reset()
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = client.open(_path(rule, values), method=method, data=body.data, content_type=body.content_type,
                               query_string=query, headers=headers)
        _check(response, (method, rule.rule, values, body, query))

    operation_never_fails()


def test_no_api_operation_fails_on_hostile_input(app: Flask, client: FlaskClient, world: World) -> None:
    templates = _templates(world)
    operations = api_operations(app)
    assert len(operations) >= 20
    for rule, method in operations:
        access = rule_for_endpoint(app, rule.endpoint)
        assert access is not None
        roles = sorted(ALL_ROLES if access.public else access.roles)
        tokens: list[str | None] = [world.tokens[role] for role in roles] + ([None] if access.public else [])
        _fuzz_operation(client, rule, method, tokens, templates.get(rule.endpoint, {}), world)


def test_verify_pages_never_fail_on_hostile_input(app: Flask, client: FlaskClient, world: World) -> None:
    token = csrf_token(client, "/verify")

    @fuzz(EXAMPLES_PER_PAGE)
    @given(code=st.one_of(st.just(world.code), forged_codes, texts.filter(bool)), query=query_strings)
    def qr_page(code: str, query: dict[str, str]) -> None:
        limiter.reset()
        _check(client.get(f"/v/{_segment(code)}", query_string=query), code)
        _check(client.get(f"/api/v1/verify/{quote(code, safe='/')}", query_string=query), code)

    @fuzz(EXAMPLES_PER_PAGE)
    @given(number=st.one_of(st.just(world.number), texts), query=query_strings)
    def number_form(number: str, query: dict[str, str]) -> None:
        limiter.reset()
        _check(client.get("/verify", query_string={**query, "number": number}), number)

    @fuzz(EXAMPLES_PER_PAGE)
    @given(fields=st.dictionaries(st.sampled_from(["event", "organisation", "file"]) | texts, texts, max_size=3),
           upload=st.binary(max_size=200), name=texts)
    def posted_forms(fields: dict[str, str], upload: bytes, name: str) -> None:
        from io import BytesIO

        limiter.reset()
        _check(client.post("/verify/who", data={**fields, "csrf_token": token}), fields)
        _check(client.post("/verify/upload", data={**fields, "csrf_token": token, "file": (BytesIO(upload), name)},
                           content_type="multipart/form-data"), (fields, name))

    @fuzz(EXAMPLES_PER_PAGE)
    @given(items=st.lists(st.one_of(st.sampled_from([world.number, world.code]), forged_codes, texts),
                          min_size=1, max_size=20))
    def bulk(items: list[str]) -> None:
        limiter.reset()
        response = client.post("/api/v1/verify", json={"items": items})
        _check(response, items)
        assert response.status_code == 200, (items, response.get_json())
        statuses = [result["status"] for result in response.get_json()["results"]]
        valid = [status for item, status in zip(items, statuses, strict=True) if item in (world.number, world.code)]
        assert len(set(valid)) <= 1 and "invalid" not in valid and "not_found" not in valid, (items, statuses)

    qr_page()
    number_form()
    posted_forms()
    bulk()


def test_login_form_never_fails_on_hostile_input(app: Flask, client: FlaskClient, world: World) -> None:
    token = csrf_token(client, "/login")

    @fuzz(EXAMPLES_PER_PAGE)
    @given(username=st.one_of(st.sampled_from(["bsh-manager", "bsh\x00manager", "admin\x00"]), texts),
           password=texts, query=query_strings)
    def login(username: str, password: str, query: dict[str, str]) -> None:
        limiter.reset()
        response = client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                               query_string=query)
        _check(response, (username, password, query))
        assert response.status_code in (200, 400, 414), (username, response.status_code)

    login()
