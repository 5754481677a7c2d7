"""pgvector's `vector` in binary on every engine connection, so that COPY can write it."""

from __future__ import annotations

from typing import Any

from pgvector import Vector
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

# The schema of the `vector` that unqualified `::vector` casts resolve to; none without pgvector.
_SCHEMA = (
    "SELECT n.nspname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
    "WHERE t.oid = to_regtype('vector')"
)


def encode(value: Any) -> bytes:
    """A Vector, a list or array of floats, bytes already in pgvector's binary form, or the
    text form `[1,2,3]` (which pgvector.sqlalchemy.Vector binds, and which
    pgvector.asyncpg.register_vector would refuse)."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        value = [float(v) for v in value.strip("[] ").split(",") if v.strip()]
    return (value if isinstance(value, Vector) else Vector(value)).to_binary()


async def register_vector(conn: Any) -> None:
    """On an asyncpg connection: `vector` parameters and COPY fields sent in binary, results
    decoded to pgvector.Vector. Without the extension, asyncpg's text default stays."""
    schema = await conn.fetchval(_SCHEMA)
    if schema is not None:
        await conn.set_type_codec(
            "vector", schema=schema, encoder=encode, decoder=Vector.from_binary, format="binary"
        )


def with_binary_vectors(engine: AsyncEngine) -> AsyncEngine:
    """`engine`, each connection its pool opens registering the codec first."""

    def connected(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.run_async(register_vector)

    event.listen(engine.sync_engine, "connect", connected)
    return engine
