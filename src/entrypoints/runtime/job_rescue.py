"""The rescuer's loop: lapsed leases back to the queue every STRATA_JOBS_RESCUE_SECONDS."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from domain.jobs.rescuing import RescueLapsedJobs
from domain.kernel.errors import Unavailable

log = logging.getLogger("strata.jobs.rescue")


async def rescue_forever(rescue: RescueLapsedJobs, every_seconds: float) -> None:
    """A round that fails is logged; the next round tries again."""
    while True:
        await asyncio.sleep(every_seconds)
        try:
            rescued = await rescue.execute()
        except Unavailable as exc:
            log.warning("job rescue skipped, the database is unavailable: %s", exc)
            continue
        except Exception:
            log.exception("job rescue failed")
            continue
        if rescued:
            log.info("rescued %d jobs whose lease lapsed", rescued)


async def rescuing(rescue: RescueLapsedJobs, every_seconds: float) -> AsyncIterator[None]:
    """A container resource: the loop runs from start until the container stops."""
    task = asyncio.create_task(rescue_forever(rescue, every_seconds), name="jobs-rescue")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
