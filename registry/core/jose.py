"""Compact JWS with Ed25519 and the matching public JWK, for credentials secured the VC-JOSE-COSE way."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

# RFC 8037 name. RFC 9864 (2025) deprecates it for the fully specified "Ed25519", but wallets and verifiers
# of Open Badges and VC-JOSE-COSE still expect "EdDSA"; switching is a change of this one constant.
ALGORITHM = "EdDSA"
VC_JWT_TYPE = "vc+jwt"

# Wider than the COSE rule (1-8 letters/digits) so a JWKS may carry other keys, but never anything that needs escaping.
_KID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def b64url(data: bytes) -> str:
    """Base64url without padding (RFC 7515 section 2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _check_kid(kid: str) -> None:
    if not _KID.match(kid):
        raise ValueError(f"key id must be 1-64 of A-Z a-z 0-9 . _ -, got {kid!r}")


def _compact_json(value: Mapping[str, Any]) -> bytes:
    # ensure_ascii=False: Khmer, Lao, Burmese and Thai text would triple in size as \\u escapes.
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def sign_compact(payload: Mapping[str, Any], kid: str, key: Ed25519PrivateKey, typ: str) -> str:
    """Sign `payload` (serialised as compact UTF-8 JSON) and return the JWS Compact Serialization.

    The protected header is exactly {"alg": "EdDSA", "kid": kid, "typ": typ}. For a credential pass
    typ=VC_JWT_TYPE: VC-JOSE-COSE 1.0 makes the credential JSON itself the payload (no "vc" claim),
    says typ SHOULD be "vc+jwt" and cty is optional ("vc" when present); it is left out because typ
    already names the secured media type and a shorter header keeps the token smaller.
    Raises ValueError for a malformed kid, an empty typ, or a payload that is not JSON (e.g. NaN).
    """
    _check_kid(kid)
    if not typ:
        raise ValueError("typ must not be empty")
    header = {"alg": ALGORITHM, "kid": kid, "typ": typ}
    signing_input = f"{b64url(_compact_json(header))}.{b64url(_compact_json(payload))}"
    signature = key.sign(signing_input.encode("ascii"))
    return f"{signing_input}.{b64url(signature)}"


def public_jwk(kid: str, key: Ed25519PublicKey) -> dict[str, Any]:
    """The RFC 8037 JWK of an Ed25519 public key with kid, alg and use; a new dict, so callers may add members."""
    _check_kid(kid)
    raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw), "kid": kid, "alg": ALGORITHM, "use": "sig"}
