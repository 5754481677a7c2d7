"""StreamEvents' messages ingested in order, each stored before the next one starts, while
the next one is read, checked and converted: the store's wait overlaps that work."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

from domain.analytics.ingesting import Ingested, NewEvent
from domain.kernel.errors import InvalidArgument
from entrypoints.grpc.analytics import messages as m
from strata.v1 import analytics_pb2 as pb

Ingest = Callable[[str, Sequence[NewEvent], int], Awaitable[Ingested]]


class Totals:
    def __init__(self) -> None:
        self.accepted = self.duplicates = 0

    def add(self, done: Ingested) -> None:
        self.accepted += done.accepted
        self.duplicates += done.duplicates


async def ingest_stream(requests: AsyncIterator[pb.StreamEventsRequest], ingest: Ingest) -> Totals:
    """What came before a failure stays: a message is ingested only once the one before it
    is stored, and a failure (of a message, or of reading the next) waits for it."""
    totals, workspace_id, seen = Totals(), None, 0
    storing: asyncio.Future[Ingested] | None = None
    try:
        async for r in requests:
            if workspace_id is not None and r.workspace_id != workspace_id:
                raise InvalidArgument.of("workspace_id", "must be the same in every message")
            workspace_id = r.workspace_id
            batch = [m.new_event(e) for e in r.events]
            if storing is not None:
                totals.add(await storing)
            storing = asyncio.ensure_future(ingest(workspace_id, batch, seen))
            seen += len(batch)
    except BaseException:
        if storing is not None:
            await storing  # the message before stays; its own failure, being first, wins
        raise
    if storing is not None:
        totals.add(await storing)
    return totals
