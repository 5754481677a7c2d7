"""Reading rollups and views: metric series, user activity and recent workloads."""

from __future__ import annotations

import asyncio
from datetime import date

from domain.analytics import ranges, values
from domain.analytics.deps import AnalyticsDeps, reader, retained_since, retention_days
from domain.analytics.model import (
    ActivityQuery,
    ActivityRow,
    MetricsQuery,
    RecentWorkload,
)
from domain.analytics.series import MetricSeries
from domain.kernel.errors import InvalidArgument, Validator
from domain.kernel.principal import Principal


class QueryMetrics:
    """A metric's series in hour or day buckets over at most 366 days. The series come
    from the hourly rollups, kept one year whatever the workspace's event retention.
    The store is asked while the caller's membership is checked: a caller who may not
    read gets NOT_FOUND, the series is dropped unseen, and a member waits for one
    round trip fewer."""

    def __init__(self, deps: AnalyticsDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, query: MetricsQuery) -> MetricSeries:
        v = Validator()
        v.check(bool(query.metric_name), "metric_name", "is required")
        values.check_text(v, query.metric_name, "metric_name", values.MAX_NAME)
        values.check_text(v, query.workload_id, "workload_id", values.MAX_NAME)
        ranges.check_time_range(v, query.start, query.end, ranges.MAX_METRICS_RANGE)
        v.raise_if_any()
        series = asyncio.ensure_future(self._d.store.metrics(query))
        series.add_done_callback(lambda done: done.cancelled() or done.exception())
        try:
            async with self._d.uow(read_only=True) as uow:
                await reader(uow, principal, query.workspace_id)
        except BaseException:
            series.cancel()
            raise
        return await series


class GetUserActivity:
    """Daily counts and durations of each user's calls, per action, over whole days."""

    def __init__(self, deps: AnalyticsDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        start: date | None,
        end: date | None,
        user_id: str = "",
    ) -> list[ActivityRow]:
        v = Validator()
        ranges.check_day_range(v, start, end)
        v.check(not user_id or values.is_uuid(user_id), "user_id", "must be a UUID")
        v.raise_if_any()
        assert start is not None and end is not None
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, workspace_id)
        query = ActivityQuery(workspace_id, start, end, user_id.lower())
        return await self._d.store.user_activity(query)


class ListRecentWorkloads:
    """Workloads with events in the last seven days (and inside the retention), most
    recently seen first."""

    def __init__(self, deps: AnalyticsDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, limit: int = 0
    ) -> list[RecentWorkload]:
        if not 0 <= limit <= ranges.MAX_RECENT_LIMIT:
            raise InvalidArgument.of("limit", f"must be between 0 and {ranges.MAX_RECENT_LIMIT}")
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, workspace_id)
            days = await retention_days(self._d, uow, workspace_id)
        now = self._d.clock.now()
        since = max(now - ranges.RECENT, retained_since(now, days))
        count = limit or ranges.DEFAULT_RECENT_LIMIT
        return await self._d.store.recent_workloads(workspace_id, since, count)
