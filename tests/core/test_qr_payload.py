from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

import cbor2
import pytest

from registry.core.qr_payload import (
    InvalidPayload,
    QrClaims,
    decode_claims,
    encode_claims,
    read_claims,
    unverified_fields,
)

STATEMENT = QrClaims(
    number="KH-PCT-2026-00042-X", holder_name="SOK Sreyneang", qualification="DEMO-HK-RA-2", kind="S",
    units_mask=0b1011, centre="PCT", issued_on=date(2026, 5, 14), expires_on=date(2031, 5, 13), status=(3, 131071),
)
QUALIFICATION = dataclasses.replace(STATEMENT, kind="Q", units_mask=None, expires_on=None, status=(0, 0))
ISSUED_DAYS = 20587  # 2026-05-14, counted by hand from 1970-01-01


def fields_of(claims: QrClaims) -> dict[str, Any]:
    """The map as the contract spells it, built here independently of the module."""
    fields: dict[str, Any] = {
        "n": claims.number, "h": claims.holder_name, "q": claims.qualification, "k": claims.kind,
        "p": claims.centre, "d": cbor2.CBORTag(100, (claims.issued_on - date(1970, 1, 1)).days),
        "s": list(claims.status),
    }
    if claims.units_mask is not None:
        fields["u"] = claims.units_mask
    if claims.expires_on is not None:
        fields["x"] = cbor2.CBORTag(100, (claims.expires_on - date(1970, 1, 1)).days)
    return fields


def encoded(fields: dict[str, Any]) -> bytes:
    return cbor2.dumps(fields, canonical=True)


@pytest.mark.parametrize("claims", [STATEMENT, QUALIFICATION])
def test_claims_round_trip(claims: QrClaims) -> None:
    assert decode_claims(encode_claims(claims)) == claims


@pytest.mark.parametrize("claims", [STATEMENT, QUALIFICATION])
def test_encoding_is_the_canonical_text_keyed_map_of_the_contract(claims: QrClaims) -> None:
    assert encode_claims(claims) == encoded(fields_of(claims))


def test_dates_are_rfc_8943_day_numbers_under_tag_100() -> None:
    data = encode_claims(STATEMENT)
    assert b"\x61d\xd8\x64\x19" + ISSUED_DAYS.to_bytes(2, "big") in data


def test_keys_are_in_deterministic_order_whatever_the_insertion_order() -> None:
    shuffled = dict(reversed(list(fields_of(STATEMENT).items())))
    assert encoded(shuffled) == encode_claims(STATEMENT)
    assert list(cbor2.loads(encode_claims(STATEMENT))) == sorted("nhqkupdxs")


def test_full_qualification_omits_units_and_missing_expiry() -> None:
    assert set(cbor2.loads(encode_claims(QUALIFICATION))) == set("nhqkpds")


def replaced(**changes: Any) -> bytes:
    fields = fields_of(STATEMENT)
    for key, value in changes.items():
        if value is None:
            del fields[key]
        else:
            fields[key] = value
    return encoded(fields)


@pytest.mark.parametrize("data", [
    replaced(n=None),
    replaced(h=None),
    replaced(s=None),
    replaced(d=None),
    replaced(z="extra"),
    replaced(n=42),
    replaced(n=""),
    replaced(h=b"SOK"),
    replaced(q=["DEMO"]),
    replaced(p=7),
    replaced(k="X"),
    replaced(k="q"),
    replaced(u=None),
    replaced(u=0),
    replaced(u=-1),
    replaced(u=True),
    replaced(u="11"),
    replaced(d=ISSUED_DAYS),
    replaced(d="2026-05-14"),
    replaced(d=cbor2.CBORTag(1004, "2026-05-14")),
    replaced(d=cbor2.CBORTag(1, 1778716800)),
    replaced(d=cbor2.CBORTag(100, "20587")),
    replaced(x=ISSUED_DAYS + 1),
    replaced(x=cbor2.CBORTag(100, ISSUED_DAYS - 1)),
    replaced(s=[3]),
    replaced(s=[3, 4, 5]),
    replaced(s=[3, -1]),
    replaced(s=[3, "4"]),
    replaced(s={"list": 3}),
    encoded({**fields_of(QUALIFICATION), "u": 1}),
    encoded({**fields_of(STATEMENT), 1: "int key"}),
])
def test_decode_refuses_maps_the_contract_does_not_allow(data: bytes) -> None:
    with pytest.raises(InvalidPayload):
        decode_claims(data)


