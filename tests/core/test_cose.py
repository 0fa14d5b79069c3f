from __future__ import annotations

import base64

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from registry.core.cose import (
    InvalidSignature1,
    TrailingData,
    decode_single,
    from_code,
    sign1,
    to_code,
    unverified_payload,
    verify1,
)

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
PAYLOAD = cbor2.dumps({"n": "KH-BSH-2026-00042-J", "h": "SOK Sreyneang"}, canonical=True)
KEYS: dict[str, Ed25519PublicKey] = {"K1": KEY.public_key(), "K2": OTHER_KEY.public_key()}


def forge(protected: object, unprotected: object = None, payload: object = PAYLOAD, *, key: Ed25519PrivateKey = KEY,
          tag: int = 18, signature: bytes | None = None) -> bytes:
    """A COSE_Sign1 with a correct signature over whatever header it is given."""
    protected_bytes = protected if isinstance(protected, bytes) else cbor2.dumps(protected, canonical=True)
    if signature is None:
        signature = key.sign(cbor2.dumps(["Signature1", protected_bytes, b"", payload]))
    items = [protected_bytes, {} if unprotected is None else unprotected, payload, signature]
    return cbor2.dumps(cbor2.CBORTag(tag, items), canonical=True)


def reason_for(data: bytes) -> str:
    with pytest.raises(InvalidSignature1) as raised:
        verify1(data, KEYS)
    return raised.value.reason


def test_signed_message_verifies_and_returns_kid_and_payload() -> None:
    assert verify1(sign1(PAYLOAD, "K1", KEY), KEYS) == ("K1", PAYLOAD)


def test_message_is_tagged_cose_sign1_with_the_standard_signature_structure() -> None:
    message = cbor2.loads(sign1(PAYLOAD, "ab12CD34", KEY))
    assert isinstance(message, cbor2.CBORTag) and message.tag == 18
    protected, unprotected, payload, signature = message.value
    assert protected == bytes.fromhex("a201270448") + b"ab12CD34"
    assert cbor2.loads(protected) == {1: -8, 4: b"ab12CD34"}
    assert dict(unprotected) == {} and payload == PAYLOAD
    # Checked with the Sig_structure of RFC 9052 section 4.4 built here, not the module's own.
    KEY.public_key().verify(signature, cbor2.dumps(["Signature1", protected, b"", PAYLOAD]))


def test_signing_is_deterministic() -> None:
    assert sign1(PAYLOAD, "K1", KEY) == sign1(PAYLOAD, "K1", KEY)


@pytest.mark.parametrize("kid", ["", "ABCDEFGH9", "K-1", "K 1", "Kä", "K1\n"])
def test_sign_refuses_a_kid_that_is_not_1_to_8_ascii_letters_or_digits(kid: str) -> None:
    with pytest.raises(ValueError, match="kid"):
        sign1(PAYLOAD, kid, KEY)


def test_every_flipped_bit_is_refused() -> None:
    message = sign1(PAYLOAD, "K1", KEY)
    for position in range(len(message)):
        for bit in range(8):
            flipped = bytearray(message)
            flipped[position] ^= 1 << bit
            with pytest.raises(InvalidSignature1):
                verify1(bytes(flipped), KEYS)


def test_every_truncation_is_refused() -> None:
    message = sign1(PAYLOAD, "K1", KEY)
    for length in range(len(message)):
        assert reason_for(message[:length]) == "structure"


@pytest.mark.parametrize("extra", [b"\x00", b"\xa0", cbor2.dumps(b"x" * 64)])
def test_trailing_bytes_are_refused(extra: bytes) -> None:
    assert reason_for(sign1(PAYLOAD, "K1", KEY) + extra) == "trailing"


@pytest.mark.parametrize("alg", [-7, -35, -257, 0, "EdDSA", True])
def test_another_algorithm_is_refused(alg: object) -> None:
    assert reason_for(forge({1: alg, 4: b"K1"})) == "algorithm"


def test_unknown_kid_is_refused() -> None:
    assert reason_for(sign1(PAYLOAD, "K9", KEY)) == "unknown_kid"


def test_key_of_another_kid_is_refused() -> None:
    assert reason_for(sign1(PAYLOAD, "K2", KEY)) == "signature"


def test_signature_over_another_payload_is_refused() -> None:
    protected = {1: -8, 4: b"K1"}
    signature = KEY.sign(cbor2.dumps(["Signature1", cbor2.dumps(protected), b"", b"other"]))
    assert reason_for(forge(protected, signature=signature)) == "signature"


