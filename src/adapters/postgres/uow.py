"""The PostgreSQL unit of work: one session (pooled connection) and its transaction."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.audit import SqlaAuditEntries
from adapters.postgres.embedding_index import EmbeddingIndex, read_embedding_index
from adapters.postgres.errors import translated
from adapters.postgres.identity import (
    SqlaApiKeyRepository,
    SqlaIdempotencyStore,
    SqlaMembershipRepository,
    SqlaUserRepository,
    SqlaWorkspaceRepository,
)
from adapters.postgres.knowledge import (
    SqlaChunkRepository,
    SqlaDocumentRepository,
    SqlaEvaluationRepository,
)
from adapters.postgres.knowledge_tables import EMBEDDING_INDEX
from adapters.postgres.session import DriverPool, Session
from adapters.postgres.standing import StandingCache


class SqlaUnitOfWork:
    """`async with uow:` opens a session; leaving without `commit()` rolls back.

    A read-only unit of work runs each statement on its own (autocommit), its
    lookups on the driver. After `commit()` the unit of work may go on: the next
    statement opens a new transaction.
    """

    users: SqlaUserRepository
    workspaces: SqlaWorkspaceRepository
    members: SqlaMembershipRepository
    api_keys: SqlaApiKeyRepository
    idempotency: SqlaIdempotencyStore
    documents: SqlaDocumentRepository
    chunks: SqlaChunkRepository
    evaluations: SqlaEvaluationRepository
    audit: SqlaAuditEntries

    def __init__(
        self,
        engine: AsyncEngine,
        read_only: bool = False,
        pool: DriverPool | None = None,
        embedding: EmbeddingIndex = EMBEDDING_INDEX,
        standing: StandingCache | None = None,
    ) -> None:
        self._engine = engine
        self._read_only = read_only
        self._pool = pool
        self._embedding = embedding
        self._standing = standing
        self._session: Session | None = None

    async def __aenter__(self) -> SqlaUnitOfWork:
        session = Session(self._engine, self._pool, self._read_only, self._standing)
        if not self._read_only:
            await session.conn()
        self._session = session
        self.users = SqlaUserRepository(session)
        self.workspaces = SqlaWorkspaceRepository(session)
        self.members = SqlaMembershipRepository(session)
        self.api_keys = SqlaApiKeyRepository(session)
        self.idempotency = SqlaIdempotencyStore(session)
        self.documents = SqlaDocumentRepository(session, self._embedding)
        self.chunks = SqlaChunkRepository(session, self._embedding)
        self.evaluations = SqlaEvaluationRepository(session)
        self.audit = SqlaAuditEntries(session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    def _open(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is not open; use `async with uow:`")
        return self._session

    async def commit(self) -> None:
        await self._open().commit()

    async def rollback(self) -> None:
        await self._open().rollback()


class SqlaUnitOfWorkFactory:
    """Units of work on one engine. `embedding` is the HNSW index searches are written for:
    the one the table metadata describes until `start()` reads the database's own."""

    def __init__(
        self,
        engine: AsyncEngine,
        pool: DriverPool | None = None,
        embedding: EmbeddingIndex = EMBEDDING_INDEX,
        standing: StandingCache | None = None,
    ) -> None:
        self.engine = engine
        self.pool = pool
        self.embedding = embedding
        self.standing = standing

    async def start(self) -> EmbeddingIndex:
        """Read the embeddings' dimension and HNSW index kind from the catalog and use them."""
        with translated():
            async with self.engine.connect() as conn:
                self.embedding = await read_embedding_index(conn)
        return self.embedding

    def __call__(self, read_only: bool = False) -> SqlaUnitOfWork:
        return SqlaUnitOfWork(self.engine, read_only, self.pool, self.embedding, self.standing)
