"""Jobs in memory. The unit of work holds the store's one asyncio lock end to end, so a
claim is atomic and two claims never take the same job."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from adapters.memory.jobs.run_order import waiting
from domain.jobs.model import Job
from domain.jobs.values import JobStatus
from domain.kernel.errors import AlreadyExists, InvalidArgument, NotFound
from ports.jobs import Claim, JobFilter

Tables = dict[str, dict[Any, Any]]
ACTIVE = (JobStatus.PENDING, JobStatus.RUNNING)


class InMemoryJobRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t: dict[str, Job] = tables["jobs"]

    async def add(self, job: Job) -> str:
        if job.id in self._t:
            raise AlreadyExists("the resource already exists", field="id")
        for table, key, what in (
            ("workspaces", job.workspace_id, "workspace"),
            ("users", job.owner_id, "user"),
        ):
            if key not in self._tables[table]:
                raise NotFound(f"the referenced {what} was not found")
        if job.unique_key is not None:
            holder = await self.holder_of(job.workspace_id, job.unique_key)
            if holder is not None:
                return holder
        self._t[job.id] = copy.deepcopy(job)
        return job.id

    async def holder_of(self, workspace_id: str, unique_key: str) -> str | None:
        for other in self._t.values():
            same = (other.workspace_id, other.unique_key) == (workspace_id, unique_key)
            if same and other.status in ACTIVE:
                return other.id
        return None

    def _in(self, workspace_id: str, job_id: str) -> Job | None:
        job = self._t.get(job_id)
        return job if job is not None and job.workspace_id == workspace_id else None

    async def get(self, workspace_id: str, job_id: str, *, lock: bool = False) -> Job | None:
        job = self._in(workspace_id, job_id)
        return copy.deepcopy(job) if job else None

    async def get_many(
        self, workspace_id: str, job_ids: Sequence[str], *, lock: bool = False
    ) -> list[Job]:
        found = (self._in(workspace_id, job_id) for job_id in set(job_ids))
        return sorted((copy.deepcopy(j) for j in found if j is not None), key=lambda j: j.id)

    async def get_locking_unthreaded(self, workspace_id: str, job_id: str) -> Job | None:
        return await self.get(workspace_id, job_id)

    async def get_many_locking_unthreaded(
        self, workspace_id: str, job_ids: Sequence[str]
    ) -> list[Job]:
        return await self.get_many(workspace_id, job_ids)

    async def update(self, job: Job) -> None:
        if self._in(job.workspace_id, job.id) is None:
            raise NotFound(f"job {job.id} not found")
        self._t[job.id] = copy.deepcopy(job)

    async def update_many(self, jobs: Sequence[Job]) -> None:
        for job in jobs:
            await self.update(job)

    @staticmethod
    def _matches(job: Job, f: JobFilter) -> bool:
        return (
            job.workspace_id == f.workspace_id
            and (not f.statuses or job.status in f.statuses)
            and (not f.kinds or job.kind in f.kinds)
            and (f.thread_id is None or job.thread_id == f.thread_id)
            and (f.owner_id is None or job.owner_id == f.owner_id)
        )

    async def find(self, filt: JobFilter, after: tuple[Any, ...] | None, limit: int) -> list[Job]:
        rows = sorted(
            (j for j in self._t.values() if self._matches(j, filt)),
            key=lambda j: (j.created_at, j.id),
            reverse=True,
        )
        if after is not None:
            start = _after(after)
            rows = [j for j in rows if (j.created_at, j.id) < start]
        return [copy.deepcopy(j) for j in rows[:limit]]

    async def claim(self, claim: Claim) -> list[Job]:
        held = waiting(self._t.values())
        ready = sorted(
            (
                j
                for j in self._t.values()
                if j.workspace_id == claim.workspace_id
                and j.is_claimable(claim.kinds, claim.now)
                and j.id not in held
            ),
            key=lambda j: (-j.priority, j.scheduled_at, j.id),
        )
        taken = [copy.deepcopy(j) for j in ready[: claim.limit]]
        for job in taken:  # stored anew: the unit of work's snapshot keeps the old rows
            job.claim(claim.worker_id, claim.now, claim.lease_until)
            self._t[job.id] = copy.deepcopy(job)
        return taken

    async def lapsed(self, now: datetime, limit: int) -> list[Job]:
        running = (j for j in self._t.values() if j.status == JobStatus.RUNNING)
        found = [j for j in running if j.lease_lapsed(now)]
        found.sort(key=lambda j: (j.lease_expires_at or now, j.id))
        return [copy.deepcopy(j) for j in found[:limit]]


def _after(after: tuple[Any, ...]) -> tuple[datetime, str]:
    try:
        created, job_id = after
        return datetime.fromisoformat(created), str(job_id)
    except (TypeError, ValueError):
        raise InvalidArgument.of("page_token", "is not a valid page token") from None
