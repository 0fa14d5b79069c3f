from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from registry.core.credential import (
    KIND_STATEMENT_OF_ATTAINMENT,
    open_badge_credential,
    vc_datetime,
)
from registry.core.jose import VC_JWT_TYPE, sign_compact
from tests.factories import ICT, QUALIFICATION_URL, STATUS_URL, UNITS, credential_input


def test_dates_are_utc_with_z_and_whole_seconds() -> None:
    assert vc_datetime(datetime(2026, 3, 2, 0, 30, 59, 999_999, tzinfo=ICT)) == "2026-03-01T17:30:59Z"
    assert vc_datetime(datetime(2026, 3, 2, tzinfo=UTC)) == "2026-03-02T00:00:00Z"
    with pytest.raises(ValueError, match="time zone"):
        vc_datetime(datetime(2026, 3, 2))


def test_the_envelope_is_an_open_badge_credential_with_a_revocation_entry() -> None:
    credential = open_badge_credential(credential_input(valid_until=datetime(2031, 3, 2, 9, 30, tzinfo=ICT)))
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == "urn:uuid:3f0c1a52-8a5e-4a51-9d53-2f7d1a0e6b41"
    assert (credential["validFrom"], credential["validUntil"]) == ("2026-03-02T02:30:00Z", "2031-03-02T02:30:00Z")
    assert credential["credentialStatus"] == {
        "id": f"{STATUS_URL}#1234",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "1234",
        "statusListCredential": STATUS_URL,
    }
    assert "https://registry.example.org/v/ABCDEFGH" in credential["description"]


def test_valid_until_is_left_out_when_the_certificate_does_not_expire() -> None:
    assert "validUntil" not in open_badge_credential(credential_input())


def test_the_issuer_is_a_profile_with_its_country_and_thai_name() -> None:
    issuer = open_badge_credential(credential_input())["issuer"]
    assert issuer["id"] == "https://registry.example.org/centres/BSH" and issuer["type"] == ["Profile"]
    assert issuer["name"] == "Bang Saen Hospitality Skills Centre"
    assert issuer["address"] == {"type": ["Address"], "addressCountry": "Thailand", "addressCountryCode": "TH"}
    assert [entry["identifier"] for entry in issuer["otherIdentifier"]] == ["ศูนย์พัฒนาทักษะการโรงแรมบางแสน"]


def test_the_holder_is_named_in_clear_in_latin_and_own_script() -> None:
    subject = open_badge_credential(credential_input())["credentialSubject"]
    assert subject["identifier"] == [
        {"type": "IdentityObject", "identityHash": "SOK Sreyneang", "identityType": "name", "hashed": False},
        {"type": "IdentityObject", "identityHash": "សុខ ស្រីនាង", "identityType": "name", "hashed": False},
    ]
    assert subject["licenseNumber"] == "TH-BSH-2026-00042-K"
    latin_only = open_badge_credential(credential_input(holder_name_native=""))["credentialSubject"]["identifier"]
    assert [identity["identityHash"] for identity in latin_only] == ["SOK Sreyneang"]


def test_a_full_qualification_is_the_qualification_achievement_of_type_certificate() -> None:
    achievement = open_badge_credential(credential_input())["credentialSubject"]["achievement"]
    assert achievement["id"] == QUALIFICATION_URL
    assert achievement["achievementType"] == "Certificate"
    assert achievement["name"] == "Room Attendant" and achievement["humanCode"] == "DEMO-HK-RA-2"
    assert "Every unit" in achievement["criteria"]["narrative"]
    titles = [entry["identifier"] for entry in achievement["otherIdentifier"]]
    assert titles == ["พนักงานทำความสะอาดห้องพัก", "បុគ្គលិកសម្អាតបន្ទប់"]


def test_a_statement_of_attainment_never_presents_itself_as_the_qualification() -> None:
    data = credential_input(kind=KIND_STATEMENT_OF_ATTAINMENT, achieved_units=UNITS[:2])
    credential = open_badge_credential(data)
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["id"] == f"{QUALIFICATION_URL}#statement-of-attainment"
    assert achievement["achievementType"] == "Certificate"
    assert achievement["name"] == credential["name"] == "Statement of attainment towards Room Attendant"
    assert "not the full qualification" in achievement["criteria"]["narrative"]
    assert credential["description"].startswith("Statement of attainment TH-BSH-2026-00042-K")


