"""At start the service reads the embeddings' dimension and HNSW index kind from the database;
settings that disagree with it stop the start, naming the variables."""

from __future__ import annotations

import pytest

from adapters.postgres.knowledge.embedding_index import EmbeddingIndex
from adapters.postgres.knowledge.tables import EMBEDDING_INDEX
from domain.kernel.errors import FailedPrecondition
from entrypoints.container import build_container, start, stop
from entrypoints.settings import Settings, SettingsError, load_settings
from tests.conftest import HALFVEC
from tests.support.databases import create_database, drop_database

pytestmark = pytest.mark.postgres

UNMIGRATED_DB = "strata_unmigrated"


def settings(dim: int, kind: str = "") -> Settings:
    env = {"STRATA_STORAGE": "postgres", "STRATA_EMBEDDING_DIM": str(dim)}
    return load_settings(environ=env | ({"STRATA_EMBEDDING_INDEX": kind} if kind else {}))


async def started(settings: Settings, url: str) -> EmbeddingIndex:
    """The index the started container's searches are written for."""
    container = build_container(settings, url)
    try:
        await start(container)
        found: EmbeddingIndex = container.uow().state["embedding"]
        return found
    finally:
        await stop(container)


async def test_searches_are_written_for_the_index_the_database_has(
    migrated_db_url: str, halfvec_db_url: str
) -> None:
    assert await started(settings(EMBEDDING_INDEX.dim), migrated_db_url) == EMBEDDING_INDEX
    assert await started(settings(HALFVEC.dim, "halfvec"), halfvec_db_url) == HALFVEC


async def test_settings_that_disagree_with_the_database_stop_the_start(
    migrated_db_url: str, halfvec_db_url: str
) -> None:
    with pytest.raises(SettingsError) as info:
        await started(settings(EMBEDDING_INDEX.dim, "halfvec"), migrated_db_url)
    assert info.value.variables == ("STRATA_EMBEDDING_INDEX",)
    assert "but the settings say STRATA_EMBEDDING_INDEX=halfvec" in info.value.message
    assert f"STRATA_EMBEDDING_INDEX={EMBEDDING_INDEX.kind}" in info.value.message
    with pytest.raises(SettingsError) as info:
        await started(settings(384), halfvec_db_url)
    assert info.value.variables == ("STRATA_EMBEDDING_DIM", "STRATA_EMBEDDING_INDEX")
    assert f"vector({HALFVEC.dim}) with a halfvec HNSW index" in info.value.message


async def test_an_unmigrated_database_stops_the_start(pg_admin_url: str) -> None:
    url = await create_database(pg_admin_url, UNMIGRATED_DB, migrated=False)
    try:
        with pytest.raises(FailedPrecondition, match="is it migrated"):
            await started(settings(EMBEDDING_INDEX.dim), url)
    finally:
        await drop_database(pg_admin_url, UNMIGRATED_DB)


async def test_migrations_take_the_embedding_settings_from_the_settings(
    pg_admin_url: str,
) -> None:
    """A dimension set in `.env` (not in the process environment) shapes the schema."""
    from adapters.postgres.infra import migrate
    from entrypoints.runtime import migration_options

    url = await create_database(pg_admin_url, UNMIGRATED_DB, migrated=False)
    try:
        await migrate.upgrade(url, "head", migration_options(settings(2500)))
        assert await started(settings(2500), url) == EmbeddingIndex("halfvec", 2500)
    finally:
        await drop_database(pg_admin_url, UNMIGRATED_DB)
