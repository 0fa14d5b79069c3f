"""The registry's OpenBadgeCredential against 1EdTech's Open Badges 3.0 AchievementCredential JSON Schema.

The schema is read from ../shared/schemas beside the project, never copied in: a missing file fails the run.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft201909Validator
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from registry.core.credential import KIND_STATEMENT_OF_ATTAINMENT, CredentialInput, open_badge_credential
from tests.factories import ICT, credential_input

SCHEMA_PATH = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "schemas" / "ob_v3p0_achievementcredential_schema.json"
)
# jsonschema checks "date-time" only when rfc3339-validator is installed, so the test checks the form itself.
DATE_TIME_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


@pytest.fixture(scope="module")
def validator() -> Validator:
    assert SCHEMA_PATH.is_file(), f"the Open Badges 3.0 schema is missing at {SCHEMA_PATH}"
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = validator_for(schema)
    # The schema says draft 2019-09; its tuple-form "items" under @context means something else in 2020-12.
    assert cls is Draft201909Validator
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _errors(validator: Validator, credential: dict[str, Any]) -> list[str]:
    errors = validator.iter_errors(credential)
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in errors]


def _date_times(credential: dict[str, Any]) -> list[str]:
    return [credential[key] for key in ("validFrom", "validUntil", "awardedDate") if key in credential]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(credential_input(), id="full qualification"),
        pytest.param(credential_input(valid_until=datetime(2031, 3, 1, 23, 59, 59, tzinfo=ICT)), id="with expiry"),
        pytest.param(
            credential_input(kind=KIND_STATEMENT_OF_ATTAINMENT, achieved_units=(("D1.HHK.CL3.03", "Prepare rooms"),)),
            id="statement of attainment",
        ),
        pytest.param(credential_input(levels={"aqrf": 2, "dsd": 1, "cqf": 2}, issuer_country="KH"),
                     id="home framework"),
    ],
)
def test_the_credential_is_valid_open_badges_3(validator: Validator, data: CredentialInput) -> None:
    credential = open_badge_credential(data)
    assert _errors(validator, credential) == []
    assert all(DATE_TIME_Z.match(value) for value in _date_times(credential))


def test_the_credential_survives_a_json_round_trip_unchanged(validator: Validator) -> None:
    credential = open_badge_credential(credential_input())
    again = json.loads(json.dumps(credential, ensure_ascii=False))
    assert again == credential and _errors(validator, again) == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        pytest.param(("credentialSubject", "achievement", "achievementType"), "Qualification", id="achievementType"),
        pytest.param(("credentialSubject", "identifier", 0, "salt"), 7, id="identity salt type"),
        pytest.param(("credentialSubject", "achievement", "alignment", 0, "targetType"), "Level", id="targetType"),
        pytest.param(("@context", 1), "https://example.org/ob.json", id="ob context"),
        pytest.param(("type", 1), "AchievementCredentialX", id="credential type"),
        pytest.param(("credentialSubject", "result", 0, "status"), "Passed", id="result status"),
        pytest.param(("issuer", "otherIdentifier", 0, "language"), "th", id="identifier extra member"),
    ],
)
def test_the_schema_check_is_not_vacuous(validator: Validator, path: tuple[str | int, ...], value: object) -> None:
    credential = copy.deepcopy(open_badge_credential(credential_input()))
    target: Any = credential
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    assert _errors(validator, credential) != []


def test_a_missing_required_member_is_caught(validator: Validator) -> None:
    credential = copy.deepcopy(open_badge_credential(credential_input()))
    del credential["credentialSubject"]["achievement"]["criteria"]
    assert any("criteria" in error for error in _errors(validator, credential))
