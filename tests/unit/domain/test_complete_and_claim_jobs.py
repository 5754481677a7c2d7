"""CompleteJobs with a next claim, on the memory adapters: the completions done, then the
worker's next jobs claimed, in one transaction; bad input refused whole, named inside
claim_next, before anything changes."""

from __future__ import annotations

import pytest

from adapters.system.basics import Uuid7Generator
from domain.jobs import claiming, claiming_next, reads, submitting
from domain.jobs.completing import Completion
from domain.jobs.deps import JobsDeps
from domain.jobs.model import Job
from domain.jobs.values import JobStatus
from domain.kernel.errors import InvalidArgument
from tests.unit.domain.conftest import PAGE_TOKENS


@pytest.fixture
def jd(uow, clock) -> JobsDeps:
    return JobsDeps(uow=uow, clock=clock, ids=Uuid7Generator(), page_tokens=PAGE_TOKENS)


async def _submitted(jd, person, ws_id: str, n: int) -> list[Job]:
    new = submitting.NewJob(ws_id, "echo")
    return [await submitting.SubmitJob(jd).execute(person.principal, new) for _ in range(n)]


def _next(ws_id: str, n: int, worker: str = "w1") -> claiming.ClaimRequest:
    return claiming.ClaimRequest(ws_id, worker, ("echo",), n, 30)


async def _statuses(jd, person, ws_id: str, jobs: list[Job]) -> list[JobStatus]:
    get = reads.GetJob(jd)
    return [(await get.execute(person.principal, ws_id, j.id)).status for j in jobs]


async def test_the_completions_are_done_and_the_next_jobs_claimed(jd, world, alice) -> None:
    ws = await world.workspace(alice, "next")
    first, *rest = await _submitted(jd, alice, ws.id, 4)
    [held] = await claiming.ClaimJobs(jd).execute(alice.principal, _next(ws.id, 1))
    done = await claiming_next.CompleteAndClaimJobs(jd).execute(
        alice.principal, ws.id, [Completion(held.id, held.lease_epoch, {"ok": 1})], _next(ws.id, 2)
    )
    assert [r.job.id for r in done.results if r.job] == [first.id]
    assert [j.id for j in done.claimed] == [j.id for j in rest[:2]]
    assert all(j.lease_holder == "w1" and j.lease_epoch == 1 for j in done.claimed)
    assert await _statuses(jd, alice, ws.id, [first, *rest]) == [
        JobStatus.COMPLETED,
        JobStatus.RUNNING,
        JobStatus.RUNNING,
        JobStatus.PENDING,
    ]
    async with jd.uow() as uow:
        events = await uow.job_events.of_job(ws.id, rest[0].id)
    assert [(e.to_status, e.detail.get("worker_id")) for e in events] == [
        (JobStatus.PENDING, None),
        (JobStatus.RUNNING, "w1"),
    ]


async def test_a_refused_completion_does_not_stop_the_claim(jd, world, alice) -> None:
    ws = await world.workspace(alice, "refused")
    await _submitted(jd, alice, ws.id, 2)
    [held] = await claiming.ClaimJobs(jd).execute(alice.principal, _next(ws.id, 1))
    stale = Completion(held.id, held.lease_epoch + 1, {})
    done = await claiming_next.CompleteAndClaimJobs(jd).execute(
        alice.principal, ws.id, [stale], _next(ws.id, 5)
    )
    assert done.results[0].refusal is not None and len(done.claimed) == 1


async def test_no_room_claims_nothing(jd, world, alice) -> None:
    ws = await world.workspace(alice, "full")
    first, second = await _submitted(jd, alice, ws.id, 2)
    [held] = await claiming.ClaimJobs(jd).execute(alice.principal, _next(ws.id, 1))
    done = await claiming_next.CompleteAndClaimJobs(jd).execute(
        alice.principal, ws.id, [Completion(held.id, held.lease_epoch, {})], _next(ws.id, 0)
    )
    assert done.claimed == []
    assert await _statuses(jd, alice, ws.id, [first, second]) == [
        JobStatus.COMPLETED,
        JobStatus.PENDING,
    ]


async def test_a_bad_next_claim_is_invalid_inside_claim_next_and_changes_nothing(
    jd, world, alice
) -> None:
    ws = await world.workspace(alice, "bad")
    first, second = await _submitted(jd, alice, ws.id, 2)
    [held] = await claiming.ClaimJobs(jd).execute(alice.principal, _next(ws.id, 1))
    with pytest.raises(InvalidArgument) as err:
        await claiming_next.CompleteAndClaimJobs(jd).execute(
            alice.principal,
            ws.id,
            [Completion(held.id, held.lease_epoch, {})],
            claiming.ClaimRequest(ws.id, "", ("Not A Kind",), 1, 30),
        )
    assert {v.field for v in err.value.violations} == {
        "claim_next.worker_id",
        "claim_next.kinds[0]",
    }
    assert await _statuses(jd, alice, ws.id, [first, second]) == [
        JobStatus.RUNNING,
        JobStatus.PENDING,
    ]
