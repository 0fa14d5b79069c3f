"""Second factor for staff: time-based one-time codes (RFC 6238, the codes of any authenticator app) and single-use
recovery codes. The shared secret is kept sealed (AES-256-GCM under a key derived from REGISTRY_KEY_ENCRYPTION_KEY,
the account's id as associated data); recovery codes only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import os
import secrets

import pyotp
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from registry.core.derived_keys import derive_key

PURPOSE = b"registry/totp-secret/v1"
NONCE_BYTES = 12
RECOVERY_CODES = 10
ISSUER = "Skills registry"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    """What an authenticator app reads from a QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def code_matches(secret: str, code: str) -> bool:
    """The code of now, or of the 30 seconds either side (a phone's clock a little off)."""
    digits = "".join(code.split())
    return len(digits) == 6 and digits.isdigit() and pyotp.TOTP(secret).verify(digits, valid_window=1)


def seal(secret: str, user_id: int, master_secret: str) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(derive_key(master_secret, PURPOSE)).encrypt(nonce, secret.encode(), str(user_id).encode())


def unseal(sealed: bytes, user_id: int, master_secret: str) -> str:
    nonce, ciphertext = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    return AESGCM(derive_key(master_secret, PURPOSE)).decrypt(nonce, ciphertext, str(user_id).encode()).decode()


def new_recovery_codes() -> list[str]:
    """Ten codes like ``k7f3-m2q9``: read off paper and typed without confusion (no 0/o, 1/l)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return ["-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(2))
            for _ in range(RECOVERY_CODES)]


def recovery_digest(code: str) -> str:
    return hashlib.sha256("".join(code.lower().split()).replace("-", "").encode()).hexdigest()
