"""What identity use cases are built from, and helpers they share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from domain.audit import standing
from domain.errors import InvalidArgument, NotFound, quoted
from domain.identity.principal import Principal
from domain.identity.workspace import Actor, Workspace
from domain.pagination import fingerprint
from ports.idempotency import IdempotencyRecord
from ports.system import (
    Clock,
    IdGenerator,
    KeyHasher,
    PasswordHasher,
    PrincipalCache,
    RateLimiter,
    SecretGenerator,
    TokenSigner,
)
from ports.uow import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class IdentityPolicy:
    login_key_ttl: timedelta = timedelta(hours=12)
    max_key_ttl: timedelta = timedelta(days=3650)
    key_usage_granularity_seconds: float = 60.0
    auth_cache_ttl: timedelta = timedelta(seconds=5)


@dataclass(frozen=True, slots=True)
class IdentityDeps:
    uow: UnitOfWorkFactory
    clock: Clock
    ids: IdGenerator
    secrets: SecretGenerator
    passwords: PasswordHasher
    key_hasher: KeyHasher
    login_limiter: RateLimiter
    page_tokens: TokenSigner
    policy: IdentityPolicy = IdentityPolicy()
    auth_cache: PrincipalCache | None = None

    def forget_verified_keys(self) -> None:
        """After anything that can disable a key, no call may ride on an old check."""
        if self.auth_cache is not None:
            self.auth_cache.clear()


async def load_actor(
    uow: UnitOfWork, principal: Principal, workspace_id: str, *, lock: bool = False
) -> tuple[Workspace, Actor]:
    """The workspace and the caller's standing in it; NOT_FOUND when they have none."""
    if not workspace_id:
        raise InvalidArgument.of("workspace_id", "is required")
    principal.ensure_reaches(workspace_id)
    if lock:
        ws = await uow.workspaces.lock(workspace_id)
        membership = await uow.members.get(workspace_id, principal.user_id) if ws else None
    else:
        found = await uow.workspaces.get_with_membership(workspace_id, principal.user_id)
        ws, membership = found if found else (None, None)
    if ws is None or (membership is None and not principal.is_superuser):
        raise NotFound(f"workspace {quoted(workspace_id)} not found")
    role = membership.role if membership else None
    standing.note(workspace_id, role.label if role else None)
    return ws, Actor(principal.user_id, role, principal.is_superuser)


class Idempotency:
    """Replays a create retried with the same request id (scoped to caller and verb)."""

    def __init__(self, uow: UnitOfWork, scope: str, request_id: str, request: dict[str, object]):
        self._uow = uow
        self._scope = scope
        self._request_id = request_id
        self._fingerprint = fingerprint(request)

    async def replayed_id(self, clock: Clock) -> str | None:
        """The first attempt's resource id, or None after claiming the request id for this
        attempt. A retry racing the first attempt waits for it and replays its result."""
        if not self._request_id:
            return None
        if len(self._request_id) > 128:
            raise InvalidArgument.of("request_id", "must be at most 128 characters")
        claim = IdempotencyRecord(self._scope, self._request_id, self._fingerprint, "", clock.now())
        record = await self._uow.idempotency.claim(claim)
        if record is None:
            return None
        if record.fingerprint != self._fingerprint:
            raise InvalidArgument.of("request_id", "was already used for a different request")
        return record.resource_id

    async def remember(self, resource_id: str, clock: Clock) -> None:
        if self._request_id:
            await self._uow.idempotency.settle(self._scope, self._request_id, resource_id)
