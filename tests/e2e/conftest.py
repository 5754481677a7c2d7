"""E2E fixtures: a real server on port 0, on PostgreSQL and on the memory adapters."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import pytest

from entrypoints.container import build_container, start, stop
from entrypoints.grpc.server import start_server
from entrypoints.settings import Settings, load_settings
from tests.e2e.harness import Harness, make_root
from tests.support import clickhouse


def e2e_settings(storage: str) -> Settings:
    """Beside PostgreSQL, analytics in chDB at the test process's one chDB path, opened in
    this process (inline) where the fixtures open it too. `strata serve` runs chDB in a
    host process of its own by default: test_served_walkthrough serves that."""
    return load_settings(
        environ={
            "STRATA_STORAGE": storage,
            "STRATA_KEY_PEPPER": "e2e-pepper",
            "STRATA_CLICKHOUSE_DIR": str(clickhouse.PROCESS_CHDB_DIR),
            "STRATA_CHDB_HOST": "inline",
        }
    )


@pytest.fixture(scope="module", params=["postgres", "memory"])
def storage(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    """Which adapters the server runs on, and the database URL when that is PostgreSQL."""
    if request.param == "memory":
        return "memory", None
    return "postgres", request.getfixturevalue("migrated_db_url")


@pytest.fixture(scope="module")
async def harness(storage: tuple[str, str | None]) -> AsyncIterator[Harness]:
    container = build_container(e2e_settings(storage[0]), storage[1])
    await start(container)
    await clickhouse.prepare_analytics(container)
    running = await start_server(container, "127.0.0.1:0", health_interval=0.5)
    root = await make_root(container)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{running.port}") as channel:
        yield Harness(container, running, channel, root)
    await running.stop(1)
    await stop(container)
