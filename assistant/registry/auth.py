"""Passwords (argon2) and API tokens (random, stored only as SHA-256)."""

from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

TOKEN_PREFIX = "arena_"
_hasher = PasswordHasher()
MIN_PASSWORD = 8
MAX_PASSWORD = 1024


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@lru_cache(maxsize=1)
def dummy_password_hash() -> str:
    """A hash to verify against when the user is unknown, made once."""
    return _hasher.hash(secrets.token_urlsafe(16))


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """A 256-bit random token; the prefix lets secret scanners recognise leaked ones."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    # A fast hash suffices: the token has 256 bits of entropy, unlike a password.
    return hashlib.sha256(token.encode()).hexdigest()
