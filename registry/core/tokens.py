"""Secret tokens: generated with enough entropy that a fast hash is the right way to store them."""

from __future__ import annotations

import hashlib
import hmac
import secrets

API_TOKEN_PREFIX = "rgt_"  # noqa: S105 (a public prefix that makes leaked tokens easy to spot)


def new_api_token() -> str:
    return API_TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """SHA-256 of a random 256-bit token; a slow hash adds nothing when guessing is hopeless."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_digest(left: str, right: str) -> bool:
    return hmac.compare_digest(left.encode("ascii"), right.encode("ascii"))
