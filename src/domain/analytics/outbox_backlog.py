"""Reading how much of the outbox waits for the analytics store, and since when."""

from __future__ import annotations

from domain.analytics.deps import AnalyticsDeps
from ports.analytics import Backlog


class ReadOutboxBacklog:
    def __init__(self, deps: AnalyticsDeps) -> None:
        self._d = deps

    async def execute(self) -> Backlog:
        async with self._d.uow(read_only=True) as uow:
            return await uow.analytics_outbox.backlog()
