"""Workers that die: one killed (SIGKILL) at seeded random points of its work loses its
lease to the rescuer, another worker completes the job once, and the dead holder's late
CompleteJob is refused; and two server instances on one database share one queue."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator

import asyncpg
import grpc
import pytest

from adapters.postgres.infra.engine import driver_dsn
from entrypoints.settings import load_settings
from entrypoints.worker.handlers import echo, handles
from strata.v1 import jobs_pb2 as pb
from strata.v1 import jobs_pb2_grpc
from tests.e2e.crash_worker import POINTS
from tests.e2e.harness import Harness
from tests.e2e.instances import serving
from tests.e2e.jobs_client import settled, struct, submit_many
from tests.e2e.test_worker import running_worker

ROUNDS = 6
SEED = int(os.environ.get("STRATA_TEST_SEED", time.time_ns() % 1_000_000))


@pytest.fixture(scope="module")
async def two_instances(migrated_db_url: str) -> AsyncIterator[tuple[Harness, Harness]]:
    """Two servers on one PostgreSQL database, each rescuing lapsed leases every 0.5 s."""
    settings = load_settings(
        environ={
            "STRATA_STORAGE": "postgres",
            "STRATA_KEY_PEPPER": "e2e-pepper",
            "STRATA_JOBS_RESCUE_SECONDS": "0.5",
            "STRATA_CHDB_HOST": "inline",
        }
    )
    async with (
        serving(settings, migrated_db_url) as first,
        serving(settings, migrated_db_url, first.root) as second,
    ):
        yield first, second


def _doomed(h: Harness, key: str, ws: str, kind: str, point: str) -> subprocess.Popen[str]:
    argv = [sys.executable, "-m", "tests.e2e.crash_worker", h.address, key, ws, kind, point]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)


async def _completions(url: str, job_ids: list[str]) -> dict[str, int]:
    conn = await asyncpg.connect(driver_dsn(url))
    try:
        rows = await conn.fetch(
            "SELECT job_id::text AS id, count(*) AS n FROM job_events"
            " WHERE job_id = ANY($1::uuid[]) AND to_status = 'completed' GROUP BY job_id",
            job_ids,
        )
    finally:
        await conn.close()
    return {r["id"]: r["n"] for r in rows}


async def test_a_killed_worker_s_job_is_rescued_completed_once_and_its_late_report_refused(
    two_instances: tuple[Harness, Harness],
    migrated_db_url: str,
) -> None:
    first, second = two_instances
    rng = random.Random(SEED)
    why = f"(seed {SEED}: rerun with STRATA_TEST_SEED={SEED})"
    owner = await first.new_user("crash")
    ws = await first.new_workspace(owner, "crash")
    stub = jobs_pb2_grpc.JobServiceStub(first.channel)
    kinds = [f"crash.{SEED}.{i}" for i in range(ROUNDS)]
    points = [rng.choice(POINTS) for _ in kinds]
    for kind in kinds:
        handles(kind)(echo)
        await submit_many(stub, owner, ws, kind, 1)
    doomed = [_doomed(first, owner.key, ws, k, p) for k, p in zip(kinds, points, strict=True)]
    held: dict[str, tuple[str, int]] = {}
    try:
        for kind, proc in zip(kinds, doomed, strict=True):
            assert proc.stdout is not None
            line = await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline), 30)
            _, job_id, epoch = line.split()
            held[kind] = (job_id, int(epoch))
            await asyncio.sleep(rng.uniform(0, 0.3))
            proc.send_signal(signal.SIGKILL)
    finally:
        for proc in doomed:
            proc.kill()
            proc.wait()
    jobs: dict[str, pb.Job] = {}
    async with running_worker(second, owner, ws, tuple(kinds), lease_seconds=5):
        for kind in kinds:
            jobs |= await settled(stub, owner, ws, kind, within=30)
    for kind, point in zip(kinds, points, strict=True):
        job_id, epoch = held[kind]
        job = jobs[job_id]
        assert job.status == pb.JOB_STATUS_COMPLETED, f"{point} {why}"
        assert job.lease_epoch > epoch and job.attempts == 2, f"{point} {why}"
        late = pb.CompleteJobRequest(
            workspace_id=ws, job_id=job_id, lease_epoch=epoch, output=struct(late=True)
        )
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.CompleteJob(late, metadata=owner.md)
        assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION, why
        after = (
            await stub.GetJob(pb.GetJobRequest(workspace_id=ws, id=job_id), metadata=owner.md)
        ).job
        assert after == job, f"the late report changed the job {why}"
    counts = await _completions(migrated_db_url, [job_id for job_id, _ in held.values()])
    assert counts == {job_id: 1 for job_id, _ in held.values()}, why


async def test_workers_on_two_instances_complete_every_job_of_one_queue_exactly_once(
    two_instances: tuple[Harness, Harness],
    migrated_db_url: str,
) -> None:
    first, second = two_instances
    total, per_instance = 1000, 4
    owner = await first.new_user("pair")
    ws = await first.new_workspace(owner, "pair")
    stub = jobs_pb2_grpc.JobServiceStub(first.channel)
    ids = await submit_many(stub, owner, ws, "echo", total)
    async with contextlib.AsyncExitStack() as stack:
        workers = [
            await stack.enter_async_context(
                running_worker(h, owner, ws, "echo", concurrency=10, batch=10)
            )
            for h in (first, second)
            for _ in range(per_instance)
        ]
        jobs = await settled(stub, owner, ws, "echo", within=300)
    assert sorted(jobs) == sorted(ids)
    assert all(j.status == pb.JOB_STATUS_COMPLETED for j in jobs.values())
    done = [task.result()["completed"] for _, task in workers]
    assert sum(done) == total and all(done), done
    counts = await _completions(migrated_db_url, ids)
    assert counts == dict.fromkeys(ids, 1)
