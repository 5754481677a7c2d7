"""Servers started on demand: one with settings of a test's own, or a second instance on
the database another already serves (what a load balancer would spread calls over)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import grpc

from entrypoints.container import build_container, start, stop
from entrypoints.grpc.server import start_server
from entrypoints.settings import Settings
from tests.e2e.harness import Caller, Harness, make_root


@asynccontextmanager
async def serving(
    settings: Settings, database_url: str | None, root: Caller | None = None
) -> AsyncIterator[Harness]:
    """A server on port 0 with its own container and pools over `database_url` (None for
    the memory storage the settings name). `root`: a superuser of that database already
    (another instance's); otherwise one is made."""
    container = build_container(settings, database_url)
    await start(container)
    running = await start_server(container, "127.0.0.1:0", health_interval=0.5)
    try:
        caller = root or await make_root(container)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{running.port}") as channel:
            yield Harness(container, running, channel, caller)
    finally:
        await running.stop(1)
        await stop(container)
