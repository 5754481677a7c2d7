"""A WatchJob stream read in the background, and the job moves tests watch."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass, field

import grpc

from entrypoints.settings import Settings, load_settings
from strata.v1 import jobs_pb2 as pb
from strata.v1 import jobs_pb2_grpc
from tests.e2e.harness import Caller, Harness

WAIT = 10.0


def watch_settings(storage: str, heartbeat: float) -> Settings:
    return load_settings(
        environ={
            "STRATA_STORAGE": storage,
            "STRATA_KEY_PEPPER": "e2e-pepper",
            "STRATA_JOBS_WATCH_HEARTBEAT_SECONDS": str(heartbeat),
            "STRATA_CHDB_HOST": "inline",
        }
    )


def job_stub(h: Harness) -> jobs_pb2_grpc.JobServiceStub:
    return jobs_pb2_grpc.JobServiceStub(h.channel)


@dataclass
class Watch:
    """A WatchJob stream read in the background: its events, heartbeats and end."""

    call: grpc.aio.UnaryStreamCall[pb.WatchJobRequest, pb.WatchJobResponse]
    events: list[pb.JobEvent] = field(default_factory=list)
    beats: list[pb.WatchHeartbeat] = field(default_factory=list)
    arrived: asyncio.Condition = field(default_factory=asyncio.Condition)
    task: asyncio.Task[None] | None = None

    async def _read(self) -> None:
        async for message in self.call:
            async with self.arrived:
                if message.HasField("event"):
                    self.events.append(message.event)
                else:
                    self.beats.append(message.heartbeat)
                self.arrived.notify_all()

    async def until(self, events: int = 0, beats: int = 0) -> None:
        """Until that many events and heartbeats arrived (bounded by WAIT)."""
        async with self.arrived:
            enough = lambda: len(self.events) >= events and len(self.beats) >= beats  # noqa: E731
            await asyncio.wait_for(self.arrived.wait_for(enough), WAIT)

    async def ended(self) -> grpc.StatusCode:
        assert self.task is not None
        with contextlib.suppress(asyncio.CancelledError):  # what a cancelled call raises
            await asyncio.wait_for(self.task, WAIT)
        return await self.call.code()

    def seqs(self) -> list[int]:
        return [e.seq for e in self.events]


def watch(stub: jobs_pb2_grpc.JobServiceStub, who: Caller, job: pb.Job, after: int = 0) -> Watch:
    req = pb.WatchJobRequest(workspace_id=job.workspace_id, id=job.id, starting_after=after)
    w = Watch(stub.WatchJob(req, metadata=who.md))
    w.task = asyncio.create_task(w._read())
    return w


async def submit(stub: jobs_pb2_grpc.JobServiceStub, who: Caller, ws: str) -> pb.Job:
    kind = f"echo.{uuid.uuid4().hex[:8]}"
    req = pb.SubmitJobRequest(workspace_id=ws, kind=kind)
    return (await stub.SubmitJob(req, metadata=who.md)).job


async def claim(stub: jobs_pb2_grpc.JobServiceStub, who: Caller, job: pb.Job) -> pb.Job:
    req = pb.ClaimJobsRequest(workspace_id=job.workspace_id, worker_id="w", kinds=[job.kind])
    [claimed] = (await stub.ClaimJobs(req, metadata=who.md)).jobs
    return claimed


async def beat(stub: jobs_pb2_grpc.JobServiceStub, who: Caller, job: pb.Job, p: float) -> None:
    req = pb.HeartbeatRequest(
        workspace_id=job.workspace_id, job_id=job.id, lease_epoch=job.lease_epoch, progress=p
    )
    await stub.Heartbeat(req, metadata=who.md)


async def complete(stub: jobs_pb2_grpc.JobServiceStub, who: Caller, job: pb.Job) -> None:
    req = pb.CompleteJobRequest(
        workspace_id=job.workspace_id, job_id=job.id, lease_epoch=job.lease_epoch
    )
    await stub.CompleteJob(req, metadata=who.md)
