"""Build, run and gracefully stop the gRPC server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_health.v1._async import HealthServicer

from entrypoints.container import ApplicationContainer, build_container, context, start, stop
from entrypoints.contexts import CONTEXTS
from entrypoints.contexts.registry import own_stores, services, store_backed
from entrypoints.grpc.audit.call_entries import Network
from entrypoints.grpc.audit.checkpointing import run_checkpoints
from entrypoints.grpc.audit.trail import AuditRecorder
from entrypoints.grpc.audit.writer import BatchWriter
from entrypoints.grpc.health import SERVING, Health, watch_stores
from entrypoints.grpc.interceptors import CallInterceptor
from entrypoints.grpc.reflection import enable_reflection
from entrypoints.runtime.analytics_relay import start_analytics_relay
from entrypoints.runtime.feed_purge import start_feed_purge
from entrypoints.runtime.heap import settle_heap
from entrypoints.runtime.jobs_upkeep import start_jobs_upkeep

log = logging.getLogger("strata.server")

DESCRIPTORS = tuple(s.descriptor for s in services(CONTEXTS))
SERVICES = tuple(d.full_name for d in DESCRIPTORS)
STORE_BACKED = store_backed(CONTEXTS)
# UpsertChunks takes up to 32 MiB of chunks (more is INVALID_ARGUMENT naming `chunks`).
MAX_MESSAGE_BYTES = 40 * 1024 * 1024


@dataclass(frozen=True)
class AuditOptions:
    flush_seconds: float = 0.2
    batch_size: int = 500
    trusted_proxies: tuple[Network, ...] = ()
    include_health: bool = False
    enabled: bool = True  # off only to measure what auditing costs (bench/audit_overhead.py)
    checkpoint_seconds: float = 60.0

    @classmethod
    def from_settings(cls, settings: Any) -> AuditOptions:
        audit = settings.audit
        return cls(
            flush_seconds=audit.audit_flush_ms / 1000,
            batch_size=audit.audit_batch_size,
            trusted_proxies=tuple(settings.server.trusted_networks()),
            include_health=audit.audit_health_calls,
            checkpoint_seconds=audit.audit_checkpoint_seconds,
        )


@dataclass
class RunningServer:
    server: grpc.aio.Server
    port: int
    health: HealthServicer
    monitor: asyncio.Task[None]
    audit_writer: BatchWriter
    checkpoints: asyncio.Task[None]
    jobs_upkeep: asyncio.Task[None]
    analytics_relay: asyncio.Task[None]
    feed_purge: asyncio.Task[None]

    async def stop(self, grace: float) -> None:
        """Flip health to NOT_SERVING, drain calls within `grace`, flush the audit queue."""
        await self.health.enter_graceful_shutdown()
        loops = (self.monitor, self.checkpoints, self.jobs_upkeep, self.analytics_relay)
        for task in (*loops, self.feed_purge):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.server.stop(grace)
        await self.audit_writer.close()


async def start_server(
    container: ApplicationContainer,
    address: str,
    health_interval: float = 5.0,
    audit: AuditOptions = AuditOptions(),
) -> RunningServer:
    core = container.core
    audit_log = context(container, "audit").log()
    writer = BatchWriter(audit_log, audit.flush_seconds, audit.batch_size)
    recorder = AuditRecorder(writer, core.ids(), audit.trusted_proxies, audit.include_health)
    authenticate = context(container, "identity").authenticate()
    observers = [recorder] if audit.enabled else []
    open_methods = frozenset().union(*(s.open_paths for s in services(CONTEXTS)))
    interceptor = CallInterceptor(
        authenticate.execute, observers, container.metrics(), open_methods
    )
    server = grpc.aio.server(
        interceptors=[interceptor],
        options=[("grpc.max_receive_message_length", MAX_MESSAGE_BYTES)],
    )
    for bounded in CONTEXTS:
        for service in bounded.services:
            service.add_to_server(service.servicer(context(container, bounded.name)), server)
    health = Health()
    health_pb2_grpc.add_HealthServicer_to_server(health, server)
    for name in (*SERVICES, ""):
        await health.set(name, SERVING)
    enable_reflection(
        server, (*SERVICES, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name)
    )
    port = server.add_insecure_port(address)
    if port == 0:
        raise OSError(f"cannot listen on {address}")
    await server.start()
    writer.start()
    probe = context(container, "system").probe()
    own = own_stores(CONTEXTS, lambda name: context(container, name))
    monitor = asyncio.create_task(watch_stores(health, probe, health_interval, STORE_BACKED, own))
    checkpoint = context(container, "audit").checkpoint()
    checkpoints = asyncio.create_task(run_checkpoints(checkpoint, audit.checkpoint_seconds))
    jobs = start_jobs_upkeep(context(container, "jobs"), container.metrics(), core.status_board())
    relay = start_analytics_relay(
        context(container, "analytics"), container.metrics(), core.status_board()
    )
    feeds = start_feed_purge(context(container, "content"))
    return RunningServer(server, port, health, monitor, writer, checkpoints, jobs, relay, feeds)


async def run(settings: Any, database_url: str | None) -> None:
    """Serve until SIGINT/SIGTERM, then drain within the grace period and close the pools."""
    container = build_container(settings, database_url)
    await start(container)
    listen, metrics_addr = settings.server, settings.observability.metrics_addr
    metrics_http = container.metrics().start_http(metrics_addr) if metrics_addr else None
    if metrics_http is not None:
        log.info("metrics on http://%s/metrics", metrics_addr)
    running = await start_server(
        container, listen.grpc_addr, audit=AuditOptions.from_settings(settings)
    )
    settle_heap()
    host = listen.grpc_addr.rsplit(":", 1)[0]
    storage = settings.database.storage
    log.info("strata listening on %s:%d (storage: %s)", host, running.port, storage)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    await stopping.wait()
    log.info("shutting down: draining calls for up to %.0fs", listen.shutdown_grace)
    await running.stop(listen.shutdown_grace)
    if metrics_http is not None:
        await asyncio.to_thread(metrics_http.shutdown)
    await stop(container)
    log.info("stopped")
