"""Repositories of the jobs context.

Rules every adapter keeps (the contract suite checks them on every adapter):
- Everything but `lapsed` is scoped to one workspace; another workspace's jobs are invisible.
- `add` stores a job unless another job of its workspace with the same unique key is
  pending or running (race-proof: PostgreSQL's partial unique index); it returns the id
  of the job now holding the key: its own, or the one that was there.
- `get(lock=True)` holds the job's row until the unit of work ends.
- `claim` moves at most `limit` claimable jobs (pending, of the kinds, scheduled_at ≤
  now) to running as `Job.claim` does, highest priority first, then earliest
  scheduled_at, then id; rows another claim holds are skipped, never waited for.
- `lapsed` returns running jobs whose lease expired, locked, skipping locked ones.
- Job events are appended in the unit of work of the job's change; `(job_id, seq)` is unique.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.jobs.events import JobEvent
from domain.jobs.model import Job
from domain.jobs.values import JobStatus
from ports.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class JobFilter:
    workspace_id: str
    statuses: tuple[JobStatus, ...] = ()
    kinds: tuple[str, ...] = ()
    thread_id: str | None = None
    owner_id: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    workspace_id: str
    kinds: tuple[str, ...]
    worker_id: str
    now: datetime
    lease_until: datetime
    limit: int


class JobRepository(Protocol):
    async def add(self, job: Job) -> str: ...
    async def get(self, workspace_id: str, job_id: str, *, lock: bool = False) -> Job | None: ...

    async def update(self, job: Job) -> None:
        """Write the job's row (read with `lock=True` in this unit of work)."""
        ...

    async def find(self, filt: JobFilter, after: tuple[Any, ...] | None, limit: int) -> list[Job]:
        """Newest first (created_at, then id, descending); a row's key is
        (created_at ISO 8601, id)."""
        ...

    async def claim(self, claim: Claim) -> list[Job]: ...
    async def lapsed(self, now: datetime, limit: int) -> list[Job]: ...


class JobEventRepository(Protocol):
    async def append(self, events: Sequence[JobEvent]) -> None: ...

    async def of_job(self, workspace_id: str, job_id: str) -> list[JobEvent]:
        """In seq order."""
        ...


class JobsUnitOfWork(UnitOfWork, Protocol):
    jobs: JobRepository
    job_events: JobEventRepository
