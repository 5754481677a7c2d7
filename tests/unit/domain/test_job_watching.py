"""WatchJob on the memory adapters: history then live events, heartbeats, the end, and
wake-ups that are never lost between a read and a wait."""

from __future__ import annotations

import asyncio

import pytest

from adapters.memory.jobs.signals import SHARED_NAME, InProcessJobSignals
from adapters.system.basics import Uuid7Generator
from domain.jobs import cancelling, submitting, watching
from domain.jobs.deps import JobsDeps
from domain.jobs.events import JobEvent
from domain.jobs.values import JobStatus
from domain.kernel.errors import InvalidArgument, NotFound
from tests.unit.domain.conftest import PAGE_TOKENS

WAIT = 5.0


@pytest.fixture
def jd(uow, clock) -> JobsDeps:
    return JobsDeps(uow=uow, clock=clock, ids=Uuid7Generator(), page_tokens=PAGE_TOKENS)


def _watch(deps: JobsDeps, uow, heartbeat: float = 60.0) -> watching.WatchJob:
    return watching.WatchJob(deps, uow.store.shared(SHARED_NAME, InProcessJobSignals), heartbeat)


@pytest.fixture
async def ws(world, alice):
    return await world.workspace(alice, "watch")


async def test_a_live_cancel_wakes_the_watch_which_then_ends(jd, uow, alice, ws) -> None:
    job = await submitting.SubmitJob(jd).execute(alice.principal, submitting.NewJob(ws.id, "echo"))
    stream = _watch(jd, uow).execute(alice.principal, ws.id, job.id)
    created = await asyncio.wait_for(anext(stream), WAIT)
    assert isinstance(created, JobEvent) and created.seq == 1
    next_one = asyncio.ensure_future(anext(stream))
    await cancelling.CancelJob(jd).execute(alice.principal, ws.id, job.id)
    cancelled = await asyncio.wait_for(next_one, WAIT)
    assert isinstance(cancelled, JobEvent) and cancelled.to_status == JobStatus.CANCELLED
    with pytest.raises(StopAsyncIteration):
        await asyncio.wait_for(anext(stream), WAIT)


async def test_a_quiet_watch_beats_with_the_last_seq(jd, uow, alice, ws) -> None:
    job = await submitting.SubmitJob(jd).execute(alice.principal, submitting.NewJob(ws.id, "echo"))
    stream = _watch(jd, uow, heartbeat=0.05).execute(alice.principal, ws.id, job.id, 1)
    beats = [await asyncio.wait_for(anext(stream), WAIT) for _ in range(2)]
    assert all(isinstance(b, watching.WatchHeartbeat) and b.last_seq == 1 for b in beats)
    await stream.aclose()
    assert uow.store.shared(SHARED_NAME, InProcessJobSignals).watched == 0


async def test_bad_input_and_unknown_jobs_are_refused_before_streaming(
    jd, uow, alice, bob, ws
) -> None:
    job = await submitting.SubmitJob(jd).execute(alice.principal, submitting.NewJob(ws.id, "echo"))
    watch = _watch(jd, uow)
    with pytest.raises(InvalidArgument):
        await anext(watch.execute(alice.principal, ws.id, job.id, -1))
    with pytest.raises(NotFound):
        await anext(watch.execute(bob.principal, ws.id, job.id))


async def test_a_wake_up_before_the_wait_is_not_lost() -> None:
    signals = InProcessJobSignals()
    with signals.watch("job") as wakeup:
        signals.wake("job")
        assert await wakeup.wait(0.001)
        assert not await wakeup.wait(0.01)
        signals.wake_all()
        assert await wakeup.wait(0.001)
    assert signals.watched == 0
