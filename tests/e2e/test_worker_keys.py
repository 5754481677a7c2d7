"""Worker keys end to end, on PostgreSQL and on memory: a key limited to job kinds works
jobs of those kinds and nothing else, and cannot be used to widen itself."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest

from strata.v1 import identity_pb2 as ipb
from strata.v1 import jobs_pb2 as pb
from strata.v1 import jobs_pb2_grpc
from tests.e2e.harness import Caller, Harness, error_info, violations


@pytest.fixture
def stub(harness: Harness) -> jobs_pb2_grpc.JobServiceStub:
    return jobs_pb2_grpc.JobServiceStub(harness.channel)


@pytest.fixture
async def owner(harness: Harness) -> Caller:
    return await harness.new_user("workers")


@pytest.fixture
async def ws(harness: Harness, owner: Caller) -> str:
    return await harness.new_workspace(owner, "workers")


def _kind() -> str:
    return f"render.{uuid.uuid4().hex[:8]}"


async def _worker_key(harness: Harness, caller: Caller, kinds: list[str]) -> tuple[Caller, Any]:
    made = await harness.identity.CreateApiKey(
        ipb.CreateApiKeyRequest(name="worker", job_kinds=kinds), metadata=caller.md
    )
    return Caller(caller.user_id, caller.email, made.secret), made.api_key


async def test_the_key_shows_its_kinds_and_claims_only_them(harness, stub, owner, ws) -> None:
    mine, theirs = _kind(), _kind()
    for kind in (mine, theirs):
        await stub.SubmitJob(pb.SubmitJobRequest(workspace_id=ws, kind=kind), metadata=owner.md)
    worker, key = await _worker_key(harness, owner, [mine])
    assert list(key.job_kinds) == [mine]
    listed = await harness.identity.ListApiKeys(ipb.ListApiKeysRequest(), metadata=owner.md)
    assert [list(k.job_kinds) for k in listed.api_keys if k.id == key.id] == [[mine]]
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.ClaimJobs(
            pb.ClaimJobsRequest(workspace_id=ws, worker_id="w", kinds=[mine, theirs]),
            metadata=worker.md,
        )
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert error_info(refused.value).metadata["fields"] == "kinds"
    claimed = await stub.ClaimJobs(
        pb.ClaimJobsRequest(workspace_id=ws, worker_id="w", max_jobs=10), metadata=worker.md
    )
    [job] = claimed.jobs
    assert job.kind == mine
    done = await stub.CompleteJob(
        pb.CompleteJobRequest(workspace_id=ws, job_id=job.id, lease_epoch=job.lease_epoch),
        metadata=worker.md,
    )
    assert done.job.status == pb.JOB_STATUS_COMPLETED
    got = await stub.GetJob(pb.GetJobRequest(workspace_id=ws, id=job.id), metadata=worker.md)
    assert got.job.status == pb.JOB_STATUS_COMPLETED


async def test_it_may_not_touch_a_job_of_another_kind(harness, stub, owner, ws) -> None:
    theirs = _kind()
    await stub.SubmitJob(pb.SubmitJobRequest(workspace_id=ws, kind=theirs), metadata=owner.md)
    [job] = (
        await stub.ClaimJobs(
            pb.ClaimJobsRequest(workspace_id=ws, worker_id="o", kinds=[theirs]), metadata=owner.md
        )
    ).jobs
    worker, _ = await _worker_key(harness, owner, [_kind()])
    lease = {"workspace_id": ws, "job_id": job.id, "lease_epoch": job.lease_epoch}
    for call in (
        stub.Heartbeat(pb.HeartbeatRequest(**lease, progress=0.9), metadata=worker.md),
        stub.CompleteJob(pb.CompleteJobRequest(**lease), metadata=worker.md),
        stub.FailJob(pb.FailJobRequest(**lease, error="x"), metadata=worker.md),
        stub.GetJob(pb.GetJobRequest(workspace_id=ws, id=job.id), metadata=worker.md),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await call
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    got = await stub.GetJob(pb.GetJobRequest(workspace_id=ws, id=job.id), metadata=owner.md)
    assert got.job.status == pb.JOB_STATUS_RUNNING and got.job.progress == 0.0


async def test_it_submits_cancels_lists_and_reaches_other_services_not(
    harness, stub, owner, ws
) -> None:
    kind = _kind()
    job = (
        await stub.SubmitJob(pb.SubmitJobRequest(workspace_id=ws, kind=kind), metadata=owner.md)
    ).job
    worker, _ = await _worker_key(harness, owner, [kind])
    for call in (
        stub.SubmitJob(pb.SubmitJobRequest(workspace_id=ws, kind=kind), metadata=worker.md),
        stub.CancelJob(pb.CancelJobRequest(workspace_id=ws, id=job.id), metadata=worker.md),
        stub.ListJobs(pb.ListJobsRequest(workspace_id=ws), metadata=worker.md),
        harness.identity.ListWorkspaces(ipb.ListWorkspacesRequest(), metadata=worker.md),
        harness.identity.ListApiKeys(ipb.ListApiKeysRequest(), metadata=worker.md),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await call
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    me = await harness.identity.WhoAmI(ipb.WhoAmIRequest(), metadata=worker.md)
    assert list(me.api_key.job_kinds) == [kind]


async def test_a_forged_attempt_to_widen_its_kinds_is_refused(harness, owner) -> None:
    mine, wanted = _kind(), _kind()
    worker, _ = await _worker_key(harness, owner, [mine])
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await harness.identity.CreateApiKey(
            ipb.CreateApiKeyRequest(name="wider", job_kinds=[mine, wanted]), metadata=worker.md
        )
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert error_info(refused.value).metadata["fields"] == "job_kinds"
    narrower = await harness.identity.CreateApiKey(
        ipb.CreateApiKeyRequest(name="same"), metadata=worker.md
    )
    assert list(narrower.api_key.job_kinds) == [mine]


async def test_malformed_kinds_are_invalid_naming_the_field(harness, owner) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await harness.identity.CreateApiKey(
            ipb.CreateApiKeyRequest(name="w", job_kinds=["ok", "NOT OK"]), metadata=owner.md
        )
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "job_kinds[1]" in violations(refused.value)


async def test_health_reports_the_jobs_upkeep(harness) -> None:
    from strata.v1 import system_pb2 as spb

    health = await harness.system.GetHealth(spb.GetHealthRequest())
    [jobs] = [c for c in health.components if c.name == "jobs"]
    assert jobs.details["last_rescue_outcome"] in ("ok", "not run yet")
    assert set(jobs.details) >= {"last_rescue_time", "rescued_total", "purged_total"}
