"""Ingesting events: a batch is checked whole, then stored whole, idempotently by id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from domain.analytics import screening, values
from domain.analytics.batch import MILLISECOND, NewEvent, NewEvents, to_ms
from domain.analytics.columns import EventColumns
from domain.analytics.deps import AnalyticsDeps, retention_days, with_role
from domain.kernel.errors import InvalidArgument, Validator
from domain.kernel.principal import Principal
from domain.kernel.roles import Role


@dataclass(frozen=True, slots=True)
class Ingested:
    accepted: int  # new events stored
    duplicates: int  # events the store already had (or repeated in the batch)


@dataclass(frozen=True, slots=True)
class Checked:
    """A batch that passed every rule, its events settled: ready to store."""

    events: EventColumns


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
        sent = NewEvents.of(batch)
        now = self._d.clock.now()
        if not screening.passes(sent, to_ms(now)):
            v = Validator()
            for i, e in enumerate(sent):
                values.check_event(v, e, f"events[{offset + i}]", now)
            v.raise_if_any()
        async with self._d.uow(read_only=True) as uow:
            await with_role(uow, principal, workspace_id, Role.MEMBER, "ingesting events")
            keep = timedelta(days=await retention_days(self._d, uow, workspace_id))
        return Checked(self._settled(principal, workspace_id, sent, to_ms(now), keep))

    async def store(self, checked: Sequence[Checked]) -> Ingested:
        """One write for all: the batches are stored together or not at all."""
        events = EventColumns.joined([c.events for c in checked])
        accepted = await self._d.store.ingest(events)
        return Ingested(accepted=accepted, duplicates=len(events) - accepted)

    def _settled(
        self, principal: Principal, workspace_id: str, sent: NewEvents, now: int, keep: timedelta
    ) -> EventColumns:
        """What the server fills in (ids, the caller as user, now), ids lowercase."""
        ids = sent.event_ids
        if "" in ids:
            ids = [x or self._d.ids.new_id() for x in ids]
        caller = principal.user_id
        stamps = [now if t is None else t for t in sent.timestamps]
        kept = keep // MILLISECOND
        return EventColumns(
            workspace_id=workspace_id,
            sent=sent,
            event_ids=[x.lower() for x in ids],
            user_ids=[(x or caller).lower() for x in sent.user_ids],
            timestamps=stamps,
            expires=[t + kept for t in stamps],
        )
