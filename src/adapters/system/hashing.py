"""argon2id for passwords (OWASP parameters); HMAC-SHA-256 for API keys."""

from __future__ import annotations

import asyncio
import hashlib
import hmac

from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
OWASP_ARGON2 = {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}


class Argon2PasswordHasher:
    """Hashing runs in a worker thread so the event loop keeps serving."""

    def __init__(self, time_cost: int = 2, memory_cost: int = 19 * 1024, parallelism: int = 1):
        self._argon = Argon2(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
        self._dummy = self._argon.hash("strata-timing-equaliser")

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._argon.hash, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        return await asyncio.to_thread(self._verify, password_hash, password)

    def _verify(self, password_hash: str | None, password: str) -> bool:
        try:
            return self._argon.verify(password_hash or self._dummy, password) and bool(
                password_hash
            )
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


class HmacKeyHasher:
    """HMAC-SHA-256 with a server pepper; plain SHA-256 when no pepper is set."""

    def __init__(self, pepper: str = "") -> None:
        self._pepper = pepper.encode()

    def hash(self, secret: str) -> str:
        if self._pepper:
            return hmac.new(self._pepper, secret.encode(), hashlib.sha256).hexdigest()
        return hashlib.sha256(secret.encode()).hexdigest()

    def matches(self, key_hash: str, secret: str) -> bool:
        return hmac.compare_digest(key_hash, self.hash(secret))
