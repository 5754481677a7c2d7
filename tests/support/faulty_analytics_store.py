"""The analytics store behind a switch, for tests of what happens while it is down or
interrupted: a fake around the real store, not a mock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Any

from domain.analytics.model import CallRecord, Event
from domain.kernel.errors import Unavailable
from ports.analytics import AnalyticsStore
from ports.health import ComponentReport

Hook = Callable[[str], Awaitable[None]]


class FaultyAnalyticsStore:
    """The real store behind a switch: while `down` every call raises Unavailable and keeps
    nothing. `hook` runs before ("before") and after ("after") each write reaches it."""

    def __init__(self, inner: AnalyticsStore) -> None:
        self.inner = inner
        self.down = False
        self.hook: Hook | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def ingest(self, events: Sequence[Event]) -> int:
        return await self._write(self.inner.ingest, events)

    async def record_calls(self, calls: Sequence[CallRecord]) -> int:
        return await self._write(self.inner.record_calls, calls)

    async def deliver_events(self, events: Sequence[Event], token: str) -> int:
        return await self._write(self.inner.deliver_events, events, token)

    async def deliver_calls(self, calls: Sequence[CallRecord], token: str) -> int:
        return await self._write(self.inner.deliver_calls, calls, token)

    async def _write(self, write: Any, rows: Sequence[Any], *token: str) -> int:
        if self.down:
            raise Unavailable("the analytics store is down")
        if self.hook is not None:
            await self.hook("before")
        new: int = await write(rows, *token)
        if self.hook is not None:
            await self.hook("after")
        return new

    async def check(self) -> list[ComponentReport]:
        reports = await self.inner.check()
        if self.down:
            return [replace(r, healthy=False, error="the analytics store is down") for r in reports]
        return reports
