from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from joserfc import jws
from joserfc.errors import BadSignatureError, SecurityWarning
from joserfc.jwk import OKPKey

from registry.core.jose import VC_JWT_TYPE, public_jwk, sign_compact

PAYLOAD = {"name": "Room Attendant", "holder": "សុខ ស្រីនាង", "units": ["D1.HHK.CL3.01", "D1.HHK.CL3.03"]}


def _segment(token: str, position: int) -> bytes:
    part = token.split(".")[position]
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _verify_with_joserfc(token: str, jwk: dict[str, Any]) -> jws.CompactSignature:
    # joserfc flags "EdDSA" as deprecated by RFC 9864; the registry keeps it on purpose (see jose.ALGORITHM).
    with pytest.warns(SecurityWarning, match="RFC 9864"):
        return jws.deserialize_compact(token, OKPKey.import_key(jwk), algorithms=["EdDSA"])


def test_an_independent_library_verifies_the_jws_given_only_the_published_jwk() -> None:
    key = Ed25519PrivateKey.generate()
    token = sign_compact(PAYLOAD, "bsh2026", key, VC_JWT_TYPE)
    verified = _verify_with_joserfc(token, public_jwk("bsh2026", key.public_key()))
    assert verified.protected == {"alg": "EdDSA", "kid": "bsh2026", "typ": "vc+jwt"}
    assert json.loads(verified.payload) == PAYLOAD


def test_an_independent_library_refuses_a_changed_payload() -> None:
    key = Ed25519PrivateKey.generate()
    header, _, signature = sign_compact(PAYLOAD, "bsh2026", key, VC_JWT_TYPE).split(".")
    forged = base64.urlsafe_b64encode(json.dumps({**PAYLOAD, "name": "Head Chef"}).encode()).rstrip(b"=").decode()
    with pytest.raises(BadSignatureError):
        _verify_with_joserfc(f"{header}.{forged}.{signature}", public_jwk("bsh2026", key.public_key()))


def test_an_independent_library_refuses_another_key() -> None:
    token = sign_compact(PAYLOAD, "bsh2026", Ed25519PrivateKey.generate(), VC_JWT_TYPE)
    with pytest.raises(BadSignatureError):
        _verify_with_joserfc(token, public_jwk("bsh2026", Ed25519PrivateKey.generate().public_key()))


def test_segments_are_base64url_without_padding_and_json_is_compact_utf8() -> None:
    token = sign_compact(PAYLOAD, "k1", Ed25519PrivateKey.generate(), VC_JWT_TYPE)
    assert re.fullmatch(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+", token)
    assert _segment(token, 0) == b'{"alg":"EdDSA","kid":"k1","typ":"vc+jwt"}'
    assert _segment(token, 1) == json.dumps(PAYLOAD, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    assert len(_segment(token, 2)) == 64


def test_the_payload_is_the_object_itself_without_a_vc_wrapper() -> None:
    token = sign_compact(PAYLOAD, "k1", Ed25519PrivateKey.generate(), VC_JWT_TYPE)
    assert json.loads(_segment(token, 1)) == PAYLOAD


def test_public_jwk_has_exactly_the_rfc8037_members_and_the_raw_key() -> None:
    key = Ed25519PrivateKey.generate().public_key()
    jwk = public_jwk("bsh2026", key)
    assert set(jwk) == {"kty", "crv", "x", "kid", "alg", "use"}
    assert (jwk["kty"], jwk["crv"], jwk["alg"], jwk["use"], jwk["kid"]) == ("OKP", "Ed25519", "EdDSA", "sig", "bsh2026")
    assert len(jwk["x"]) == 43 and "=" not in jwk["x"]
    assert OKPKey.import_key(jwk).as_dict()["x"] == jwk["x"]


@pytest.mark.parametrize("kid", ["", "has space", "x" * 65, "quote\"", "ក"])
def test_a_kid_that_would_need_escaping_is_refused(kid: str) -> None:
    with pytest.raises(ValueError, match="key id"):
        sign_compact(PAYLOAD, kid, Ed25519PrivateKey.generate(), VC_JWT_TYPE)


def test_an_empty_typ_and_a_payload_that_is_not_json_are_refused() -> None:
    key = Ed25519PrivateKey.generate()
    with pytest.raises(ValueError, match="typ"):
        sign_compact(PAYLOAD, "k1", key, "")
    with pytest.raises(ValueError):
        sign_compact({"score": float("nan")}, "k1", key, VC_JWT_TYPE)
