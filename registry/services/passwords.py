"""Password hashing with argon2id; the cost comes from configuration (cheap in tests only)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256

_hasher = PasswordHasher()
# A real hash to check against when the user does not exist, so that timing does not tell.
_decoy_hash: str | None = None


def configure(time_cost: int, memory_cost: int) -> None:
    global _hasher, _decoy_hash
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost)
    _decoy_hash = None


def _decoy() -> str:
    global _decoy_hash
    if _decoy_hash is None:
        _decoy_hash = _hasher.hash("decoy password, never valid")
    return _decoy_hash


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _decoy(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
