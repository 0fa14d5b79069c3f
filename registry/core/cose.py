"""COSE_Sign1 (RFC 9052) with Ed25519, and the base32 text that carries it in a QR code.

Only one shape is accepted: tag 18, protected header {1: -8, 4: kid} in canonical CBOR, an empty unprotected
header, and the whole message encoded exactly as `sign1` writes it. Refusing every other spelling keeps one
certificate to one code and leaves no room for the parser differences that COSE verifiers have been tricked by.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from io import BytesIO

import cbor2
from cryptography import exceptions as crypto_exceptions
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

COSE_SIGN1_TAG = 18
HEADER_ALG = 1
HEADER_KID = 4
ALG_EDDSA = -8
SIGNATURE_LENGTH = 64
# The most alphanumeric characters any QR code holds (version 40-L); anything longer never came from one.
MAX_CODE_LENGTH = 4296

_KID = re.compile(r"[A-Za-z0-9]{1,8}")
_CODE = re.compile(r"[A-Z2-7]+")
# Lengths that no byte string encodes to in unpadded base32.
_IMPOSSIBLE_CODE_REMAINDERS = frozenset({1, 3, 6})
_TO_BASE32HEX = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789abcdefghijklmnopqrstuv")


class InvalidSignature1(ValueError):
    """Raised when a COSE_Sign1 message or its base32 code is refused; `reason` says which check failed.

    Reasons: "structure", "trailing", "algorithm", "unknown_kid", "signature".
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


class TrailingData(ValueError):
    """Raised by `decode_single` when bytes follow the first CBOR item."""


def decode_single(data: bytes) -> object:
    """The one CBOR item `data` holds, decoded strictly (no indefinite lengths, no duplicate map keys).

    Raises TrailingData when bytes follow it and ValueError when it is not well-formed CBOR. Unlike `cbor2.loads`,
    which ignores trailing bytes.
    """
    stream = BytesIO(data)
    decoder = cbor2.CBORDecoder(stream, allow_indefinite=False, allow_duplicate_keys=False, max_depth=16)
    try:
        value = decoder.decode()
    except (cbor2.CBORError, ValueError, TypeError, OverflowError, RecursionError) as error:
        raise ValueError(f"not well-formed CBOR: {error}") from error
    if stream.tell() != len(data):
        raise TrailingData(f"{len(data) - stream.tell()} bytes after the CBOR item")
    return value


def _protected_header(kid: str) -> bytes:
    if not _KID.fullmatch(kid):
        raise ValueError(f"kid must be 1-8 ASCII letters or digits: {kid!r}")
    return cbor2.dumps({HEADER_ALG: ALG_EDDSA, HEADER_KID: kid.encode("ascii")}, canonical=True)


def _to_be_signed(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def _encode_message(protected: bytes, payload: bytes, signature: bytes) -> bytes:
    return cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]), canonical=True)


def sign1(payload: bytes, kid: str, key: Ed25519PrivateKey) -> bytes:
    """The tagged COSE_Sign1 of `payload`, signed by `key` and naming it by `kid` (1-8 ASCII letters/digits)."""
    protected = _protected_header(kid)
    signature = key.sign(_to_be_signed(protected, payload))
    return _encode_message(protected, payload, signature)


def _read_kid(protected: object) -> str:
    if not isinstance(protected, bytes):
        raise InvalidSignature1("structure", "protected header is not a byte string")
    try:
        header = decode_single(protected)
    except ValueError as error:
        raise InvalidSignature1("structure", "protected header is not one CBOR item") from error
    if not isinstance(header, Mapping):
        raise InvalidSignature1("structure", "protected header is not a map")
    if HEADER_ALG in header and (type(header[HEADER_ALG]) is not int or header[HEADER_ALG] != ALG_EDDSA):
        raise InvalidSignature1("algorithm", f"alg {header[HEADER_ALG]!r} is not EdDSA (-8)")
    if set(header) != {HEADER_ALG, HEADER_KID}:
        raise InvalidSignature1("structure", "protected header must hold exactly alg and kid")
    kid_bytes = header[HEADER_KID]
    if not isinstance(kid_bytes, bytes) or not _KID.fullmatch(kid_bytes.decode("latin-1")):
        raise InvalidSignature1("structure", "kid must be 1-8 ASCII letters or digits")
    kid = kid_bytes.decode("ascii")
    if _protected_header(kid) != protected:
        raise InvalidSignature1("structure", "protected header is not canonical CBOR")
    return kid


