"""The registry's OpenBadgeCredential against 1EdTech's Open Badges 3.0 AchievementCredential JSON Schema.

The schema is read from ../shared/schemas beside the project, never copied in: a missing file fails the run.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft201909Validator
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from registry.core.credential import KIND_STATEMENT_OF_ATTAINMENT, CredentialInput, open_badge_credential

SCHEMA_PATH = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "schemas" / "ob_v3p0_achievementcredential_schema.json"
)
# jsonschema checks "date-time" only when rfc3339-validator is installed, so the test checks the form itself.
DATE_TIME_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
ICT = timezone(timedelta(hours=7))


@pytest.fixture(scope="module")
def validator() -> Validator:
    assert SCHEMA_PATH.is_file(), f"the Open Badges 3.0 schema is missing at {SCHEMA_PATH}"
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = validator_for(schema)
    # The schema says draft 2019-09; its tuple-form "items" under @context means something else in 2020-12.
    assert cls is Draft201909Validator
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def room_attendant(**changes: Any) -> CredentialInput:
    """The demo full award: SOK Sreyneang, Room Attendant, from the Bang Saen centre."""
    data = CredentialInput(
        credential_id="urn:uuid:7d4e0c1e-2b7a-4c59-9a0e-5b8f3c2d1a60",
        number="TH-BSH-2026-00042-K",  # illustrative; the check character is not computed here
        holder_name="SOK Sreyneang",
        holder_name_native="សុខ ស្រីនាង",
        issuer_id="https://registry.example.org/centres/BSH",
        issuer_name="Bang Saen Hospitality Skills Centre",
        issuer_name_th="ศูนย์พัฒนาทักษะการโรงแรมบางแสน",
        issuer_country="TH",
        qualification_code="DEMO-HK-RA-2",
        title_en="Room Attendant",
        title_th="พนักงานทำความสะอาดห้องพัก",
        title_holder_lang="បុគ្គលិកសម្អាតបន្ទប់",
        holder_lang="km",
        description_en="Prepares and cleans guest rooms and provides housekeeping services to hotel guests.",
        kind="qualification",
        levels={"aqrf": 2, "tpqi": 2, "dsd": 1, "cqf": None, "lao_tvet": None, "nssa": None},
        isco08="9112",
        achieved_units=(
            ("D1.HHK.CL3.01", "Provide housekeeping services to guests"),
            ("D1.HHK.CL3.03", "Prepare rooms for guests"),
        ),
        valid_from=datetime(2026, 3, 2, 10, 0, tzinfo=ICT),
        valid_until=None,
        status_list_url="https://registry.example.org/status/1",
        status_index=40_321,
        verify_url="https://registry.example.org/v/GQ2DMNZYHA3TQMRR",
        achievement_id="https://registry.example.org/qualifications/DEMO-HK-RA-2",
    )
    return replace(data, **changes)


def _errors(validator: Validator, credential: dict[str, Any]) -> list[str]:
    errors = validator.iter_errors(credential)
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in errors]


def _date_times(credential: dict[str, Any]) -> list[str]:
    return [credential[key] for key in ("validFrom", "validUntil", "awardedDate") if key in credential]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(room_attendant(), id="full qualification"),
        pytest.param(room_attendant(valid_until=datetime(2031, 3, 1, 23, 59, 59, tzinfo=ICT)), id="with expiry"),
        pytest.param(
            room_attendant(kind=KIND_STATEMENT_OF_ATTAINMENT, achieved_units=(("D1.HHK.CL3.03", "Prepare rooms"),)),
            id="statement of attainment",
        ),
        pytest.param(room_attendant(levels={"aqrf": 2, "dsd": 1, "cqf": 2}, issuer_country="KH"), id="home framework"),
    ],
)
def test_the_credential_is_valid_open_badges_3(validator: Validator, data: CredentialInput) -> None:
    credential = open_badge_credential(data)
    assert _errors(validator, credential) == []
    assert all(DATE_TIME_Z.match(value) for value in _date_times(credential))


def test_the_credential_survives_a_json_round_trip_unchanged(validator: Validator) -> None:
    credential = open_badge_credential(room_attendant())
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
    credential = copy.deepcopy(open_badge_credential(room_attendant()))
    target: Any = credential
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    assert _errors(validator, credential) != []


def test_a_missing_required_member_is_caught(validator: Validator) -> None:
    credential = copy.deepcopy(open_badge_credential(room_attendant()))
    del credential["credentialSubject"]["achievement"]["criteria"]
    assert any("criteria" in error for error in _errors(validator, credential))
