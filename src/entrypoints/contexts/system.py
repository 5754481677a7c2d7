"""The system context: detailed health of the stores the service depends on."""

from __future__ import annotations

from typing import Any

from dependency_injector import providers

from adapters.memory.health import InMemoryHealthProbe
from adapters.postgres.infra.health import PostgresHealthProbe
from adapters.postgres.infra.pools import EnginePoolGauge
from entrypoints.contexts.registry import BoundedContext, ContextContainer, GrpcService
from entrypoints.grpc.system.servicer import SystemServicer
from strata.v1 import system_pb2, system_pb2_grpc


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


def _servicer(c: Any) -> SystemServicer:
    return SystemServicer(c.probe(), c.core.clock())


SYSTEM = BoundedContext(
    name="system",
    container=SystemContainer,
    services=(
        GrpcService(
            system_pb2.DESCRIPTOR.services_by_name["SystemService"],
            system_pb2_grpc.add_SystemServiceServicer_to_server,
            _servicer,
        ),
    ),
    settings=lambda settings: {"pool_size": settings.database_pool_size},
    store_backed=False,
)
