from __future__ import annotations

import base64
import gzip
import zlib
from datetime import UTC, datetime, timedelta, timezone

import pytest

from registry.core.status_list import (
    MAX_BYTES,
    MIN_BITS,
    InvalidStatusList,
    decode_bitstring,
    encode_bitstring,
    is_set,
    status_list_credential,
)

# The encodedList of the W3C Bitstring Status List examples: 16 KB of zeros, compressed by another implementation.
W3C_EXAMPLE = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


def _multibase(raw: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def test_exactly_the_revoked_indexes_are_set_after_a_round_trip() -> None:
    revoked = {0, 7, 8, 1234, 65_537, MIN_BITS - 1}
    bits = decode_bitstring(encode_bitstring(revoked, MIN_BITS))
    assert len(bits) == MIN_BITS // 8
    assert {index for index in range(MIN_BITS) if is_set(bits, index)} == revoked


def test_index_zero_is_the_most_significant_bit_of_the_first_byte() -> None:
    bits = decode_bitstring(encode_bitstring([0, 15]))
    assert bits[:2] == bytes([0b1000_0000, 0b0000_0001])


def test_the_encoding_is_multibase_base64url_of_gzip_without_a_timestamp() -> None:
    encoded = encode_bitstring([3])
    assert encoded.startswith("u") and "=" not in encoded and "+" not in encoded and "/" not in encoded
    compressed = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    assert compressed[:2] == b"\x1f\x8b" and compressed[4:8] == b"\x00\x00\x00\x00"
    assert encode_bitstring([3]) == encoded


def test_a_list_compressed_by_another_implementation_decodes() -> None:
    bits = decode_bitstring(W3C_EXAMPLE)
    assert len(bits) == 16_384 and not any(bits)


def test_the_minimum_size_keeps_herd_privacy_and_larger_lists_are_allowed() -> None:
    assert MIN_BITS == 131_072
    assert len(decode_bitstring(encode_bitstring([], 2 * MIN_BITS))) == 2 * MIN_BITS // 8
    for size in (MIN_BITS - 8, MIN_BITS + 1, 0):
        with pytest.raises(ValueError, match="size"):
            encode_bitstring([], size)


@pytest.mark.parametrize("index", [-1, MIN_BITS])
def test_an_index_outside_the_list_cannot_be_revoked(index: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        encode_bitstring([index])


@pytest.mark.parametrize("index", [-1, MIN_BITS])
def test_is_set_refuses_an_index_outside_the_bitstring(index: int) -> None:
    bits = decode_bitstring(encode_bitstring([]))
    with pytest.raises(IndexError):
        is_set(bits, index)


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(W3C_EXAMPLE[1:], id="no multibase prefix"),
        pytest.param("z" + W3C_EXAMPLE[1:], id="base58 prefix"),
        pytest.param(W3C_EXAMPLE + "=", id="padding"),
        pytest.param(W3C_EXAMPLE.replace("-", "+"), id="standard base64 alphabet"),
        pytest.param(W3C_EXAMPLE + "A", id="impossible length"),
        pytest.param(W3C_EXAMPLE[:40], id="truncated gzip"),
        pytest.param(_multibase(zlib.compress(bytes(16_384))), id="zlib instead of gzip"),
        pytest.param(_multibase(gzip.compress(bytes(16_384), mtime=0) + b"\x00"), id="trailing bytes"),
        pytest.param(_multibase(bytes(100)), id="not compressed"),
    ],
)
def test_decode_refuses_anything_but_multibase_base64url_gzip(encoded: str) -> None:
    with pytest.raises(InvalidStatusList):
        decode_bitstring(encoded)


def test_decode_refuses_a_list_that_inflates_beyond_the_limit() -> None:
    bomb = _multibase(gzip.compress(bytes(MAX_BYTES + 1), mtime=0))
    assert len(bomb) < 40_000
    with pytest.raises(InvalidStatusList, match="larger"):
        decode_bitstring(bomb)


def test_the_status_list_credential_follows_the_vc2_bitstring_status_list_shape() -> None:
    issuer = {"id": "https://registry.example.org/centres/BSH", "type": ["Profile"], "name": "Bang Saen"}
    encoded = encode_bitstring([5])
    moment = datetime(2026, 3, 2, 9, 30, 15, 999, tzinfo=timezone(timedelta(hours=7)))
    credential = status_list_credential("https://registry.example.org/status/1", issuer, encoded, "revocation", moment)
    assert credential == {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "https://registry.example.org/status/1",
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": "2026-03-02T02:30:15Z",
        "credentialSubject": {
            "id": "https://registry.example.org/status/1#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
        },
    }


def test_the_status_list_credential_refuses_an_unknown_purpose_and_a_naive_date() -> None:
    with pytest.raises(ValueError, match="purpose"):
        status_list_credential("https://r.example/s/1", {}, encode_bitstring([]), "revoked", datetime.now(UTC))
    with pytest.raises(ValueError, match="time zone"):
        status_list_credential("https://r.example/s/1", {}, encode_bitstring([]), "suspension", datetime(2026, 1, 1))