def test_untagged_message_is_refused() -> None:
    message = cbor2.loads(sign1(PAYLOAD, "K1", KEY))
    assert reason_for(cbor2.dumps(list(message.value))) == "structure"


@pytest.mark.parametrize("data", [
    b"",
    b"\xff",
    b"\xd2",
    cbor2.dumps(cbor2.CBORTag(98, [])),
    cbor2.dumps(cbor2.CBORTag(18, [])),
    cbor2.dumps(cbor2.CBORTag(18, {"a": 1})),
    cbor2.dumps(cbor2.CBORTag(18, [b"", {}, b"", b"\x00" * 64])),
])
def test_malformed_messages_are_refused_as_structure(data: bytes) -> None:
    assert reason_for(data) == "structure"


@pytest.mark.parametrize("message", [
    forge({1: -8, 4: b"K1"}, tag=17),
    forge({1: -8, 4: b"K1"}, unprotected={4: b"K2"}),
    forge({1: -8, 4: b"K1"}, unprotected=[]),
    forge({1: -8}),
    forge({4: b"K1"}),
    forge({1: -8, 4: b"K1", 3: 0}),
    forge({1: -8, 4: "K1"}),
    forge({1: -8, 4: b"K-1"}),
    forge({1: -8, 4: b"ABCDEFGHI"}),
    forge([1, -8, 4, b"K1"]),
    forge(bytes.fromhex("a204424b310127")),
    forge(cbor2.dumps({1: -8, 4: b"K1"}) + b"\x00"),
    forge({1: -8, 4: b"K1"}, payload="text"),
    forge({1: -8, 4: b"K1"}, signature=b"\x00" * 63),
])
def test_headers_and_fields_other_than_the_one_accepted_shape_are_refused(message: bytes) -> None:
    assert reason_for(message) == "structure"


def test_non_canonical_encoding_of_a_valid_message_is_refused() -> None:
    message = sign1(PAYLOAD, "K1", KEY)
    # The same array, its length written in a needlessly long form: one certificate must have one code.
    stretched = message[:1] + b"\x98\x04" + message[2:]
    assert cbor2.loads(stretched) == cbor2.loads(message)
    assert reason_for(stretched) == "structure"


def test_unverified_payload_reads_any_cose_sign1_shape_and_nothing_else() -> None:
    # It reads even messages verify1 refuses: whatever it returns is only used to find a record to compare with.
    assert unverified_payload(sign1(PAYLOAD, "K1", KEY)) == PAYLOAD
    assert unverified_payload(forge({1: -8, 4: b"K1"}, signature=b"\x00" * 64)) == PAYLOAD
    for data in (b"", b"\xff", sign1(PAYLOAD, "K1", KEY) + b"\x00", cbor2.dumps([b"", {}, PAYLOAD, b""]),
                 cbor2.dumps(cbor2.CBORTag(17, [b"", {}, b"p", b""])), cbor2.dumps(cbor2.CBORTag(18, [b"", {}])),
                 cbor2.dumps(cbor2.CBORTag(18, [b"", {}, "text", b""]))):
        assert unverified_payload(data) is None


def test_decode_single_refuses_trailing_bytes_and_duplicate_keys() -> None:
    assert decode_single(b"\x01") == 1
    with pytest.raises(TrailingData):
        decode_single(b"\x01\x02")
    with pytest.raises(ValueError, match="CBOR"):
        decode_single(bytes.fromhex("a2616101616102"))
    with pytest.raises(ValueError, match="CBOR"):
        decode_single(bytes.fromhex("bf616101ff"))


def test_code_is_upper_case_base32_without_padding_and_round_trips() -> None:
    for length in range(1, 41):
        for data in (bytes(range(length)), bytes(length), b"\xff" * length, bytes(range(255, 255 - length, -1))):
            code = to_code(data)
            assert "=" not in code and code == base64.b32encode(data).decode().rstrip("=")
            assert from_code(code) == data
    message = sign1(PAYLOAD, "K1", KEY)
    assert verify1(from_code(to_code(message)), KEYS) == ("K1", PAYLOAD)


@pytest.mark.parametrize("code", [
    "",
    "mzxw6",
    "MZXW6===",
    "MZXW6 ",
    "MZXW0",
    "MZXW8",
    "M",
    "MZX",
    "MZXW6Y",
    "MZXW7",
    "A" * 4297,
])
def test_from_code_refuses_anything_but_canonical_base32(code: str) -> None:
    with pytest.raises(InvalidSignature1) as raised:
        from_code(code)
    assert raised.value.reason == "structure"
