"""Runs on a thread over the memory adapters: the submit policies, one run at a time, the
thread's run status after each kind of ending, and ROLLBACK's removed messages."""

from __future__ import annotations

import pytest

from domain.conversations.threads import NewThread
from domain.conversations.values import ThreadRunStatus
from domain.jobs import rescuing, submitting
from domain.jobs.model import Job
from domain.jobs.run_values import RunPolicy
from domain.jobs.values import JobStatus
from domain.kernel.errors import FailedPrecondition, NotFound
from tests.unit.domain.thread_runs_kit import Runs, build_runs

P, R, X = JobStatus.PENDING, JobStatus.RUNNING, JobStatus.CANCELLED


@pytest.fixture
async def runs(uow, clock, world, alice) -> Runs:
    return await build_runs(uow, clock, world, alice)


async def _active_run(runs: Runs, state: JobStatus | None) -> Job | None:
    """The thread idle (None), with a pending run, or with a running one."""
    if state is None:
        return None
    job = await runs.submit()
    if state == R:
        [job] = await runs.claim()
    return job


# policy x the thread's active run → (the old run's status, cancel asked, new run written)
TABLE = [
    (RunPolicy.ENQUEUE, None, None, False, True),
    (RunPolicy.ENQUEUE, P, P, False, True),
    (RunPolicy.ENQUEUE, R, R, False, True),
    (RunPolicy.REJECT, None, None, False, True),
    (RunPolicy.REJECT, P, P, False, False),
    (RunPolicy.REJECT, R, R, False, False),
    (RunPolicy.INTERRUPT, None, None, False, True),
    (RunPolicy.INTERRUPT, P, X, False, True),
    (RunPolicy.INTERRUPT, R, R, True, True),
    (RunPolicy.ROLLBACK, None, None, False, True),
    (RunPolicy.ROLLBACK, P, X, False, True),
    (RunPolicy.ROLLBACK, R, R, True, True),
]


@pytest.mark.parametrize(("policy", "before", "after", "asked", "written"), TABLE)
async def test_a_submit_follows_its_policy_on_a_busy_thread(
    runs: Runs, policy, before, after, asked, written
) -> None:
    old = await _active_run(runs, before)
    if not written:
        with pytest.raises(FailedPrecondition) as refused:
            await runs.submit(policy)
        assert refused.value.reason == "THREAD_BUSY"
    else:
        new = await runs.submit(policy)
        assert new.status == P
    async with runs.j.uow() as uow:
        active = await uow.thread_runs.active(runs.ws, runs.thread)
        stored = await uow.jobs.get(runs.ws, old.id) if old else None
    assert len(active) == (before is not None and after != X) + written
    if old is not None:
        assert stored is not None and stored.status == after and stored.cancel_requested == asked
    assert await runs.run_status() == ThreadRunStatus.BUSY


async def test_a_thread_runs_its_runs_one_at_a_time_in_submit_order(runs: Runs) -> None:
    first, second, third = [await runs.submit() for _ in range(3)]
    assert [j.id for j in await runs.claim()] == [first.id]
    assert await runs.claim() == []
    await runs.complete(await _fresh(runs, first))
    [claimed] = await runs.claim()
    assert claimed.id == second.id
    await runs.cancel(third)
    await runs.complete(claimed)
    assert await runs.claim() == []
    assert await runs.run_status() == ThreadRunStatus.IDLE  # the run that ended last


async def test_an_interrupted_running_run_holds_the_next_until_it_ends(runs: Runs) -> None:
    await runs.submit()
    [old] = await runs.claim()
    new = await runs.submit(RunPolicy.INTERRUPT)
    assert await runs.claim() == []
    await runs.fail(old)  # the worker saw cancel_requested and stopped
    assert await runs.status(old) == X
    assert [j.id for j in await runs.claim()] == [new.id]


async def _fresh(runs: Runs, job: Job) -> Job:
    async with runs.j.uow() as uow:
        stored = await uow.jobs.get(runs.ws, job.id)
    assert stored is not None
    return stored


async def test_the_thread_status_follows_how_its_last_run_ended(runs: Runs) -> None:
    assert await runs.run_status() == ThreadRunStatus.IDLE
    await runs.submit()
    assert await runs.run_status() == ThreadRunStatus.BUSY
    [job] = await runs.claim()
    await runs.complete(job)
    assert await runs.run_status() == ThreadRunStatus.IDLE
    await runs.submit()
    [job] = await runs.claim()
    await runs.fail(job)
    assert await runs.run_status() == ThreadRunStatus.ERROR
    await runs.cancel(await runs.submit())
    assert await runs.run_status() == ThreadRunStatus.INTERRUPTED


async def test_a_thread_stays_busy_while_another_run_is_active(runs: Runs) -> None:
    await runs.submit()
    second = await runs.submit()
    [first] = await runs.claim()
    await runs.complete(first)
    assert await runs.run_status() == ThreadRunStatus.BUSY
    await runs.cancel(second)
    assert await runs.run_status() == ThreadRunStatus.INTERRUPTED


async def test_a_rescued_run_that_is_spent_leaves_its_thread_in_error(runs, clock) -> None:
    cmd = submitting.NewJob(runs.ws, "agent_run", thread_id=runs.thread, max_attempts=1)
    await submitting.SubmitJob(runs.j).execute(runs.person.principal, cmd)
    await runs.claim()
    clock.advance(31)
    assert await rescuing.RescueLapsedJobs(runs.j).execute() == 1
    assert await runs.run_status() == ThreadRunStatus.ERROR


async def test_rollback_removes_exactly_the_cancelled_runs_messages(runs: Runs) -> None:
    await runs.write(None, "hello")
    earlier = await runs.submit()
    [earlier] = await runs.claim()
    await runs.write(earlier, "first answer")
    await runs.complete(earlier)
    await runs.submit()
    [cancelled] = await runs.claim()
    await runs.write(cancelled, "half", "an answer")
    await runs.write(None, "wait, no")
    await runs.submit(RunPolicy.ROLLBACK)
    assert await runs.texts() == ["hello", "first answer", "wait, no"]
    assert await runs.status(cancelled) == R


async def test_a_run_on_another_workspaces_thread_is_not_found(runs, world, alice) -> None:
    other = await world.workspace(alice, "other")
    theirs = await runs.c.create.execute(alice.principal, NewThread(other.id, "T"))
    with pytest.raises(NotFound):
        await runs.submit(thread=theirs.id)


async def test_a_resubmit_of_a_held_unique_key_returns_the_holder_and_cancels_nothing(
    runs: Runs,
) -> None:
    def keyed(policy: RunPolicy) -> submitting.NewJob:
        return submitting.NewJob(
            runs.ws, "agent_run", thread_id=runs.thread, unique_key="k", run_policy=policy
        )

    submit = submitting.SubmitJob(runs.j)
    first = await submit.execute(runs.person.principal, keyed(RunPolicy.ENQUEUE))
    await runs.write(first, "kept")
    again = await submit.execute(runs.person.principal, keyed(RunPolicy.ROLLBACK))
    assert again.id == first.id
    assert await runs.status(first) == JobStatus.PENDING
    assert await runs.texts() == ["kept"]
