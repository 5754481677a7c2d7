"""The floor under SearchChunks: a bare gRPC servicer sending the adapter's SQL, nothing else.

No authentication, membership check, validation, domain objects or audit trail: the
request's vector goes into the SQL `SqlaChunkRepository.vector_search` builds, the rows
into the reply. What it costs over raw asyncpg is what grpc.aio and one more process
hop cost on this machine; what SearchChunks costs over it is Strata's own work.
"""

from __future__ import annotations

from typing import Any

import asyncpg
import grpc

from adapters.postgres.infra.engine import SERVER_SETTINGS
from adapters.postgres.infra.session import decode_like_sqlalchemy
from adapters.postgres.knowledge.embedding_index import EmbeddingIndex
from adapters.postgres.knowledge.nearest import VectorQuery, nearest_sql
from domain.knowledge.search import ChunkFilter
from strata.v1 import knowledge_pb2 as pb
from strata.v1 import knowledge_pb2_grpc


class BareSearch(knowledge_pb2_grpc.KnowledgeServiceServicer):
    def __init__(self, pool: Any, index: EmbeddingIndex) -> None:
        self._pool = pool
        self._index = index

    async def SearchChunks(self, r: pb.SearchChunksRequest, _: Any) -> pb.SearchChunksResponse:
        query = VectorQuery(ChunkFilter(r.workspace_id), list(r.query_embedding), r.top_k)
        async with self._pool.acquire() as conn:

            async def scalar(count: Any) -> Any:
                return (await conn.fetch(count.text, *count.args))[0][0]

            sql = await nearest_sql(query, self._index, scalar)
            assert sql is not None
            rows = await conn.fetch(sql.text, *sql.args)
        return pb.SearchChunksResponse(
            results=[
                pb.SearchResult(
                    chunk=pb.Chunk(
                        id=row["id"],
                        document_id=row["document_id"],
                        ordinal=row["ordinal"],
                        content=row["content"],
                    ),
                    document_title=row["title"],
                    score=row["score"],
                    rank=rank,
                )
                for rank, row in enumerate(rows, start=1)
            ],
            mode=pb.SEARCH_MODE_VECTOR,
        )


async def start_bare_server(dsn: str, index: EmbeddingIndex) -> tuple[Any, int]:
    """The bare servicer on loopback, with a pool set up like the service's driver pool,
    writing SQL for `index` (the database's HNSW index)."""
    pool = await asyncpg.create_pool(
        dsn, min_size=1, max_size=10, server_settings=SERVER_SETTINGS, init=decode_like_sqlalchemy
    )
    server = grpc.aio.server()
    knowledge_pb2_grpc.add_KnowledgeServiceServicer_to_server(BareSearch(pool, index), server)  # type: ignore[no-untyped-call]
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    return server, port
