"""Clock, ids, secrets, hashing and rate limits: the service's small collaborators."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.kernel.principal import Principal


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


class PrincipalCache(Protocol):
    """Recently verified keys, so that most calls authenticate without a query.

    Entries expire at `until`; `clear()` is called on every change that can
    disable a key (revocation, deactivation, role or workspace deletion).
    """

    def get(self, key_digest: str, now: datetime) -> Principal | None: ...
    def put(self, key_digest: str, principal: Principal, until: datetime) -> None: ...
    def clear(self) -> None: ...


class TokenSigner(Protocol):
    """Makes the tokens the service hands out (page tokens) tamper-evident."""

    def sign(self, payload: bytes) -> str:
        """An opaque, URL-safe token carrying `payload` and a signature of it."""
        ...

    def verify(self, token: str) -> bytes | None:
        """The payload of a token `sign` made; None for anything else (forged, truncated,
        signed with another secret, or not a token at all)."""
        ...
