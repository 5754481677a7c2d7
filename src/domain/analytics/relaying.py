"""Relaying the outbox to the analytics store: job events become events, audited calls
become call records; each batch is delivered, then removed in the unit of work that took
it, so a batch is delivered at least once and counted once (the store dedupes by id)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from domain.analytics.deps import AnalyticsDeps, retention_days
from domain.analytics.model import NO_USER, CallRecord, Event, Metric
from ports.analytics import OUTBOX_SOURCES, AnalyticsUnitOfWork, OutboxItem

TERMINAL_STATUSES = ("completed", "failed", "cancelled")


def event_of(item: OutboxItem) -> Event:
    """A job's state change as the event `job.<to_status>` of its job (the workload)."""
    d = item.data
    to_status = str(d["to_status"])
    metrics = [Metric("progress", float(d.get("progress") or 0.0))]
    detail: dict[str, Any] = d.get("detail") or {}
    if to_status in TERMINAL_STATUSES and "duration_ms" in detail:
        metrics.append(Metric("duration_ms", float(detail["duration_ms"]), "ms"))
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


@dataclass(frozen=True, slots=True)
class Relayed:
    delivered: dict[str, int] = field(default_factory=dict)  # rows removed, per source
    new: int = 0  # of those, what the store did not have yet
    full: bool = False  # a source gave a whole batch: more may be waiting

    @property
    def total(self) -> int:
        return sum(self.delivered.values())


class RelayOutbox:
    """One batch per source. A store that cannot be reached raises Unavailable, and the
    batch stays in the outbox; a source another relay holds is skipped this time."""

    def __init__(self, deps: AnalyticsDeps) -> None:
        self._d = deps

    async def execute(self, limit: int) -> Relayed:
        delivered: dict[str, int] = {}
        new, full = 0, False
        for source in OUTBOX_SOURCES:
            async with self._d.uow() as uow:
                items = await uow.analytics_outbox.take(source, limit)
                if not items:
                    continue
                new += await self._deliver(uow, source, items)
                await uow.analytics_outbox.remove([i.id for i in items])
                await uow.commit()
            delivered[source] = len(items)
            full = full or len(items) >= limit
        return Relayed(delivered, new, full)

    async def _deliver(
        self, uow: AnalyticsUnitOfWork, source: str, items: Sequence[OutboxItem]
    ) -> int:
        if source == "audit":
            return await self._d.store.record_calls([call_of(i) for i in items])
        kept: dict[str, timedelta] = {}
        for ws in {i.workspace_id for i in items}:
            kept[ws] = timedelta(days=await retention_days(self._d, uow, ws))
        events = [event_of(i) for i in items]
        return await self._d.store.ingest(
            [replace(e, expires_at=e.timestamp + kept[e.workspace_id]) for e in events]
        )
