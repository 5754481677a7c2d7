"""`strata worker` against a served Strata, through the public stubs: echo jobs, cancels
seen on a heartbeat, failures retried, and a clean stop on SIGTERM."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import signal
from collections.abc import AsyncIterator
from typing import Any

import pytest

from entrypoints.worker.connect import work
from entrypoints.worker.handlers import Work, handles
from entrypoints.worker.options import WorkerOptions
from strata.v1 import jobs_pb2 as pb
from strata.v1 import jobs_pb2_grpc
from tests.e2e.harness import Caller, Harness
from tests.e2e.jobs_client import jobs_of, settled, struct, submit_many, worker_process

RUNNING = frozenset({pb.JOB_STATUS_RUNNING})


@handles("test.slow")
async def _slow(work: Work) -> dict[str, Any]:
    await asyncio.sleep(3600)
    return {}


@handles("test.boom")
async def _boom(work: Work) -> dict[str, Any]:
    raise RuntimeError("boom")


@pytest.fixture
def stub(harness: Harness) -> jobs_pb2_grpc.JobServiceStub:
    return jobs_pb2_grpc.JobServiceStub(harness.channel)


@pytest.fixture
async def owner(harness: Harness) -> Caller:
    return await harness.new_user("worker")


@pytest.fixture
async def ws(harness: Harness, owner: Caller) -> str:
    return await harness.new_workspace(owner, "worker")


@contextlib.asynccontextmanager
async def running_worker(
    harness: Harness, owner: Caller, ws: str, kinds: str | tuple[str, ...], **options: Any
) -> AsyncIterator[tuple[asyncio.Event, asyncio.Task[collections.Counter[str]]]]:
    kinds = (kinds,) if isinstance(kinds, str) else kinds
    opts = WorkerOptions(harness.address, owner.key, kinds, ws, poll_seconds=0.05, **options)
    stopping = asyncio.Event()
    task = asyncio.create_task(work(opts, stopping))
    try:
        yield stopping, task
    finally:
        stopping.set()
        await asyncio.wait_for(task, 30)


async def test_the_worker_completes_echo_jobs_with_their_input_as_output(
    harness, stub, owner, ws
) -> None:
    ids = await submit_many(stub, owner, ws, "echo", 30)
    async with running_worker(harness, owner, ws, "echo", concurrency=4, batch=5) as (_, task):
        jobs = await settled(stub, owner, ws, "echo", within=60)
    assert task.result()["completed"] == 30
    assert sorted(jobs) == sorted(ids)
    for job in jobs.values():
        assert job.status == pb.JOB_STATUS_COMPLETED and job.output == job.input


async def test_a_cancel_stops_the_running_handler_on_its_next_heartbeat(
    harness, stub, owner, ws
) -> None:
    [job_id] = await submit_many(stub, owner, ws, "test.slow", 1)
    async with running_worker(harness, owner, ws, "test.slow", lease_seconds=3) as (_, task):
        await settled(stub, owner, ws, "test.slow", within=30, wanted=RUNNING)
        await stub.CancelJob(pb.CancelJobRequest(workspace_id=ws, id=job_id), metadata=owner.md)
        [job] = (await settled(stub, owner, ws, "test.slow", within=30)).values()
    assert job.status == pb.JOB_STATUS_CANCELLED
    assert task.result()["cancelled"] == 1


async def test_a_handler_that_raises_fails_its_job_with_the_error(harness, stub, owner, ws) -> None:
    req = pb.SubmitJobRequest(workspace_id=ws, kind="test.boom", input=struct(), max_attempts=1)
    await stub.SubmitJob(req, metadata=owner.md)
    async with running_worker(harness, owner, ws, "test.boom") as (_, task):
        [job] = (await settled(stub, owner, ws, "test.boom", within=30)).values()
    assert job.status == pb.JOB_STATUS_FAILED and job.error == "RuntimeError: boom"
    assert task.result()["failed"] == 1


async def test_a_job_still_held_after_the_grace_goes_back_to_the_queue(
    harness, stub, owner, ws
) -> None:
    async with running_worker(harness, owner, ws, "test.slow", grace_seconds=0.1) as (stop, task):
        [job_id] = await submit_many(stub, owner, ws, "test.slow", 1)
        await settled(stub, owner, ws, "test.slow", within=30, wanted=RUNNING)
        stop.set()
        await asyncio.wait_for(task, 30)
    job = (await jobs_of(stub, owner, ws, "test.slow"))[job_id]
    assert job.status == pb.JOB_STATUS_PENDING and job.attempts == 1
    assert job.error == "the worker stopped"
    assert task.result()["stopped"] == 1


async def test_the_worker_process_drains_and_exits_cleanly_on_sigterm(
    harness, stub, owner, ws
) -> None:
    await submit_many(stub, owner, ws, "echo", 5)
    proc = worker_process(
        harness.address, owner.key, ws, "--kinds", "echo", "--poll-seconds", "0.1"
    )
    try:
        await settled(stub, owner, ws, "echo", within=60)
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.to_thread(proc.communicate, timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "stopped: 5 completed" in err
