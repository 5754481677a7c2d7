"""Retention: finished jobs (completed, failed, cancelled) older than a cut are deleted
with their events, in batches of one transaction each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from domain.jobs.deps import JobsDeps
from domain.kernel.errors import InvalidArgument

DEFAULT_PURGE_BATCH = 1_000
MAX_PURGE_BATCH = 100_000


class PurgeFinishedJobs:
    """Pending and running jobs are never purged, however old."""

    def __init__(self, deps: JobsDeps) -> None:
        self._d = deps

    async def execute(
        self,
        before: datetime,
        batch: int = DEFAULT_PURGE_BATCH,
        progress: Callable[[int], None] = lambda purged: None,
    ) -> int:
        """Batches until none is left; `progress` hears the running total after each."""
        if not 1 <= batch <= MAX_PURGE_BATCH:
            raise InvalidArgument.of("batch", f"must be between 1 and {MAX_PURGE_BATCH}")
        total = 0
        while True:
            async with self._d.uow() as uow:
                purged = await uow.job_upkeep.purge_finished(before, batch)
                await uow.commit()
            total += purged
            if purged:
                progress(total)
            if purged < batch:
                return total


class ApplyJobRetention:
    """Run by the service: finished jobs older than `retention_days` go (0: kept forever)."""

    def __init__(self, deps: JobsDeps, retention_days: int, batch: int = DEFAULT_PURGE_BATCH):
        self._d = deps
        self._days = retention_days
        self._purge = PurgeFinishedJobs(deps)
        self._batch = batch

    async def execute(self) -> int:
        if self._days <= 0:
            return 0
        before = self._d.clock.now() - timedelta(days=self._days)
        return await self._purge.execute(before, self._batch)
