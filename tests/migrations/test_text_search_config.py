"""STRATA_TEXT_SEARCH_CONFIG: fixed by migration 0006, read at start, undone by downgrade."""

from __future__ import annotations

import pytest

from adapters.postgres.infra import migrate
from adapters.postgres.infra.engine import create_engine
from adapters.postgres.knowledge.text_config import read_text_search_config
from tests.support.databases import create_database, drop_database

SIMPLE_DB = "strata_test_simple_text"


async def _config(url: str) -> str | None:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return await read_text_search_config(conn)
    finally:
        await engine.dispose()


async def test_the_default_database_is_english(migrated_db_url: str) -> None:
    assert await _config(migrated_db_url) == "english"


@pytest.mark.postgres
async def test_simple_is_made_by_the_migration_and_undone_by_its_downgrade(
    pg_admin_url: str,
) -> None:
    environ = {"STRATA_TEXT_SEARCH_CONFIG": "simple"}
    url = await create_database(pg_admin_url, SIMPLE_DB, environ=environ)
    try:
        assert await _config(url) == "simple"
        await migrate.downgrade(url, "0005_audit_checkpoints")
        assert await _config(url) == "english"
    finally:
        await drop_database(pg_admin_url, SIMPLE_DB)
