"""A worker's calls about one claimed job, each retried while the server is unreachable;
a stale lease (FAILED_PRECONDITION) or a vanished job answers None."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import grpc
from google.protobuf import struct_pb2

from entrypoints.worker.acks import CompletionAcks, NextJobs
from entrypoints.worker.options import WorkerOptions
from strata.v1 import jobs_pb2 as pb
from strata.v1 import jobs_pb2_grpc

log = logging.getLogger("strata.worker")
T = TypeVar("T")
TRANSIENT = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED}
LOST = {grpc.StatusCode.FAILED_PRECONDITION, grpc.StatusCode.NOT_FOUND}
ATTEMPTS = 4
MAX_ERROR_CHARS = 10_000


class JobReports:
    """Heartbeat, completions (acknowledged in batches) and FailJob for the jobs one
    worker holds."""

    def __init__(
        self,
        stub: jobs_pb2_grpc.JobServiceStub,
        workspace_id: str,
        options: WorkerOptions,
        next_jobs: NextJobs | None = None,
    ) -> None:
        self._stub, self._ws, self._o = stub, workspace_id, options
        self.acks = CompletionAcks(stub, workspace_id, options, next_jobs)

    async def heartbeat(self, job: pb.Job) -> pb.HeartbeatResponse | None:
        req = pb.HeartbeatRequest(
            workspace_id=self._ws,
            job_id=job.id,
            lease_epoch=job.lease_epoch,
            lease_seconds=self._o.lease_seconds,
        )
        return await self._call(lambda: self._stub.Heartbeat(req, **self._kw()), job)

    async def complete(self, job: pb.Job, output: dict[str, Any]) -> pb.Job | None:
        struct = struct_pb2.Struct()
        struct.update(output)
        done = await self.acks.complete(job, struct)  # with others, in one CompleteJobs
        return done if done else await self._completed_by_us(job)

    async def fail(self, job: pb.Job, error: str, retryable: bool) -> pb.Job | None:
        req = pb.FailJobRequest(
            workspace_id=self._ws,
            job_id=job.id,
            lease_epoch=job.lease_epoch,
            error=error[:MAX_ERROR_CHARS],
            retryable=retryable,
        )
        failed = await self._call(lambda: self._stub.FailJob(req, **self._kw()), job)
        return failed.job if failed else None

    async def _completed_by_us(self, job: pb.Job) -> pb.Job | None:
        """After a call that timed out was refused on retry: the first one may have landed."""
        req = pb.GetJobRequest(workspace_id=self._ws, id=job.id)
        got = await self._call(lambda: self._stub.GetJob(req, **self._kw()), job)
        now: pb.Job | None = got.job if got is not None else None
        ours = now is not None and now.lease_epoch == job.lease_epoch
        return now if ours and now is not None and now.status == pb.JOB_STATUS_COMPLETED else None

    def _kw(self) -> dict[str, Any]:
        return {"metadata": self._o.metadata, "timeout": self._o.call_timeout}

    async def _call(self, send: Callable[[], Awaitable[T]], job: pb.Job) -> T | None:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return await send()
            except grpc.aio.AioRpcError as err:
                if err.code() in LOST:
                    log.warning("job %s: lease lost (%s)", job.id, err.details())
                    return None
                if err.code() not in TRANSIENT or attempt == ATTEMPTS:
                    raise
                log.warning("job %s: %s, retrying", job.id, err.code().name)
                await asyncio.sleep(0.2 * 2**attempt)
        return None
