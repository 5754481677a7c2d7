"""What identity use cases are built from, and helpers they share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from domain.identity.standings import WorkspaceStandings
from domain.identity.workspace import Workspace
from domain.kernel.access import Actor, admit, check_workspace_id, no_such_workspace
from domain.kernel.principal import Principal
from domain.kernel.roles import WorkspaceRole
from ports.identity import IdentityUnitOfWork
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
from ports.uow import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class IdentityPolicy:
    login_key_ttl: timedelta = timedelta(hours=12)
    max_key_ttl: timedelta = timedelta(days=3650)
    key_usage_granularity_seconds: float = 60.0
    auth_cache_ttl: timedelta = timedelta(seconds=5)


@dataclass(frozen=True, slots=True)
class IdentityDeps:
    uow: UnitOfWorkFactory[IdentityUnitOfWork]
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
    uow: IdentityUnitOfWork, principal: Principal, workspace_id: str, *, lock: bool = False
) -> tuple[Workspace, Actor]:
    """The workspace and the caller's standing in it; NOT_FOUND when they have none."""
    check_workspace_id(principal, workspace_id)
    standings = WorkspaceStandings(uow.workspaces, uow.members)
    found = await standings.of(workspace_id, principal.user_id, lock=lock)
    if found is None:
        raise no_such_workspace(workspace_id)
    ws, membership = found
    actor = admit(principal, workspace_id, WorkspaceRole(membership.role if membership else None))
    return ws, actor
