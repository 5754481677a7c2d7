"""Clock, ids, secrets, hashing and rate limits: the service's small collaborators."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware UTC."""
        ...


class IdGenerator(Protocol):
    def new_id(self) -> str:
        """A UUIDv7 string: time-ordered, so id order is creation order."""
        ...


class SecretGenerator(Protocol):
    def public_id(self) -> str:
        """12 lower-case alphanumerics."""
        ...

    def secret(self) -> str:
        """At least 256 bits of randomness, URL-safe, without '_'."""
        ...


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """False for a wrong password; with no hash it still spends the time of a check."""
        ...


class KeyHasher(Protocol):
    def hash(self, secret: str) -> str: ...

    def matches(self, key_hash: str, secret: str) -> bool:
        """Constant-time comparison."""
        ...


class RateLimiter(Protocol):
    def retry_after(self, key: str) -> float:
        """Seconds until `key` may try again; 0 when it may now."""
        ...

    def record_failure(self, key: str) -> None: ...
    def reset(self, key: str) -> None: ...
