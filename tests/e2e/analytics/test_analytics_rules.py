"""AnalyticsService's rules end to end on the memory adapters: each class of bad input is
INVALID_ARGUMENT naming its field, roles and tenancy, retention."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest

from strata.v1 import analytics_pb2 as pb
from strata.v1 import common_pb2
from tests.e2e.analytics_kit import HOUR, NOW, event, ts
from tests.e2e.harness import Harness, violations

pytestmark = [pytest.mark.e2e]


def _bad_events() -> list[tuple[pb.Event, str]]:
    def with_(**changes) -> pb.Event:
        e = event(NOW, 1.0)
        for name, value in changes.items():
            if name == "metric_value":
                e.metrics[0].value = value
            elif name == "dimensions":
                e.dimensions.clear()
                e.dimensions.update(value)
            elif name == "timestamp":
                e.timestamp.CopyFrom(ts(value))
            else:
                setattr(e, name, value)
        return e

    deep: dict = {}
    for _ in range(17):
        deep = {"x": deep}
    nested = with_()
    nested.metadata.update(deep)
    return [
        (with_(metric_value=float("nan")), "events[0].metrics[0].value"),
        (with_(event_type="t" * 129), "events[0].event_type"),
        (with_(event_id="nope"), "events[0].event_id"),
        (with_(workload_id="w" * 129), "events[0].workload_id"),
        (with_(dimensions={"k" * 129: "v"}), "events[0].dimensions"),
        (with_(dimensions={"k": "v" * 1025}), "events[0].dimensions"),
        (with_(timestamp=NOW + timedelta(days=2)), "events[0].timestamp"),
        (with_(event_category="a\x00b"), "events[0].event_category"),
        (nested, "events[0].metadata"),
    ]


@pytest.mark.parametrize("case", range(len(_bad_events())))
async def test_each_class_of_bad_event_is_refused_naming_its_field(stub, owner, ws, case) -> None:
    bad, field = _bad_events()[case]
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.IngestEvents(
            pb.IngestEventsRequest(workspace_id=ws, events=[bad]), metadata=owner.md
        )
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert any(name.startswith(field) for name in violations(refused.value)), refused.value


async def test_bad_reads_are_refused_naming_their_field(stub, owner, ws) -> None:
    calls = [
        (stub.QueryMetrics, pb.QueryMetricsRequest(workspace_id=ws, metric_name="m"), "start_time"),
        (
            stub.QueryMetrics,
            pb.QueryMetricsRequest(
                workspace_id=ws,
                metric_name="m",
                start_time=ts(NOW - timedelta(days=400)),
                end_time=ts(NOW),
            ),
            "end_time",
        ),
        (
            stub.GetUserActivity,
            pb.GetUserActivityRequest(workspace_id=ws, start_date="x"),
            "start_date",
        ),
        (
            stub.QueryEvents,
            pb.QueryEventsRequest(workspace_id=ws, page_token="forged"),
            "page_token",
        ),
        (stub.SetRetention, pb.SetRetentionRequest(workspace_id=ws, days=0), "days"),
    ]
    for call, request, field in calls:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await call(request, metadata=owner.md)
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert field in violations(refused.value)


async def test_roles_and_tenancy(harness: Harness, stub, owner, ws) -> None:
    viewer, stranger = await harness.new_user("viewer"), await harness.new_user("stranger")
    await harness.add(owner, ws, viewer, common_pb2.ROLE_VIEWER)
    ingest = pb.IngestEventsRequest(workspace_id=ws, events=[event(NOW, 1.0)])
    for caller, code in (
        (viewer, grpc.StatusCode.PERMISSION_DENIED),
        (stranger, grpc.StatusCode.NOT_FOUND),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.IngestEvents(ingest, metadata=caller.md)
        assert refused.value.code() == code
    read = pb.QueryEventsRequest(workspace_id=ws)
    assert (await stub.QueryEvents(read, metadata=viewer.md)).events == []
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.SetRetention(pb.SetRetentionRequest(workspace_id=ws, days=5), metadata=viewer.md)
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_shortened_retention_hides_older_events_at_once(stub, owner, ws) -> None:
    old, new = event(NOW - timedelta(days=20), 1.0), event(NOW - HOUR, 2.0)
    await stub.IngestEvents(
        pb.IngestEventsRequest(workspace_id=ws, events=[old, new]), metadata=owner.md
    )
    before = await stub.GetRetention(pb.GetRetentionRequest(workspace_id=ws), metadata=owner.md)
    assert before.is_default and before.days == 90
    await stub.SetRetention(pb.SetRetentionRequest(workspace_id=ws, days=7), metadata=owner.md)
    after = await stub.GetRetention(pb.GetRetentionRequest(workspace_id=ws), metadata=owner.md)
    assert (after.days, after.is_default) == (7, False)
    page = await stub.QueryEvents(pb.QueryEventsRequest(workspace_id=ws), metadata=owner.md)
    assert [e.event_id for e in page.events] == [new.event_id]
