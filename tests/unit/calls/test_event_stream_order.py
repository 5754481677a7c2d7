"""StreamEvents stores messages in order, those read during a write together in the next
one: what came before a failure is stored whole, and the first failure is reported."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

import pytest

from domain.analytics.batch import NewEvent
from domain.analytics.ingesting import Ingested
from domain.analytics.values import MAX_EVENTS
from domain.kernel.errors import InvalidArgument, Unavailable
from entrypoints.grpc.analytics.streaming import ingest_stream
from strata.v1 import analytics_pb2 as pb

WORKSPACE = "01938f3e-0000-7000-8000-000000000001"
OTHER = "01938f3e-0000-7000-8000-000000000002"


Checked = tuple[int, int]  # (offset, size)


class SlowStore:
    """Writes once `release` is set; records each write's messages."""

    def __init__(self, fail: bool = False) -> None:
        self.release = asyncio.Event()
        self.writes: list[list[Checked]] = []
        self.fail = fail

    @property
    def stored(self) -> list[Checked]:
        return [message for write in self.writes for message in write]

    async def check(self, workspace_id: str, batch: Sequence[NewEvent], seen: int) -> Checked:
        return (seen, len(batch))

    async def store(self, messages: list[Checked]) -> Ingested:
        await self.release.wait()
        if self.fail:
            raise Unavailable("the analytics store is down")
        self.writes.append(list(messages))
        return Ingested(accepted=sum(size for _, size in messages), duplicates=0)


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

    totals = await ingest_stream(three(), store.check, store.store)
    assert store.stored == [(0, 3), (3, 5), (8, 2)]
    assert (totals.accepted, totals.duplicates) == (10, 0)


async def test_messages_read_during_a_write_go_together_in_the_next() -> None:
    store = SlowStore()

    async def five() -> AsyncIterator[pb.StreamEventsRequest]:
        for size in (1, 2, 3, 4):
            yield pb.StreamEventsRequest(workspace_id=WORKSPACE, events=[pb.Event()] * size)
        store.release.set()
        yield pb.StreamEventsRequest(workspace_id=WORKSPACE, events=[pb.Event()] * 5)

    totals = await ingest_stream(five(), store.check, store.store)
    assert store.writes[0] == [(0, 1)]
    assert store.writes[1][:3] == [(1, 2), (3, 3), (6, 4)]
    assert store.stored == [(0, 1), (1, 2), (3, 3), (6, 4), (10, 5)]
    assert totals.accepted == 15


async def test_a_write_waits_rather_than_carry_more_than_a_batch_of_events() -> None:
    store = SlowStore()
    store.release.set()
    half = [pb.Event()] * (MAX_EVENTS // 2 + 1)

    async def three() -> AsyncIterator[pb.StreamEventsRequest]:
        for _ in range(3):
            yield pb.StreamEventsRequest(workspace_id=WORKSPACE, events=half)

    await ingest_stream(three(), store.check, store.store)
    assert all(sum(size for _, size in write) <= MAX_EVENTS for write in store.writes)
    assert len(store.stored) == 3


async def test_a_bad_next_message_waits_for_the_one_before_to_be_stored() -> None:
    store = SlowStore()
    refused = InvalidArgument.of("events[2].event_type", "is required")
    with pytest.raises(InvalidArgument) as raised:
        await ingest_stream(_messages(store, 2, then=refused), store.check, store.store)
    assert raised.value is refused
    assert store.stored == [(0, 2)]


async def test_another_workspace_mid_stream_keeps_what_came_before() -> None:
    store = SlowStore()
    never = RuntimeError("not reached")
    with pytest.raises(InvalidArgument) as raised:
        await ingest_stream(
            _messages(store, 4, then=never, workspace=OTHER), store.check, store.store
        )
    assert raised.value.violations[0].field == "workspace_id"
    assert store.stored == [(0, 4)]


async def test_a_store_failure_before_a_bad_message_is_the_one_reported() -> None:
    store = SlowStore(fail=True)
    refused = InvalidArgument.of("events[1].event_type", "is required")
    with pytest.raises(Unavailable):
        await ingest_stream(_messages(store, 1, then=refused), store.check, store.store)
    assert store.stored == []
