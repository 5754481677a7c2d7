"""The transactional store's containers: memory, or PostgreSQL with its pools.

Both offer the same names (`uow`, `store`, `engine`, `driver_pool`, `cache_listener`),
None where a store has no such thing, so every context is wired the same way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from dependency_injector import containers, providers

from adapters.memory.store import InMemoryStore, InMemoryUnitOfWorkFactory
from adapters.postgres.identity.standing_cache import StandingCache
from adapters.postgres.infra.cache_listener import CacheListener
from adapters.postgres.infra.engine import SessionLimits, create_engine
from adapters.postgres.infra.observe import QueryObserver, instrument_engine
from adapters.postgres.infra.pools import EnginePoolGauge
from adapters.postgres.infra.session import DriverPool
from adapters.postgres.uow import SqlaUnitOfWorkFactory
from entrypoints.contexts import CONTEXTS
from entrypoints.contexts.registry import memory_parts, postgres_parts
from entrypoints.metrics import Metrics


class MemoryStorage(containers.DeclarativeContainer):
    config = providers.Configuration()
    store = providers.Singleton(InMemoryStore, memory_parts(CONTEXTS))
    uow = providers.Singleton(InMemoryUnitOfWorkFactory, store)
    engine: providers.Object[None] = providers.Object(None)
    driver_pool: providers.Object[None] = providers.Object(None)
    cache_listener: providers.Object[None] = providers.Object(None)


def _query_observer(metrics: Metrics, slow_ms: float) -> QueryObserver:
    return QueryObserver(slow_ms, metrics.query_finished, on_slow=metrics.slow_query)


def _engine(
    url: str | None, pool: dict[str, Any], limits: dict[str, int], observer: Any, metrics: Metrics
) -> Any:
    """Creating the engine connects nothing; the pool fills on first use. None without a
    URL: the storage is not the one chosen (resources of both are opened)."""
    if url is None:
        return None
    engine = create_engine(url, limits=SessionLimits(**limits), **pool)
    instrument_engine(engine, observer)
    metrics.watch_pool("sqlalchemy", EnginePoolGauge(engine, steady=pool["pool_size"]))
    return engine


def _driver_pool(
    url: str | None, pool: dict[str, Any], limits: dict[str, int], observer: Any, metrics: Metrics
) -> DriverPool | None:
    if url is None:
        return None
    driver_pool = DriverPool(
        url,
        max_size=pool["pool_size"] + pool["max_overflow"],
        observer=observer,
        limits=SessionLimits(**limits),
        steady_size=pool["pool_size"],
    )
    metrics.watch_pool("driver", driver_pool)
    return driver_pool


async def _engine_open(engine: Any) -> AsyncIterator[Any]:
    yield engine
    if engine is not None:
        await engine.dispose()


async def _driver_pool_open(
    driver_pool: DriverPool | None, engine: Any
) -> AsyncIterator[DriverPool | None]:
    """Closed before the engine (it depends on it), after everything that uses it."""
    yield driver_pool
    if driver_pool is not None:
        await driver_pool.close()


def _cache_listener(url: str | None) -> CacheListener | None:
    return CacheListener(url) if url else None


class PostgresStorage(containers.DeclarativeContainer):
    config = providers.Configuration()
    metrics: providers.Dependency[Metrics] = providers.Dependency()
    observer = providers.Singleton(_query_observer, metrics, config.slow_query_ms)
    engine = providers.Singleton(
        _engine, config.database_url, config.pool, config.limits, observer, metrics
    )
    driver_pool = providers.Singleton(
        _driver_pool, config.database_url, config.pool, config.limits, observer, metrics
    )
    engine_open = providers.Resource(_engine_open, engine)
    driver_pool_open = providers.Resource(_driver_pool_open, driver_pool, engine_open)
    uow = providers.Singleton(
        SqlaUnitOfWorkFactory,
        engine,
        postgres_parts(CONTEXTS),
        driver_pool,
        standing=providers.Singleton(StandingCache, config.auth_cache_seconds),
    )
    store: providers.Object[None] = providers.Object(None)
    cache_listener = providers.Singleton(_cache_listener, config.database_url)


def memory_unit_of_work() -> InMemoryUnitOfWorkFactory:
    """Units of work over a new in-memory store with every registered context."""
    return InMemoryUnitOfWorkFactory(InMemoryStore(memory_parts(CONTEXTS)))


def postgres_unit_of_work(
    engine: Any,
    pool: DriverPool | None = None,
    standing: StandingCache | None = None,
    **state: Any,
) -> SqlaUnitOfWorkFactory:
    """Units of work on `engine` with every registered context's repositories."""
    return SqlaUnitOfWorkFactory(engine, postgres_parts(CONTEXTS), pool, standing, **state)
