"""The queue's depth across every workspace, for metrics and health."""

from __future__ import annotations

from domain.jobs.deps import JobsDeps
from ports.jobs import QueueDepth


class ReadQueueDepth:
    """Ready (pending, due) and running jobs, and when the oldest ready job became due."""

    def __init__(self, deps: JobsDeps) -> None:
        self._d = deps

    async def execute(self) -> QueueDepth:
        async with self._d.uow(read_only=True) as uow:
            return await uow.job_upkeep.depth(self._d.clock.now())
