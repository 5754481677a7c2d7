"""Worker keys on the memory adapters: limited to job kinds, they work and read jobs of
those kinds only, and issue keys of no more kinds than their own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from adapters.system.basics import Uuid7Generator
from domain.jobs import cancelling, claiming, leases, reads, submitting
from domain.jobs.deps import JobsDeps
from domain.jobs.values import JobStatus
from domain.kernel.errors import InvalidArgument, PermissionDenied
from domain.kernel.principal import Principal
from ports.jobs import JobFilter
from tests.unit.domain.conftest import PAGE_TOKENS


@dataclass
class Jobs:
    submit: submitting.SubmitJob
    get: reads.GetJob
    list: reads.ListJobs
    cancel: cancelling.CancelJob
    claim: claiming.ClaimJobs
    heartbeat: leases.Heartbeat
    complete: leases.CompleteJob
    fail: leases.FailJob


@pytest.fixture
def jobs(uow, clock) -> Jobs:
    d = JobsDeps(uow=uow, clock=clock, ids=Uuid7Generator(), page_tokens=PAGE_TOKENS)
    return Jobs(
        submitting.SubmitJob(d),
        reads.GetJob(d),
        reads.ListJobs(d),
        cancelling.CancelJob(d),
        claiming.ClaimJobs(d),
        leases.Heartbeat(d),
        leases.CompleteJob(d),
        leases.FailJob(d),
    )


@pytest.fixture
async def ws(world, alice):
    return await world.workspace(alice, "queue")


async def _worker(world, person, kinds, workspace_id: str = "") -> Principal:
    issued = await world.uc.create_api_key.execute(
        person.principal, "worker", workspace_id, None, job_kinds=kinds
    )
    return await world.uc.authenticate.execute(issued.secret)


def _claim(ws, kinds=(), n=5) -> claiming.ClaimRequest:
    return claiming.ClaimRequest(ws.id, "w1", tuple(kinds), n, 30)


async def test_a_worker_key_keeps_its_kinds_sorted_and_distinct(world, alice) -> None:
    worker = await _worker(world, alice, ["render", "echo", "echo"])
    assert worker.job_kinds == ("echo", "render") and worker.is_worker
    stored = await world.stored_key(worker.api_key_id)
    assert stored is not None and stored.job_kinds == ("echo", "render")


async def test_a_malformed_kind_is_invalid_naming_its_index(world, alice) -> None:
    with pytest.raises(InvalidArgument) as caught:
        await _worker(world, alice, ["echo", "Bad Kind"])
    assert [v.field for v in caught.value.violations] == ["job_kinds[1]"]


async def test_a_worker_key_claims_its_kinds_when_it_names_none(jobs, world, alice, ws) -> None:
    for kind in ("echo", "render", "other"):
        await jobs.submit.execute(alice.principal, submitting.NewJob(ws.id, kind))
    worker = await _worker(world, alice, ["echo", "render"])
    claimed = await jobs.claim.execute(worker, _claim(ws))
    assert sorted(j.kind for j in claimed) == ["echo", "render"]


async def test_a_worker_key_may_not_claim_another_kind(jobs, world, alice, ws) -> None:
    await jobs.submit.execute(alice.principal, submitting.NewJob(ws.id, "other"))
    worker = await _worker(world, alice, ["echo"])
    with pytest.raises(PermissionDenied) as caught:
        await jobs.claim.execute(worker, _claim(ws, ("echo", "other")))
    assert caught.value.field == "kinds" and "other" in caught.value.message
    pending = await jobs.list.execute(alice.principal, JobFilter(ws.id), 10, "")
    assert [j.status for j in pending.items] == [JobStatus.PENDING]


async def test_a_worker_key_may_not_report_on_a_job_of_another_kind(jobs, world, alice, ws) -> None:
    job = await jobs.submit.execute(alice.principal, submitting.NewJob(ws.id, "other"))
    [claimed] = await jobs.claim.execute(alice.principal, _claim(ws, ("other",)))
    worker = await _worker(world, alice, ["echo"])
    epoch = claimed.lease_epoch
    for attempt in (
        jobs.heartbeat.execute(worker, ws.id, job.id, epoch, 0.5),
        jobs.complete.execute(worker, ws.id, job.id, epoch, {}),
        jobs.fail.execute(worker, ws.id, job.id, epoch, "no", False),
        jobs.get.execute(worker, ws.id, job.id),
    ):
        with pytest.raises(PermissionDenied):
            await attempt
    still = await jobs.get.execute(alice.principal, ws.id, job.id)
    assert still.status == JobStatus.RUNNING and still.progress == 0.0


async def test_a_worker_key_works_and_reads_jobs_of_its_kind(jobs, world, alice, ws) -> None:
    job = await jobs.submit.execute(alice.principal, submitting.NewJob(ws.id, "echo"))
    worker = await _worker(world, alice, ["echo"])
    [claimed] = await jobs.claim.execute(worker, _claim(ws))
    await jobs.heartbeat.execute(worker, ws.id, job.id, claimed.lease_epoch, 0.5)
    done = await jobs.complete.execute(worker, ws.id, job.id, claimed.lease_epoch, {"ok": 1})
    assert done.status == JobStatus.COMPLETED
    assert (await jobs.get.execute(worker, ws.id, job.id)).output == {"ok": 1}


async def test_a_worker_key_submits_cancels_and_lists_nothing(jobs, world, alice, ws) -> None:
    job = await jobs.submit.execute(alice.principal, submitting.NewJob(ws.id, "echo"))
    worker = await _worker(world, alice, ["echo"])
    for attempt in (
        jobs.submit.execute(worker, submitting.NewJob(ws.id, "echo")),
        jobs.cancel.execute(worker, ws.id, job.id),
        jobs.list.execute(worker, JobFilter(ws.id), 10, ""),
    ):
        with pytest.raises(PermissionDenied):
            await attempt


async def test_a_worker_key_issues_only_narrower_worker_keys(world, alice) -> None:
    worker = await _worker(world, alice, ["echo", "render"])
    narrower = await _worker(world, worker_person(alice, worker), ["echo"])
    assert narrower.job_kinds == ("echo",)
    inherited = await _worker(world, worker_person(alice, worker), [])
    assert inherited.job_kinds == ("echo", "render")


async def test_a_forged_attempt_to_widen_kinds_is_refused_and_issues_nothing(
    world, alice, clock
) -> None:
    worker = await _worker(world, alice, ["echo"])
    as_worker = worker_person(alice, worker)
    with pytest.raises(PermissionDenied) as caught:
        await _worker(world, as_worker, ["echo", "admin.tasks"])
    assert caught.value.field == "job_kinds"
    async with world.uow() as uow:
        keys = await uow.api_keys.list(alice.id, None, True, clock.now(), None, 50)
    assert len(keys) == 2  # alice's own and the worker's


async def test_a_worker_key_issues_keys_expiring_no_later_than_itself(world, alice) -> None:
    issued = await world.uc.create_api_key.execute(
        alice.principal, "worker", "", timedelta(hours=1), job_kinds=["echo"]
    )
    worker = await world.uc.authenticate.execute(issued.secret)
    with pytest.raises(InvalidArgument):
        await world.uc.create_api_key.execute(worker, "w2", "", timedelta(hours=2))
    child = await world.uc.create_api_key.execute(worker, "w2", "", None)
    assert child.key.expires_at == issued.key.expires_at


async def test_a_superusers_worker_key_has_no_superuser_powers(world, root) -> None:
    worker = await _worker(world, root, ["echo"])
    assert root.principal.is_superuser and not worker.is_superuser
    with pytest.raises(PermissionDenied):
        worker.require_superuser("listing users")


def worker_person(person, principal: Principal):
    """`person` acting through the worker key `principal`."""
    return type(person)(person.user, principal, "")
