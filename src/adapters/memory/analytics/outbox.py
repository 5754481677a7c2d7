"""The analytics outbox in memory: rows derived from the committed job events, audit
entries and content interactions, each source from where it was last read.

Memory units of work run one at a time under the store's lock, so what a unit of work
sees of those tables is exactly what has committed: the rows it derives are the rows
PostgreSQL's triggers would have written in each change's commit. The outbox rows, the
positions and the rows' batch pins live in store tables, so they roll back with the
unit of work; one unit of work at a time means one pinning at a time.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from adapters.memory.store import InMemoryStore
from domain.audit.entry import AuditEntry
from domain.jobs.events import JobEvent
from ports.analytics import Backlog, OutboxBatch, OutboxItem

TABLES = ("analytics_outbox", "analytics_outbox_positions", "analytics_outbox_pins")
_AUDIT_SEQUENCE = "audit"  # the positions row of the last audit sequence read
_NEXT_ID = "next_id"


def job_event_id(job_id: str, seq: int) -> str:
    """The id PostgreSQL gives a job event's row: md5(job_id || ':' || seq)::uuid."""
    digest = hashlib.md5(f"{job_id}:{seq}".encode(), usedforsecurity=False)
    return str(uuid.UUID(digest.hexdigest()))


class InMemoryAnalyticsOutbox:
    def __init__(self, store: InMemoryStore) -> None:
        t = store.tables
        self._store = store
        self._rows: dict[int, OutboxItem] = t["analytics_outbox"]
        self._positions: dict[Any, int] = t["analytics_outbox_positions"]
        self._pins: dict[int, str] = t["analytics_outbox_pins"]  # row id → batch id

    async def waiting(self) -> set[str]:
        await self._catch_up()
        return {i.source for i in self._rows.values()}

    async def pin(self, source: str, limit: int) -> OutboxBatch | None:
        await self._catch_up()
        rows = sorted((i for i in self._rows.values() if i.source == source), key=lambda i: i.id)
        pinned = [i for i in rows if i.id in self._pins]
        if pinned:
            batch_id = self._pins[pinned[0].id]
            items = [i for i in pinned if self._pins[i.id] == batch_id]
        else:
            batch_id, items = str(uuid.uuid4()), rows[:limit]
            self._pins.update((i.id, batch_id) for i in items)
        return OutboxBatch(batch_id, source, tuple(items)) if items else None

    async def remove(self, batch: OutboxBatch) -> int:
        ids = [item_id for item_id, pin in self._pins.items() if pin == batch.id]
        for item_id in ids:
            self._rows.pop(item_id, None)
            self._pins.pop(item_id, None)
        return len(ids)

    async def backlog(self) -> Backlog:
        await self._catch_up()
        oldest = min((item.occurred_at for item in self._rows.values()), default=None)
        return Backlog(len(self._rows), oldest)

    async def _catch_up(self) -> None:
        self._catch_up_job_events()
        self._catch_up_interactions()
        log = _audit_log(self._store)
        if log is not None:
            await self._catch_up_audit(log)

    def _catch_up_job_events(self) -> None:
        jobs = self._store.tables.get("jobs", {})
        for event in list(self._store.tables.get("job_events", {}).values()):
            if event.seq > self._positions.get(("job", event.job_id), 0):
                self._positions[("job", event.job_id)] = event.seq
                self._add(_of_job_event(event, jobs.get(event.job_id)))

    def _catch_up_interactions(self) -> None:
        rows = self._store.tables.get("content_interactions", {}).values()
        fresh = [i for i in rows if ("interaction", i.id) not in self._positions]
        for i in sorted(fresh, key=lambda i: (i.occurred_at, i.id)):
            self._positions[("interaction", i.id)] = 1
            self._add(_of_interaction(i))

    async def _catch_up_audit(self, log: Any) -> None:
        while entries := await log.scan(self._positions.get(_AUDIT_SEQUENCE, 0), 1000):
            self._positions[_AUDIT_SEQUENCE] = entries[-1].sequence or 0
            for entry in entries:
                if entry.workspace_id:
                    self._add(_of_audit_entry(entry))

    def _add(self, item: OutboxItem) -> None:
        item_id = self._positions.get(_NEXT_ID, 1)
        self._positions[_NEXT_ID] = item_id + 1
        self._rows[item_id] = OutboxItem(
            item_id, item.source, item.event_id, item.workspace_id, item.occurred_at, item.data
        )


def _audit_log(store: InMemoryStore) -> Any:
    """The audit context's log, made as its repositories were built with this unit of
    work's (None when the audit context is not registered)."""
    return store.shared("audit_log", lambda: None)


def _of_job_event(event: JobEvent, job: Any) -> OutboxItem:
    data = {
        "job_id": event.job_id,
        "seq": event.seq,
        "kind": job.kind if job is not None else "",
        "owner_id": job.owner_id if job is not None else None,
        "started_at": job.started_at.isoformat() if job and job.started_at else None,
        "from_status": str(event.from_status) if event.from_status else None,
        "to_status": str(event.to_status),
        "progress": event.progress,
        "detail": dict(event.detail),
    }
    event_id = job_event_id(event.job_id, event.seq)
    return OutboxItem(0, "job_events", event_id, event.workspace_id, event.at, data)


def _of_audit_entry(entry: AuditEntry) -> OutboxItem:
    data = {
        "user_id": entry.user_id,
        "action": entry.action,
        "outcome": str(entry.outcome),
        "duration_ms": entry.duration_ms,
    }
    return OutboxItem(0, "audit", entry.id, entry.workspace_id or "", entry.occurred_at, data)


def _of_interaction(i: Any) -> OutboxItem:
    data = {
        "user_id": i.user_id,
        "content_item_id": i.content_item_id,
        "interaction_type": str(i.interaction_type),
        "rating": i.rating,
        "duration_ms": i.duration_ms,
        "metadata": dict(i.metadata),
    }
    return OutboxItem(0, "interactions", i.id, i.workspace_id, i.occurred_at, data)
