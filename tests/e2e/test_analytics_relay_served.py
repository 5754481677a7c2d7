"""A served instance SIGKILLed at random points while jobs run, restarted on the same data:
every job event and audited call of the workspace reaches ClickHouse exactly once."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import grpc
import pytest

from strata.v1 import identity_pb2 as ipb
from strata.v1 import identity_pb2_grpc, jobs_pb2_grpc, system_pb2, system_pb2_grpc
from strata.v1 import jobs_pb2 as pb
from tests.e2e.test_audit_durability import _serve, env
from tests.e2e.test_served_walkthrough import BIN

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
__all__ = ["env"]  # the fixture: a data directory and a port of this test's own
ROOT = Path(__file__).resolve().parents[2]
SEED = 12
KILLS = 3
DRAIN_SECONDS = 60.0


def _key(env: dict[str, str], cwd: Path) -> str:
    return subprocess.run(
        [str(BIN / "strata"), "admin", "create-superuser", "--email", "root@example.com"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()


def _workspace(addr: str, md: tuple[tuple[str, str], ...]) -> str:
    with grpc.insecure_channel(addr) as ch:
        stub = identity_pb2_grpc.IdentityServiceStub(ch)
        reply = stub.CreateWorkspace(
            ipb.CreateWorkspaceRequest(name="Relay", slug="relay"), metadata=md
        )
    return str(reply.workspace.id)


def _run_jobs(addr: str, md: tuple[tuple[str, str], ...], ws: str, stop: threading.Event) -> None:
    """Submit, claim and complete jobs until told to stop or the server dies."""
    with grpc.insecure_channel(addr) as ch:
        stub = jobs_pb2_grpc.JobServiceStub(ch)
        claim = pb.ClaimJobsRequest(
            workspace_id=ws, worker_id="relay-e2e", kinds=["relay"], max_jobs=5, lease_seconds=60
        )
        try:
            while not stop.is_set():
                for _ in range(3):
                    submit = pb.SubmitJobRequest(workspace_id=ws, kind="relay")
                    stub.SubmitJob(submit, metadata=md, timeout=10)
                for job in stub.ClaimJobs(claim, metadata=md, timeout=10).jobs:
                    done = pb.CompleteJobRequest(
                        workspace_id=ws, job_id=job.id, lease_epoch=job.lease_epoch
                    )
                    stub.CompleteJob(done, metadata=md, timeout=10)
        except grpc.RpcError:
            return  # killed under the calls


def _kill_while_jobs_run(
    proc: subprocess.Popen[str], addr: str, md: tuple[tuple[str, str], ...], ws: str, at: float
) -> None:
    """SIGKILLs the server `at` seconds into a run of jobs: a random point in the jobs'
    and the relay's work."""
    stop = threading.Event()
    worker = threading.Thread(target=_run_jobs, args=(addr, md, ws, stop))
    worker.start()
    try:
        time.sleep(at)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        stop.set()
        worker.join(timeout=30)


def _relay_details(addr: str) -> dict[str, str]:
    with grpc.insecure_channel(addr) as ch:
        health = system_pb2_grpc.SystemServiceStub(ch).GetHealth(
            system_pb2.GetHealthRequest(), timeout=10
        )
    [relay] = [c for c in health.components if c.name == "analytics_relay"]
    return dict(relay.details)


def _drained(addr: str) -> dict[str, str]:
    """Waits (bounded) until the relay has read an empty outbox after a good round."""
    deadline = time.monotonic() + DRAIN_SECONDS
    while time.monotonic() < deadline:
        details = _relay_details(addr)
        if details.get("backlog_rows") == "0" and details["last_round_outcome"] == "ok":
            return details
        time.sleep(0.2)
    raise AssertionError(f"the outbox did not drain: {_relay_details(addr)}")


def _counts(env: dict[str, str], cwd: Path, ws: str) -> dict[str, int]:
    found = subprocess.run(
        [sys.executable, "-m", "tests.e2e.analytics_counts", ws],
        env={**env, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert found.returncode == 0, found.stderr
    counts: dict[str, int] = json.loads(found.stdout.strip().splitlines()[-1])
    return counts


def test_killed_instances_leave_every_change_counted_once(env: dict[str, str], tmp_path: Path):
    env.update(STRATA_ANALYTICS_RELAY_SECONDS="0.05", STRATA_ANALYTICS_RELAY_BATCH="7")
    addr, rng = env["STRATA_GRPC_ADDR"], random.Random(SEED)
    proc = _serve(env, tmp_path)
    try:
        md = (("authorization", f"Bearer {_key(env, tmp_path)}"),)
        ws = _workspace(addr, md)
        for _ in range(KILLS):
            _kill_while_jobs_run(proc, addr, md, ws, rng.uniform(0.5, 2.0))
            proc = _serve(env, tmp_path)
        _drained(addr)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
    counts = _counts(env, tmp_path, ws)
    assert counts["job_events"] > 0
    assert counts["waiting_events"] == 0
    assert counts["stored_events"] == counts["job_events"]
    assert counts["rolled_up"] == counts["job_events"], "the hourly rollup lost or doubled some"
    # Calls audited as the last instance stopped may still wait in the outbox.
    assert counts["stored_calls"] + counts["waiting_calls"] == counts["calls"], counts
