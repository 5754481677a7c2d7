"""Queue upkeep in memory: purging finished jobs past the retention, and the queue's depth."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.jobs.model import Job
from domain.jobs.values import JobStatus
from ports.jobs import QueueDepth

Tables = dict[str, dict[Any, Any]]


class InMemoryJobUpkeepRepository:
    def __init__(self, tables: Tables) -> None:
        self._jobs: dict[str, Job] = tables["jobs"]
        self._events: dict[tuple[str, int], Any] = tables["job_events"]
        self._tables = tables

    async def purge_finished(self, before: datetime, limit: int) -> int:
        done = [
            j
            for j in self._jobs.values()
            if j.status.is_terminal and j.completed_at is not None and j.completed_at < before
        ]
        done.sort(key=lambda j: (j.completed_at or before, j.id))
        doomed = {j.id for j in done[:limit]}
        for job_id in doomed:
            del self._jobs[job_id]
        for key in [k for k in self._events if k[0] in doomed]:
            del self._events[key]
        for message in self._tables.get("messages", {}).values():
            if message.run_id in doomed:  # as PostgreSQL's ON DELETE SET NULL
                message.run_id = None
        return len(doomed)

    async def depth(self, now: datetime) -> QueueDepth:
        ready = [
            j.scheduled_at
            for j in self._jobs.values()
            if j.status == JobStatus.PENDING and j.scheduled_at <= now
        ]
        running = sum(1 for j in self._jobs.values() if j.status == JobStatus.RUNNING)
        return QueueDepth(len(ready), running, min(ready, default=None))
