"""The audit entry each RPC of JobService leaves, called by the scene's owner."""

from __future__ import annotations

import uuid
from typing import Any

from strata.v1 import jobs_pb2 as JB
from strata.v1 import jobs_pb2_grpc
from tests.e2e.audited.scene import OK, Call, Row, Scene


def _stub(s: Scene) -> jobs_pb2_grpc.JobServiceStub:
    return jobs_pb2_grpc.JobServiceStub(s.h.channel)


async def _job(s: Scene, claimed: bool) -> JB.Job:
    kind = f"k{uuid.uuid4().hex[:8]}"
    req = JB.SubmitJobRequest(workspace_id=s.ws, kind=kind)
    job = (await _stub(s).SubmitJob(req, metadata=s.owner.md)).job
    if claimed:
        claim = JB.ClaimJobsRequest(workspace_id=s.ws, worker_id="w", kinds=[kind])
        [job] = (await _stub(s).ClaimJobs(claim, metadata=s.owner.md)).jobs
    return job


def _js(rpc: str, needs: str = "", **fields: Any) -> Call:
    """A jobs call in the scene's workspace; `needs` "job" or "lease" makes the job first."""

    async def call(s: Scene, rid: str) -> Any:
        named: dict[str, Any] = {}
        if needs == "job":
            named = {"id": (await _job(s, False)).id}
        elif needs == "lease":
            job = await _job(s, True)
            named = {"job_id": job.id, "lease_epoch": job.lease_epoch}
        request = getattr(JB, f"{rpc}Request")(workspace_id=s.ws, **named, **fields)
        return await getattr(_stub(s), rpc)(request, metadata=s.md(s.owner, rid))

    return call


async def _watch_finished(s: Scene, rid: str) -> list[JB.WatchJobResponse]:
    """WatchJob on a cancelled job: its events, then the stream ends."""
    job = await _job(s, False)
    cancel = JB.CancelJobRequest(workspace_id=s.ws, id=job.id)
    await _stub(s).CancelJob(cancel, metadata=s.owner.md)
    request = JB.WatchJobRequest(workspace_id=s.ws, id=job.id)
    return [m async for m in _stub(s).WatchJob(request, metadata=s.md(s.owner, rid))]


async def _complete_many(s: Scene, rid: str) -> JB.CompleteJobsResponse:
    """CompleteJobs of two claimed jobs: one audit entry for the call."""
    jobs = [await _job(s, True) for _ in range(2)]
    done = [JB.JobCompletion(job_id=j.id, lease_epoch=j.lease_epoch) for j in jobs]
    request = JB.CompleteJobsRequest(workspace_id=s.ws, completions=done)
    return await _stub(s).CompleteJobs(request, metadata=s.md(s.owner, rid))


ROWS: dict[str, Row] = {
    "JobService/SubmitJob": (_js("SubmitJob", kind="echo"), OK),
    "JobService/GetJob": (_js("GetJob", "job"), OK),
    "JobService/ListJobs": (_js("ListJobs"), OK),
    "JobService/CancelJob": (_js("CancelJob", "job"), OK),
    "JobService/ClaimJobs": (_js("ClaimJobs", worker_id="w", kinds=["echo"]), OK),
    "JobService/Heartbeat": (_js("Heartbeat", "lease", progress=0.5), OK),
    "JobService/CompleteJob": (_js("CompleteJob", "lease"), OK),
    "JobService/CompleteJobs": (_complete_many, OK),
    "JobService/FailJob": (_js("FailJob", "lease", error="e"), OK),
    "JobService/WatchJob": (_watch_finished, OK),
}
