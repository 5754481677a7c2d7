"""Cancelling a job: at once when pending, on the worker's next heartbeat when running."""

from __future__ import annotations

from domain.jobs.deps import JobsDeps, must_get, reader
from domain.jobs.model import Job
from domain.kernel.principal import Principal
from domain.kernel.roles import Role


class CancelJob:
    def __init__(self, deps: JobsDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, workspace_id: str, job_id: str) -> Job:
        """Members cancel their own jobs; admins anyone's."""
        async with self._d.uow() as uow:
            actor = await reader(uow, principal, workspace_id)
            actor.require(Role.MEMBER, "cancelling jobs")
            job = await must_get(uow, workspace_id, job_id, lock=True)
            if job.owner_id != actor.user_id:
                actor.require(Role.ADMIN, "cancelling another member's job")
            event = job.cancel(self._d.clock.now())
            if event is not None:
                await uow.jobs.update(job)
                await uow.job_events.append([event])
                await uow.commit()
        return job
