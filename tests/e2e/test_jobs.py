"""JobService end to end, on PostgreSQL and on memory: a worker's whole round, fencing,
cancellation, unique keys, bad input and tenancy."""

from __future__ import annotations

import uuid

import grpc
import pytest
from google.protobuf import struct_pb2

from strata.v1 import jobs_pb2 as pb
from strata.v1 import jobs_pb2_grpc
from tests.e2e.harness import Caller, Harness, violations


@pytest.fixture
def stub(harness: Harness) -> jobs_pb2_grpc.JobServiceStub:
    return jobs_pb2_grpc.JobServiceStub(harness.channel)


@pytest.fixture
async def owner(harness: Harness) -> Caller:
    return await harness.new_user("jobs")


@pytest.fixture
async def ws(harness: Harness, owner: Caller) -> str:
    return await harness.new_workspace(owner, "jobs")


def _kind() -> str:
    return f"echo.{uuid.uuid4().hex[:8]}"


async def test_a_worker_claims_beats_and_completes_a_job(stub, owner, ws) -> None:
    kind, params = _kind(), struct_pb2.Struct()
    params.update({"temperature": 0.2})
    submitted = await stub.SubmitJob(
        pb.SubmitJobRequest(workspace_id=ws, kind=kind, parameters=params, priority=3),
        metadata=owner.md,
    )
    assert submitted.job.status == pb.JOB_STATUS_PENDING
    claim = pb.ClaimJobsRequest(workspace_id=ws, worker_id="w-1", kinds=[kind], max_jobs=5)
    [job] = (await stub.ClaimJobs(claim, metadata=owner.md)).jobs
    assert job.id == submitted.job.id and job.lease_epoch == 1 and job.lease_holder == "w-1"
    beat = await stub.Heartbeat(
        pb.HeartbeatRequest(workspace_id=ws, job_id=job.id, lease_epoch=1, progress=0.5),
        metadata=owner.md,
    )
    assert not beat.cancel_requested
    output = struct_pb2.Struct()
    output.update({"text": "hello"})
    done = await stub.CompleteJob(
        pb.CompleteJobRequest(workspace_id=ws, job_id=job.id, lease_epoch=1, output=output),
        metadata=owner.md,
    )
    assert done.job.status == pb.JOB_STATUS_COMPLETED and done.job.output["text"] == "hello"
    listed = await stub.ListJobs(
        pb.ListJobsRequest(workspace_id=ws, statuses=[pb.JOB_STATUS_COMPLETED], kinds=[kind]),
        metadata=owner.md,
    )
    assert [j.id for j in listed.jobs] == [job.id]


async def test_a_stale_epoch_is_failed_precondition_and_changes_nothing(stub, owner, ws) -> None:
    kind = _kind()
    await stub.SubmitJob(pb.SubmitJobRequest(workspace_id=ws, kind=kind), metadata=owner.md)
    claim = pb.ClaimJobsRequest(workspace_id=ws, worker_id="w", kinds=[kind])
    [job] = (await stub.ClaimJobs(claim, metadata=owner.md)).jobs
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.CompleteJob(
            pb.CompleteJobRequest(workspace_id=ws, job_id=job.id, lease_epoch=7),
            metadata=owner.md,
        )
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    got = await stub.GetJob(pb.GetJobRequest(workspace_id=ws, id=job.id), metadata=owner.md)
    assert got.job.status == pb.JOB_STATUS_RUNNING


async def test_cancelling_a_running_job_reaches_its_worker(stub, owner, ws) -> None:
    kind = _kind()
    await stub.SubmitJob(pb.SubmitJobRequest(workspace_id=ws, kind=kind), metadata=owner.md)
    claim = pb.ClaimJobsRequest(workspace_id=ws, worker_id="w", kinds=[kind])
    [job] = (await stub.ClaimJobs(claim, metadata=owner.md)).jobs
    await stub.CancelJob(pb.CancelJobRequest(workspace_id=ws, id=job.id), metadata=owner.md)
    beat = await stub.Heartbeat(
        pb.HeartbeatRequest(workspace_id=ws, job_id=job.id, lease_epoch=job.lease_epoch),
        metadata=owner.md,
    )
    assert beat.cancel_requested
    failed = await stub.FailJob(
        pb.FailJobRequest(
            workspace_id=ws, job_id=job.id, lease_epoch=job.lease_epoch, retryable=True
        ),
        metadata=owner.md,
    )
    assert failed.job.status == pb.JOB_STATUS_CANCELLED


async def test_a_second_submit_with_an_active_unique_key_returns_the_first(stub, owner, ws) -> None:
    req = pb.SubmitJobRequest(workspace_id=ws, kind=_kind(), unique_key="nightly")
    first = await stub.SubmitJob(req, metadata=owner.md)
    second = await stub.SubmitJob(req, metadata=owner.md)
    assert second.job.id == first.job.id


async def test_bad_input_is_invalid_argument_naming_the_field(stub, owner, ws) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.SubmitJob(
            pb.SubmitJobRequest(workspace_id=ws, kind="Bad Kind!"), metadata=owner.md
        )
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "kind" in violations(err.value)
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.ClaimJobs(
            pb.ClaimJobsRequest(workspace_id=ws, worker_id="w", kinds=["a"], max_jobs=101),
            metadata=owner.md,
        )
    assert "max_jobs" in violations(err.value)


async def test_another_workspace_s_job_is_not_found(harness, stub, owner, ws) -> None:
    job = (
        await stub.SubmitJob(pb.SubmitJobRequest(workspace_id=ws, kind=_kind()), metadata=owner.md)
    ).job
    stranger = await harness.new_user("stranger")
    theirs = await harness.new_workspace(stranger, "theirs")
    for workspace in (ws, theirs):
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.GetJob(
                pb.GetJobRequest(workspace_id=workspace, id=job.id), metadata=stranger.md
            )
        assert err.value.code() == grpc.StatusCode.NOT_FOUND
