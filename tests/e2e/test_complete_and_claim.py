"""CompleteJobs with claim_next through the public stubs: a worker acknowledges a batch
and gets its next one in the same call; bad claim fields are refused whole."""

from __future__ import annotations

import grpc
import pytest

from strata.v1 import jobs_pb2 as pb
from strata.v1 import jobs_pb2_grpc
from tests.e2e.harness import Harness, violations
from tests.e2e.jobs_client import submit_many


@pytest.fixture
def stub(harness: Harness) -> jobs_pb2_grpc.JobServiceStub:
    return jobs_pb2_grpc.JobServiceStub(harness.channel)


def _acks(jobs: list[pb.Job]) -> list[pb.JobCompletion]:
    return [pb.JobCompletion(job_id=j.id, lease_epoch=j.lease_epoch) for j in jobs]


async def test_acknowledging_a_batch_claims_the_next_one(harness, stub) -> None:
    owner = await harness.new_user("next")
    ws = await harness.new_workspace(owner, "next")
    ids = await submit_many(stub, owner, ws, "next", 5)
    claim = pb.ClaimJobsRequest(workspace_id=ws, worker_id="w", kinds=["next"], max_jobs=2)
    first = list((await stub.ClaimJobs(claim, metadata=owner.md)).jobs)
    nxt = pb.NextClaim(worker_id="w", kinds=["next"], max_jobs=2, lean=True)
    req = pb.CompleteJobsRequest(workspace_id=ws, completions=_acks(first), claim_next=nxt)
    answer = await stub.CompleteJobs(req, metadata=owner.md)
    assert [r.job.status for r in answer.results] == [pb.JOB_STATUS_COMPLETED] * 2
    assert [j.id for j in answer.claimed] == ids[2:4]
    assert all(j.status == pb.JOB_STATUS_RUNNING and not j.owner_id for j in answer.claimed)
    last = pb.CompleteJobsRequest(
        workspace_id=ws, completions=_acks(list(answer.claimed)), claim_next=nxt
    )
    assert [j.id for j in (await stub.CompleteJobs(last, metadata=owner.md)).claimed] == ids[4:]
    for job_id in ids[2:4]:
        got = await stub.GetJob(pb.GetJobRequest(workspace_id=ws, id=job_id), metadata=owner.md)
        assert got.job.status == pb.JOB_STATUS_COMPLETED


async def test_a_bad_claim_next_is_invalid_and_completes_nothing(harness, stub) -> None:
    owner = await harness.new_user("badnext")
    ws = await harness.new_workspace(owner, "badnext")
    await submit_many(stub, owner, ws, "badnext", 1)
    claim = pb.ClaimJobsRequest(workspace_id=ws, worker_id="w", kinds=["badnext"])
    [job] = (await stub.ClaimJobs(claim, metadata=owner.md)).jobs
    nxt = pb.NextClaim(worker_id="w", max_jobs=101)
    req = pb.CompleteJobsRequest(workspace_id=ws, completions=_acks([job]), claim_next=nxt)
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.CompleteJobs(req, metadata=owner.md)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "claim_next.max_jobs" in violations(err.value)
    got = await stub.GetJob(pb.GetJobRequest(workspace_id=ws, id=job.id), metadata=owner.md)
    assert got.job.status == pb.JOB_STATUS_RUNNING
