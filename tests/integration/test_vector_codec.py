"""The binary `vector` codec engine connections get: SQLAlchemy's Vector type still binds and
reads, the driver takes lists and binary, and a database without pgvector still connects."""

from __future__ import annotations

import asyncpg
import sqlalchemy as sa
from pgvector import Vector as PgVector
from pgvector.sqlalchemy import Vector
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.infra.engine import async_url, create_engine
from adapters.postgres.knowledge.sql import FLOATS
from tests.support.databases import drop_database, with_database

BARE = "strata_test_without_pgvector"


async def test_sqlalchemy_vector_binds_and_reads_through_the_binary_codec(
    pg_engine: AsyncEngine,
) -> None:
    values = [1.0, -2.5, 0.125]
    async with pg_engine.connect() as conn:
        bound = sa.cast(sa.literal(values, Vector(3)), Vector(3))
        assert await conn.scalar(sa.select(bound)) == values
        as_floats = sa.cast(sa.cast(sa.literal(values, FLOATS), Vector(3)), FLOATS)
        assert await conn.scalar(sa.select(as_floats)) == values
        text = sa.text("SELECT '[1,-2.5,0.125]'::vector AS v").columns(v=Vector(3))
        assert (await conn.execute(text)).scalar_one() == values


async def test_the_driver_sends_lists_vectors_and_binary_and_reads_vectors(
    pg_engine: AsyncEngine,
) -> None:
    async with pg_engine.connect() as conn:
        driver = (await conn.get_raw_connection()).driver_connection
        assert driver is not None
        for sent in ([0.5, 1.5], PgVector([0.5, 1.5]), PgVector([0.5, 1.5]).to_binary()):
            got = await driver.fetchval("SELECT $1::vector", sent)
            assert isinstance(got, PgVector) and got.to_list() == [0.5, 1.5]


async def test_a_database_without_pgvector_still_connects(pg_admin_url: str) -> None:
    await drop_database(pg_admin_url, BARE)
    admin = await asyncpg.connect(
        async_url(pg_admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    )
    try:
        await admin.execute(f'CREATE DATABASE "{BARE}" TEMPLATE template0')
    finally:
        await admin.close()
    engine = create_engine(with_database(pg_admin_url, BARE), pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as conn:
            assert await conn.scalar(sa.text("SELECT to_regtype('vector') IS NULL"))
    finally:
        await engine.dispose()
        await drop_database(pg_admin_url, BARE)
