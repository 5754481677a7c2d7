"""A worker that stops at a point of its work and waits there to be killed:

    python -m tests.e2e.crash_worker ADDRESS KEY WORKSPACE KIND claim|heartbeat|complete

It claims one job (a 1 s lease), prints `<point> <job id> <lease epoch>` when it reaches
the point (after the claim, after a heartbeat, just before CompleteJob), then sleeps."""

from __future__ import annotations

import asyncio
import sys

import grpc

from strata.v1 import jobs_pb2 as pb
from strata.v1 import jobs_pb2_grpc

POINTS = ("claim", "heartbeat", "complete")


async def main(address: str, key: str, ws: str, kind: str, point: str) -> None:
    md = (("authorization", f"Bearer {key}"),)
    async with grpc.aio.insecure_channel(address) as channel:
        stub = jobs_pb2_grpc.JobServiceStub(channel)
        claim = pb.ClaimJobsRequest(
            workspace_id=ws, worker_id=f"doomed-{kind}", kinds=[kind], lease_seconds=1
        )
        [job] = (await stub.ClaimJobs(claim, metadata=md)).jobs
        if point != "claim":
            beat = pb.HeartbeatRequest(
                workspace_id=ws, job_id=job.id, lease_epoch=job.lease_epoch, lease_seconds=1
            )
            await stub.Heartbeat(beat, metadata=md)
        print(point, job.id, job.lease_epoch, flush=True)
        await asyncio.sleep(3600)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:6]))
