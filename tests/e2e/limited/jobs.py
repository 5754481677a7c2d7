"""What a key limited to workspace A gets from each RPC of JobService."""

from __future__ import annotations

import uuid
from typing import Any

from strata.v1 import jobs_pb2 as jpb
from strata.v1 import jobs_pb2_grpc
from tests.e2e.limited.requests import Case, in_a_not_b, ws_call
from tests.e2e.limited.scene import Scene

JS = "/strata.v1.JobService/"


async def _job(s: Scene, ws: str, claimed: bool = False) -> jpb.Job:
    """A job of workspace `ws` submitted by its owner; `claimed`: running under a lease."""
    stub = jobs_pb2_grpc.JobServiceStub(s.h.channel)
    md, kind = s.owner(ws).md, f"k{uuid.uuid4().hex[:8]}"
    req = jpb.SubmitJobRequest(workspace_id=s.ws[ws], kind=kind)
    job = (await stub.SubmitJob(req, metadata=md)).job
    if claimed:
        claim = jpb.ClaimJobsRequest(workspace_id=s.ws[ws], worker_id="w", kinds=[kind])
        [job] = (await stub.ClaimJobs(claim, metadata=md)).jobs
    return job


def _on_job(kind: type[Any], claimed: bool = False, **fields: Any) -> list[Case]:
    async def build(s: Scene, ws: str) -> Any:
        job = await _job(s, ws, claimed)
        if claimed:
            fields["lease_epoch"] = job.lease_epoch
            return kind(workspace_id=job.workspace_id, job_id=job.id, **fields)
        return kind(workspace_id=job.workspace_id, id=job.id, **fields)

    return in_a_not_b(build)


async def _completions(s: Scene, ws: str) -> jpb.CompleteJobsRequest:
    job = await _job(s, ws, claimed=True)
    done = jpb.JobCompletion(job_id=job.id, lease_epoch=job.lease_epoch)
    return jpb.CompleteJobsRequest(workspace_id=job.workspace_id, completions=[done])


ROWS: dict[str, list[Case]] = {
    JS + "SubmitJob": in_a_not_b(lambda s, w: jpb.SubmitJobRequest(workspace_id=s.ws[w], kind="e")),
    JS + "GetJob": _on_job(jpb.GetJobRequest),
    JS + "ListJobs": ws_call(jpb.ListJobsRequest),
    JS + "CancelJob": _on_job(jpb.CancelJobRequest),
    JS + "ClaimJobs": ws_call(jpb.ClaimJobsRequest, worker_id="w", kinds=["echo"]),
    JS + "Heartbeat": _on_job(jpb.HeartbeatRequest, claimed=True, progress=0.5),
    JS + "CompleteJob": _on_job(jpb.CompleteJobRequest, claimed=True),
    JS + "CompleteJobs": in_a_not_b(_completions),
    JS + "FailJob": _on_job(jpb.FailJobRequest, claimed=True, error="e"),
    JS + "WatchJob": _on_job(jpb.WatchJobRequest),
}
