"""The jobs upkeep repository's contract, on every adapter: the purge removes only
finished jobs older than the cut, with their events; the depth counts the queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from domain.jobs.model import Job
from domain.jobs.values import JobStatus
from tests.contract.conftest import T0, Builders

pytestmark = pytest.mark.asyncio
# Far before the other suites' jobs (at T0 and after), which these tests must not touch.
LONG_AGO = T0 - timedelta(days=3650)
CUT = LONG_AGO + timedelta(days=10)


@dataclass(frozen=True)
class Place:
    id: str
    owner: str


@pytest.fixture
async def ws(make: Builders, seed: Any) -> Place:
    user, ws = make.user(), make.workspace()
    await seed(user, ws)
    return Place(ws.id, user.id)


def _job(make: Builders, ws: Place, status: JobStatus, at: Any, **kw: Any) -> Job:
    finished = status.is_terminal
    return Job(
        id=make.id(),
        workspace_id=ws.id,
        owner_id=ws.owner,
        kind="echo",
        created_at=at,
        updated_at=at,
        scheduled_at=at,
        status=status,
        completed_at=at if finished else None,
        lease_epoch=1 if status != JobStatus.PENDING else 0,
        lease_holder="w" if status == JobStatus.RUNNING else None,
        lease_expires_at=at + timedelta(minutes=1) if status == JobStatus.RUNNING else None,
        **kw,
    )


async def _store(uow_factory: Any, *jobs: Job) -> None:
    async with uow_factory() as uow:
        for job in jobs:
            await uow.jobs.add(job)
            await uow.job_events.append([job.created(job.created_at)])
        await uow.commit()


async def _left(uow_factory: Any, ws: Place, jobs: list[Job]) -> tuple[list[str], int]:
    async with uow_factory() as uow:
        kept = [j.id for j in jobs if await uow.jobs.get(ws.id, j.id) is not None]
        events = sum([len(await uow.job_events.of_job(ws.id, j.id)) for j in jobs])
    return kept, events


async def test_only_finished_jobs_older_than_the_cut_are_purged_with_their_events(
    uow_factory, make, ws
) -> None:
    old = [_job(make, ws, s, LONG_AGO) for s in JobStatus]
    recent = [_job(make, ws, JobStatus.COMPLETED, CUT + timedelta(seconds=1))]
    await _store(uow_factory, *old, *recent)
    async with uow_factory() as uow:
        purged = await uow.job_upkeep.purge_finished(CUT, 100)
        await uow.commit()
    assert purged == 3  # completed, failed, cancelled
    survivors = [j for j in old if not j.status.is_terminal] + recent
    assert await _left(uow_factory, ws, old + recent) == ([j.id for j in survivors], 3)


async def test_the_purge_takes_at_most_its_limit_oldest_first(uow_factory, make, ws) -> None:
    jobs = [_job(make, ws, JobStatus.FAILED, LONG_AGO + timedelta(hours=i)) for i in range(5)]
    await _store(uow_factory, *jobs)
    async with uow_factory() as uow:
        assert await uow.job_upkeep.purge_finished(CUT, 2) == 2
        await uow.commit()
    assert (await _left(uow_factory, ws, jobs))[0] == [j.id for j in jobs[2:]]
    async with uow_factory() as uow:
        assert await uow.job_upkeep.purge_finished(CUT, 10) == 3
        await uow.commit()


async def test_a_purge_rolled_back_deletes_nothing(uow_factory, make, ws) -> None:
    job = _job(make, ws, JobStatus.COMPLETED, LONG_AGO)
    await _store(uow_factory, job)
    async with uow_factory() as uow:
        assert await uow.job_upkeep.purge_finished(CUT, 10) == 1
    assert await _left(uow_factory, ws, [job]) == ([job.id], 1)
    async with uow_factory() as uow:
        await uow.job_upkeep.purge_finished(CUT, 10)
        await uow.commit()


async def test_the_depth_counts_ready_and_running_jobs_and_the_oldest_ready(
    uow_factory, make, ws
) -> None:
    now = LONG_AGO + timedelta(days=1)
    async with uow_factory(read_only=True) as uow:
        before = await uow.job_upkeep.depth(now)
    ready = [_job(make, ws, JobStatus.PENDING, LONG_AGO + timedelta(minutes=i)) for i in (5, 1)]
    later = _job(make, ws, JobStatus.PENDING, now + timedelta(hours=1))
    running = _job(make, ws, JobStatus.RUNNING, LONG_AGO)
    done = _job(make, ws, JobStatus.COMPLETED, LONG_AGO)
    await _store(uow_factory, *ready, later, running, done)
    async with uow_factory(read_only=True) as uow:
        after = await uow.job_upkeep.depth(now)
    assert after.ready - before.ready == 2 and after.running - before.running == 1
    assert after.oldest_ready_at == LONG_AGO + timedelta(minutes=1)
    async with uow_factory() as uow:  # leave nothing pending for other suites' claims
        for job in [*ready, later, running]:
            stored = await uow.jobs.get(ws.id, job.id, lock=True)
            assert stored is not None
            stored.status, stored.completed_at = JobStatus.CANCELLED, LONG_AGO
            await uow.jobs.update(stored)
        await uow.job_upkeep.purge_finished(CUT, 100)
        await uow.commit()
