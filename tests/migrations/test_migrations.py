"""Migrations: reversible step by step, free of drift, and well formed (seed 003)."""

from __future__ import annotations

import ast
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import Script
from pgvector.sqlalchemy import Vector
from sqlalchemy import CheckConstraint, DefaultClause, Index, MetaData, String
from sqlalchemy.engine import Connection

from adapters.postgres.infra import migrate
from adapters.postgres.infra.engine import create_engine
from adapters.postgres.knowledge.embedding_index import EmbeddingIndex, read_embedding_index
from adapters.postgres.knowledge.tables import EMBEDDING_INDEX
from entrypoints.contexts import CONTEXTS
from entrypoints.contexts.registry import postgres_metadata
from tests.conftest import HALFVEC
from tests.support.databases import create_database, drop_database, environment

metadata = postgres_metadata(CONTEXTS)
SCRIPTS = migrate.script_directory()
REVISIONS: list[Script] = list(reversed(list(SCRIPTS.walk_revisions())))  # oldest first
STAIRWAY_DB = "strata_stairway"


@pytest.fixture
async def fresh_db_url(pg_admin_url: str) -> AsyncIterator[str]:
    url = await create_database(pg_admin_url, STAIRWAY_DB, migrated=False)
    yield url
    await drop_database(pg_admin_url, STAIRWAY_DB)


async def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return [tuple(r) for r in await conn.exec_driver_sql(sql)]
    finally:
        await engine.dispose()


async def _tables(url: str) -> set[str]:
    rows = await _rows(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return {r[0] for r in rows} - {"alembic_version"}


@pytest.mark.postgres
@pytest.mark.parametrize("script", REVISIONS, ids=lambda s: s.revision)
async def test_stairway_upgrade_downgrade_upgrade(fresh_db_url: str, script: Script) -> None:
    previous = script.down_revision if isinstance(script.down_revision, str) else None
    await migrate.upgrade(fresh_db_url, script.revision)
    assert await migrate.current(fresh_db_url) == script.revision
    await migrate.downgrade(fresh_db_url, previous or "base")
    assert await migrate.current(fresh_db_url) == previous
    await migrate.upgrade(fresh_db_url, script.revision)
    assert await migrate.current(fresh_db_url) == script.revision


@pytest.mark.postgres
async def test_downgrade_to_base_removes_every_table(fresh_db_url: str) -> None:
    await migrate.upgrade(fresh_db_url)
    assert await _tables(fresh_db_url) >= set(metadata.tables)
    await migrate.downgrade(fresh_db_url, "base")
    assert await _tables(fresh_db_url) == set()
    assert await migrate.current(fresh_db_url) is None


def _diff(target: MetaData):
    def run(conn: Connection) -> list[object]:
        opts = {"compare_type": True, "compare_server_default": True}
        return list(compare_metadata(MigrationContext.configure(conn, opts=opts), target))

    return run


async def _compare(url: str, target: MetaData) -> list[object]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            result: list[object] = await conn.run_sync(_diff(target))
            return result
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_autogenerate_finds_no_drift(migrated_db_url: str) -> None:
    assert await _compare(migrated_db_url, metadata) == []


@pytest.mark.postgres
async def test_check_constraints_have_the_names_the_metadata_gives_them(
    migrated_db_url: str,
) -> None:
    """Autogenerate ignores check constraints; the error mapping names fields by them."""
    rows = await _rows(
        migrated_db_url,
        "SELECT conrelid::regclass::text, conname FROM pg_constraint "
        "WHERE contype = 'c' AND connamespace = 'public'::regnamespace",
    )
    found = {(table, name) for table, name in rows}
    meant = {
        (table.name, str(check.name))
        for table in metadata.tables.values()
        for check in table.constraints
        if isinstance(check, CheckConstraint)
    }
    assert found == meant


@pytest.mark.postgres
async def test_the_drift_check_sees_indexes_types_and_defaults(migrated_db_url: str) -> None:
    changed = MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.tables.values():
        table.to_metadata(changed)
    users = changed.tables["users"]
    Index("ix_users_name", users.c.name)
    users.c.name.type = String(300)
    users.c.picture_url.server_default = DefaultClause("x")
    diffs = await _compare(migrated_db_url, changed)
    flat = [d for group in diffs for d in (group if isinstance(group, list) else [group])]
    assert sorted(d[0] for d in flat) == ["add_index", "modify_default", "modify_type"]


def _metadata_for(index: EmbeddingIndex) -> MetaData:
    """The metadata as knowledge_tables builds it when the environment says `index`."""
    copy = MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.tables.values():
        table.to_metadata(copy)
    for name in ("documents", "chunks"):
        table = copy.tables[name]
        table.indexes = {i for i in table.indexes if i.name != f"ix_{name}_embedding_hnsw"}
        table.c.embedding.type = Vector(index.dim)
        index.hnsw(table)
    return copy


async def _embedding_indexes(url: str) -> tuple[EmbeddingIndex, list[str]]:
    """What the adapter reads from the catalog, and both HNSW indexes' definitions."""
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.exec_driver_sql(
                "SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'ix_%_embedding_hnsw' "
                "ORDER BY indexname"
            )
            return await read_embedding_index(conn), [r[0] for r in rows]
    finally:
        await engine.dispose()


def _hnsw_definitions(index: EmbeddingIndex) -> list[str]:
    column = "embedding" if index.kind == "vector" else f"((embedding)::halfvec({index.dim}))"
    return [
        f"CREATE INDEX ix_{table}_embedding_hnsw ON public.{table} USING hnsw ({column} "
        f"{index.kind}_cosine_ops) WITH (m='16', ef_construction='64')"
        for table in ("chunks", "documents")
    ]


@pytest.fixture
def database_url(request: pytest.FixtureRequest) -> str:
    """The URL of the database fixture named by the parameter."""
    url: str = request.getfixturevalue(request.param)
    return url


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("database_url", "expected"),
    [("migrated_db_url", EMBEDDING_INDEX), ("halfvec_db_url", HALFVEC)],
    ids=["default", "halfvec"],
    indirect=["database_url"],
)
async def test_each_index_kind_is_what_the_metadata_describes(
    database_url: str, expected: EmbeddingIndex
) -> None:
    url = database_url
    assert await _embedding_indexes(url) == (expected, _hnsw_definitions(expected))
    assert await _compare(url, _metadata_for(expected)) == []