@pytest.mark.parametrize("data", [
    b"",
    b"\xff",
    encode_claims(STATEMENT)[:-1],
    encode_claims(STATEMENT) + b"\x00",
    encode_claims(STATEMENT) + encode_claims(STATEMENT),
    cbor2.dumps(list(fields_of(STATEMENT).values())),
    cbor2.dumps(cbor2.CBORTag(55799, fields_of(STATEMENT))),
    cbor2.dumps(fields_of(STATEMENT)),
    b"\xbf" + encode_claims(STATEMENT)[1:] + b"\xff",
])
def test_decode_refuses_anything_but_exactly_one_canonical_map(data: bytes) -> None:
    assert data != encode_claims(STATEMENT)
    with pytest.raises(InvalidPayload):
        decode_claims(data)


def test_decode_refuses_duplicate_keys() -> None:
    data = encode_claims(QUALIFICATION)
    duplicated = bytes([data[0] + 1]) + data[1:] + b"\x61n\x61x"
    with pytest.raises(InvalidPayload):
        decode_claims(duplicated)


def test_decode_refuses_integers_in_a_needlessly_long_form() -> None:
    data = encode_claims(QUALIFICATION)
    short_status = b"\x61s\x82\x00\x00"
    assert data.endswith(short_status)
    with pytest.raises(InvalidPayload):
        decode_claims(data[:-2] + b"\x18\x00\x00")


def test_read_claims_leaves_only_the_canonical_spelling_to_the_byte_comparison_that_follows_it() -> None:
    data = encode_claims(QUALIFICATION)
    assert read_claims(data) == QUALIFICATION
    assert read_claims(data[:-2] + b"\x18\x00\x00") == QUALIFICATION  # same claims, another spelling
    for broken in (b"", data + b"\x00", bytes([data[0] + 1]) + data[1:] + b"\x61n\x61x", b"\xa0",
                   encoded({**fields_of(QUALIFICATION), "u": 1}), replaced(s=[3])):
        with pytest.raises(InvalidPayload):
            read_claims(broken)


def test_unverified_fields_read_any_map_and_nothing_else() -> None:
    # Its values are unchecked: it only finds the record that the whole code is then compared with, byte for byte.
    data = encode_claims(QUALIFICATION)
    assert unverified_fields(data) == cbor2.loads(data)
    assert unverified_fields(cbor2.dumps({"n": 7, "z": None})) == {"n": 7, "z": None}
    for not_a_map in (None, b"", b"\xff", data + b"\x00", cbor2.dumps(["n", "x"]), cbor2.dumps("n")):
        assert unverified_fields(not_a_map) is None


@pytest.mark.parametrize("changes", [
    {"kind": "X"},
    {"kind": "Q"},
    {"units_mask": None},
    {"units_mask": 0},
    {"units_mask": False},
    {"number": ""},
    {"holder_name": None},
    {"issued_on": datetime(2026, 5, 14, 9, 30)},
    {"expires_on": date(2026, 5, 13)},
    {"status": (1,)},
    {"status": [1, 2]},
    {"status": (1, -2)},
])
def test_claims_the_code_cannot_carry_cannot_be_built(changes: dict[str, Any]) -> None:
    with pytest.raises(InvalidPayload):
        dataclasses.replace(STATEMENT, **changes)


def test_large_unit_masks_survive_the_round_trip() -> None:
    claims = dataclasses.replace(STATEMENT, units_mask=(1 << 80) | 1)
    assert decode_claims(encode_claims(claims)) == claims
