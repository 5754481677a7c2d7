"""The audit entry each RPC of AnalyticsService leaves, called by the scene's owner."""

from __future__ import annotations

import datetime as dt
from typing import Any

from google.protobuf import timestamp_pb2

from strata.v1 import analytics_pb2 as AN
from strata.v1 import analytics_pb2_grpc
from tests.e2e.audited.scene import OK, Call, Row, Scene

EVENTS = [AN.Event(event_type="audited.probe", metrics=[AN.Metric(name="m", value=1.0)])]
START, END = timestamp_pb2.Timestamp(seconds=0), timestamp_pb2.Timestamp(seconds=86_400)
TODAY = dt.datetime.now(dt.UTC).date().isoformat()


def _stub(s: Scene) -> analytics_pb2_grpc.AnalyticsServiceStub:
    return analytics_pb2_grpc.AnalyticsServiceStub(s.h.channel)


def _an(rpc: str, **fields: Any) -> Call:
    async def call(s: Scene, rid: str) -> Any:
        request = getattr(AN, f"{rpc}Request")(workspace_id=s.ws, **fields)
        return await getattr(_stub(s), rpc)(request, metadata=s.md(s.owner, rid))

    return call


async def _stream(s: Scene, rid: str) -> AN.StreamEventsResponse:
    """StreamEvents of two batches: one audit entry for the call."""
    messages = [AN.StreamEventsRequest(workspace_id=s.ws, events=EVENTS) for _ in range(2)]
    return await _stub(s).StreamEvents(iter(messages), metadata=s.md(s.owner, rid))


ROWS: dict[str, Row] = {
    "AnalyticsService/IngestEvents": (_an("IngestEvents", events=EVENTS), OK),
    "AnalyticsService/StreamEvents": (_stream, OK),
    "AnalyticsService/QueryMetrics": (
        _an("QueryMetrics", metric_name="m", start_time=START, end_time=END),
        OK,
    ),
    "AnalyticsService/GetUserActivity": (
        _an("GetUserActivity", start_date=TODAY, end_date=TODAY),
        OK,
    ),
    "AnalyticsService/ListRecentWorkloads": (_an("ListRecentWorkloads"), OK),
    "AnalyticsService/QueryEvents": (_an("QueryEvents"), OK),
    "AnalyticsService/GetRetention": (_an("GetRetention"), OK),
    "AnalyticsService/SetRetention": (_an("SetRetention", days=30), OK),
}