def verify1(data: bytes, public_keys: Mapping[str, Ed25519PublicKey]) -> tuple[str, bytes]:
    """(kid, payload) of a tagged COSE_Sign1 whose EdDSA signature verifies with `public_keys[kid]`.

    Raises InvalidSignature1 for anything else, with `reason` "structure", "trailing", "algorithm", "unknown_kid"
    or "signature".
    """
    try:
        message = decode_single(data)
    except TrailingData as error:
        raise InvalidSignature1("trailing", str(error)) from error
    except ValueError as error:
        raise InvalidSignature1("structure", str(error)) from error
    if not isinstance(message, cbor2.CBORTag) or message.tag != COSE_SIGN1_TAG:
        raise InvalidSignature1("structure", "not tagged as COSE_Sign1 (18)")
    items = message.value
    if not isinstance(items, list | tuple) or len(items) != 4:
        raise InvalidSignature1("structure", "COSE_Sign1 must be an array of 4 items")
    protected, unprotected, payload, signature = items
    kid = _read_kid(protected)
    if not isinstance(unprotected, Mapping) or unprotected:
        raise InvalidSignature1("structure", "unprotected header must be an empty map")
    if not isinstance(payload, bytes):
        raise InvalidSignature1("structure", "payload must be a byte string")
    if not isinstance(signature, bytes) or len(signature) != SIGNATURE_LENGTH:
        raise InvalidSignature1("structure", "signature must be 64 bytes")
    if _encode_message(protected, payload, signature) != data:
        raise InvalidSignature1("structure", "not canonically encoded")
    public_key = public_keys.get(kid)
    if public_key is None:
        raise InvalidSignature1("unknown_kid", f"no public key for kid {kid!r}")
    try:
        public_key.verify(signature, _to_be_signed(protected, payload))
    except crypto_exceptions.InvalidSignature as error:
        raise InvalidSignature1("signature", "signature does not verify") from error
    return kid, payload


def unverified_payload(data: bytes) -> bytes | None:
    """The payload of a tagged COSE_Sign1 message, its signature and header unchecked; None when `data` is not one.

    Only for finding the record whose stored message is then compared with `data` byte for byte: nothing read here
    may be trusted before that comparison, or before `verify1`.
    """
    try:
        message = decode_single(data)
    except ValueError:
        return None
    if not isinstance(message, cbor2.CBORTag) or message.tag != COSE_SIGN1_TAG:
        return None
    items = message.value
    if not isinstance(items, list | tuple) or len(items) != 4 or not isinstance(items[2], bytes):
        return None
    return items[2]


def to_code(cose: bytes) -> str:
    """Upper-case RFC 4648 base32 of `cose` without padding: the QR alphanumeric mode holds it at 5.5 bits a char."""
    return base64.b32encode(cose).decode("ascii").rstrip("=")


def from_code(code: str) -> bytes:
    """The bytes `to_code` turned into `code`; raises InvalidSignature1("structure") for any other text.

    Strict: only A-Z and 2-7, no padding, a length base32 can produce and zero unused bits, so each byte string
    has exactly one code.
    """
    if not code or len(code) > MAX_CODE_LENGTH or not _CODE.fullmatch(code):
        raise InvalidSignature1("structure", "a code is upper-case base32 (A-Z, 2-7) without padding")
    if len(code) % 8 in _IMPOSSIBLE_CODE_REMAINDERS:
        raise InvalidSignature1("structure", "no byte string has a base32 code of this length")
    # base32's alphabet in order is 0-9a-v in Python's int(text, 32): one C call instead of base64's Python loop.
    bits = len(code) * 5
    unused = bits % 8
    number = int(code.translate(_TO_BASE32HEX), 32)
    if number & ((1 << unused) - 1):
        raise InvalidSignature1("structure", "unused bits of the last character are not zero")
    data = (number >> unused).to_bytes(bits // 8, "big")
    return data
