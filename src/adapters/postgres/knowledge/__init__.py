"""Knowledge repositories on PostgreSQL: documents, chunks and their search, evaluations."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.postgres.infra.session import Session
from adapters.postgres.knowledge.chunks import SqlaChunkRepository
from adapters.postgres.knowledge.documents import SqlaDocumentRepository
from adapters.postgres.knowledge.embedding_index import read_embedding_index
from adapters.postgres.knowledge.evaluations import SqlaEvaluationRepository
from adapters.postgres.knowledge.tables import EMBEDDING_INDEX
from adapters.postgres.knowledge.text_config import read_text_search_config
from adapters.postgres.uow import PostgresRepositories, State


def _repositories(session: Session, state: State) -> dict[str, object]:
    embedding = state["embedding"]
    return {
        "documents": SqlaDocumentRepository(session, embedding),
        "chunks": SqlaChunkRepository(session, embedding),
        "evaluations": SqlaEvaluationRepository(session),
    }


async def _read(conn: AsyncConnection) -> State:
    """Searches are written for the HNSW index the database has, not the one configured;
    the text search configuration is read for the check at start."""
    return {
        "embedding": await read_embedding_index(conn),
        "text_search_config": await read_text_search_config(conn),
    }


POSTGRES = PostgresRepositories(_repositories, {"embedding": EMBEDDING_INDEX}, _read)
