"""Threads and messages as the jobs context sees them, over the shared memory tables.

The unit of work holds the store's one lock end to end, so holding a thread is a lookup;
a run status is written in the conversations' own enum (the same words)."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from domain.jobs.model import Job
from domain.jobs.run_values import ThreadRunStatus
from domain.jobs.values import JobStatus

Tables = dict[str, dict[Any, Any]]
ACTIVE = (JobStatus.PENDING, JobStatus.RUNNING)


class InMemoryThreadRuns:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables

    def _thread(self, workspace_id: str, thread_id: str) -> Any:
        thread = self._tables["threads"].get(thread_id)
        return thread if thread is not None and thread.workspace_id == workspace_id else None

    async def hold(self, workspace_id: str, thread_id: str, *, wait: bool = True) -> bool:
        return self._thread(workspace_id, thread_id) is not None

    async def active(self, workspace_id: str, thread_id: str, *, lock: bool = False) -> list[Job]:
        jobs: dict[str, Job] = self._tables["jobs"]
        mine = [
            j
            for j in jobs.values()
            if (j.workspace_id, j.thread_id) == (workspace_id, thread_id) and j.status in ACTIVE
        ]
        return [copy.deepcopy(j) for j in sorted(mine, key=lambda j: (j.created_at, j.id))]

    async def set_status(
        self, workspace_id: str, thread_id: str, status: ThreadRunStatus, at: datetime
    ) -> None:
        thread = self._thread(workspace_id, thread_id)
        if thread is None or thread.run_status == status:
            return
        kept = copy.copy(thread)  # stored anew: the unit of work's snapshot keeps the old row
        kept.run_status, kept.updated_at = type(thread.run_status)(str(status)), at
        self._tables["threads"][thread_id] = kept

    async def remove_messages(self, workspace_id: str, run_ids: Sequence[str]) -> int:
        runs, messages = set(run_ids), self._tables["messages"]
        gone = [
            key
            for key, m in messages.items()
            if m.workspace_id == workspace_id and m.run_id in runs
        ]
        for key in gone:
            del messages[key]
        return len(gone)
