"""What a key limited to workspace A gets from each RPC of AnalyticsService."""

from __future__ import annotations

import datetime as dt

from google.protobuf import timestamp_pb2

from strata.v1 import analytics_pb2 as apb
from tests.e2e.limited.requests import Case, ws_call

AS = "/strata.v1.AnalyticsService/"
EVENTS = [apb.Event(event_type="limited.probe", metrics=[apb.Metric(name="m", value=1.0)])]
START, END = timestamp_pb2.Timestamp(seconds=0), timestamp_pb2.Timestamp(seconds=86_400)
TODAY = dt.datetime.now(dt.UTC).date().isoformat()

ROWS: dict[str, list[Case]] = {
    AS + "IngestEvents": ws_call(apb.IngestEventsRequest, events=EVENTS),
    AS + "StreamEvents": ws_call(apb.StreamEventsRequest, events=EVENTS),
    AS + "QueryMetrics": ws_call(
        apb.QueryMetricsRequest, metric_name="m", start_time=START, end_time=END
    ),
    AS + "GetUserActivity": ws_call(apb.GetUserActivityRequest, start_date=TODAY, end_date=TODAY),
    AS + "ListRecentWorkloads": ws_call(apb.ListRecentWorkloadsRequest),
    AS + "QueryEvents": ws_call(apb.QueryEventsRequest),
    AS + "GetRetention": ws_call(apb.GetRetentionRequest),
    AS + "SetRetention": ws_call(apb.SetRetentionRequest, days=30),
}
