"""Jobs on the memory adapters: submit, claim under fenced leases, retry, cancel, rescue."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from adapters.system.basics import Uuid7Generator
from domain.jobs import cancelling, claiming, leases, reads, rescuing, submitting
from domain.jobs.backoff import Backoff
from domain.jobs.deps import JobsDeps
from domain.jobs.values import JobStatus
from domain.kernel.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from domain.kernel.roles import Role
from ports.jobs import JobFilter
from tests.unit.domain.conftest import PAGE_TOKENS

LONGEST = Backoff(uniform=lambda: 1.0)


@dataclass
class J:
    submit: submitting.SubmitJob
    get: reads.GetJob
    list: reads.ListJobs
    cancel: cancelling.CancelJob
    claim: claiming.ClaimJobs
    heartbeat: leases.Heartbeat
    complete: leases.CompleteJob
    fail: leases.FailJob
    rescue: rescuing.RescueLapsedJobs
    deps: JobsDeps

    async def events(self, ws: str, job_id: str) -> list[tuple[str | None, str]]:
        async with self.deps.uow() as uow:
            found = await uow.job_events.of_job(ws, job_id)
        assert [e.seq for e in found] == list(range(1, len(found) + 1))
        return [(e.from_status and str(e.from_status), str(e.to_status)) for e in found]


@pytest.fixture
def j(uow, clock) -> J:
    d = JobsDeps(
        uow=uow, clock=clock, ids=Uuid7Generator(), page_tokens=PAGE_TOKENS, backoff=LONGEST
    )
    return J(
        submitting.SubmitJob(d),
        reads.GetJob(d),
        reads.ListJobs(d),
        cancelling.CancelJob(d),
        claiming.ClaimJobs(d),
        leases.Heartbeat(d),
        leases.CompleteJob(d),
        leases.FailJob(d),
        rescuing.RescueLapsedJobs(d),
        d,
    )


@pytest.fixture
async def ws(world, alice):
    return await world.workspace(alice, "jobs")


def _claim(ws, kinds=("echo",), n=1, lease=30, worker="w1") -> claiming.ClaimRequest:
    return claiming.ClaimRequest(ws.id, worker, tuple(kinds), n, lease)


async def test_submit_then_claim_and_complete_leaves_the_whole_history(j, alice, ws) -> None:
    job = await j.submit.execute(alice.principal, submitting.NewJob(ws.id, "echo", input={"a": 1}))
    assert job.status == JobStatus.PENDING and job.max_attempts == 3
    [claimed] = await j.claim.execute(alice.principal, _claim(ws))
    assert claimed.id == job.id and claimed.lease_epoch == 1 and claimed.attempts == 1
    done = await j.complete.execute(alice.principal, ws.id, job.id, 1, {"ok": True})
    assert done.status == JobStatus.COMPLETED and done.output == {"ok": True}
    assert done.lease_holder is None and done.completed_at is not None
    assert await j.events(ws.id, job.id) == [
        (None, "pending"),
        ("pending", "running"),
        ("running", "completed"),
    ]


async def test_claims_take_higher_priority_first_then_earlier_schedule(j, alice, ws, clock) -> None:
    low = await j.submit.execute(alice.principal, submitting.NewJob(ws.id, "echo", priority=1))
    high = await j.submit.execute(alice.principal, submitting.NewJob(ws.id, "echo", priority=5))
    other = await j.submit.execute(alice.principal, submitting.NewJob(ws.id, "resize", priority=9))
    claimed = await j.claim.execute(alice.principal, _claim(ws, n=10))
    assert [c.id for c in claimed] == [high.id, low.id]
    assert (await j.get.execute(alice.principal, ws.id, other.id)).status == JobStatus.PENDING


async def test_a_job_scheduled_later_is_not_claimed_before_its_time(j, alice, ws, clock) -> None:
    later = clock.now().replace(year=clock.now().year + 1)
    await j.submit.execute(alice.principal, submitting.NewJob(ws.id, "echo", scheduled_at=later))
    assert await j.claim.execute(alice.principal, _claim(ws)) == []


async def test_a_stale_lease_is_refused_and_changes_nothing(j, alice, ws, clock) -> None:
    job = await j.submit.execute(alice.principal, submitting.NewJob(ws.id, "echo"))
    await j.claim.execute(alice.principal, _claim(ws, lease=10, worker="slow"))
    clock.advance(11)
    assert await j.rescue.execute() == 1
    clock.advance(3)  # past the first retry's longest backoff (2 s)
    [again] = await j.claim.execute(alice.principal, _claim(ws, worker="fast"))
    assert again.lease_epoch == 2 and again.attempts == 2
    for late in (
        j.complete.execute(alice.principal, ws.id, job.id, 1, {"late": True}),
        j.heartbeat.execute(alice.principal, ws.id, job.id, 1, 0.5),
        j.fail.execute(alice.principal, ws.id, job.id, 1, "boom", False),
    ):
        with pytest.raises(FailedPrecondition):
            await late
    current = await j.get.execute(alice.principal, ws.id, job.id)
    assert current.status == JobStatus.RUNNING and current.lease_holder == "fast"
    assert current.output is None


async def test_a_retryable_failure_waits_the_backoff_then_fails_when_attempts_are_spent(
    j, alice, ws, clock
) -> None:
    job = await j.submit.execute(alice.principal, submitting.NewJob(ws.id, "echo", max_attempts=2))
    [c] = await j.claim.execute(alice.principal, _claim(ws))
    retry = await j.fail.execute(alice.principal, ws.id, job.id, c.lease_epoch, "flaky", True)
    assert retry.status == JobStatus.PENDING
    assert (retry.scheduled_at - clock.now()).total_seconds() == pytest.approx(2.0)
    assert await j.claim.execute(alice.principal, _claim(ws)) == []
    clock.advance(2)
    [c] = await j.claim.execute(alice.principal, _claim(ws))
    final = await j.fail.execute(alice.principal, ws.id, job.id, c.lease_epoch, "flaky", True)
    assert final.status == JobStatus.FAILED and final.attempts == 2 and final.error == "flaky"


async def test_cancelling_a_pending_job_ends_it_and_a_running_one_tells_its_worker(
    j, alice, ws
) -> None:
    waiting = await j.submit.execute(alice.principal, submitting.NewJob(ws.id, "a"))
    assert (
        await j.cancel.execute(alice.principal, ws.id, waiting.id)
    ).status == JobStatus.CANCELLED
    running = await j.submit.execute(alice.principal, submitting.NewJob(ws.id, "b"))
    [c] = await j.claim.execute(alice.principal, _claim(ws, kinds=("b",)))
    marked = await j.cancel.execute(alice.principal, ws.id, running.id)
    assert marked.status == JobStatus.RUNNING and marked.cancel_requested
    beat = await j.heartbeat.execute(alice.principal, ws.id, running.id, c.lease_epoch, 0.3)
    assert beat.cancel_requested
    ended = await j.fail.execute(alice.principal, ws.id, running.id, c.lease_epoch, "stop", True)
    assert ended.status == JobStatus.CANCELLED


async def test_a_finished_job_cannot_be_cancelled(j, alice, ws) -> None:
    job = await j.submit.execute(alice.principal, submitting.NewJob(ws.id, "echo"))
    [c] = await j.claim.execute(alice.principal, _claim(ws))
    await j.complete.execute(alice.principal, ws.id, job.id, c.lease_epoch, {})
    with pytest.raises(FailedPrecondition):
        await j.cancel.execute(alice.principal, ws.id, job.id)


async def test_a_unique_key_returns_the_active_job_until_it_ends(j, alice, ws) -> None:
    first = await j.submit.execute(
        alice.principal, submitting.NewJob(ws.id, "echo", unique_key="k")
    )
    again = await j.submit.execute(
        alice.principal, submitting.NewJob(ws.id, "echo", unique_key="k")
    )
    assert again.id == first.id
    await j.cancel.execute(alice.principal, ws.id, first.id)
    fresh = await j.submit.execute(
        alice.principal, submitting.NewJob(ws.id, "echo", unique_key="k")
    )
    assert fresh.id != first.id


async def test_a_request_id_replays_the_first_submit(j, alice, ws) -> None:
    cmd = submitting.NewJob(ws.id, "echo", request_id="r-1")
    first = await j.submit.execute(alice.principal, cmd)
    assert (await j.submit.execute(alice.principal, cmd)).id == first.id
    page = await j.list.execute(alice.principal, JobFilter(ws.id), 0, "")
    assert [x.id for x in page.items] == [first.id]


async def test_lapsed_leases_fail_the_job_once_attempts_are_spent(j, alice, ws, clock) -> None:
    job = await j.submit.execute(alice.principal, submitting.NewJob(ws.id, "echo", max_attempts=1))
    await j.claim.execute(alice.principal, _claim(ws, lease=5))
    clock.advance(4)
    assert await j.rescue.execute() == 0
    clock.advance(1)
    assert await j.rescue.execute() == 1
    rescued = await j.get.execute(alice.principal, ws.id, job.id)
    assert rescued.status == JobStatus.FAILED and rescued.lease_holder is None


async def test_list_pages_newest_first_with_filters(j, alice, ws, clock) -> None:
    made = []
    for i in range(5):
        clock.advance(1)
        kind = "echo" if i % 2 == 0 else "other"
        made.append(await j.submit.execute(alice.principal, submitting.NewJob(ws.id, kind)))
    first = await j.list.execute(alice.principal, JobFilter(ws.id, kinds=("echo",)), 2, "")
    rest = await j.list.execute(
        alice.principal, JobFilter(ws.id, kinds=("echo",)), 2, first.next_token
    )
    assert [x.id for x in first.items + rest.items] == [made[4].id, made[2].id, made[0].id]
    with pytest.raises(InvalidArgument):
        await j.list.execute(alice.principal, JobFilter(ws.id), 2, first.next_token)


async def test_bad_input_names_each_field_before_anything_is_read(j, alice, ws) -> None:
    with pytest.raises(InvalidArgument) as bad:
        await j.submit.execute(
            alice.principal, submitting.NewJob(ws.id, "Not A Kind", priority=5000, max_attempts=-1)
        )
    assert {v.field for v in bad.value.violations} == {"kind", "priority", "max_attempts"}
    with pytest.raises(InvalidArgument) as bad:
        await j.claim.execute(alice.principal, _claim(ws, kinds=(), n=101, lease=0))
    assert {v.field for v in bad.value.violations} == {"kinds", "max_jobs", "lease_seconds"}


async def test_roles_viewers_read_members_cancel_only_their_own(j, world, alice, ws) -> None:
    viewer = await world.member(ws, alice, "vic", Role.VIEWER)
    bob = await world.member(ws, alice, "bob", Role.MEMBER)
    job = await j.submit.execute(alice.principal, submitting.NewJob(ws.id, "echo"))
    assert (await j.get.execute(viewer.principal, ws.id, job.id)).id == job.id
    with pytest.raises(PermissionDenied):
        await j.submit.execute(viewer.principal, submitting.NewJob(ws.id, "echo"))
    with pytest.raises(PermissionDenied):
        await j.cancel.execute(bob.principal, ws.id, job.id)


async def test_another_workspace_s_job_is_not_found(j, world, alice, bob, ws) -> None:
    job = await j.submit.execute(alice.principal, submitting.NewJob(ws.id, "echo"))
    theirs = await world.workspace(bob, "theirs")
    with pytest.raises(NotFound):
        await j.get.execute(bob.principal, theirs.id, job.id)
    with pytest.raises(NotFound):
        await j.get.execute(bob.principal, ws.id, job.id)
