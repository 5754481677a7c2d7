"""The worker's loop: claim in batches while it has room, run each job beside its
heartbeats, and on stop finish what it holds (or fail it, retryable, after the grace)."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from typing import Any

import grpc

from entrypoints.worker.job_run import JobRun
from entrypoints.worker.options import WorkerOptions
from entrypoints.worker.reports import TRANSIENT, JobReports
from entrypoints.worker.room import ClaimRoom
from strata.v1 import jobs_pb2 as pb
from strata.v1 import jobs_pb2_grpc

log = logging.getLogger("strata.worker")


class WorkerRefused(Exception):
    """The server will not let this worker claim (bad key, role, workspace or kinds)."""


class Worker:
    def __init__(
        self, stub: jobs_pb2_grpc.JobServiceStub, workspace_id: str, options: WorkerOptions
    ) -> None:
        self._stub, self._ws, self._o = stub, workspace_id, options
        self._runs: set[asyncio.Task[str]] = set()
        self._stopping = asyncio.Event()
        self._room = ClaimRoom(options, self._held, self._start, self._stopping)
        self._reports = JobReports(stub, workspace_id, options, next_jobs=self._room)
        self._abandon = asyncio.Event()
        self.outcomes: collections.Counter[str] = collections.Counter()

    async def run(self, stopping: asyncio.Event) -> collections.Counter[str]:
        """Works until `stopping` is set, then drains; returns how many jobs ended how."""
        stop = asyncio.create_task(stopping.wait())
        stop.add_done_callback(lambda _: self._stopping.set())  # claims along acks end too
        try:
            while not stopping.is_set():
                room = self._room.free()
                if room <= 0:
                    await asyncio.wait({stop, *self._runs}, return_when="FIRST_COMPLETED")
                    continue
                self._room.ask(room)
                jobs: list[pb.Job] = []
                try:
                    jobs = await self._claim(room)
                finally:
                    self._room.answered(room, jobs)
                if not jobs:
                    await asyncio.wait({stop}, timeout=self._o.poll_seconds)
        finally:
            stop.cancel()
            await self._drain()
            await self._reports.acks.close()
        return self.outcomes

    async def _claim(self, room: int) -> list[pb.Job]:
        req = pb.ClaimJobsRequest(
            workspace_id=self._ws,
            worker_id=self._o.worker_id,
            kinds=self._o.kinds,
            max_jobs=room,
            lease_seconds=self._o.lease_seconds,
            lean=True,
        )
        try:
            claimed = await self._stub.ClaimJobs(
                req, metadata=self._o.metadata, timeout=self._o.call_timeout
            )
        except grpc.aio.AioRpcError as err:
            if err.code() in TRANSIENT:
                log.warning("claim failed (%s), trying again", err.code().name)
                return []
            raise WorkerRefused(f"ClaimJobs: {err.code().name}: {err.details()}") from None
        return list(claimed.jobs)

    def _held(self) -> int:
        """The jobs not finished (a run that just ended leaves its slot free at once)."""
        return sum(not run.done() for run in self._runs)

    def _start(self, job: pb.Job) -> None:
        run = JobRun(job, self._reports, self._o.beat_seconds, self._abandon)
        task = asyncio.create_task(run.execute(), name=f"run-{job.id}")
        self._runs.add(task)
        task.add_done_callback(self._ended)

    def _ended(self, task: asyncio.Task[str]) -> None:
        self._runs.discard(task)
        if task.cancelled():
            return
        if (error := task.exception()) is not None:
            log.error("a job's report failed: %r", error)
            self.outcomes["unreported"] += 1
            return
        self.outcomes[task.result()] += 1

    async def _drain(self) -> None:
        if not self._runs:
            return
        log.info(
            "stopping: %d jobs in flight, %.0f s to finish", len(self._runs), self._o.grace_seconds
        )
        _, late = await asyncio.wait(set(self._runs), timeout=self._o.grace_seconds)
        if late:
            self._abandon.set()
            with contextlib.suppress(Exception):
                await asyncio.gather(*late, return_exceptions=True)


def summary(outcomes: collections.Counter[str]) -> str:
    parts: list[Any] = [f"{n} {what}" for what, n in sorted(outcomes.items())]
    return ", ".join(parts) or "no jobs"
