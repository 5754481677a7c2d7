"""E2E fixtures: a real server with PostgreSQL adapters on port 0."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import pytest

from entrypoints.container import build_container, start, stop
from entrypoints.grpc.server import start_server
from entrypoints.settings import Settings, load_settings
from tests.e2e.harness import Harness, make_root


def e2e_settings(storage: str) -> Settings:
    return load_settings(environ={"STRATA_STORAGE": storage, "STRATA_KEY_PEPPER": "e2e-pepper"})


@pytest.fixture(scope="module")
async def harness(migrated_db_url: str) -> AsyncIterator[Harness]:
    container = build_container(e2e_settings("postgres"), migrated_db_url)
    await start(container)
    running = await start_server(container, "127.0.0.1:0", health_interval=0.5)
    root = await make_root(container)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{running.port}") as channel:
        yield Harness(container, running, channel, root)
    await running.stop(1)
    await stop(container)
