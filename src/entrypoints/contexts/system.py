"""The system context: detailed health of the stores the service depends on."""

from __future__ import annotations

from typing import Any

from dependency_injector import providers

from adapters.memory.health import InMemoryHealthProbe
from adapters.postgres.infra.health import PostgresHealthProbe
from adapters.postgres.infra.pools import EnginePoolGauge
from entrypoints.contexts.registry import BoundedContext, ContextContainer
from entrypoints.grpc.system import SERVICE
from entrypoints.runtime.probes import Probes


def _postgres_probe(engine: Any, driver_pool: Any, pool_size: int) -> PostgresHealthProbe:
    gauges = {
        "database_pool": EnginePoolGauge(engine, pool_size),
        "database_driver_pool": driver_pool,
    }
    return PostgresHealthProbe(engine, gauges)


class SystemContainer(ContextContainer):
    probe = providers.Selector(
        ContextContainer.storage_kind,
        memory=providers.Singleton(InMemoryHealthProbe),
        postgres=providers.Singleton(
            _postgres_probe,
            ContextContainer.engine,
            ContextContainer.driver_pool,
            ContextContainer.config.pool_size,
        ),
    )
    # What GetHealth reports: the transactional store, then the analytics store.
    reported = providers.Singleton(Probes, probe, ContextContainer.analytics_store)


SYSTEM = BoundedContext(
    name="system",
    container=SystemContainer,
    services=(SERVICE,),
    settings=lambda settings: {"pool_size": settings.database.database_pool_size},
    store_backed=False,
)
