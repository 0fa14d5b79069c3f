"""W3C Bitstring Status List v1.0: the list of revoked (or suspended) credentials, and the credential carrying it."""

from __future__ import annotations

import base64
import binascii
import gzip
import re
import zlib
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from registry.core.credential import VC_V2_CONTEXT, vc_datetime

# The spec's minimum: with fewer entries, who fetched the list would say too much about which certificate was checked.
MIN_BITS = 131_072
# A list is fetched from the network before it is decoded; refuse a small gzip that inflates to gigabytes.
MAX_BYTES = 16 * 1024 * 1024
STATUS_PURPOSES: tuple[str, ...] = ("revocation", "suspension", "refresh")

_BASE64URL = re.compile(r"^[A-Za-z0-9_-]*$")


class InvalidStatusList(ValueError):
    """An encoded list that is not multibase base64url of a GZIP-compressed bitstring within the size limits."""


def encode_bitstring(revoked_indexes: Iterable[int], size: int = MIN_BITS) -> str:
    """The encodedList for a bitstring of `size` bits with the given indexes set.

    Bit i is bit (7 - i % 8) of byte i // 8 (index 0 is the most significant bit of the first byte), the bytes are
    GZIP-compressed and the result is multibase base64url without padding (prefix "u"). The output depends only on
    the arguments. Raises ValueError when size is below MIN_BITS, not a multiple of 8, above MAX_BYTES bytes, or an
    index is outside 0..size-1.
    """
    if size < MIN_BITS or size % 8 or size // 8 > MAX_BYTES:
        raise ValueError(f"size must be a multiple of 8 from {MIN_BITS} to {MAX_BYTES * 8} bits, got {size}")
    bits = bytearray(size // 8)
    for index in revoked_indexes:
        if not 0 <= index < size:
            raise ValueError(f"status index {index} is outside 0..{size - 1}")
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the GZIP header would otherwise hold the current time, and an unchanged list would get a new
    # signature and a new ETag every second.
    compressed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode_bitstring(encoded: str) -> bytes:
    """The uncompressed bitstring of an encodedList. Raises InvalidStatusList on anything else."""
    if not encoded.startswith("u"):
        raise InvalidStatusList("encodedList must be multibase base64url (prefix 'u')")
    body = encoded[1:]
    if not _BASE64URL.match(body) or len(body) % 4 == 1:
        raise InvalidStatusList("encodedList is not base64url without padding")
    try:
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except binascii.Error as error:
        raise InvalidStatusList("encodedList is not base64url") from error
    # wbits=31 accepts only a GZIP wrapper; max_length caps the output before it is allocated.
    inflater = zlib.decompressobj(wbits=31)
    try:
        bits = inflater.decompress(compressed, MAX_BYTES + 1)
    except zlib.error as error:
        raise InvalidStatusList("encodedList is not GZIP-compressed") from error
    if len(bits) > MAX_BYTES:
        raise InvalidStatusList(f"bitstring is larger than {MAX_BYTES} bytes")
    if not inflater.eof or inflater.unused_data:
        raise InvalidStatusList("encodedList is truncated or has trailing data")
    return bits


def is_set(bits: bytes, index: int) -> bool:
    """Whether bit `index` (0 = most significant bit of byte 0) is set. Raises IndexError outside the bitstring."""
    if not 0 <= index < len(bits) * 8:
        raise IndexError(f"status index {index} is outside a bitstring of {len(bits) * 8} bits")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(
    list_url: str, issuer: Mapping[str, Any], encoded: str, purpose: str, valid_from: datetime
) -> dict[str, Any]:
    """The unsigned VC 2.0 BitstringStatusListCredential published at `list_url`.

    Its credentialSubject id is list_url + "#list". Raises ValueError for an unknown purpose or a naive valid_from.
    """
    if purpose not in STATUS_PURPOSES:
        raise ValueError(f"status purpose must be one of {STATUS_PURPOSES}, got {purpose!r}")
    return {
        "@context": [VC_V2_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": dict(issuer),
        "validFrom": vc_datetime(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encoded,
        },
    }
