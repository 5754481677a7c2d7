"""AnalyticsService: protobuf in, use case, protobuf out — nothing more."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

import grpc

from domain.analytics import browsing, ingesting, reads, retention
from domain.analytics.batch import NewEvent
from domain.analytics.model import EventFilter, MetricsQuery
from entrypoints.grpc.analytics import messages as m
from entrypoints.grpc.analytics.streaming import ingest_stream
from entrypoints.grpc.context import current_principal
from strata.v1 import analytics_pb2 as pb
from strata.v1 import analytics_pb2_grpc

Ctx = grpc.aio.ServicerContext[Any, Any]


@dataclass(frozen=True)
class AnalyticsUseCases:
    ingest_events: ingesting.IngestEvents
    query_metrics: reads.QueryMetrics
    get_user_activity: reads.GetUserActivity
    list_recent_workloads: reads.ListRecentWorkloads
    query_events: browsing.QueryEvents
    get_retention: retention.GetRetention
    set_retention: retention.SetRetention


class AnalyticsServicer(analytics_pb2_grpc.AnalyticsServiceServicer):
    def __init__(self, uc: AnalyticsUseCases) -> None:
        self._uc = uc

    async def IngestEvents(self, r: pb.IngestEventsRequest, _: Ctx) -> pb.IngestEventsResponse:
        batch = m.new_events(r.events)
        done = await self._uc.ingest_events.execute(current_principal(), r.workspace_id, batch)
        return pb.IngestEventsResponse(accepted=done.accepted, duplicates=done.duplicates)

    async def StreamEvents(
        self, requests: AsyncIterator[pb.StreamEventsRequest], _: Ctx
    ) -> pb.StreamEventsResponse:
        """Each message is checked as it arrives, and stored with or after those before."""
        principal = current_principal()
        use_case = self._uc.ingest_events

        def check(workspace_id: str, batch: Sequence[NewEvent], seen: int) -> Any:
            return use_case.check(principal, workspace_id, batch, seen)

        totals = await ingest_stream(requests, check, use_case.store)
        return pb.StreamEventsResponse(accepted=totals.accepted, duplicates=totals.duplicates)

    async def QueryMetrics(self, r: pb.QueryMetricsRequest, _: Ctx) -> pb.QueryMetricsResponse:
        query = MetricsQuery(
            workspace_id=r.workspace_id,
            metric_name=r.metric_name,
            start=m.required_time(r, "start_time"),
            end=m.required_time(r, "end_time"),
            bucket=m.bucket_from(r.bucket),
            workload_id=r.workload_id,
        )
        layout = m.layout_from(r.layout)
        series = await self._uc.query_metrics.execute(current_principal(), query)
        return m.metrics_pb(series, layout)

    async def GetUserActivity(
        self, r: pb.GetUserActivityRequest, _: Ctx
    ) -> pb.GetUserActivityResponse:
        rows = await self._uc.get_user_activity.execute(
            current_principal(),
            r.workspace_id,
            m.date_from(r.start_date, "start_date"),
            m.date_from(r.end_date, "end_date"),
            r.user_id,
        )
        return pb.GetUserActivityResponse(rows=[m.activity_pb(x) for x in rows])

    async def ListRecentWorkloads(
        self, r: pb.ListRecentWorkloadsRequest, _: Ctx
    ) -> pb.ListRecentWorkloadsResponse:
        found = await self._uc.list_recent_workloads.execute(
            current_principal(), r.workspace_id, r.limit
        )
        return pb.ListRecentWorkloadsResponse(workloads=[m.workload_pb(w) for w in found])

    async def QueryEvents(self, r: pb.QueryEventsRequest, _: Ctx) -> pb.QueryEventsResponse:
        filt = EventFilter(
            workspace_id=r.workspace_id,
            event_types=tuple(r.event_types),
            categories=tuple(r.categories),
            workload_id=r.workload_id,
            dimensions=tuple(sorted(r.dimensions.items())),
            start=m.time_from(r, "start_time"),
            end=m.time_from(r, "end_time"),
        )
        page = await self._uc.query_events.execute(
            current_principal(), filt, r.page_size, r.page_token
        )
        events = [m.event_pb(e) for e in page.items]
        return pb.QueryEventsResponse(events=events, next_page_token=page.next_token)

    async def GetRetention(self, r: pb.GetRetentionRequest, _: Ctx) -> pb.GetRetentionResponse:
        found = await self._uc.get_retention.execute(current_principal(), r.workspace_id)
        return pb.GetRetentionResponse(days=found.days, is_default=found.is_default)

    async def SetRetention(self, r: pb.SetRetentionRequest, _: Ctx) -> pb.SetRetentionResponse:
        done = await self._uc.set_retention.execute(current_principal(), r.workspace_id, r.days)
        return pb.SetRetentionResponse(days=done.days)
