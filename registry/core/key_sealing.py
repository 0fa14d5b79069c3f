"""Issuer private keys at rest: AES-256-GCM under a key derived from REGISTRY_KEY_ENCRYPTION_KEY.

The key id is the associated data, so a sealed key copied onto another key's row does not open.
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from registry.core.derived_keys import derive_key

SEALING_PURPOSE = b"registry/issuer-private-key/v1"
NONCE_BYTES = 12


def seal_private_key(key: Ed25519PrivateKey, kid: str, master_secret: str) -> bytes:
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(derive_key(master_secret, SEALING_PURPOSE)).encrypt(nonce, raw, kid.encode("ascii"))


def unseal_private_key(sealed: bytes, kid: str, master_secret: str) -> Ed25519PrivateKey:
    """Raises cryptography's InvalidTag if the secret is wrong or the sealed bytes were altered."""
    nonce, ciphertext = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    raw = AESGCM(derive_key(master_secret, SEALING_PURPOSE)).decrypt(nonce, ciphertext, kid.encode("ascii"))
    return Ed25519PrivateKey.from_private_bytes(raw)
