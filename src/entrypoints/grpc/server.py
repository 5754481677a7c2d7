"""Build, run and gracefully stop the gRPC server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass, fields
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_health.v1._async import HealthServicer
from grpc_reflection.v1alpha import reflection

from entrypoints.container import ApplicationContainer, build_container, start, stop
from entrypoints.grpc.identity_servicer import IdentityServicer, IdentityUseCases
from entrypoints.grpc.interceptors import CallInterceptor
from entrypoints.grpc.system_servicer import SystemServicer
from ports.health import HealthProbe
from strata.v1 import identity_pb2, identity_pb2_grpc, system_pb2, system_pb2_grpc

log = logging.getLogger("strata.server")

SERVICES = (
    identity_pb2.DESCRIPTOR.services_by_name["IdentityService"].full_name,
    system_pb2.DESCRIPTOR.services_by_name["SystemService"].full_name,
)
STORE_BACKED = (SERVICES[0],)
SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


@dataclass
class RunningServer:
    server: grpc.aio.Server
    port: int
    health: HealthServicer
    monitor: asyncio.Task[None]

    async def stop(self, grace: float) -> None:
        """Flip health to NOT_SERVING, drain calls within `grace`, stop monitoring."""
        await self.health.enter_graceful_shutdown()
        self.monitor.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.monitor
        await self.server.stop(grace)


def identity_use_cases(container: ApplicationContainer) -> IdentityUseCases:
    ident = container.identity
    return IdentityUseCases(**{f.name: getattr(ident, f.name)() for f in fields(IdentityUseCases)})


async def watch_stores(health: HealthServicer, probe: HealthProbe, interval: float) -> None:
    """Services whose store is down answer NOT_SERVING until it is back."""
    last: bool | None = None
    while True:
        ok = all(report.healthy for report in await probe.check())
        if ok != last:
            status = SERVING if ok else NOT_SERVING
            for name in (*STORE_BACKED, ""):
                await health.set(name, status)
            (log.info if ok else log.warning)("stores %s", "reachable" if ok else "unreachable")
            last = ok
        await asyncio.sleep(interval)


async def start_server(
    container: ApplicationContainer, address: str, health_interval: float = 5.0
) -> RunningServer:
    core = container.core
    authenticate = container.identity.authenticate()
    server = grpc.aio.server(interceptors=[CallInterceptor(authenticate.execute)])
    identity_pb2_grpc.add_IdentityServiceServicer_to_server(  # type: ignore[no-untyped-call]
        IdentityServicer(identity_use_cases(container), core.clock()), server
    )
    probe = container.health()
    system_servicer = SystemServicer(probe, core.clock())
    system_pb2_grpc.add_SystemServiceServicer_to_server(  # type: ignore[no-untyped-call]
        system_servicer, server
    )
    health = HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health, server)
    for name in (*SERVICES, ""):
        await health.set(name, SERVING)
    reflection.enable_server_reflection(
        (
            *SERVICES,
            health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
            reflection.SERVICE_NAME,
        ),
        server,
    )
    port = server.add_insecure_port(address)
    if port == 0:
        raise OSError(f"cannot listen on {address}")
    await server.start()
    monitor = asyncio.create_task(watch_stores(health, probe, health_interval))
    return RunningServer(server, port, health, monitor)


async def run(settings: Any, database_url: str | None) -> None:
    """Serve until SIGINT/SIGTERM, then drain within the grace period and close the pools."""
    container = build_container(settings, database_url)
    await start(container)
    running = await start_server(container, settings.grpc_addr)
    host = settings.grpc_addr.rsplit(":", 1)[0]
    log.info("strata listening on %s:%d (storage: %s)", host, running.port, settings.storage)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    await stopping.wait()
    log.info("shutting down: draining calls for up to %.0fs", settings.shutdown_grace)
    await running.stop(settings.shutdown_grace)
    await stop(container)
    log.info("stopped")
