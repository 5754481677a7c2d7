"""Job events in memory, keyed by (job_id, seq)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from domain.jobs.events import JobEvent
from domain.kernel.errors import AlreadyExists

Tables = dict[str, dict[Any, Any]]


class InMemoryJobEventRepository:
    def __init__(self, tables: Tables) -> None:
        self._t: dict[tuple[str, int], JobEvent] = tables["job_events"]

    async def append(self, events: Sequence[JobEvent]) -> None:
        for event in events:
            key = (event.job_id, event.seq)
            if key in self._t:
                raise AlreadyExists("the job event already exists", field="seq")
            self._t[key] = event

    async def of_job(self, workspace_id: str, job_id: str) -> list[JobEvent]:
        found = [e for (j, _), e in self._t.items() if j == job_id]
        return sorted((e for e in found if e.workspace_id == workspace_id), key=lambda e: e.seq)
