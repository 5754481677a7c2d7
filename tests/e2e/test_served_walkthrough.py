"""`strata serve` as a user runs it: grpcurl list, health, the README walkthrough (its
analytics answered by chDB in the host process the server started, chDB never loaded in
the server itself), SIGTERM stopping the server and its chDB host."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
README_ADDR = "127.0.0.1:50051"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def grpcurl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "grpcurl"), "-plaintext", *args], capture_output=True, text=True, timeout=30
    )


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, dict[str, str], subprocess.Popen[str]]]:
    data = tmp_path_factory.mktemp("served")
    addr = f"127.0.0.1:{_free_port()}"
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DB_", "STRATA_"))
    }
    env.update(
        STRATA_DATA_DIR=str(data / ".strata"),
        STRATA_GRPC_ADDR=addr,
        STRATA_SHUTDOWN_GRACE="5",
        PATH=f"{BIN}:{env.get('PATH', '')}",
    )
    proc = subprocess.Popen(
        [str(BIN / "strata"), "serve"],
        env=env,
        cwd=data,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        if grpcurl(addr, "grpc.health.v1.Health/Check").returncode == 0:
            break
        time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("strata serve did not become healthy in 90 s")
    yield addr, env, proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_reflection_lists_every_service(
    served: tuple[str, dict[str, str], subprocess.Popen[str]],
) -> None:
    listed = grpcurl(served[0], "list").stdout.split()
    for name in (
        "strata.v1.IdentityService",
        "strata.v1.SystemService",
        "strata.v1.AnalyticsService",
        "strata.v1.ContentService",
        "grpc.health.v1.Health",
        "grpc.reflection.v1alpha.ServerReflection",
    ):
        assert name in listed


def test_health_is_serving_overall_and_per_service(
    served: tuple[str, dict[str, str], subprocess.Popen[str]],
) -> None:
    for service in (
        "",
        "strata.v1.IdentityService",
        "strata.v1.SystemService",
        "strata.v1.AnalyticsService",
    ):
        out = grpcurl(
            "-d", json.dumps({"service": service}), served[0], "grpc.health.v1.Health/Check"
        )
        assert json.loads(out.stdout)["status"] == "SERVING", out
    detail = json.loads(grpcurl(served[0], "strata.v1.SystemService/GetHealth").stdout)
    assert detail["status"] == "HEALTH_STATUS_HEALTHY"
    assert {c["name"] for c in detail["components"]} >= {
        "database",
        "database_query",
        "database_pool",
        "clickhouse",  # the embedded chDB, started with nothing configured
        "analytics_relay",
    }


def _walkthrough() -> str:
    text = (ROOT / "README.md").read_text()
    block = re.search(r"<!-- walkthrough:start -->\s*```sh\n(.*?)```", text, re.S)
    assert block, "README has a walkthrough block"
    return block.group(1)


def test_readme_walkthrough_runs_as_written(
    served: tuple[str, dict[str, str], subprocess.Popen[str]],
) -> None:
    addr, env, _ = served
    script = (
        _walkthrough()
        .replace(README_ADDR, addr)
        .replace("source .venv/bin/activate", f"source {BIN / 'activate'}")
    )
    out = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert '"email": "bob@example.com"' in out.stdout
    assert '"role": "ROLE_MEMBER"' in out.stdout
    watched = out.stdout[out.stdout.index('"to_status": "JOB_STATUS_PENDING"') :]
    assert '"to_status": "JOB_STATUS_COMPLETED"' in watched  # the worker did the job
    series = out.stdout[out.stdout.index('"points"') :]
    assert '"avg": 42' in series and '"count": "1"' in series  # the event, from ClickHouse
    listed = out.stdout[out.stdout.index('"items"') :]  # ListContent's answer
    listed = listed[: listed.index('"total_size": "1"')]  # …ends with its total
    assert '"title": "Python tips"' in listed


def chdb_hosts(pid: int) -> list[int]:
    """The chDB host processes the server `pid` started."""
    children = [
        int(child)
        for listed in Path(f"/proc/{pid}/task").glob("*/children")
        for child in listed.read_text().split()
    ]
    return [c for c in children if b"chdb_host" in Path(f"/proc/{c}/cmdline").read_bytes()]


def test_chdb_runs_in_a_host_process_and_never_in_the_server(
    served: tuple[str, dict[str, str], subprocess.Popen[str]],
) -> None:
    pid = served[2].pid
    [host] = chdb_hosts(pid)  # the walkthrough's analytics went through it
    assert "_chdb" not in Path(f"/proc/{pid}/maps").read_text()
    assert "_chdb" in Path(f"/proc/{host}/maps").read_text()


def test_sigterm_drains_and_exits_cleanly(
    served: tuple[str, dict[str, str], subprocess.Popen[str]],
) -> None:
    proc = served[2]
    hosts = chdb_hosts(proc.pid)
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=30)
    log = proc.stdout.read() if proc.stdout else ""
    assert code == 0, log[-4000:]
    assert hosts and not any(Path(f"/proc/{host}").exists() for host in hosts)
    assert "shutting down" in log
