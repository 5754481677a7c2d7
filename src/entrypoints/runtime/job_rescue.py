"""The rescuer's loop: lapsed leases back to the queue every STRATA_JOBS_RESCUE_SECONDS,
then the queue's depth read for metrics and health."""

from __future__ import annotations

import asyncio
import logging

from domain.jobs.queue_depth import ReadQueueDepth
from domain.jobs.rescuing import RescueLapsedJobs
from domain.kernel.errors import Unavailable
from entrypoints.runtime.jobs_upkeep_state import JobsUpkeepState
from ports.system import Clock

log = logging.getLogger("strata.jobs.rescue")


async def rescue_round(
    rescue: RescueLapsedJobs, depth: ReadQueueDepth, state: JobsUpkeepState, clock: Clock
) -> None:
    """A round that fails is logged and recorded as failed; the next round tries again."""
    rescued, error, read = 0, "", None
    try:
        rescued = await rescue.execute()
        read = await depth.execute()
    except Unavailable as exc:
        error = f"the database is unavailable: {exc}"
        log.warning("job rescue skipped, %s", error)
    except Exception as exc:
        error = f"{type(exc).__name__}: the round failed"
        log.exception("job rescue failed")
    if rescued:
        log.info("rescued %d jobs whose lease lapsed", rescued)
    await state.rescue_round(clock.now(), rescued, error, read)


async def rescue_forever(
    rescue: RescueLapsedJobs,
    depth: ReadQueueDepth,
    state: JobsUpkeepState,
    clock: Clock,
    every_seconds: float,
) -> None:
    """A first round at once (jobs lapsed while no instance ran), then one per period."""
    while True:
        await rescue_round(rescue, depth, state, clock)
        await asyncio.sleep(every_seconds)
