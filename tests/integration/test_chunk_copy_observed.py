"""The COPY that writes chunks goes around SQLAlchemy, so it reports itself to the observer."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.infra.observe import QueryObserver
from adapters.postgres.infra.session import DriverPool
from entrypoints.storage import postgres_unit_of_work
from tests.contract.conftest import Builders
from tests.contract.test_knowledge_repositories import Kit


@pytest.fixture
async def observed_pool(migrated_db_url: str) -> AsyncIterator[tuple[DriverPool, list[str]]]:
    statements: list[str] = []
    observer = QueryObserver(60_000, lambda op, seconds: statements.append(op))
    pool = DriverPool(migrated_db_url, max_size=1, observer=observer)
    yield pool, statements
    await pool.close()


async def test_a_chunk_replace_reports_its_copy_as_an_insert(
    clean_db: AsyncEngine, observed_pool: tuple[DriverPool, list[str]]
) -> None:
    pool, statements = observed_pool
    uow_factory = postgres_unit_of_work(clean_db, pool)
    kit = Kit(Builders())
    doc = kit.document()
    async with uow_factory() as uow:
        await uow.users.add(kit.user)
        await uow.workspaces.add(kit.ws)
        await uow.documents.add(doc)
        await uow.commit()
    assert statements == []  # statements through SQLAlchemy are the engine's to report
    async with uow_factory() as uow:
        await uow.chunks.replace(kit.ws.id, doc.id, [kit.chunk(doc, i) for i in range(3)])
        await uow.commit()
    assert statements == ["insert"]
