"""Alembic environment: async engine from a URL, or a connection handed in by migrate.py.

The options migrations read (the embeddings' dimension and index, the text search
configuration of `chunks.content_tsv`) are the ones the runner hands in, else the
settings' (the environment and `.env`); the metadata autogenerate compares with describes
the same embeddings (autogenerate does not compare generated columns' expressions).
"""

from __future__ import annotations

import asyncio
from logging.config import fileConfig

import sqlalchemy as sa
from alembic import context
from pgvector.sqlalchemy import Vector
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from adapters.postgres.infra.engine import async_url
from adapters.postgres.knowledge.embedding_index import EmbeddingIndex
from adapters.postgres.knowledge.tables import EMBEDDING_INDEX
from entrypoints.contexts import CONTEXTS
from entrypoints.contexts.registry import postgres_metadata
from entrypoints.settings import migration_settings

config = context.config
settings = migration_settings()
options: dict[str, str] = {**settings.options(), **config.attributes.get("options", {})}
config.attributes["options"] = options


def _embedding_metadata(metadata: sa.MetaData) -> sa.MetaData:
    """`metadata`, or a copy whose embedding columns and HNSW indexes are the options'."""
    dim = options.get("STRATA_EMBEDDING_DIM")
    try:
        index = EmbeddingIndex.of(
            int(dim) if dim else EMBEDDING_INDEX.dim, options.get("STRATA_EMBEDDING_INDEX")
        )
    except ValueError:  # migration 0003 refuses them, naming the variables
        return metadata
    if index == EMBEDDING_INDEX:
        return metadata
    copy = sa.MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.tables.values():
        table.to_metadata(copy)
    for name in ("documents", "chunks"):
        table = copy.tables[name]
        table.indexes = {i for i in table.indexes if i.name != f"ix_{name}_embedding_hnsw"}
        table.c.embedding.type = Vector(index.dim)
        index.hnsw(table)
    return copy


target_metadata = _embedding_metadata(postgres_metadata(CONTEXTS))


def _url() -> str:
    url = (
        context.get_x_argument(as_dictionary=True).get("url")
        or settings.migration_url
        or config.get_main_option("sqlalchemy.url")
    )
    if not url:
        raise SystemExit(
            "no database URL: pass `-x url=postgresql://...` or set STRATA_MIGRATION_URL"
        )
    return url


def _configure(**kwargs: object) -> None:
    context.configure(
        target_metadata=target_metadata,
        compare_type=True,
        compare_server_default=True,
        **kwargs,
    )


def run_offline() -> None:
    _configure(url=async_url(_url()), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_on(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


async def run_async() -> None:
    engine = create_async_engine(async_url(_url()), poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run_on)
            await connection.commit()
    finally:
        await engine.dispose()


given: Connection | None = config.attributes.get("connection")
if given is not None:
    run_on(given)
else:
    if config.config_file_name is not None:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    if context.is_offline_mode():
        run_offline()
    else:
        asyncio.run(run_async())
