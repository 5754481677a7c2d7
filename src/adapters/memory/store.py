"""The in-memory store and its unit of work: one lock, snapshot and restore.

Each context hands the store its `MemoryRepositories`: the tables it keeps and how a
unit of work builds its repositories over them. Every unit of work also carries the
kernel's idempotency records.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeVar

from adapters.memory import kernel

T = TypeVar("T")


@dataclass(frozen=True)
class MemoryRepositories:
    """One context's in-memory repositories: the tables they keep, and how to build them."""

    tables: tuple[str, ...]
    build: Callable[[InMemoryStore], Mapping[str, object]]


class InMemoryStore:
    """Tables as dicts keyed by id; each unit of work holds the lock end to end."""

    def __init__(self, parts: Sequence[MemoryRepositories] = ()) -> None:
        names = [*kernel.TABLES, *(name for part in parts for name in part.tables)]
        self.parts = tuple(parts)
        self.tables: dict[str, dict[Any, Any]] = {name: {} for name in names}
        self.lock = asyncio.Lock()
        self._shared: dict[str, Any] = {}

    def shared(self, name: str, make: Callable[[], T]) -> T:
        """A structure kept beside the tables (the audit chain), made on first use."""
        if name not in self._shared:
            self._shared[name] = make()
        value: T = self._shared[name]
        return value


class InMemoryUnitOfWork:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self.idempotency = kernel.InMemoryIdempotencyStore(store.tables)
        repositories: dict[str, object] = {}
        for part in store.parts:
            repositories.update(part.build(store))
        self.__dict__.update(repositories)
        # Repositories that stage their writes (the audit chain) apply them on commit.
        self._staged: list[Any] = [r for r in repositories.values() if hasattr(r, "discard")]
        self._snapshot: dict[str, dict[Any, Any]] | None = None

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"no registered context has a repository named {name!r}")

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
        for repository in self._staged:
            await repository.commit()
        self._snapshot = {name: dict(rows) for name, rows in self._store.tables.items()}

    async def rollback(self) -> None:
        for repository in self._staged:
            repository.discard()
        if self._snapshot is not None:
            for name, rows in self._snapshot.items():
                table = self._store.tables[name]
                table.clear()
                table.update(rows)


class InMemoryUnitOfWorkFactory:
    def __init__(self, store: InMemoryStore) -> None:
        self.store = store

    def __call__(self, read_only: bool = False) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.store)
