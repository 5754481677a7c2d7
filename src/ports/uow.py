"""The unit of work: one transaction over every repository."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol

from ports.audit import AuditEntries
from ports.idempotency import IdempotencyStore
from ports.identity import (
    ApiKeyRepository,
    MembershipRepository,
    UserRepository,
    WorkspaceRepository,
)
from ports.knowledge import ChunkRepository, DocumentRepository, EvaluationRepository


class UnitOfWork(Protocol):
    """`async with uow:` opens a transaction; leaving it without `commit()` rolls back.

    A store that cannot be reached raises domain.errors.Unavailable.
    """

    users: UserRepository
    workspaces: WorkspaceRepository
    members: MembershipRepository
    api_keys: ApiKeyRepository
    idempotency: IdempotencyStore
    documents: DocumentRepository
    chunks: ChunkRepository
    evaluations: EvaluationRepository
    audit: AuditEntries

    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, read_only: bool = False) -> UnitOfWork:
        """`read_only` promises no writes but `touch`-style bookkeeping; an adapter may
        then skip the transaction (each statement stands alone)."""
        ...
