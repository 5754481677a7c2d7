"""Issuing a key: the secret shown once, its expiry, and how long a caller may make it last."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.identity.api_key import ApiKey, format_key
from domain.identity.deps import IdentityDeps
from domain.kernel.errors import InvalidArgument
from domain.kernel.principal import Principal
from ports.identity import IdentityUnitOfWork


@dataclass(frozen=True, slots=True)
class IssuedKey:
    key: ApiKey
    secret: str  # the plaintext key; empty when a retry replays the first result


def new_key(
    deps: IdentityDeps,
    user_id: str,
    name: str,
    ttl: timedelta | None,
    workspace_id: str | None,
    job_kinds: tuple[str, ...] = (),
) -> IssuedKey:
    now = deps.clock.now()
    public_id, secret = deps.secrets.public_id(), deps.secrets.secret()
    key = ApiKey(
        id=deps.ids.new_id(),
        user_id=user_id,
        name=name,
        public_id=public_id,
        key_hash=deps.key_hasher.hash(secret),
        created_at=now,
        workspace_id=workspace_id,
        expires_at=now + ttl if ttl else None,
        job_kinds=job_kinds,
    )
    return IssuedKey(key, format_key(public_id, secret))


def check_ttl(ttl: timedelta | None, deps: IdentityDeps) -> None:
    if ttl is not None and (ttl <= timedelta(0) or ttl > deps.policy.max_key_ttl):
        days = deps.policy.max_key_ttl.days
        raise InvalidArgument.of("ttl", f"must be positive and at most {days} days")


async def within_caller(
    uow: IdentityUnitOfWork, principal: Principal, ttl: timedelta | None, now: datetime
) -> timedelta | None:
    """A limited key (to a workspace or to job kinds) issues keys that expire no later
    than itself (by default, with it)."""
    limited = principal.is_limited or principal.is_worker
    caller = await uow.api_keys.get(principal.api_key_id) if limited else None
    if caller is None or caller.expires_at is None:
        return ttl
    if ttl is None:
        return caller.expires_at - now
    if now + ttl > caller.expires_at:
        until = caller.expires_at.isoformat()
        raise InvalidArgument.of("ttl", f"must not outlast the calling key, which expires {until}")
    return ttl
