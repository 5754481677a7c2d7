"""Cancelling a job: at once when pending, on the worker's next heartbeat when running."""

from __future__ import annotations

from domain.jobs.deps import JobsDeps, reader
from domain.jobs.model import Job
from domain.jobs.thread_runs import hold_job, settle_thread
from domain.kernel.principal import Principal
from domain.kernel.roles import Role


class CancelJob:
    def __init__(self, deps: JobsDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, workspace_id: str, job_id: str) -> Job:
        """Members cancel their own jobs; admins anyone's; worker keys none."""
        principal.ensure_not_worker("cancelling jobs")
        async with self._d.uow() as uow:
            actor = await reader(uow, principal, workspace_id)
            actor.require(Role.MEMBER, "cancelling jobs")
            job = await hold_job(uow, workspace_id, job_id)
            if job.owner_id != actor.user_id:
                actor.require(Role.ADMIN, "cancelling another member's job")
            now = self._d.clock.now()
            event = job.cancel(now)
            if event is not None:
                await uow.jobs.update(job)
                await uow.job_events.append([event])
                await settle_thread(uow, job, now)
                await uow.commit()
        return job
