"""An independent verifier, as an employer's app would write it: cbor2 and cryptography and the JWKS,
and nothing of the registry's own code (it must not import `registry`)."""

from __future__ import annotations

import base64
import io
from typing import Any

import cbor2
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def verify_qr_url(url: str, jwks: dict[str, Any]) -> dict[str, Any]:
    """Check the COSE_Sign1 in a QR URL against the JWKS; return the claims, or raise ValueError."""
    code = url.rsplit("/v/", 1)[1]
    data = base64.b32decode(code + "=" * (-len(code) % 8))
    stream = io.BytesIO(data)
    message = cbor2.CBORDecoder(stream).decode()
    if stream.read():
        raise ValueError("trailing bytes")
    if not isinstance(message, cbor2.CBORTag) or message.tag != 18 or len(message.value) != 4:
        raise ValueError("not a tagged COSE_Sign1")
    protected, unprotected, payload, signature = message.value
    header = cbor2.loads(protected)
    if header.get(1) != -8 or unprotected != {}:
        raise ValueError("not EdDSA")
    kid = header[4].decode("ascii")
    [jwk] = [key for key in jwks["keys"] if key["kid"] == kid]
    public = Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(jwk["x"] + "=="))
    public.verify(signature, cbor2.dumps(["Signature1", protected, b"", payload]))
    claims: dict[str, Any] = cbor2.loads(payload)
    if claims["p"] != jwk["centre"]:
        raise ValueError("signed by another centre's key")
    return {key: (value.value if isinstance(value, cbor2.CBORTag) else value) for key, value in claims.items()}
