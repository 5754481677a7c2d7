"""The retention loop: finished jobs older than STRATA_JOBS_RETENTION_DAYS are purged."""

from __future__ import annotations

import asyncio
import logging

from domain.jobs.purging import ApplyJobRetention
from entrypoints.runtime.guarded import guarded_round
from entrypoints.runtime.jobs_upkeep_state import JobsUpkeepState

log = logging.getLogger("strata.jobs.purge")
PURGE_EVERY_SECONDS = 3600.0  # retention counts in days: an hour late is on time


async def purge_round(retention: ApplyJobRetention, state: JobsUpkeepState) -> int:
    purged = await guarded_round(retention.execute, log, "job purge")
    if purged:
        log.info("purged %d finished jobs past the retention", purged)
        await state.purged(purged)
    return purged


async def purge_forever(
    retention: ApplyJobRetention, state: JobsUpkeepState, every_seconds: float
) -> None:
    """Nothing to do when jobs are kept forever (STRATA_JOBS_RETENTION_DAYS=0)."""
    if state.retention_days <= 0:
        return
    while True:
        await purge_round(retention, state)
        await asyncio.sleep(every_seconds)
