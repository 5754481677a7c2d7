"""A document's chunks written by binary COPY, in the unit of work's own transaction."""

from __future__ import annotations

import functools
import json
import struct
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.postgres.infra.observe import QueryObserver, observed
from adapters.postgres.knowledge.sql import knowledge_errors
from adapters.postgres.knowledge.tables import chunks
from domain.kernel.errors import InvalidArgument
from domain.knowledge.model import Chunk

# Every column but the generated content_tsv.
COLUMNS = (
    "id",
    "document_id",
    "workspace_id",
    "ordinal",
    "content",
    "embedding",
    "token_count",
    "metadata",
    "created_at",
)
_HEADER = struct.Struct(">HH")  # pgvector's binary form: dimensions, unused, then the values
_SQL = f"COPY {chunks.name} ({', '.join(COLUMNS)}) FROM STDIN (FORMAT binary)"  # as observed


@functools.lru_cache(maxsize=8)
def _layout(dim: int) -> struct.Struct:
    """pgvector's binary form of `dim` dimensions: dim, unused, then big-endian float4s."""
    return struct.Struct(f">HH{dim}f")


def _vector(values: Sequence[float] | None) -> bytes | None:
    """pgvector's binary form, made here so that what it cannot carry is refused before
    anything is deleted; the server refuses a wrong dimension, NaN and infinity (22000)."""
    if values is None:
        return None
    try:
        if isinstance(values, array) and values.typecode == "f":
            return _HEADER.pack(len(values), 0) + _network_order(values)
        return _layout(len(values)).pack(len(values), 0, *values)
    except OverflowError as exc:
        raise InvalidArgument.of("embedding", "must not hold a value beyond float4") from exc
    except (ValueError, TypeError, struct.error) as exc:
        raise InvalidArgument.of("embedding", "must be a list of numbers") from exc


def _network_order(values: array[float]) -> bytes:
    """Float4s already: their bytes big-endian, copied whole rather than packed one by one."""
    if sys.byteorder == "big":
        return values.tobytes()
    swapped = array("f", values)
    swapped.byteswap()
    return swapped.tobytes()


def records(
    document_id: str, workspace_id: str, chunks_: Iterable[Chunk], now: datetime
) -> Iterator[tuple[Any, ...]]:
    """Rows in COLUMNS order, as the codecs of an engine connection take them: uuids as str,
    embeddings in binary (vector_codec), metadata as JSON text (SQLAlchemy's jsonb codec).

    Made as the COPY sends them, so that PostgreSQL takes the first rows while the rest are
    made; a value refused here aborts the COPY and with it the transaction."""
    return (
        (
            c.id,
            document_id,
            workspace_id,
            c.ordinal,
            c.content,
            _vector(c.embedding),
            c.token_count,
            json.dumps(c.metadata),
            c.created_at or now,
        )
        for c in chunks_
    )


async def copy_chunks(
    conn: AsyncConnection, rows: Iterator[tuple[Any, ...]], observer: QueryObserver | None
) -> None:
    """COPY `rows` into chunks on `conn`'s driver connection, inside its open transaction.

    A value an encoder refuses makes asyncpg abort the COPY (CopyFail), which fails the
    transaction like a refusal by the server: nothing of the replace can commit."""
    driver: Any = (await conn.get_raw_connection()).driver_connection  # asyncpg's
    with knowledge_errors():
        try:
            async with observed(observer, "insert", _SQL):
                await driver.copy_records_to_table(chunks.name, records=rows, columns=COLUMNS)
        except (ValueError, TypeError, OverflowError) as exc:
            raise InvalidArgument.of("chunks", "hold a value that cannot be stored") from exc
