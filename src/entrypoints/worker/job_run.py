"""One claimed job: its handler runs while heartbeats keep the lease, then the outcome is
reported. A cancel request or a lost lease stops the handler."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from google.protobuf import json_format

from entrypoints.worker.handlers import Work, handler_for
from entrypoints.worker.reports import JobReports
from strata.v1 import jobs_pb2 as pb

log = logging.getLogger("strata.worker")


class JobRun:
    """`execute` answers what became of the job: completed, failed, retrying, cancelled,
    lost (the lease was taken away) or stopped (the worker was told to leave)."""

    def __init__(
        self, job: pb.Job, reports: JobReports, beat_seconds: float, abandon: asyncio.Event
    ) -> None:
        self._job, self._reports = job, reports
        self._beat, self._abandon = beat_seconds, abandon

    async def execute(self) -> str:
        job = self._job
        work = Work(job.id, job.kind, _dict(job, "input"), _dict(job, "parameters"))
        try:
            handler = handler_for(job.kind)
        except KeyError as exc:
            failed = await self._reports.fail(job, str(exc.args[0]), retryable=False)
            return "failed" if failed else "lost"
        task = asyncio.create_task(handler(work), name=f"job-{job.id}")
        try:
            stopped = await self._supervise(task)
        finally:
            await _cancelled(task)
        if stopped:
            return stopped
        if (error := task.exception()) is not None:
            return await self._failed(error)
        done = await self._reports.complete(job, task.result())
        return "completed" if done else "lost"

    async def _supervise(self, task: asyncio.Task[dict[str, Any]]) -> str | None:
        """Waits for the handler, heartbeating; an outcome when it must stop early."""
        abandoned = asyncio.create_task(self._abandon.wait())
        try:
            while True:
                await asyncio.wait(
                    {task, abandoned}, timeout=self._beat, return_when="FIRST_COMPLETED"
                )
                if task.done():
                    return None
                if abandoned.done():
                    await self._reports.fail(self._job, "the worker stopped", retryable=True)
                    return "stopped"
                beat = await self._reports.heartbeat(self._job)
                if beat is None:
                    return "lost"
                if beat.cancel_requested:
                    await self._reports.fail(self._job, "cancel requested", retryable=False)
                    return "cancelled"
        finally:
            await _cancelled(abandoned)

    async def _failed(self, error: BaseException) -> str:
        log.warning("job %s failed: %r", self._job.id, error)
        failed = await self._reports.fail(self._job, f"{type(error).__name__}: {error}", True)
        if failed is None:
            return "lost"
        return "retrying" if failed.status == pb.JOB_STATUS_PENDING else "failed"


def _dict(job: pb.Job, name: str) -> dict[str, Any]:
    return json_format.MessageToDict(getattr(job, name)) if job.HasField(name) else {}


async def _cancelled(task: asyncio.Task[Any]) -> None:
    if not task.done():
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task
