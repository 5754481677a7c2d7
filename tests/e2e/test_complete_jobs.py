"""CompleteJobs through the public stubs: one result per completion, in request order,
a refusal carrying what CompleteJob would have answered; bad input refused whole."""

from __future__ import annotations

import grpc
import pytest

from strata.v1 import jobs_pb2 as pb
from strata.v1 import jobs_pb2_grpc
from tests.e2e.harness import Caller, Harness, violations
from tests.e2e.jobs_client import struct, submit_many

FAILED_PRECONDITION, NOT_FOUND = 9, 5


@pytest.fixture
def stub(harness: Harness) -> jobs_pb2_grpc.JobServiceStub:
    return jobs_pb2_grpc.JobServiceStub(harness.channel)


async def _claimed(stub, owner: Caller, ws: str, n: int) -> list[pb.Job]:
    await submit_many(stub, owner, ws, "batch", n)
    claim = pb.ClaimJobsRequest(workspace_id=ws, worker_id="w", kinds=["batch"], max_jobs=n)
    return list((await stub.ClaimJobs(claim, metadata=owner.md)).jobs)


async def test_each_completion_gets_its_result_in_request_order(harness, stub) -> None:
    owner = await harness.new_user("acks")
    ws = await harness.new_workspace(owner, "acks")
    good, stale = await _claimed(stub, owner, ws, 2)
    unknown = "01950000-0000-7000-8000-000000000000"
    req = pb.CompleteJobsRequest(
        workspace_id=ws,
        completions=[
            pb.JobCompletion(job_id=stale.id, lease_epoch=stale.lease_epoch + 1),
            pb.JobCompletion(job_id=good.id, lease_epoch=good.lease_epoch, output=struct(a=1)),
            pb.JobCompletion(job_id=unknown, lease_epoch=1),
        ],
    )
    results = (await stub.CompleteJobs(req, metadata=owner.md)).results
    assert [r.WhichOneof("result") for r in results] == ["refusal", "job", "refusal"]
    assert (results[0].refusal.code, results[0].refusal.reason) == (
        FAILED_PRECONDITION,
        "STALE_LEASE",
    )
    assert results[1].job.status == pb.JOB_STATUS_COMPLETED and results[1].job.output == struct(a=1)
    assert results[2].refusal.code == NOT_FOUND
    got = await stub.GetJob(pb.GetJobRequest(workspace_id=ws, id=stale.id), metadata=owner.md)
    assert got.job.status == pb.JOB_STATUS_RUNNING


async def test_the_same_job_twice_is_invalid_naming_the_second(harness, stub) -> None:
    owner = await harness.new_user("twice")
    ws = await harness.new_workspace(owner, "twice")
    [job] = await _claimed(stub, owner, ws, 1)
    once = pb.JobCompletion(job_id=job.id, lease_epoch=job.lease_epoch)
    req = pb.CompleteJobsRequest(workspace_id=ws, completions=[once, once])
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.CompleteJobs(req, metadata=owner.md)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert list(violations(err.value)) == ["completions[1].job_id"]
    got = await stub.GetJob(pb.GetJobRequest(workspace_id=ws, id=job.id), metadata=owner.md)
    assert got.job.status == pb.JOB_STATUS_RUNNING
