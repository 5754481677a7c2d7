"""A workspace's analytics retention: read by its readers, set by its admins."""

from __future__ import annotations

from dataclasses import dataclass

from domain.analytics.deps import AnalyticsDeps, reader, with_role
from domain.kernel.errors import InvalidArgument
from domain.kernel.principal import Principal
from domain.kernel.roles import Role

MIN_RETENTION_DAYS, MAX_RETENTION_DAYS = 1, 3650


@dataclass(frozen=True, slots=True)
class Retention:
    days: int
    is_default: bool  # the workspace has no setting of its own


class GetRetention:
    def __init__(self, deps: AnalyticsDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, workspace_id: str) -> Retention:
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, workspace_id)
            days = await uow.analytics_retention.get(workspace_id)
        if days is None:
            return Retention(self._d.default_retention_days, is_default=True)
        return Retention(days, is_default=False)


class SetRetention:
    """Admins set it. Reads apply the new retention at once; events ingested before keep
    their expiry, so a longer retention keeps them no longer than the one they came
    under, and a shorter one hides them at once and drops them as their expiry passes."""

    def __init__(self, deps: AnalyticsDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, workspace_id: str, days: int) -> Retention:
        if not MIN_RETENTION_DAYS <= days <= MAX_RETENTION_DAYS:
            raise InvalidArgument.of(
                "days", f"must be between {MIN_RETENTION_DAYS} and {MAX_RETENTION_DAYS}"
            )
        async with self._d.uow() as uow:
            await with_role(uow, principal, workspace_id, Role.ADMIN, "setting retention")
            await uow.analytics_retention.put(workspace_id, days)
            await uow.commit()
        return Retention(days, is_default=False)
