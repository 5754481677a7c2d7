"""StreamEvents stores each message before the next, while the next is read: what came
before a failure is stored whole, and the first failure is the one reported."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

import pytest

from domain.analytics.ingesting import Ingested, NewEvent
from domain.kernel.errors import InvalidArgument, Unavailable
from entrypoints.grpc.analytics.streaming import ingest_stream
from strata.v1 import analytics_pb2 as pb

WORKSPACE = "01938f3e-0000-7000-8000-000000000001"
OTHER = "01938f3e-0000-7000-8000-000000000002"


class SlowStore:
    """Stores a batch once `release` is set; records what it stored, and when."""

    def __init__(self, fail: bool = False) -> None:
        self.release = asyncio.Event()
        self.stored: list[tuple[int, int]] = []  # (offset, size)
        self.fail = fail

    async def ingest(self, workspace_id: str, batch: Sequence[NewEvent], seen: int) -> Ingested:
        await self.release.wait()
        if self.fail:
            raise Unavailable("the analytics store is down")
        self.stored.append((seen, len(batch)))
        return Ingested(accepted=len(batch), duplicates=0)


async def _messages(
    store: SlowStore, size: int, then: Exception, workspace: str = WORKSPACE
) -> AsyncIterator[pb.StreamEventsRequest]:
    yield pb.StreamEventsRequest(workspace_id=WORKSPACE, events=[pb.Event(event_type="t")] * size)
    store.release.set()  # the message is still being stored when the next one fails
    if workspace != WORKSPACE:
        yield pb.StreamEventsRequest(workspace_id=workspace, events=[pb.Event(event_type="t")])
    raise then


async def test_messages_are_stored_in_order_and_counted() -> None:
    store = SlowStore()
    store.release.set()

    async def three() -> AsyncIterator[pb.StreamEventsRequest]:
        for size in (3, 5, 2):
            yield pb.StreamEventsRequest(workspace_id=WORKSPACE, events=[pb.Event()] * size)

    totals = await ingest_stream(three(), store.ingest)
    assert store.stored == [(0, 3), (3, 5), (8, 2)]
    assert (totals.accepted, totals.duplicates) == (10, 0)


async def test_a_bad_next_message_waits_for_the_one_before_to_be_stored() -> None:
    store = SlowStore()
    refused = InvalidArgument.of("events[2].event_type", "is required")
    with pytest.raises(InvalidArgument) as raised:
        await ingest_stream(_messages(store, 2, then=refused), store.ingest)
    assert raised.value is refused
    assert store.stored == [(0, 2)]


async def test_another_workspace_mid_stream_keeps_what_came_before() -> None:
    store = SlowStore()
    never = RuntimeError("not reached")
    with pytest.raises(InvalidArgument) as raised:
        await ingest_stream(_messages(store, 4, then=never, workspace=OTHER), store.ingest)
    assert raised.value.violations[0].field == "workspace_id"
    assert store.stored == [(0, 4)]


async def test_a_store_failure_before_a_bad_message_is_the_one_reported() -> None:
    store = SlowStore(fail=True)
    refused = InvalidArgument.of("events[1].event_type", "is required")
    with pytest.raises(Unavailable):
        await ingest_stream(_messages(store, 1, then=refused), store.ingest)
    assert store.stored == []
