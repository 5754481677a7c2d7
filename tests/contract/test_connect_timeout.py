"""A database that accepts the connection but never answers is away: UNAVAILABLE, not a
statement over its time (DEADLINE_EXCEEDED), whatever the driver's TimeoutError says."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from adapters.postgres.infra.engine import create_engine
from adapters.postgres.infra.errors import translated
from domain.kernel.errors import Unavailable


@pytest.fixture
async def silent_port() -> AsyncIterator[int]:
    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # says nothing until the client gives up
        writer.close()

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]
    server.close()


async def test_a_connect_that_times_out_is_unavailable(silent_port: int) -> None:
    url = f"postgresql+asyncpg://strata:x@127.0.0.1:{silent_port}/strata"
    engine = create_engine(url, connect_timeout=0.3, pool_size=1, max_overflow=0)
    try:
        with pytest.raises(Unavailable), translated():
            async with engine.connect():
                pass
    finally:
        await engine.dispose()
