"""API keys: `sk_<public id>_<secret>`, stored only as a hash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

KEY_PREFIX = "sk_"
PUBLIC_ID_LENGTH = 12


@dataclass(slots=True)
class ApiKey:
    id: str
    user_id: str
    name: str
    public_id: str
    key_hash: str
    created_at: datetime
    workspace_id: str | None = None
    expires_at: datetime | None = None
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    job_kinds: tuple[str, ...] = ()  # a worker key's kinds; empty: not a worker key

    def __post_init__(self) -> None:
        self.job_kinds = tuple(self.job_kinds)

    @property
    def prefix(self) -> str:
        return f"{KEY_PREFIX}{self.public_id}"

    def is_active(self, now: datetime) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or now < self.expires_at

    def revoke(self, now: datetime) -> bool:
        """Idempotent: a revoked key keeps its first revocation; True when this one revoked it."""
        if self.revoked_at is not None:
            return False
        self.revoked_at = now
        return True

    def usage_is_stale(self, now: datetime, granularity_seconds: float) -> bool:
        """`last_used_at` is kept to a granularity so a call need not write."""
        if self.last_used_at is None:
            return True
        return (now - self.last_used_at).total_seconds() >= granularity_seconds


@dataclass(frozen=True, slots=True)
class ParsedKey:
    public_id: str
    secret: str


def parse_key(raw: str) -> ParsedKey | None:
    """Split a presented key; None when it is not of our shape at all."""
    if not raw.startswith(KEY_PREFIX):
        return None
    rest = raw[len(KEY_PREFIX) :]
    public_id, sep, secret = rest.partition("_")
    if not sep or len(public_id) != PUBLIC_ID_LENGTH or not secret:
        return None
    return ParsedKey(public_id, secret)


def format_key(public_id: str, secret: str) -> str:
    return f"{KEY_PREFIX}{public_id}_{secret}"
