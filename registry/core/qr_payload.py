"""The claims a certificate's QR code carries, as the small CBOR map that its COSE_Sign1 signs.

One-letter text keys and RFC 8943 day numbers keep a certificate within QR version 11 at level M; decoding is
strict and accepts only the canonical encoding, so that a signed payload has one meaning and one spelling.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import cbor2

from registry.core.cose import decode_single
from registry.core.storable import has_control_characters

DATE_TAG = 100  # RFC 8943: days since 1970-01-01
KIND_QUALIFICATION = "Q"
KIND_STATEMENT = "S"
_EPOCH = date(1970, 1, 1)
_REQUIRED_KEYS = frozenset({"n", "h", "q", "k", "p", "d", "s"})
_OPTIONAL_KEYS = frozenset({"u", "x"})


class InvalidPayload(ValueError):
    """Raised when claims are not what a certificate's QR code may carry."""


def _require_text(value: object, name: str) -> None:
    if not isinstance(value, str) or not value:
        raise InvalidPayload(f"{name} must be non-empty text")
    if has_control_characters(value):
        raise InvalidPayload(f"{name} must not hold control characters")


def _require_natural(value: object, name: str) -> None:
    # bool is an int subclass, and CBOR true/false must not pass for 1/0.
    if type(value) is not int or value < 0:
        raise InvalidPayload(f"{name} must be a non-negative integer")


def _require_date(value: object, name: str) -> None:
    # datetime is a date subclass; a time of day has no place here.
    if type(value) is not date:
        raise InvalidPayload(f"{name} must be a date")


@dataclass(frozen=True)
class QrClaims:
    """The signed claims; constructing one with values the QR code cannot carry raises InvalidPayload."""

    number: str  # n
    holder_name: str  # h (Latin, as printed)
    qualification: str  # q (code)
    kind: str  # k: "Q" full qualification, "S" statement of attainment
    units_mask: int | None  # u: bit i set = unit at position i of the qualification achieved; None for "Q"
    centre: str  # p (centre code)
    issued_on: date  # d
    expires_on: date | None  # x
    status: tuple[int, int]  # s: (status list number, index in it)

    def __post_init__(self) -> None:
        for name in ("number", "holder_name", "qualification", "centre"):
            _require_text(getattr(self, name), name)
        if self.kind == KIND_QUALIFICATION:
            if self.units_mask is not None:
                raise InvalidPayload("a full qualification lists no units")
        elif self.kind == KIND_STATEMENT:
            _require_natural(self.units_mask, "units_mask")
            if self.units_mask == 0:
                raise InvalidPayload("a statement of attainment needs at least one unit")
        else:
            raise InvalidPayload(f"kind must be {KIND_QUALIFICATION!r} or {KIND_STATEMENT!r}")
        _require_date(self.issued_on, "issued_on")
        if self.expires_on is not None:
            _require_date(self.expires_on, "expires_on")
            if self.expires_on < self.issued_on:
                raise InvalidPayload("expires before it was issued")
        if not isinstance(self.status, tuple) or len(self.status) != 2:
            raise InvalidPayload("status must be (list number, index)")
        _require_natural(self.status[0], "status list number")
        _require_natural(self.status[1], "status index")


def _date_tag(day: date) -> cbor2.CBORTag:
    return cbor2.CBORTag(DATE_TAG, (day - _EPOCH).days)


def encode_claims(claims: QrClaims) -> bytes:
    """Canonical CBOR (RFC 8949 core deterministic encoding) of `claims`; `decode_claims` inverts it."""
    fields: dict[str, object] = {
        "n": claims.number,
        "h": claims.holder_name,
        "q": claims.qualification,
        "k": claims.kind,
        "p": claims.centre,
        "d": _date_tag(claims.issued_on),
        "s": list(claims.status),
    }
    if claims.units_mask is not None:
        fields["u"] = claims.units_mask
    if claims.expires_on is not None:
        fields["x"] = _date_tag(claims.expires_on)
    return cbor2.dumps(fields, canonical=True)


def _as_date(value: object, key: str) -> date:
    # cbor2 turns tag 100 (and tag 1004) into a date; the canonical re-encoding in decode_claims refuses 1004.
    if type(value) is not date:
        raise InvalidPayload(f"{key} must be an RFC 8943 date (tag 100)")
    return value


def _claims_from_map(fields: Mapping[Any, Any]) -> QrClaims:
    keys = set(fields)
    if not all(isinstance(key, str) for key in keys):
        raise InvalidPayload("keys must be text")
    if not keys >= _REQUIRED_KEYS or not keys <= _REQUIRED_KEYS | _OPTIONAL_KEYS:
        raise InvalidPayload(f"keys must be {sorted(_REQUIRED_KEYS)} and optionally {sorted(_OPTIONAL_KEYS)}")
    if fields["k"] == KIND_STATEMENT and "u" not in fields:
        raise InvalidPayload("a statement of attainment must list its units")
    if not isinstance(fields["s"], list | tuple):
        raise InvalidPayload("s must be an array")
    # QrClaims checks the type of every other value itself.
    return QrClaims(
        number=fields["n"],
        holder_name=fields["h"],
        qualification=fields["q"],
        kind=fields["k"],
        units_mask=fields.get("u"),
        centre=fields["p"],
        issued_on=_as_date(fields["d"], "d"),
        expires_on=_as_date(fields["x"], "x") if "x" in fields else None,
        status=tuple(fields["s"]),
    )


def decode_claims(data: bytes) -> QrClaims:
    """The claims in `data`, which must be exactly what `encode_claims` writes for them.

    Raises InvalidPayload for anything else: not one CBOR map, trailing bytes, missing or extra keys, wrong types,
    untagged dates, a kind other than "Q"/"S", "u" present for "Q" or absent for "S", or a non-canonical encoding.
    """
    claims = read_claims(data)
    if encode_claims(claims) != data:
        raise InvalidPayload("not canonically encoded")
    return claims


def unverified_fields(data: bytes | None) -> Mapping[Any, Any] | None:
    """The CBOR map in `data`, its values unchecked; None when `data` is not one map.

    Only for finding a record and comparing it with the code it was issued with, byte for byte: every value read
    here is then either that registry's own or refused. Checking each value's type first, as `read_claims` does,
    cost twice the rest of decoding a code.
    """
    if data is None:
        return None
    try:
        fields = decode_single(data)
    except ValueError:
        return None
    if not isinstance(fields, Mapping):
        return None
    number = fields.get("n")
    # No certificate has a number with NUL or another unprintable character, and a database may refuse to look
    # one up (PostgreSQL refuses NUL in text): such a map names no record.
    if isinstance(number, str) and not number.isprintable():
        return None
    return fields


def read_claims(data: bytes) -> QrClaims:
    """The claims in `data`, checked as `decode_claims` checks them except for the one canonical spelling.

    Only for a payload that is then compared byte for byte with one that `encode_claims` wrote.
    """
    try:
        fields = decode_single(data)
    except ValueError as error:
        raise InvalidPayload(str(error)) from error
    if not isinstance(fields, Mapping):
        raise InvalidPayload("the payload must be a CBOR map")
    return _claims_from_map(fields)
