"""The analytics context: events, rollups, activity and recent workloads, per workspace."""

from __future__ import annotations

from typing import Any

from dependency_injector import providers

from adapters.memory.analytics import MEMORY
from adapters.postgres.analytics import POSTGRES, tables
from domain.analytics import browsing, ingesting, reads, relaying, retention
from domain.analytics.deps import AnalyticsDeps
from domain.analytics.outbox_backlog import ReadOutboxBacklog
from entrypoints.contexts.registry import BoundedContext, ContextContainer
from entrypoints.grpc.analytics import SERVICE
from entrypoints.runtime.analytics_relay_state import RelayState


class AnalyticsContainer(ContextContainer):
    deps = providers.Singleton(
        AnalyticsDeps,
        uow=ContextContainer.uow,
        store=ContextContainer.analytics_store,
        clock=ContextContainer.core.clock,
        ids=ContextContainer.core.ids,
        page_tokens=ContextContainer.core.page_tokens,
        default_retention_days=ContextContainer.config.retention_days,
    )
    ingest_events = providers.Singleton(ingesting.IngestEvents, deps)
    query_metrics = providers.Singleton(reads.QueryMetrics, deps)
    get_user_activity = providers.Singleton(reads.GetUserActivity, deps)
    list_recent_workloads = providers.Singleton(reads.ListRecentWorkloads, deps)
    query_events = providers.Singleton(browsing.QueryEvents, deps)
    get_retention = providers.Singleton(retention.GetRetention, deps)
    set_retention = providers.Singleton(retention.SetRetention, deps)
    # The relay runs under the server only (entrypoints.runtime.analytics_relay).
    relay_outbox = providers.Singleton(relaying.RelayOutbox, deps)
    outbox_backlog = providers.Singleton(ReadOutboxBacklog, deps)
    relay_state = providers.Singleton(RelayState)
    analytics_store_probe = providers.Callable(lambda deps: deps.store, deps)  # its own store


def _settings(settings: Any) -> dict[str, Any]:
    analytics = settings.analytics
    return {
        "retention_days": analytics.retention_days,
        "relay_batch": analytics.relay_batch,
        "relay_interval_seconds": analytics.relay_interval_seconds,
    }


ANALYTICS = BoundedContext(
    name="analytics",
    container=AnalyticsContainer,
    services=(SERVICE,),
    settings=_settings,
    memory=MEMORY,
    postgres=POSTGRES,
    tables=(tables,),
    own_store="analytics_store_probe",
)
