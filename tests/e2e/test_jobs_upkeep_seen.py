"""The jobs' upkeep is visible on a running server: a rescued job moves the rescue total
in SystemService/GetHealth and in /metrics, with the queue's depth beside it."""

from __future__ import annotations

import asyncio
import urllib.request
import uuid

from entrypoints.container import context
from entrypoints.runtime.job_rescue import rescue_round
from strata.v1 import jobs_pb2 as pb
from strata.v1 import jobs_pb2_grpc
from strata.v1 import system_pb2 as spb
from tests.e2e.harness import Harness


def _scrape(port: int) -> dict[str, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        lines = response.read().decode().splitlines()
    figures = [line.split(" ") for line in lines if line.startswith("strata_jobs_")]
    return {name: float(value) for name, value in figures}


async def _jobs_details(harness: Harness) -> dict[str, str]:
    health = await harness.system.GetHealth(spb.GetHealthRequest())
    [jobs] = [c for c in health.components if c.name == "jobs"]
    return dict(jobs.details)


async def test_a_rescued_job_shows_in_health_and_metrics(harness: Harness) -> None:
    jobs = context(harness.container, "jobs")
    state = jobs.upkeep_state()
    async with asyncio.timeout(30):
        await state.wait_for_rounds(1)  # the round the server runs as it starts
    owner = await harness.new_user("upkeep")
    ws = await harness.new_workspace(owner, "upkeep")
    stub = jobs_pb2_grpc.JobServiceStub(harness.channel)
    kind = f"lapse.{uuid.uuid4().hex[:8]}"
    await stub.SubmitJob(pb.SubmitJobRequest(workspace_id=ws, kind=kind), metadata=owner.md)
    await stub.SubmitJob(pb.SubmitJobRequest(workspace_id=ws, kind=kind), metadata=owner.md)
    claim = pb.ClaimJobsRequest(workspace_id=ws, worker_id="dies", kinds=[kind], lease_seconds=1)
    await stub.ClaimJobs(claim, metadata=owner.md)  # one claimed, one left ready
    before = int((await _jobs_details(harness))["rescued_total"])
    await asyncio.sleep(1.2)  # past the 1 s lease: the worker "died" holding it
    clock = jobs.deps().clock
    await rescue_round(jobs.rescue_lapsed_jobs(), jobs.queue_depth(), state, clock)
    details = await _jobs_details(harness)
    assert details["last_rescue_outcome"] == "ok"
    assert int(details["rescued_total"]) >= before + 1
    assert int(details["pending_ready"]) >= 1 and float(details["oldest_ready_age_seconds"]) > 0
    http = harness.container.metrics().start_http("127.0.0.1:0")
    try:
        figures = await asyncio.to_thread(_scrape, http.port)
    finally:
        await asyncio.to_thread(http.shutdown)
    assert figures["strata_jobs_rescued_total"] == int(details["rescued_total"])
    assert figures["strata_jobs_pending_ready"] >= 1
    assert "strata_jobs_purged_total" in figures and "strata_jobs_running" in figures
