"""The rescuer: running jobs whose lease lapsed go back to pending, or fail when spent."""

from __future__ import annotations

from domain.jobs.deps import JobsDeps
from domain.jobs.thread_runs import may_end, settle_thread


class RescueLapsedJobs:
    """Run by the service every STRATA_JOBS_RESCUE_SECONDS, for every workspace."""

    def __init__(self, deps: JobsDeps) -> None:
        self._d = deps

    async def execute(self) -> int:
        """Rescues batches until none is left; returns how many jobs it rescued."""
        total = 0
        while True:
            now = self._d.clock.now()
            async with self._d.uow() as uow:
                jobs = await uow.jobs.lapsed(now, self._d.rescue_batch)
                events = []
                for job in jobs:
                    event = job.rescue(now, self._d.backoff)
                    if not await may_end(uow, job):
                        continue
                    await uow.jobs.update(job)
                    events.append(event)
                    if job.status.is_terminal:
                        await settle_thread(uow, job, now)
                await uow.job_events.append(events)
                await uow.commit()
            total += len(events)
            if len(jobs) < self._d.rescue_batch or len(events) < len(jobs):
                return total
