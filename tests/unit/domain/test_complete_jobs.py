"""CompleteJobs on the memory adapters: each completion checked as CompleteJob checks it,
refused alone; bad input refused whole, before anything is read."""

from __future__ import annotations

import pytest

from adapters.system.basics import Uuid7Generator
from domain.conversations.values import ThreadRunStatus
from domain.jobs import claiming, completing, reads, rescuing, submitting
from domain.jobs.backoff import Backoff
from domain.jobs.completing import Completion
from domain.jobs.deps import JobsDeps
from domain.jobs.model import Job
from domain.jobs.values import JobStatus
from domain.kernel.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from tests.unit.domain.conftest import PAGE_TOKENS
from tests.unit.domain.thread_runs_kit import build_runs


@pytest.fixture
def jd(uow, clock) -> JobsDeps:
    return JobsDeps(
        uow=uow,
        clock=clock,
        ids=Uuid7Generator(),
        page_tokens=PAGE_TOKENS,
        backoff=Backoff(uniform=lambda: 1.0),
    )


async def _running(jd, person, ws_id: str, n: int, kind: str = "echo") -> list[Job]:
    for _ in range(n):
        await submitting.SubmitJob(jd).execute(person.principal, submitting.NewJob(ws_id, kind))
    req = claiming.ClaimRequest(ws_id, "w1", (kind,), n, 30)
    return await claiming.ClaimJobs(jd).execute(person.principal, req)


async def _stored(jd, person, ws_id: str, job_id: str) -> tuple[Job, list[str]]:
    job = await reads.GetJob(jd).execute(person.principal, ws_id, job_id)
    async with jd.uow() as uow:
        events = await uow.job_events.of_job(ws_id, job_id)
    return job, [str(e.to_status) for e in events]


async def test_a_mixed_batch_completes_the_good_ones_and_refuses_each_bad_one_alone(
    jd, world, alice, bob, clock
) -> None:
    ws = await world.workspace(alice, "mixed")
    fresh, stale, pending_job = await _running(jd, alice, ws.id, 3)
    clock.advance(31)
    await rescuing.RescueLapsedJobs(jd).execute()  # every lease lapsed: stale's epoch 1
    clock.advance(3)
    again = await claiming.ClaimJobs(jd).execute(
        alice.principal, claiming.ClaimRequest(ws.id, "w2", ("echo",), 2, 30)
    )
    fresh = next(j for j in again if j.id == fresh.id)
    theirs = await world.workspace(bob, "theirs")
    [foreign] = await _running(jd, bob, theirs.id, 1)
    results = await completing.CompleteJobs(jd).execute(
        alice.principal,
        ws.id,
        [
            Completion(stale.id, 1, {"late": True}),
            Completion(fresh.id, fresh.lease_epoch, {"ok": 1}),
            Completion(pending_job.id, 1, {}),
            Completion(foreign.id, foreign.lease_epoch, {}),
        ],
    )
    assert [r.job is not None for r in results] == [False, True, False, False]
    refusals = [r.refusal for r in results]
    assert isinstance(refusals[0], FailedPrecondition) and refusals[0].reason == "STALE_LEASE"
    assert isinstance(refusals[2], FailedPrecondition) and refusals[2].reason == "STALE_LEASE"
    assert isinstance(refusals[3], NotFound)
    assert results[1].job is not None and results[1].job.output == {"ok": 1}
    done, events = await _stored(jd, alice, ws.id, fresh.id)
    assert done.status == JobStatus.COMPLETED and events[-1] == "completed"
    for job_id, status in ((stale.id, JobStatus.RUNNING), (pending_job.id, JobStatus.PENDING)):
        left, events = await _stored(jd, alice, ws.id, job_id)
        assert left.status == status and left.output is None and "completed" not in events
    untouched, events = await _stored(jd, bob, theirs.id, foreign.id)
    assert untouched.status == JobStatus.RUNNING and events == ["pending", "running"]


async def test_the_same_job_twice_is_invalid_naming_it_and_nothing_is_written(
    jd, world, alice
) -> None:
    ws = await world.workspace(alice, "twice")
    first, second = await _running(jd, alice, ws.id, 2)
    batch = [
        Completion(first.id, first.lease_epoch, {}),
        Completion(second.id, second.lease_epoch, {}),
        Completion(first.id, first.lease_epoch, {}),
    ]
    with pytest.raises(InvalidArgument) as caught:
        await completing.CompleteJobs(jd).execute(alice.principal, ws.id, batch)
    assert [v.field for v in caught.value.violations] == ["completions[2].job_id"]
    for job in (first, second):
        left, events = await _stored(jd, alice, ws.id, job.id)
        assert left.status == JobStatus.RUNNING and events == ["pending", "running"]


async def test_an_empty_or_oversized_batch_is_invalid(jd, world, alice) -> None:
    ws = await world.workspace(alice, "sizes")
    too_many = [Completion(str(i), 1, {}) for i in range(completing.MAX_COMPLETIONS + 1)]
    for batch in ([], too_many):
        with pytest.raises(InvalidArgument) as caught:
            await completing.CompleteJobs(jd).execute(alice.principal, ws.id, batch)
        assert [v.field for v in caught.value.violations] == ["completions"]


async def test_a_worker_key_s_other_kind_is_refused_alone(jd, world, alice) -> None:
    ws = await world.workspace(alice, "kinds")
    [echo] = await _running(jd, alice, ws.id, 1, "echo")
    [render] = await _running(jd, alice, ws.id, 1, "render")
    issued = await world.uc.create_api_key.execute(
        alice.principal, "worker", "", None, job_kinds=["echo"]
    )
    worker = await world.uc.authenticate.execute(issued.secret)
    results = await completing.CompleteJobs(jd).execute(
        worker,
        ws.id,
        [Completion(render.id, render.lease_epoch, {}), Completion(echo.id, echo.lease_epoch, {})],
    )
    assert isinstance(results[0].refusal, PermissionDenied) and results[1].job is not None
    left, _ = await _stored(jd, alice, ws.id, render.id)
    assert left.status == JobStatus.RUNNING


async def test_runs_on_threads_complete_in_a_batch_and_settle_their_threads(
    uow, clock, world, alice
) -> None:
    runs = await build_runs(uow, clock, world, alice)
    first = await runs.submit()
    await runs.submit()  # queued behind the first on the same thread
    [running] = await runs.claim()
    assert running.id == first.id and await runs.run_status() == ThreadRunStatus.BUSY
    [result] = await completing.CompleteJobs(runs.j).execute(
        alice.principal, runs.ws, [Completion(running.id, running.lease_epoch, {})]
    )
    assert result.job is not None and await runs.run_status() == ThreadRunStatus.BUSY
    [second] = await runs.claim()
    await completing.CompleteJobs(runs.j).execute(
        alice.principal, runs.ws, [Completion(second.id, second.lease_epoch, {})]
    )
    assert await runs.run_status() == ThreadRunStatus.IDLE
