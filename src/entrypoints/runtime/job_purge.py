"""The retention loop: finished jobs older than STRATA_JOBS_RETENTION_DAYS are purged."""

from __future__ import annotations

import asyncio
import logging

from domain.jobs.purging import ApplyJobRetention
from domain.kernel.errors import Unavailable
from entrypoints.runtime.jobs_upkeep_state import JobsUpkeepState

log = logging.getLogger("strata.jobs.purge")
PURGE_EVERY_SECONDS = 3600.0  # retention counts in days: an hour late is on time


async def purge_round(retention: ApplyJobRetention, state: JobsUpkeepState) -> int:
    """A round that fails is logged; the next one tries again."""
    try:
        purged = await retention.execute()
    except Unavailable as exc:
        log.warning("job purge skipped, the database is unavailable: %s", exc)
        return 0
    except Exception:
        log.exception("job purge failed")
        return 0
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
