"""Analytics in memory: the store, and the unit of work's retention settings."""

from __future__ import annotations

from adapters.memory.analytics.outbox import TABLES as OUTBOX_TABLES
from adapters.memory.analytics.outbox import InMemoryAnalyticsOutbox
from adapters.memory.analytics.retention import TABLE, InMemoryRetentionSettings
from adapters.memory.store import InMemoryStore, MemoryRepositories


def _repositories(store: InMemoryStore) -> dict[str, object]:
    return {
        "analytics_retention": InMemoryRetentionSettings(store.tables),
        "analytics_outbox": InMemoryAnalyticsOutbox(store),
    }


MEMORY = MemoryRepositories((TABLE, *OUTBOX_TABLES), _repositories)
