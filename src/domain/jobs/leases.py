"""What a worker holding a lease reports: heartbeats, completion, failure.

Each presents the lease epoch its claim returned; a stale one (the lease lapsed and the
job was rescued or claimed again) is FAILED_PRECONDITION and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.jobs.deps import JobsDeps, member, must_get
from domain.jobs.events import JobEvent
from domain.jobs.model import Job, lease_until
from domain.jobs.thread_runs import hold_job, settle_thread
from domain.jobs.values import (
    MAX_ERROR,
    MAX_LEASE_SECONDS,
    MIN_LEASE_SECONDS,
    check_between,
    check_progress,
    check_text,
)
from domain.kernel.principal import Principal


class _LeaseCall:
    ends_runs = True  # may end a run on a thread: holds the thread, then settles it

    def __init__(self, deps: JobsDeps) -> None:
        self._d = deps

    async def _change(
        self,
        principal: Principal,
        workspace_id: str,
        job_id: str,
        change: Callable[[Job], JobEvent | None],
    ) -> Job:
        async with self._d.uow() as uow:
            await member(uow, principal, workspace_id, "working jobs")
            if self.ends_runs:
                job = await hold_job(uow, workspace_id, job_id, field="job_id")
            else:
                job = await must_get(uow, workspace_id, job_id, lock=True, field="job_id")
            principal.ensure_serves(job.kind, "job_id")
            event = change(job)
            await uow.jobs.update(job)
            if event is not None:
                await uow.job_events.append([event])
                if self.ends_runs:
                    await settle_thread(uow, job, self._d.clock.now())
            await uow.commit()
        return job


class Heartbeat(_LeaseCall):
    ends_runs = False

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        job_id: str,
        epoch: int,
        progress: float | None = None,
        lease_seconds: int = 60,
    ) -> Job:
        """Extends the lease by `lease_seconds` from now; the job says cancel_requested."""
        if progress is not None:
            check_progress(progress)
        check_between(lease_seconds, "lease_seconds", MIN_LEASE_SECONDS, MAX_LEASE_SECONDS)
        now = self._d.clock.now()
        until = lease_until(now, lease_seconds)
        return await self._change(
            principal, workspace_id, job_id, lambda j: j.heartbeat(epoch, progress, now, until)
        )


class CompleteJob(_LeaseCall):
    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        job_id: str,
        epoch: int,
        output: dict[str, Any],
    ) -> Job:
        now = self._d.clock.now()
        return await self._change(
            principal, workspace_id, job_id, lambda j: j.complete(epoch, dict(output), now)
        )


class FailJob(_LeaseCall):
    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        job_id: str,
        epoch: int,
        error: str,
        retryable: bool,
    ) -> Job:
        """Retried after the backoff while attempts remain and `retryable`; else failed."""
        check_text(error, "error", MAX_ERROR)
        now, backoff = self._d.clock.now(), self._d.backoff
        return await self._change(
            principal,
            workspace_id,
            job_id,
            lambda j: j.fail(epoch, error, retryable, now, backoff),
        )
