"""Retention on the memory adapters: finished jobs older than the cut go with their
events, in batches; pending and running jobs stay however old."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.system.basics import Uuid7Generator
from domain.jobs import claiming, leases, purging, submitting
from domain.jobs.deps import JobsDeps
from domain.jobs.queue_depth import ReadQueueDepth
from domain.kernel.errors import InvalidArgument
from tests.unit.domain.conftest import PAGE_TOKENS

DAY = 86_400


@pytest.fixture
def d(uow, clock) -> JobsDeps:
    return JobsDeps(uow=uow, clock=clock, ids=Uuid7Generator(), page_tokens=PAGE_TOKENS)


@pytest.fixture
async def ws(world, alice):
    return await world.workspace(alice, "retained")


async def _finished(d: JobsDeps, alice, ws, n: int) -> list[str]:
    """n jobs submitted, claimed and completed now."""
    ids = []
    for _ in range(n):
        job = await submitting.SubmitJob(d).execute(alice.principal, submitting.NewJob(ws.id, "e"))
        ids.append(job.id)
    claim = claiming.ClaimRequest(ws.id, "w", ("e",), n, 60)
    for job in await claiming.ClaimJobs(d).execute(alice.principal, claim):
        await leases.CompleteJob(d).execute(alice.principal, ws.id, job.id, job.lease_epoch, {})
    return ids


async def _stored(d: JobsDeps, ws, ids: list[str]) -> tuple[list[str], int]:
    async with d.uow() as uow:
        jobs = [i for i in ids if await uow.jobs.get(ws.id, i) is not None]
        events = sum([len(await uow.job_events.of_job(ws.id, i)) for i in ids])
    return jobs, events


async def test_finished_jobs_older_than_the_cut_go_with_their_events(d, alice, ws, clock) -> None:
    old = await _finished(d, alice, ws, 5)
    clock.advance(10 * DAY)
    recent = await _finished(d, alice, ws, 2)
    pending = await submitting.SubmitJob(d).execute(alice.principal, submitting.NewJob(ws.id, "x"))
    heard: list[int] = []
    cut = clock.now() - timedelta(days=5)
    purged = await purging.PurgeFinishedJobs(d).execute(cut, batch=2, progress=heard.append)
    assert purged == 5 and heard == [2, 4, 5]
    assert await _stored(d, ws, old) == ([], 0)
    kept, events = await _stored(d, ws, [*recent, pending.id])
    assert kept == [*recent, pending.id] and events == 2 * 3 + 1


async def test_retention_cuts_at_its_days_and_zero_keeps_everything(d, alice, ws, clock) -> None:
    old = await _finished(d, alice, ws, 3)
    clock.advance(31 * DAY)
    assert await purging.ApplyJobRetention(d, 0).execute() == 0
    assert await purging.ApplyJobRetention(d, 32).execute() == 0
    assert (await _stored(d, ws, old))[0] == old
    assert await purging.ApplyJobRetention(d, 30).execute() == 3


async def test_pending_and_running_jobs_are_never_purged(d, alice, ws, clock) -> None:
    submit = submitting.SubmitJob(d)
    waiting = await submit.execute(alice.principal, submitting.NewJob(ws.id, "a"))
    running = await submit.execute(alice.principal, submitting.NewJob(ws.id, "b"))
    await claiming.ClaimJobs(d).execute(
        alice.principal, claiming.ClaimRequest(ws.id, "w", ("b",), 1, 3600)
    )
    clock.advance(400 * DAY)
    assert await purging.PurgeFinishedJobs(d).execute(clock.now()) == 0
    assert (await _stored(d, ws, [waiting.id, running.id]))[0] == [waiting.id, running.id]


async def test_a_batch_out_of_range_is_invalid(d, clock) -> None:
    with pytest.raises(InvalidArgument):
        await purging.PurgeFinishedJobs(d).execute(clock.now(), batch=0)


async def test_the_depth_counts_ready_and_running_jobs_and_the_oldest_wait(
    d, alice, ws, clock
) -> None:
    submit = submitting.SubmitJob(d)
    first = await submit.execute(alice.principal, submitting.NewJob(ws.id, "a"))
    clock.advance(5)
    await submit.execute(alice.principal, submitting.NewJob(ws.id, "a"))
    await submit.execute(alice.principal, submitting.NewJob(ws.id, "b"))
    later = clock.now() + timedelta(hours=1)
    await submit.execute(alice.principal, submitting.NewJob(ws.id, "a", scheduled_at=later))
    await claiming.ClaimJobs(d).execute(
        alice.principal, claiming.ClaimRequest(ws.id, "w", ("b",), 1, 60)
    )
    depth = await ReadQueueDepth(d).execute()
    assert (depth.ready, depth.running) == (2, 1)
    assert depth.oldest_ready_at == first.scheduled_at
