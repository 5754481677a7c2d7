"""Interaction statistics from any analytics store, read through its event pages: what
memory storage uses (its analytics store is in memory)."""

from __future__ import annotations

from adapters.memory.content.interactions import count
from domain.analytics.model import EventCursor, EventFilter
from ports.analytics import AnalyticsStore
from ports.content.interactions import InteractionStats, StatsRange

PREFIX = "interaction."
PAGE = 1000


class StoreInteractionHistory:
    def __init__(self, store: AnalyticsStore) -> None:
        self._store = store

    async def stats(self, span: StatsRange) -> InteractionStats:
        filt = EventFilter(
            span.workspace_id, categories=("content",), start=span.start, end=span.end
        )
        rows, after = [], None
        while page := await self._store.events(filt, after, PAGE):
            rows += [
                (e.event_type.removeprefix(PREFIX), e.timestamp, e.metadata)
                for e in page
                if e.event_type.startswith(PREFIX)
            ]
            after = EventCursor(page[-1].timestamp, page[-1].event_id)
            if len(page) < PAGE:
                break
        return count(rows, span.metadata_key)