def test_a_statement_of_attainment_carries_none_of_the_qualifications_levels() -> None:
    partial = open_badge_credential(credential_input(kind=KIND_STATEMENT_OF_ATTAINMENT, achieved_units=UNITS[:2]))
    assert "alignment" not in partial["credentialSubject"]["achievement"]
    assert len(partial["credentialSubject"]["result"]) == 2  # the units it does cover


def test_levels_and_isco_are_alignments_and_unmapped_frameworks_are_left_out() -> None:
    alignments = open_badge_credential(credential_input())["credentialSubject"]["achievement"]["alignment"]
    assert [(a["targetName"], a["targetCode"], a["targetType"]) for a in alignments] == [
        ("AQRF level 2", "2", "ext:QualificationLevel"),
        ("TPQI level 2", "2", "ext:QualificationLevel"),
        ("DSD level 1", "1", "ext:QualificationLevel"),
        ("ISCO-08 unit group 9112", "9112", "ext:Occupation"),
    ]
    assert alignments[0]["targetUrl"] == f"{QUALIFICATION_URL}#level-aqrf"
    assert alignments[-1]["targetUrl"] == "http://data.europa.eu/esco/isco/C9112"
    assert all(a["type"] == ["Alignment"] and a["targetFramework"] for a in alignments)


def test_a_home_framework_level_is_aligned_too() -> None:
    data = credential_input(levels={"aqrf": 2, "cqf": 2, "dsd": 1})
    names = [a["targetName"] for a in open_badge_credential(data)["credentialSubject"]["achievement"]["alignment"]]
    assert names == ["AQRF level 2", "DSD level 1", "CQF level 2", "ISCO-08 unit group 9112"]


def test_only_the_achieved_units_are_listed_as_completed_results_in_order() -> None:
    data = credential_input(kind=KIND_STATEMENT_OF_ATTAINMENT, achieved_units=(UNITS[2], UNITS[0]))
    results = open_badge_credential(data)["credentialSubject"]["result"]
    assert [r["alignment"][0]["targetCode"] for r in results] == ["D1.HHK.CL3.05", "D1.HHK.CL3.01"]
    assert [r["alignment"][0]["targetName"] for r in results] == ["Clean public areas", UNITS[0][1]]
    assert all(r["type"] == ["Result"] and r["status"] == "Completed" for r in results)
    assert results[0]["alignment"][0]["targetType"] == "ext:CompetencyUnit"
    assert results[0]["alignment"][0]["targetUrl"] == f"{QUALIFICATION_URL}#unit-D1.HHK.CL3.05"


def test_an_english_speaking_holder_gets_no_duplicate_title() -> None:
    data = credential_input(holder_lang="en", title_holder_lang="Room Attendant")
    titles = open_badge_credential(data)["credentialSubject"]["achievement"]["otherIdentifier"]
    assert [entry["identifier"] for entry in titles] == ["พนักงานทำความสะอาดห้องพัก"]


def test_the_signed_form_carries_the_credential_itself_as_payload() -> None:
    credential = open_badge_credential(credential_input())
    token = sign_compact(credential, "bsh2026", Ed25519PrivateKey.generate(), VC_JWT_TYPE)
    payload = token.split(".")[1]
    assert json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))) == credential


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "full"}, "kind"),
        ({"levels": {"aqrf": 2, "eqf": 3}}, "unknown framework"),
        ({"levels": {"dsd": 4}}, "DSD level"),
        ({"isco08": "911"}, "isco08"),
        ({"achieved_units": ()}, "at least one"),
        ({"achieved_units": (("d1 bad", "Title"),)}, "bad unit"),
        ({"valid_from": datetime(2026, 3, 2)}, "time zone"),
        ({"valid_until": datetime(2026, 3, 1, tzinfo=UTC)}, "after"),
        ({"achievement_id": f"{QUALIFICATION_URL}#x"}, "achievement_id"),
        ({"credential_id": "3f0c1a52-8a5e-4a51-9d53-2f7d1a0e6b41"}, "credential_id"),
        ({"issuer_country": "tha"}, "issuer_country"),
        ({"status_index": -1}, "status_index"),
        ({"holder_name": " "}, "holder_name"),
    ],
)
def test_inconsistent_input_is_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        open_badge_credential(credential_input(**changes))
