"""ClaimJobs and CompleteJobs with `lean`: a worker gets what it needs to run and report
each job, the other fields unset; the jobs change exactly as with whole answers."""

from __future__ import annotations

import pytest

from strata.v1 import jobs_pb2 as pb
from strata.v1 import jobs_pb2_grpc
from tests.e2e.harness import Caller, Harness
from tests.e2e.jobs_client import struct

FAILED_PRECONDITION = 9
CLAIMED = {
    "id", "workspace_id", "kind", "input", "parameters", "status", "attempts", "max_attempts",
    "lease_epoch", "lease_expires_at",
}  # fmt: skip
COMPLETED = {"id", "status", "lease_epoch", "completed_at"}


def _set_fields(job: pb.Job) -> set[str]:
    return {field.name for field, _ in job.ListFields()}


async def _submitted(stub, caller: Caller, ws: str, kind: str) -> pb.Job:
    req = pb.SubmitJobRequest(
        workspace_id=ws,
        kind=kind,
        input=struct(prompt="hi"),
        parameters=struct(t=0.5),
        priority=3,
        max_attempts=5,
        unique_key=f"{kind}-1",
    )
    return (await stub.SubmitJob(req, metadata=caller.md)).job


async def _lean_claim(stub, caller: Caller, ws: str, kind: str) -> list[pb.Job]:
    claim = pb.ClaimJobsRequest(workspace_id=ws, worker_id="w-lean", kinds=[kind], lean=True)
    return list((await stub.ClaimJobs(claim, metadata=caller.md)).jobs)


@pytest.fixture
async def place(harness: Harness) -> tuple[jobs_pb2_grpc.JobServiceStub, Caller, str]:
    owner = await harness.new_user("lean")
    ws = await harness.new_workspace(owner, "lean")
    return jobs_pb2_grpc.JobServiceStub(harness.channel), owner, ws


async def test_a_lean_claim_carries_only_what_a_worker_needs(place) -> None:
    stub, owner, ws = place
    submitted = await _submitted(stub, owner, ws, "lean.claim")
    [job] = await _lean_claim(stub, owner, ws, "lean.claim")
    assert _set_fields(job) == CLAIMED
    assert (job.id, job.workspace_id, job.kind) == (submitted.id, ws, "lean.claim")
    assert (job.input, job.parameters) == (struct(prompt="hi"), struct(t=0.5))
    assert (job.status, job.attempts, job.max_attempts) == (pb.JOB_STATUS_RUNNING, 1, 5)
    whole = await stub.GetJob(pb.GetJobRequest(workspace_id=ws, id=job.id), metadata=owner.md)
    assert (job.lease_epoch, job.lease_expires_at) == (
        whole.job.lease_epoch,
        whole.job.lease_expires_at,
    )
    assert whole.job.lease_holder == "w-lean" and whole.job.unique_key == "lean.claim-1"


async def test_a_lean_completion_answers_the_job_s_end_and_stores_it_whole(place) -> None:
    stub, owner, ws = place
    await _submitted(stub, owner, ws, "lean.done")
    [job] = await _lean_claim(stub, owner, ws, "lean.done")
    done = pb.JobCompletion(job_id=job.id, lease_epoch=job.lease_epoch, output=struct(a=1))
    stale = pb.JobCompletion(job_id=job.id, lease_epoch=job.lease_epoch)
    req = pb.CompleteJobsRequest(workspace_id=ws, completions=[done], lean=True)
    [result] = (await stub.CompleteJobs(req, metadata=owner.md)).results
    assert _set_fields(result.job) == COMPLETED
    assert (result.job.status, result.job.lease_epoch) == (pb.JOB_STATUS_COMPLETED, job.lease_epoch)
    whole = await stub.GetJob(pb.GetJobRequest(workspace_id=ws, id=job.id), metadata=owner.md)
    assert whole.job.output == struct(a=1) and whole.job.completed_at == result.job.completed_at
    again = pb.CompleteJobsRequest(workspace_id=ws, completions=[stale], lean=True)
    [refused] = (await stub.CompleteJobs(again, metadata=owner.md)).results
    assert (refused.refusal.code, refused.refusal.reason) == (FAILED_PRECONDITION, "STALE_LEASE")
    assert refused.refusal.message
