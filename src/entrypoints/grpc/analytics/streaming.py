"""StreamEvents' messages checked as they come and stored in order: while one write runs,
the messages read meanwhile wait, and go to the store together in the next write."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from domain.analytics.batch import NewEvent
from domain.analytics.ingesting import Ingested
from domain.analytics.values import MAX_EVENTS
from domain.kernel.errors import InvalidArgument
from entrypoints.grpc.analytics import messages as m
from strata.v1 import analytics_pb2 as pb

C = TypeVar("C")  # a checked message, ready to store
Check = Callable[[str, Sequence[NewEvent], int], Awaitable[C]]
Store = Callable[[list[C]], Awaitable[Ingested]]


class Totals:
    def __init__(self) -> None:
        self.accepted = self.duplicates = 0

    def add(self, done: Ingested) -> None:
        self.accepted += done.accepted
        self.duplicates += done.duplicates


class _Writes(Generic[C]):
    """One write at a time; what is checked meanwhile waits (up to MAX_EVENTS events)."""

    def __init__(self, store: Store[C]) -> None:
        self._store = store
        self.totals = Totals()
        self._waiting: list[C] = []
        self._size = 0
        self._running: asyncio.Future[Ingested] | None = None

    async def add(self, checked: C, size: int) -> None:
        if self._size + size > MAX_EVENTS:
            await self.settle()
        self._waiting.append(checked)
        self._size += size
        if self._running is None or self._running.done():
            await self.settle()

    async def settle(self) -> None:
        """Waits for the running write (its failure raised), then starts the next."""
        if self._running is not None:
            running, self._running = self._running, None
            self.totals.add(await running)
        if self._waiting:
            self._running = asyncio.ensure_future(self._store(self._waiting))
            self._waiting, self._size = [], 0

    async def finish(self) -> None:
        while self._running is not None or self._waiting:
            await self.settle()


async def ingest_stream(
    requests: AsyncIterator[pb.StreamEventsRequest], check: Check[C], store: Store[C]
) -> Totals:
    """What came before a failure stays: a message is stored only with or after the ones
    before it, and a failure (of a message, or of reading the next) first stores them."""
    writes = _Writes[C](store)
    workspace_id, seen = None, 0
    try:
        async for r in requests:
            if workspace_id is not None and r.workspace_id != workspace_id:
                raise InvalidArgument.of("workspace_id", "must be the same in every message")
            workspace_id = r.workspace_id
            batch = m.new_events(r.events)
            await writes.add(await check(workspace_id, batch, seen), len(batch))
            seen += len(batch)
    except BaseException:
        await writes.finish()  # the messages before stay; their own failure, being first, wins
        raise
    await writes.finish()
    return writes.totals
