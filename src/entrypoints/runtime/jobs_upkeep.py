"""The jobs' background work under `strata serve`: the rescuer and the retention purge,
seen in metrics and in SystemService/GetHealth."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from entrypoints.jobs_metrics import JobsCollector
from entrypoints.runtime.job_purge import PURGE_EVERY_SECONDS, purge_forever
from entrypoints.runtime.job_rescue import rescue_forever
from entrypoints.runtime.jobs_upkeep_state import NAME, JobsUpkeepState
from entrypoints.runtime.status_board import StatusBoard


def start_jobs_upkeep(jobs: Any, metrics: Any, board: StatusBoard) -> asyncio.Task[None]:
    """`jobs` is the jobs context's container; cancelling the task stops both loops."""
    state: JobsUpkeepState = jobs.upkeep_state()
    board.add(NAME, state.report)
    with contextlib.suppress(ValueError):  # registered already, by an earlier start
        metrics.registry.register(JobsCollector(state))
    rescue = rescue_forever(
        jobs.rescue_lapsed_jobs(),
        jobs.queue_depth(),
        state,
        jobs.deps().clock,
        jobs.config.rescue_seconds(),
    )
    purge = purge_forever(jobs.apply_retention(), state, PURGE_EVERY_SECONDS)

    async def both() -> None:
        await asyncio.gather(rescue, purge)

    return asyncio.create_task(both(), name="jobs-upkeep")
