"""AnalyticsService end to end on the memory adapters: ingest (unary and streamed) and read
back as metrics, events, activity and recent workloads; idempotent re-ingest."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import grpc
import pytest

from strata.v1 import analytics_pb2 as pb
from tests.e2e.analytics_kit import HOUR, NOW, event, ts
from tests.e2e.harness import violations

pytestmark = [pytest.mark.e2e]
ACTIVITY_WAIT_SECONDS = 20


async def test_ingested_events_read_back_as_metrics_events_and_workloads(stub, owner, ws) -> None:
    events = [event(NOW - 2 * HOUR, v) for v in (10.0, 20.0, 30.0)]
    events.append(event(NOW - HOUR, 40.0, workload="run-2"))
    done = await stub.IngestEvents(
        pb.IngestEventsRequest(workspace_id=ws, events=events), metadata=owner.md
    )
    assert (done.accepted, done.duplicates) == (4, 0)
    query = pb.QueryMetricsRequest(
        workspace_id=ws,
        metric_name="latency_ms",
        start_time=ts(NOW - 3 * HOUR),
        end_time=ts(NOW),
    )
    first, second = (await stub.QueryMetrics(query, metadata=owner.md)).points
    assert (first.count, first.sum, first.min, first.max, first.avg) == (3, 60.0, 10.0, 30.0, 20.0)
    assert first.p50 == 20.0 and (second.count, second.max) == (1, 40.0)
    assert first.bucket_start.ToDatetime(tzinfo=UTC) == (NOW - 2 * HOUR).replace(
        minute=0, second=0, microsecond=0
    )
    query.layout = pb.METRIC_LAYOUT_COLUMNS
    columns = (await stub.QueryMetrics(query, metadata=owner.md)).columns
    assert list(columns.bucket_start_seconds) == [
        first.bucket_start.seconds,
        second.bucket_start.seconds,
    ]
    assert (list(columns.count), list(columns.sum), list(columns.max)) == (
        [3, 1],
        [60.0, 40.0],
        [30.0, 40.0],
    )
    assert (list(columns.p50), list(columns.avg)) == ([first.p50, second.p50], [20.0, 40.0])
    page = await stub.QueryEvents(
        pb.QueryEventsRequest(workspace_id=ws, dimensions={"model": "small"}, page_size=3),
        metadata=owner.md,
    )
    assert [e.workload_id for e in page.events] == ["run-2", "run-1", "run-1"]
    assert page.events[0].expire_time.ToDatetime(tzinfo=UTC) > NOW and page.next_page_token
    rest = await stub.QueryEvents(
        pb.QueryEventsRequest(
            workspace_id=ws, dimensions={"model": "small"}, page_token=page.next_page_token
        ),
        metadata=owner.md,
    )
    assert len(rest.events) == 1 and not rest.next_page_token
    recent = await stub.ListRecentWorkloads(
        pb.ListRecentWorkloadsRequest(workspace_id=ws), metadata=owner.md
    )
    assert [(w.workload_id, w.event_count) for w in recent.workloads] == [
        ("run-2", 1),
        ("run-1", 3),
    ]


async def test_re_ingesting_a_batch_counts_only_duplicates(stub, owner, ws) -> None:
    request = pb.IngestEventsRequest(workspace_id=ws, events=[event(NOW, 1.0)] * 2)
    first = await stub.IngestEvents(request, metadata=owner.md)
    again = await stub.IngestEvents(request, metadata=owner.md)
    assert (first.accepted, first.duplicates) == (1, 1)
    assert (again.accepted, again.duplicates) == (0, 2)


async def test_a_stream_of_batches_is_ingested_batch_by_batch(stub, owner, ws) -> None:
    batches = [[event(NOW - HOUR, float(i)) for i in range(n)] for n in (3, 5, 2)]

    def requests() -> Iterator[pb.StreamEventsRequest]:
        for batch in batches:
            yield pb.StreamEventsRequest(workspace_id=ws, events=batch)

    done = await stub.StreamEvents(requests(), metadata=owner.md)
    assert (done.accepted, done.duplicates) == (10, 0)
    again = await stub.StreamEvents(requests(), metadata=owner.md)
    assert (again.accepted, again.duplicates) == (0, 10)


async def test_a_bad_batch_mid_stream_keeps_the_batches_before_it(stub, owner, ws) -> None:
    good = [event(NOW - HOUR, 1.0) for _ in range(3)]
    bad = [event(NOW - HOUR, 1.0), event(NOW - HOUR, 1.0)]
    bad[1].event_type = ""
    sent = [pb.StreamEventsRequest(workspace_id=ws, events=b) for b in (good, bad)]
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.StreamEvents(iter(sent), metadata=owner.md)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "events[4].event_type" in violations(refused.value)
    page = await stub.QueryEvents(pb.QueryEventsRequest(workspace_id=ws), metadata=owner.md)
    assert sorted(e.event_id for e in page.events) == sorted(e.event_id for e in good)


async def test_the_callers_own_calls_show_up_as_user_activity(harness, stub, owner, ws) -> None:
    """Each served call's audit entry reaches user activity through the outbox relay."""
    await stub.GetRetention(pb.GetRetentionRequest(workspace_id=ws), metadata=owner.md)
    await harness.running.audit_writer.flush()
    today = datetime.now(UTC).date().isoformat()
    request = pb.GetUserActivityRequest(
        workspace_id=ws, start_date=today, end_date=today, user_id=owner.user_id
    )
    deadline = asyncio.get_running_loop().time() + ACTIVITY_WAIT_SECONDS
    rows: list[pb.ActivityRow] = []
    while asyncio.get_running_loop().time() < deadline:
        rows = list((await stub.GetUserActivity(request, metadata=owner.md)).rows)
        if any(r.action.endswith("GetRetention") for r in rows):
            break
        await asyncio.sleep(0.2)
    seen = [(r.action, r.count) for r in rows]
    assert any(r.action.endswith("GetRetention") and r.count >= 1 for r in rows), (
        f"GetRetention not in the owner's activity within {ACTIVITY_WAIT_SECONDS} s: {seen}"
    )
    assert all(r.day == today and r.user_id == owner.user_id for r in rows)


async def test_a_declared_limit_mid_stream_is_named_by_its_place_in_the_stream(
    stub, owner, ws
) -> None:
    first = [event(NOW - HOUR, 1.0) for _ in range(4)]
    second = [event(NOW - HOUR, 1.0) for _ in range(2)]
    second[1].metrics[0].name = "m" * 129
    sent = [pb.StreamEventsRequest(workspace_id=ws, events=b) for b in (first, second)]
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.StreamEvents(iter(sent), metadata=owner.md)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert list(violations(refused.value)) == ["events[5].metrics[0].name"]
