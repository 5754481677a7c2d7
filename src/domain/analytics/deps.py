"""What analytics use cases are built from, and the access rules they share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.kernel.access import Actor, actor_in
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from ports.analytics import AnalyticsStore, AnalyticsUnitOfWork
from ports.system import Clock, IdGenerator, TokenSigner
from ports.uow import UnitOfWorkFactory

DEFAULT_RETENTION_DAYS = 90


@dataclass(frozen=True, slots=True)
class AnalyticsDeps:
    uow: UnitOfWorkFactory[AnalyticsUnitOfWork]
    store: AnalyticsStore
    clock: Clock
    ids: IdGenerator
    page_tokens: TokenSigner
    default_retention_days: int = DEFAULT_RETENTION_DAYS


async def reader(uow: AnalyticsUnitOfWork, principal: Principal, workspace_id: str) -> Actor:
    """Any member reads; NOT_FOUND for everyone else."""
    return await actor_in(uow, principal, workspace_id)


async def with_role(
    uow: AnalyticsUnitOfWork, principal: Principal, workspace_id: str, role: Role, what: str
) -> Actor:
    actor = await reader(uow, principal, workspace_id)
    actor.require(role, what)
    return actor


async def retention_days(deps: AnalyticsDeps, uow: AnalyticsUnitOfWork, workspace_id: str) -> int:
    """The workspace's retention: its own setting, else the service's default."""
    days = await uow.analytics_retention.get(workspace_id)
    return deps.default_retention_days if days is None else days


def retained_since(now: datetime, days: int) -> datetime:
    """The oldest instant a read shows under a retention of `days`."""
    return now - timedelta(days=days)
