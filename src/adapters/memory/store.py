"""The in-memory store and its unit of work: one lock, snapshot and restore."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from adapters.memory.audit import InMemoryAuditEntries, InMemoryAuditLog
from adapters.memory.identity import (
    InMemoryApiKeyRepository,
    InMemoryIdempotencyStore,
    InMemoryMembershipRepository,
    InMemoryUserRepository,
    InMemoryWorkspaceRepository,
)
from adapters.memory.knowledge import (
    InMemoryChunkRepository,
    InMemoryDocumentRepository,
    InMemoryEvaluationRepository,
)

TABLES = (
    "users",
    "workspaces",
    "members",
    "api_keys",
    "idempotency",
    "documents",
    "chunks",
    "evaluations",
)


@dataclass
class InMemoryStore:
    """Tables as dicts keyed by id; each unit of work holds the lock end to end."""

    tables: dict[str, dict[Any, Any]] = field(default_factory=lambda: {name: {} for name in TABLES})
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    audit_log: InMemoryAuditLog = field(default_factory=InMemoryAuditLog)


class InMemoryUnitOfWork:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        t = store.tables
        self.users = InMemoryUserRepository(t)
        self.workspaces = InMemoryWorkspaceRepository(t)
        self.members = InMemoryMembershipRepository(t)
        self.api_keys = InMemoryApiKeyRepository(t)
        self.idempotency = InMemoryIdempotencyStore(t)
        self.documents = InMemoryDocumentRepository(t)
        self.chunks = InMemoryChunkRepository(t)
        self.evaluations = InMemoryEvaluationRepository(t)
        self.audit = InMemoryAuditEntries(store.audit_log)
        self._snapshot: dict[str, dict[Any, Any]] | None = None

    async def __aenter__(self) -> InMemoryUnitOfWork:
        await self._store.lock.acquire()
        self._snapshot = {name: dict(rows) for name, rows in self._store.tables.items()}
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.rollback()
        finally:
            self._store.lock.release()

    async def commit(self) -> None:
        await self.audit.commit()
        self._snapshot = {name: dict(rows) for name, rows in self._store.tables.items()}

    async def rollback(self) -> None:
        self.audit.rollback()
        if self._snapshot is not None:
            for name, rows in self._snapshot.items():
                table = self._store.tables[name]
                table.clear()
                table.update(rows)


class InMemoryUnitOfWorkFactory:
    def __init__(
        self, store: InMemoryStore | None = None, audit_log: InMemoryAuditLog | None = None
    ) -> None:
        self.store = store or InMemoryStore(audit_log=audit_log or InMemoryAuditLog())

    def __call__(self, read_only: bool = False) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.store)