@pytest.mark.postgres
async def test_above_2000_dimensions_the_index_is_halfvec_unless_vector_is_asked_for(
    fresh_db_url: str,
) -> None:
    with (
        environment({"STRATA_EMBEDDING_DIM": "3072", "STRATA_EMBEDDING_INDEX": "vector"}),
        pytest.raises(ValueError, match="STRATA_EMBEDDING_INDEX must be vector"),
    ):
        await migrate.upgrade(fresh_db_url)
    with environment({"STRATA_EMBEDDING_DIM": "3072", "STRATA_EMBEDDING_INDEX": ""}):
        await migrate.upgrade(fresh_db_url)
    expected = EmbeddingIndex("halfvec", 3072)
    assert await _embedding_indexes(fresh_db_url) == (expected, _hnsw_definitions(expected))
    assert await _compare(fresh_db_url, _metadata_for(expected)) == []


def _module(script: Script) -> ast.Module:
    return ast.parse(Path(script.path).read_text())


def test_revision_ids_are_unique() -> None:
    files = sorted(Path(SCRIPTS.versions).glob("*.py"))
    ids = [
        node.value.value
        for path in files
        for node in ast.parse(path.read_text()).body
        if isinstance(node, ast.AnnAssign | ast.Assign)
        and "revision" in [getattr(t, "id", None) for t in _targets(node)]
        and isinstance(node.value, ast.Constant)
    ]
    assert len(ids) == len(files) == len(REVISIONS)
    assert len(set(ids)) == len(ids)


def _targets(node: ast.AnnAssign | ast.Assign) -> list[ast.expr]:
    return [node.target] if isinstance(node, ast.AnnAssign) else list(node.targets)


def test_every_revision_has_a_docstring() -> None:
    for script in REVISIONS:
        doc = ast.get_docstring(_module(script))
        assert doc and doc.strip(), f"{script.revision} has no docstring"


def test_there_is_exactly_one_head() -> None:
    assert len(SCRIPTS.get_heads()) == 1


def test_every_revision_but_the_first_has_a_down_revision() -> None:
    assert REVISIONS[0].down_revision is None
    for script in REVISIONS[1:]:
        assert script.down_revision, f"{script.revision} has no down_revision"


def test_every_revision_has_a_real_downgrade() -> None:
    for script in REVISIONS:
        funcs = {n.name: n for n in _module(script).body if isinstance(n, ast.FunctionDef)}
        body = [
            stmt
            for stmt in funcs["downgrade"].body
            if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant))
        ]
        assert body and not all(isinstance(s, ast.Pass) for s in body), script.revision
