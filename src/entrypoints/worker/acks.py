"""Completions acknowledged in batches: a finished job's completion waits in a buffer
that CompleteJobs sends when it holds `ack_batch` completions (or as many as the worker
may hold at once), or `ack_wait` after the first one came, whichever is first.

The wait is far shorter than a lease: the job's last heartbeat left it at least two
thirds of its lease (see WorkerOptions.ack_wait). Each completion's result comes back to
the job that sent it: the completed job (its lean form), or None when it was refused as
CompleteJob refuses a lost lease (logged, dropped). Given `NextJobs`, each call also claims
the worker's next jobs (claim_next), as many as the acknowledged ones leave room for."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Protocol

import grpc
from google.protobuf import struct_pb2

from entrypoints.worker.options import WorkerOptions
from strata.v1 import jobs_pb2 as pb
from strata.v1 import jobs_pb2_grpc

log = logging.getLogger("strata.worker")
TRANSIENT = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED}
LOST = {grpc.StatusCode.FAILED_PRECONDITION.value[0], grpc.StatusCode.NOT_FOUND.value[0]}
ATTEMPTS = 4
Waiting = tuple[pb.JobCompletion, "asyncio.Future[pb.Job | None]"]


class CompletionRefused(Exception):
    """CompleteJobs refused a completion for another reason than a lost lease."""


class NextJobs(Protocol):
    """Where jobs claimed along with acknowledgements go."""

    def asked(self, acknowledging: int) -> pb.NextClaim | None:
        """What to claim once `acknowledging` jobs are acknowledged; None: nothing."""
        ...

    def came(self, asked: pb.NextClaim, jobs: Sequence[pb.Job]) -> None:
        """What `asked` brought (nothing when the call failed)."""
        ...


class CompletionAcks:
    def __init__(
        self,
        stub: jobs_pb2_grpc.JobServiceStub,
        workspace_id: str,
        options: WorkerOptions,
        next_jobs: NextJobs | None = None,
    ) -> None:
        self._stub, self._ws, self._o = stub, workspace_id, options
        self._next, self._closing = next_jobs, False
        self._size = max(1, min(options.ack_batch, options.concurrency))
        self._buffer: list[Waiting] = []
        self._timer: asyncio.TimerHandle | None = None
        self._sending: set[asyncio.Task[None]] = set()

    async def complete(self, job: pb.Job, output: struct_pb2.Struct) -> pb.Job | None:
        """The completed job once its batch is acknowledged; None: the lease was lost."""
        done: asyncio.Future[pb.Job | None] = asyncio.get_running_loop().create_future()
        item = pb.JobCompletion(job_id=job.id, lease_epoch=job.lease_epoch, output=output)
        self._buffer.append((item, done))
        if len(self._buffer) >= self._size:
            self._flush()
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self._o.ack_wait, self._flush)
        return await done

    async def close(self) -> None:
        """Sends what the buffer holds (claiming nothing more) and waits for every batch in
        flight."""
        self._closing = True
        self._flush()
        while self._sending:
            await asyncio.gather(*self._sending, return_exceptions=True)

    def _flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not self._buffer:
            return
        batch, self._buffer = self._buffer, []
        task = asyncio.create_task(self._send(batch), name="complete-jobs")
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _send(self, batch: list[Waiting]) -> None:
        completions = [item for item, _ in batch]
        req = pb.CompleteJobsRequest(workspace_id=self._ws, completions=completions, lean=True)
        asked = None if self._next is None or self._closing else self._next.asked(len(batch))
        if asked is not None:
            req.claim_next.CopyFrom(asked)
        try:
            answer = await self._call(req)
        except Exception as exc:  # every job of the batch learns it, as a single call would
            if asked is not None and self._next is not None:
                self._next.came(asked, [])
            lost = isinstance(exc, grpc.aio.AioRpcError) and exc.code().value[0] in LOST
            if lost:
                log.warning("CompleteJobs: leases lost (%s)", exc)
            for _, done in batch:
                if not done.done():
                    done.set_result(None) if lost else done.set_exception(exc)
            return
        if asked is not None and self._next is not None:
            self._next.came(asked, answer.claimed)
        for (item, done), result in zip(batch, answer.results, strict=True):
            if not done.done():
                _settle(item, done, result)

    async def _call(self, req: pb.CompleteJobsRequest) -> pb.CompleteJobsResponse:
        kw = {"metadata": self._o.metadata, "timeout": self._o.call_timeout}
        for attempt in range(1, ATTEMPTS + 1):
            try:
                got: pb.CompleteJobsResponse = await self._stub.CompleteJobs(req, **kw)
                return got
            except grpc.aio.AioRpcError as err:
                if err.code() not in TRANSIENT or attempt == ATTEMPTS:
                    raise
                log.warning("CompleteJobs: %s, retrying", err.code().name)
                await asyncio.sleep(0.2 * 2**attempt)
        raise AssertionError("unreachable")


def _settle(
    item: pb.JobCompletion, done: asyncio.Future[pb.Job | None], result: pb.CompletionResult
) -> None:
    if result.HasField("job"):
        done.set_result(result.job)
        return
    refusal = result.refusal
    if refusal.code in LOST:
        log.warning("job %s: lease lost (%s)", item.job_id, refusal.message)
        done.set_result(None)
        return
    done.set_exception(CompletionRefused(f"{refusal.reason}: {refusal.message}"))
