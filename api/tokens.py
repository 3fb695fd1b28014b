"""Token secrets: made at random, stored only as a digest. Pure, no ORM.

A token reads `cw_<prefix>_<secret>`: the prefix (public, shown in lists) tells tokens apart, the secret is
32 random bytes. The digest is SHA-256 of the whole text: a token has far more entropy than a password, so a
slow hash buys nothing, and the digest is looked up directly (unique index) without comparing secrets in Python.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

SCHEME = "cw"


@dataclass(frozen=True)
class NewSecret:
    text: str  # shown once to whoever made the token
    prefix: str
    digest: str


def new_secret() -> NewSecret:
    prefix = secrets.token_hex(4)
    text = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    return NewSecret(text=text, prefix=prefix, digest=digest_of(text))


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def looks_like_token(text: str) -> bool:
    parts = text.split("_", 2)
    return len(parts) == 3 and parts[0] == SCHEME and len(text) <= 100
