"""Ingesting events: a batch is checked whole, then stored whole, idempotently by id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from domain.analytics import values
from domain.analytics.deps import AnalyticsDeps, retention_days, with_role
from domain.analytics.model import Event, Metric
from domain.analytics.values import to_millisecond
from domain.kernel.errors import InvalidArgument, Validator
from domain.kernel.principal import Principal
from domain.kernel.roles import Role


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event as a client sends it: an empty event_id is made by the server (such an
    event is not idempotent), no timestamp is now, an empty user_id is the caller."""

    event_type: str
    event_id: str = ""
    timestamp: datetime | None = None
    event_category: str = ""
    workload_id: str = ""
    user_id: str = ""
    metrics: tuple[Metric, ...] = ()
    dimensions: dict[str, str] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Ingested:
    accepted: int  # new events stored
    duplicates: int  # events the store already had (or repeated in the batch)


@dataclass(frozen=True, slots=True)
class Checked:
    """A batch that passed every rule, its events built: ready to store."""

    events: list[Event]


class IngestEvents:
    """Members ingest. `offset` is the position of the batch's first event in a stream,
    so that violations name events by their place in the whole stream. A stream checks
    each message as it comes (`check`) and stores several checked ones at once (`store`)."""

    def __init__(self, deps: AnalyticsDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, batch: Sequence[NewEvent], offset: int = 0
    ) -> Ingested:
        return await self.store([await self.check(principal, workspace_id, batch, offset)])

    async def check(
        self, principal: Principal, workspace_id: str, batch: Sequence[NewEvent], offset: int = 0
    ) -> Checked:
        if not batch:
            raise InvalidArgument.of("events", "at least one event is required")
        if len(batch) > values.MAX_EVENTS:
            raise InvalidArgument.of("events", f"at most {values.MAX_EVENTS:,} events per batch")
        now = self._d.clock.now()
        v = Validator()
        for i, e in enumerate(batch):
            values.check_event(v, e, f"events[{offset + i}]", now)
        v.raise_if_any()
        async with self._d.uow(read_only=True) as uow:
            await with_role(uow, principal, workspace_id, Role.MEMBER, "ingesting events")
            keep = timedelta(days=await retention_days(self._d, uow, workspace_id))
        return Checked([self._event(principal, workspace_id, e, now, keep) for e in batch])

    async def store(self, checked: Sequence[Checked]) -> Ingested:
        """One write for all: the batches are stored together or not at all."""
        events = [e for c in checked for e in c.events]
        accepted = await self._d.store.ingest(events)
        return Ingested(accepted=accepted, duplicates=len(events) - accepted)

    def _event(
        self, principal: Principal, workspace_id: str, e: NewEvent, now: datetime, keep: timedelta
    ) -> Event:
        timestamp = to_millisecond(e.timestamp or now)
        return Event(
            event_id=(e.event_id or self._d.ids.new_id()).lower(),
            workspace_id=workspace_id,
            timestamp=timestamp,
            event_type=e.event_type,
            event_category=e.event_category,
            workload_id=e.workload_id,
            user_id=(e.user_id or principal.user_id).lower(),
            metrics=e.metrics,
            dimensions=e.dimensions,
            metadata=e.metadata,
            expires_at=timestamp + keep,
        )
