"""What a bounded context registers: its container, adapters and gRPC services."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import sqlalchemy as sa
from dependency_injector import containers, providers

from adapters.memory.store import MemoryRepositories
from adapters.postgres.kernel.tables import metadata
from adapters.postgres.uow import PostgresRepositories
from entrypoints.grpc.service import GrpcService


class ContextContainer(containers.DeclarativeContainer):
    """What every context's container is given: the core services, the unit of work, what
    the storage read at start, its configuration, and the storage chosen (`storage_kind`,
    with the memory `store` or the PostgreSQL `engine` and `driver_pool`; None otherwise)."""

    core = providers.DependenciesContainer()
    uow: providers.Dependency[Any] = providers.Dependency()
    started: providers.Dependency[Any] = providers.Dependency()
    config = providers.Configuration()
    storage_kind: providers.Dependency[str] = providers.Dependency()
    store: providers.Dependency[Any] = providers.Dependency()
    engine: providers.Dependency[Any] = providers.Dependency()
    driver_pool: providers.Dependency[Any] = providers.Dependency()
    analytics_store: providers.Dependency[Any] = providers.Dependency()  # ports.analytics


@dataclass(frozen=True)
class BoundedContext:
    """One context, registered once in `entrypoints.contexts.CONTEXTS`.

    `container` is its dependency-injector container, a ContextContainer; its `config`
    is what `settings` returns from the application's settings. `memory` and
    `postgres` build its repositories inside every unit of work; `tables` are the
    modules that put its tables on the shared MetaData. `store_backed` services
    answer NOT_SERVING while the store is down; with `own_store`, also while that
    store (a HealthProbe its container provides) is down, and the others do not.
    """

    name: str
    container: type[ContextContainer]
    services: tuple[GrpcService, ...] = ()
    settings: Callable[[Any], dict[str, Any]] = lambda settings: {}
    memory: MemoryRepositories | None = None
    postgres: PostgresRepositories | None = None
    tables: tuple[ModuleType, ...] = ()
    store_backed: bool = True
    own_store: str = ""  # a provider of its container: a store its services need too


def services(contexts: Iterable[BoundedContext]) -> tuple[GrpcService, ...]:
    return tuple(s for c in contexts for s in c.services)


def store_backed(contexts: Iterable[BoundedContext]) -> tuple[str, ...]:
    return tuple(s.name for c in contexts if c.store_backed for s in c.services)


def own_stores(
    contexts: Iterable[BoundedContext], container_of: Callable[[str], Any]
) -> dict[str, Any]:
    """Each service whose context names an own store, with that store (a HealthProbe)."""
    return {
        s.descriptor.full_name: getattr(container_of(c.name), c.own_store)()
        for c in contexts
        if c.own_store
        for s in c.services
    }


def memory_parts(contexts: Iterable[BoundedContext]) -> tuple[MemoryRepositories, ...]:
    return tuple(c.memory for c in contexts if c.memory is not None)


def postgres_parts(contexts: Iterable[BoundedContext]) -> tuple[PostgresRepositories, ...]:
    return tuple(c.postgres for c in contexts if c.postgres is not None)


def postgres_metadata(contexts: Iterable[BoundedContext]) -> sa.MetaData:
    """The MetaData with every registered context's tables: what migrations describe."""
    tables = {name for c in contexts for module in c.tables for name in _tables_of(module)}
    missing = tables - set(metadata.tables)
    if missing:
        raise RuntimeError(f"tables outside the shared MetaData: {sorted(missing)}")
    return metadata


def _tables_of(module: ModuleType) -> list[str]:
    return [v.name for v in vars(module).values() if isinstance(v, sa.Table)]
