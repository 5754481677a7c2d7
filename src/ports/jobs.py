"""Repositories of the jobs context.

Rules every adapter keeps (the contract suite checks them on every adapter):
- Everything but `lapsed` is scoped to one workspace; another workspace's jobs are invisible.
- `add` stores a job unless another job of its workspace with the same unique key is
  pending or running (race-proof: PostgreSQL's partial unique index); it returns the id
  of the job now holding the key: its own, or the one that was there.
- `get(lock=True)` holds the job's row until the unit of work ends.
- `claim` moves at most `limit` claimable jobs (pending, of the kinds, scheduled_at ≤
  now) to running as `Job.claim` does, highest priority first, then earliest
  scheduled_at, then id; rows another claim holds are skipped, never waited for. A run on
  a thread is claimable only while no other run of that thread is running and none
  submitted before it (created_at, then id) is pending: a thread's runs go one at a time.
- `lapsed` returns running jobs whose lease expired, locked, skipping locked ones.
- Job events are appended in the unit of work of the job's change; `(job_id, seq)` is unique.
- Appending job events wakes the jobs' watchers (JobSignals) once the change commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.jobs.events import JobEvent
from domain.jobs.model import Job
from domain.jobs.run_values import ThreadRunStatus
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

    async def holder_of(self, workspace_id: str, unique_key: str) -> str | None:
        """The pending or running job of the workspace holding `unique_key`, if any."""
        ...

    async def get_many(
        self, workspace_id: str, job_ids: Sequence[str], *, lock: bool = False
    ) -> list[Job]:
        """The workspace's jobs among `job_ids` (the others left out), in id order;
        `lock=True` holds their rows, taken in id order, until the unit of work ends."""
        ...

    async def get_locking_unthreaded(self, workspace_id: str, job_id: str) -> Job | None:
        """The job, its row held until the unit of work ends unless it is a run on a
        thread: a run's thread is held before its row (domain.jobs.thread_runs)."""
        ...

    async def get_many_locking_unthreaded(
        self, workspace_id: str, job_ids: Sequence[str]
    ) -> list[Job]:
        """As `get_many`; the rows of the jobs on no thread held (taken in id order)."""
        ...

    async def update(self, job: Job) -> None:
        """Write the job's row (read with `lock=True` in this unit of work)."""
        ...

    async def update_many(self, jobs: Sequence[Job]) -> None:
        """Write the jobs' rows (each read with `lock=True` in this unit of work) in one
        statement."""
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

    async def after(self, workspace_id: str, job_id: str, seq: int, limit: int) -> list[JobEvent]:
        """The first `limit` events with a greater seq, in seq order."""
        ...


class JobWakeup(Protocol):
    async def wait(self, seconds: float) -> bool:
        """True once the job may have changed since the last wait returned (or since the
        watch began); False when `seconds` passed first."""
        ...


class JobSignals(Protocol):
    """Wakes the watchers of a job when an event of it is appended, on any instance.

    A wake-up says only "read again": it may come when nothing committed (a rolled back
    change, a lost notification connection), and several changes may wake once."""

    def watch(self, job_id: str) -> AbstractContextManager[JobWakeup]: ...


@dataclass(frozen=True, slots=True)
class QueueDepth:
    ready: int  # pending, scheduled_at <= now
    running: int
    oldest_ready_at: datetime | None  # the earliest scheduled_at of a ready job


class JobUpkeepRepository(Protocol):
    """Across every workspace: what the service does to keep the queue small and seen."""

    async def purge_finished(self, before: datetime, limit: int) -> int:
        """Deletes at most `limit` finished jobs (completed, failed, cancelled) whose
        completed_at is before `before`, oldest first, with their events; rows another
        unit of work holds are skipped. Pending and running jobs are never deleted.
        Returns how many jobs it deleted."""
        ...

    async def depth(self, now: datetime) -> QueueDepth: ...


class ThreadRuns(Protocol):
    """The conversations' threads and messages as the jobs context sees them (shared
    tables, by name): a thread's active runs, its run status, the messages of a run."""

    async def hold(self, workspace_id: str, thread_id: str, *, wait: bool = True) -> bool:
        """Lock the thread of the workspace until the unit of work ends; False when there
        is no such thread, or (`wait=False`) another unit of work holds it."""
        ...

    async def active(self, workspace_id: str, thread_id: str, *, lock: bool = False) -> list[Job]:
        """Its pending and running jobs in submit order (created_at, then id)."""
        ...

    async def set_status(
        self, workspace_id: str, thread_id: str, status: ThreadRunStatus, at: datetime
    ) -> None:
        """Write the thread's run status (and activity time, when it changes)."""
        ...

    async def remove_messages(self, workspace_id: str, run_ids: Sequence[str]) -> int:
        """Delete the workspace's messages written by these runs; how many went."""
        ...


class JobsUnitOfWork(UnitOfWork, Protocol):
    jobs: JobRepository
    job_events: JobEventRepository
    job_upkeep: JobUpkeepRepository
    thread_runs: ThreadRuns
