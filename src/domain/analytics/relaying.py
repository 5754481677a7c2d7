"""Relaying the outbox to the analytics store: job events become events, audited calls
become call records. A batch is pinned (committed), delivered under its token, then
removed: a relay that dies after pinning leaves the batch to be redelivered as exactly
the same rows under the same token, which the store keeps once and completes if an
earlier attempt was stored only in part."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from domain.analytics.deps import AnalyticsDeps, retention_days
from domain.analytics.interaction_events import interaction_event_of
from domain.analytics.model import NO_USER, CallRecord, Event, Metric
from ports.analytics import OUTBOX_SOURCES, AnalyticsUnitOfWork, OutboxBatch, OutboxItem

TERMINAL_STATUSES = ("completed", "failed", "cancelled")


def event_of(item: OutboxItem) -> Event:
    """A job's state change as the event `job.<to_status>` of its job (the workload)."""
    d = item.data
    to_status = str(d["to_status"])
    metrics = [Metric("progress", float(d.get("progress") or 0.0))]
    if to_status in TERMINAL_STATUSES and d.get("started_at"):
        ran = item.occurred_at - datetime.fromisoformat(str(d["started_at"]))
        metrics.append(Metric("duration_ms", max(0.0, ran.total_seconds() * 1000), "ms"))
    return Event(
        event_id=item.event_id,
        workspace_id=item.workspace_id,
        timestamp=item.occurred_at,
        event_type=f"job.{to_status}",
        event_category="jobs",
        workload_id=str(d["job_id"]),
        user_id=str(d.get("owner_id") or NO_USER),
        metrics=tuple(metrics),
        dimensions={
            "kind": str(d.get("kind") or ""),
            "from_status": str(d.get("from_status") or ""),
            "to_status": to_status,
        },
    )


def call_of(item: OutboxItem) -> CallRecord:
    d = item.data
    return CallRecord(
        call_id=item.event_id,
        workspace_id=item.workspace_id,
        user_id=str(d.get("user_id") or NO_USER),
        action=str(d["action"]),
        occurred_at=item.occurred_at,
        duration_ms=int(d.get("duration_ms") or 0),
        outcome=str(d["outcome"]),
    )


EVENTS_OF = {"job_events": event_of, "interactions": interaction_event_of}


@dataclass(frozen=True, slots=True)
class Relayed:
    delivered: dict[str, int] = field(default_factory=dict)  # rows removed, per source
    new: int = 0  # of those, what the store did not have yet
    full: bool = False  # a source gave a whole batch: more may be waiting

    @property
    def total(self) -> int:
        return sum(self.delivered.values())


class RelayOutbox:
    """One batch per source with rows waiting: pin, deliver, remove (an idle outbox costs
    one look). A store that cannot be reached raises
    Unavailable and the pinned batch waits for the next round; a source another relay is
    pinning is skipped this time."""

    def __init__(self, deps: AnalyticsDeps) -> None:
        self._d = deps

    async def execute(self, limit: int) -> Relayed:
        delivered: dict[str, int] = {}
        new, full = 0, False
        async with self._d.uow(read_only=True) as uow:
            waiting = await uow.analytics_outbox.waiting()
        for source in (s for s in OUTBOX_SOURCES if s in waiting):
            async with self._d.uow() as uow:
                batch = await uow.analytics_outbox.pin(source, limit)
                if batch is None:
                    continue
                events = await self._events(uow, batch) if source != "audit" else []
                await uow.commit()
            if source == "audit":
                calls = [call_of(i) for i in batch.items]
                new += await self._d.store.deliver_calls(calls, batch.token)
            else:
                new += await self._d.store.deliver_events(events, batch.token)
            async with self._d.uow() as uow:
                delivered[source] = await uow.analytics_outbox.remove(batch)
                await uow.commit()
            full = full or len(batch.items) >= limit
        return Relayed(delivered, new, full)

    async def _events(self, uow: AnalyticsUnitOfWork, batch: OutboxBatch) -> list[Event]:
        """The batch's events, each expiring after its workspace's retention."""
        kept: dict[str, timedelta] = {}
        for ws in {i.workspace_id for i in batch.items}:
            kept[ws] = timedelta(days=await retention_days(self._d, uow, ws))
        events = [EVENTS_OF[batch.source](i) for i in batch.items]
        return [replace(e, expires_at=e.timestamp + kept[e.workspace_id]) for e in events]
