"""Job events in memory, keyed by (job_id, seq); appending one wakes the job's watchers
(they read under the store's lock, so after the change commits or rolls back)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adapters.memory.jobs.signals import InProcessJobSignals
from domain.jobs.events import JobEvent
from domain.kernel.errors import AlreadyExists

Tables = dict[str, dict[Any, Any]]


class InMemoryJobEventRepository:
    def __init__(self, tables: Tables, signals: InProcessJobSignals | None = None) -> None:
        self._t: dict[tuple[str, int], JobEvent] = tables["job_events"]
        self._signals = signals

    async def append(self, events: Sequence[JobEvent]) -> None:
        for event in events:
            key = (event.job_id, event.seq)
            if key in self._t:
                raise AlreadyExists("the job event already exists", field="seq")
            self._t[key] = event
        if self._signals is not None:
            for job_id in {e.job_id for e in events}:
                self._signals.wake(job_id)

    async def of_job(self, workspace_id: str, job_id: str) -> list[JobEvent]:
        found = [e for (j, _), e in self._t.items() if j == job_id]
        return sorted((e for e in found if e.workspace_id == workspace_id), key=lambda e: e.seq)

    async def after(self, workspace_id: str, job_id: str, seq: int, limit: int) -> list[JobEvent]:
        events = await self.of_job(workspace_id, job_id)
        return [e for e in events if e.seq > seq][:limit]
